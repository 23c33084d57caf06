// The record of one question asked through the ask workflow: where it was routed, its plan, each step, its end.
import type { WorkflowStepName, WorkflowStepStatus } from '@querent/common';
import type { PlanResult } from '../planner/planner';

export type AskRunStatus = 'RUNNING' | 'ANSWERED' | 'NEEDS_CLARIFICATION' | 'UNANSWERABLE' | 'REFUSED' | 'FAILED' | 'CANCELLED';

export const FINISHED_STATUSES: readonly AskRunStatus[] = ['ANSWERED', 'NEEDS_CLARIFICATION', 'UNANSWERABLE', 'REFUSED', 'FAILED', 'CANCELLED'];

export interface AskStep {
  name: WorkflowStepName;
  status: WorkflowStepStatus;
  message: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface AskRoute {
  basis: string;
  reason: string;
}

export interface AskRunRecord {
  id: string;
  question: string;
  conversationId: string | null;
  databaseId: string | null;
  status: AskRunStatus;
  /** `offline` or `llm`. */
  plannerKind: string | null;
  route: AskRoute | null;
  plan: PlanResult | null;
  steps: AskStep[];
  /** The execution subgraph's QueryRun, when the SQL ran. */
  queryRunId: string | null;
  error: { code: string; message: string } | null;
  user: string | null;
  feedbackCorrect: boolean | null;
  correctedSql: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface AskRunRepository {
  save(run: AskRunRecord): Promise<void>;
  find(id: string): Promise<AskRunRecord | null>;
  /** The database the conversation's latest routed run used. */
  lastDatabaseOf(conversationId: string): Promise<string | null>;
  recordFeedback(id: string, correct: boolean, correctedSql: string | null): Promise<AskRunRecord | null>;
  /** Earlier runs on the database that executed and were not marked wrong, newest first (few-shot examples). */
  successfulRuns(databaseId: string, limit: number): Promise<AskRunRecord[]>;
  /** Runs on the database that received feedback (right or wrong), newest first. */
  feedbackRuns(databaseId: string, limit: number): Promise<AskRunRecord[]>;
}
