-- CreateTable
CREATE TABLE "AskRun" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT,
    "conversationId" TEXT,
    "question" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "plannerKind" TEXT,
    "plan" JSONB,
    "steps" JSONB NOT NULL,
    "queryRunId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "feedbackCorrect" BOOLEAN,
    "correctedSql" TEXT,
    "user" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AskRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AskRun_conversationId_createdAt_idx" ON "AskRun"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "AskRun_connectionId_createdAt_idx" ON "AskRun"("connectionId", "createdAt");
