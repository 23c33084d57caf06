-- CreateTable
CREATE TABLE "AskRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT,
    "conversationId" TEXT,
    "question" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "plannerKind" TEXT,
    "plan" TEXT,
    "steps" TEXT NOT NULL,
    "queryRunId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "feedbackCorrect" BOOLEAN,
    "correctedSql" TEXT,
    "user" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "AskRun_conversationId_createdAt_idx" ON "AskRun"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "AskRun_connectionId_createdAt_idx" ON "AskRun"("connectionId", "createdAt");
