-- AlterTable
ALTER TABLE "DataPoint" ADD COLUMN "key" TEXT;
ALTER TABLE "DataPoint" ADD COLUMN "stale" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "DataPoint" ADD COLUMN "staleReason" TEXT;
ALTER TABLE "DataPoint" ADD COLUMN "proposal" TEXT;
ALTER TABLE "DataPoint" ADD COLUMN "generatedHash" TEXT;

-- CreateTable
CREATE TABLE "VectorEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "metadata" TEXT NOT NULL,
    "embedding" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "DataPoint_connectionId_key_key" ON "DataPoint"("connectionId", "key");

-- CreateIndex
CREATE INDEX "VectorEntry_namespace_idx" ON "VectorEntry"("namespace");
