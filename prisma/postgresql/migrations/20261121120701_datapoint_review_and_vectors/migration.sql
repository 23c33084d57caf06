-- AlterTable
ALTER TABLE "DataPoint" ADD COLUMN     "key" TEXT,
ADD COLUMN     "stale" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "staleReason" TEXT,
ADD COLUMN     "proposal" JSONB,
ADD COLUMN     "generatedHash" TEXT;

-- CreateTable
CREATE TABLE "VectorEntry" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "metadata" JSONB NOT NULL,
    "embedding" JSONB NOT NULL,
    "model" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VectorEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DataPoint_connectionId_key_key" ON "DataPoint"("connectionId", "key");

-- CreateIndex
CREATE INDEX "VectorEntry_namespace_idx" ON "VectorEntry"("namespace");
