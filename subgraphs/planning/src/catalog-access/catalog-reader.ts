// The port through which planning reads the schema memory, level by level; the catalog discovers lazily behind it.
import type { DialectName, Relationship } from '@querent/common';
import type { PlannerDataPoint, PlannerTable } from '../planner/planner-context';

export interface CatalogDatabaseSummary {
  id: string;
  name: string;
  dialect: DialectName;
  isDefault: boolean;
  description: string | null;
  tags: string[];
}

export interface CatalogSchemaSummary {
  name: string;
  isDefault: boolean;
}

/** Level 2: what a table list says about a table, before its structure is read. */
export interface CatalogTableSummary {
  schema: string;
  name: string;
  kind: string;
  rowEstimate: number | null;
  comment: string | null;
}

export interface DescribedTables {
  tables: PlannerTable[];
  declared: Relationship[];
}

export interface CatalogReader {
  databases(): Promise<CatalogDatabaseSummary[]>;
  /** Level 1. */
  schemas(databaseId: string): Promise<CatalogSchemaSummary[]>;
  /** Level 2 of one schema. */
  tables(databaseId: string, schema: string): Promise<CatalogTableSummary[]>;
  /** Level 3 of the named tables only, in one batch, with profiles where profiling has run; their declared
   *  foreign keys come back as DECLARED relationships. */
  describe(databaseId: string, schema: string, tables: readonly string[]): Promise<DescribedTables>;
  /** Relationships the catalog infers for a whole schema (naming, value overlap, and the declared ones). Inference
   *  reads every table's structure, so the context builder asks only for small schemas. */
  inferredRelationships(databaseId: string, schema: string): Promise<Relationship[]>;
  /** Approved business DataPoints (metrics) of the database. */
  dataPoints(databaseId: string): Promise<PlannerDataPoint[]>;
  /** Re-read one node now (the schema-drift path of the ask workflow); says how many changes it found (null: unknown). */
  refresh(databaseId: string, schema: string | null, table: string | null): Promise<{ changeCount: number | null }>;
}
