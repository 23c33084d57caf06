-- AlterTable
ALTER TABLE "TableProfile" ADD COLUMN "rowEstimate" BIGINT;
ALTER TABLE "TableProfile" ADD COLUMN "sampleMethod" TEXT;
ALTER TABLE "TableProfile" ADD COLUMN "durationMs" INTEGER;
ALTER TABLE "TableProfile" ADD COLUMN "jobId" TEXT;

-- AlterTable
ALTER TABLE "ColumnProfile" ADD COLUMN "valueKind" TEXT;

-- CreateTable
CREATE TABLE "ProfileJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "tables" TEXT,
    "sampleSize" INTEGER NOT NULL,
    "force" BOOLEAN NOT NULL DEFAULT false,
    "requestedBy" TEXT,
    "tablesTotal" INTEGER NOT NULL DEFAULT 0,
    "tablesDone" INTEGER NOT NULL DEFAULT 0,
    "tablesProfiled" INTEGER NOT NULL DEFAULT 0,
    "tablesUnchanged" INTEGER NOT NULL DEFAULT 0,
    "tablesFailed" INTEGER NOT NULL DEFAULT 0,
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ProfileJob_connectionId_startedAt_idx" ON "ProfileJob"("connectionId", "startedAt");
