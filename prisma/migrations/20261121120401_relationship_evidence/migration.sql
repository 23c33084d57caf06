-- AlterTable
ALTER TABLE "Relationship" ADD COLUMN "via" TEXT;
ALTER TABLE "Relationship" ADD COLUMN "evidence" TEXT;

-- CreateTable
CREATE TABLE "RelationshipSet" (
    "connectionId" TEXT NOT NULL PRIMARY KEY,
    "fingerprint" TEXT NOT NULL,
    "schemas" TEXT NOT NULL,
    "stats" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL
);
