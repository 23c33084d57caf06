-- AlterTable
ALTER TABLE "Relationship" ADD COLUMN     "via" JSONB,
ADD COLUMN     "evidence" JSONB;

-- CreateTable
CREATE TABLE "RelationshipSet" (
    "connectionId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "schemas" JSONB NOT NULL,
    "stats" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RelationshipSet_pkey" PRIMARY KEY ("connectionId")
);
