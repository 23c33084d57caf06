// The planner's input: what the schema memory, profiles, DataPoints, glossary and feedback know about one database.
// Plain data, built by the catalog (or by plan:batch from a live connection); planners never read a database themselves.
import type { DialectName, Relationship } from '@querent/common';

/** What profiling learned about one column; every field is optional because profiling may not have run. */
export interface PlannerColumnProfile {
  distinctCount?: number | null;
  nullFraction?: number | null;
  /** Most frequent values with their counts (low-cardinality columns). */
  topValues?: { value: string; count: number }[];
  /** Sampled distinct values (any cardinality). */
  samples?: string[];
  /** Detected patterns: `email`, `iso_date`, `country_code`, … */
  patterns?: string[];
  min?: string | number | null;
  max?: string | number | null;
}

export interface PlannerColumn {
  name: string;
  /** The type as the engine spells it. */
  dataType: string;
  comment?: string | null;
  primaryKey: boolean;
  profile?: PlannerColumnProfile;
}

export interface PlannerTable {
  schema: string;
  name: string;
  comment?: string | null;
  rowEstimate?: number | null;
  columns: PlannerColumn[];
}

/** An approved business DataPoint the planner may use: a metric with its SQL definition and the words people use. */
export interface PlannerDataPoint {
  id: string;
  name: string;
  /** An SQL expression over `table`'s columns (unqualified or qualified by the table name), e.g. `SUM(quantity * unit_price)`. */
  sql: string;
  /** The table the expression is written over; joins to others follow the relationship graph. */
  table: { schema: string; table: string };
  synonyms: string[];
  description?: string | null;
  /** An optional row filter that always goes with the metric, e.g. `status <> 'cancelled'`, written over `filterTable`. */
  filter?: string | null;
  filterTable?: { schema: string; table: string } | null;
  /** The column that dates the metric's rows ("revenue over time" buckets and ranges this one). */
  timeColumn?: { schema: string; table: string; column: string } | null;
}

/** A glossary term: a business word and what it means in this database (a table, a column, or a column value). */
export interface PlannerGlossaryEntry {
  term: string;
  table: string;
  schema?: string;
  column?: string | null;
  value?: string | null;
  description?: string | null;
}

/** A mapping learned from feedback (a corrected plan taught that `term` means `target`). */
export interface LearnedMapping {
  term: string;
  schema: string;
  table: string;
  column?: string | null;
  value?: string | null;
  /** 0..1; grows with repeated confirmations. */
  confidence: number;
}

export interface PlannerContext {
  /** The database the context describes, when it is a registered one (the LLM planner's guard and examples use it). */
  databaseId?: string;
  dialect: DialectName;
  tables: PlannerTable[];
  relationships: Relationship[];
  dataPoints?: PlannerDataPoint[];
  glossary?: PlannerGlossaryEntry[];
  learnedMappings?: LearnedMapping[];
  /**
   * The latest value of a date column when its profile has no `max`: relative time ranges ("last quarter") are anchored
   * to the data's own dates, never to the wall clock. Returns an ISO date/time string or null.
   */
  latestDate?: (table: { schema: string; table: string }, column: string) => Promise<string | null>;
}
