// Maps the workflow's records and the planners' results onto the planning subgraph's GraphQL types.
import type { AskRunRecord } from '../ask/ask-run';
import type { PlanResult } from '../planner/planner';
import { AskError, AskRoute, AskRun, AskStep, Database, LinkedTerm, Plan, PlanJoin, PlanSuggestion, QueryRun } from './ask.types';

export function toPlan(result: PlanResult): Plan {
  const plan = Object.assign(new Plan(), {
    kind: result.kind.toUpperCase(),
    sql: null,
    dialect: null,
    explanation: null,
    confidence: null,
    intent: null,
    linkedTerms: [],
    tables: [],
    joinPath: [],
    clarification: null,
    suggestions: [],
    missing: [],
  });
  switch (result.kind) {
    case 'plan':
      return Object.assign(plan, {
        sql: result.sql,
        dialect: result.dialect,
        explanation: result.explanation,
        confidence: result.confidence,
        intent: result.intent,
        tables: result.tables,
        linkedTerms: result.linkedTerms.map((t) =>
          Object.assign(new LinkedTerm(), {
            term: t.term,
            targetKind: t.target.kind,
            schema: t.target.schema ?? null,
            table: t.target.table ?? null,
            column: t.target.column ?? null,
            value: t.target.value === undefined ? null : String(t.target.value),
            confidence: t.confidence,
            reason: t.reason,
          }),
        ),
        joinPath: result.joinPath.map((j) => Object.assign(new PlanJoin(), j)),
      });
    case 'sql':
      return Object.assign(plan, { sql: result.sql, explanation: result.reason });
    case 'clarification':
      return Object.assign(plan, {
        clarification: result.question,
        explanation: result.reason,
        suggestions: result.suggestions.map((s) => Object.assign(new PlanSuggestion(), s)),
      });
    case 'unanswerable':
      return Object.assign(plan, { explanation: result.reason, missing: result.missing });
  }
}

export function toAskRun(run: AskRunRecord): AskRun {
  return Object.assign(new AskRun(), {
    id: run.id,
    question: run.question,
    status: run.status,
    conversationId: run.conversationId,
    database: run.databaseId ? Object.assign(new Database(), { id: run.databaseId }) : null,
    route: run.route ? Object.assign(new AskRoute(), run.route) : null,
    planner: run.plannerKind,
    plan: run.plan ? toPlan(run.plan) : null,
    steps: run.steps.map((s) => Object.assign(new AskStep(), s)),
    queryRun: run.queryRunId ? Object.assign(new QueryRun(), { id: run.queryRunId }) : null,
    error: run.error ? Object.assign(new AskError(), run.error) : null,
    feedbackCorrect: run.feedbackCorrect,
    correctedSql: run.correctedSql,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? run.finishedAt.getTime() - run.createdAt.getTime() : null,
  });
}
