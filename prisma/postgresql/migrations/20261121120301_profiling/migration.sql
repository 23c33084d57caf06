-- AlterTable
ALTER TABLE "TableProfile" ADD COLUMN     "rowEstimate" BIGINT,
ADD COLUMN     "sampleMethod" TEXT,
ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "jobId" TEXT;

-- AlterTable
ALTER TABLE "ColumnProfile" ADD COLUMN     "valueKind" TEXT;

-- CreateTable
CREATE TABLE "ProfileJob" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "tables" JSONB,
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
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ProfileJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProfileJob_connectionId_startedAt_idx" ON "ProfileJob"("connectionId", "startedAt");
