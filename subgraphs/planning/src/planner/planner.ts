// The one interface both planners implement (offline now, LLM later) and the ask workflow consumes: a question and a
// PlannerContext in, a PlanResult out: a plan, a clarification, an explanation of what is missing, or pasted SQL.
import type { DialectName } from '@querent/common';
import type { PlannerContext } from './planner-context';

/** What a term of the question was linked to. */
export interface LinkTarget {
  kind: 'table' | 'column' | 'value' | 'metric' | 'number' | 'time';
  schema?: string;
  table?: string;
  column?: string;
  value?: string | number;
}

export interface LinkedTerm {
  term: string;
  target: LinkTarget;
  /** 0..1. */
  confidence: number;
  /** Why, in words: "exact column name", "value found in customers.country", "synonym of revenue", … */
  reason: string;
}

/** What the question asks, independent of the SQL. */
export interface PlanIntent {
  /** `list`, `count`, `aggregate`, `top_n`, `group`, `trend`, `compare`, … */
  kind: string;
  measures: string[];
  dimensions: string[];
  filters: string[];
  timeRange?: { from: string; to: string; label: string } | null;
  orderBy?: string | null;
  limit?: number | null;
}

export interface JoinStep {
  fromTable: string;
  fromColumns: string[];
  toTable: string;
  toColumns: string[];
}

export interface PlanSuggestion {
  text: string;
  confidence: number;
}

export type PlanResult =
  | {
      kind: 'plan';
      intent: PlanIntent;
      linkedTerms: LinkedTerm[];
      tables: string[];
      joinPath: JoinStep[];
      /** One statement, one line, in `dialect`. */
      sql: string;
      dialect: DialectName;
      /** The plan in plain words. */
      explanation: string;
      /** 0..1: how sure the planner is of the whole plan. */
      confidence: number;
    }
  | { kind: 'clarification'; question: string; suggestions: PlanSuggestion[]; reason: string }
  | { kind: 'unanswerable'; reason: string; missing: string[] }
  /** The question is SQL already: it goes to the SQL guard as it is, never rewritten. */
  | { kind: 'sql'; sql: string; reason: string };

export interface Planner {
  plan(question: string, context: PlannerContext): Promise<PlanResult>;
  /**
   * Optional: plans again after `previousSql` failed with `error` (a database error, not schema drift), using the
   * error. Planners that cannot learn from an error leave it out and the run reports the error.
   */
  repair?(question: string, context: PlannerContext, previousSql: string, error: { code: string; message: string }): Promise<PlanResult>;
}
