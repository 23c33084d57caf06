// The port through which the schema memory is persisted: load a database's tree, commit a refresh atomically, keep the logs.
import type { DatabaseNode, DetectedChange, RefreshScope, RefreshTrigger, SchemaNode, TableNode } from './catalog-nodes';

export interface RefreshRunRecord {
  id: string;
  connectionId: string;
  trigger: RefreshTrigger;
  scope: RefreshScope;
  status: 'running' | 'succeeded' | 'failed';
  roundTrips: number;
  tablesRead: number;
  changeCount: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface ChangeRecord extends DetectedChange {
  id: string;
  connectionId: string;
  refreshRunId: string;
  detectedAt: Date;
}

export interface RunStats {
  roundTrips: number;
  tablesRead: number;
  changeCount: number;
  durationMs: number;
  finishedAt: Date;
}

/** Everything one refresh learned, written in one transaction or not at all. */
export interface CatalogCommit {
  runId: string;
  stats: RunStats;
  database: Omit<DatabaseNode, 'schemas'>;
  upsertSchemas: Omit<SchemaNode, 'tables'>[];
  removeSchemas: string[];
  /** Tables to write whole (replacing any stored row of the same name). */
  writeTables: { schema: string; table: TableNode }[];
  removeTables: { schema: string; name: string }[];
  changes: DetectedChange[];
  detectedAt: Date;
}

export interface Page {
  first: number;
  after?: string | null;
}

export interface ChangeFilter {
  connectionId: string;
  schema?: string | null;
  table?: string | null;
  since?: Date | null;
}

export interface CatalogRepository {
  load(connectionId: string): Promise<DatabaseNode | null>;
  startRun(run: { id: string; connectionId: string; trigger: RefreshTrigger; scope: RefreshScope; startedAt: Date }): Promise<void>;
  commit(commit: CatalogCommit): Promise<void>;
  failRun(id: string, error: string, stats: RunStats): Promise<void>;
  /** A check found nothing new: remember when, and the schema token it saw. */
  recordSchemaCheck(connectionId: string, schema: string, probeToken: string, checkedAt: Date): Promise<void>;
  /** Runs left 'running' by a process that died are failed at start, with the reason. */
  failInterruptedRuns(): Promise<number>;
  getRun(id: string): Promise<RefreshRunRecord | null>;
  listRuns(connectionId: string, page: Page): Promise<{ items: RefreshRunRecord[]; hasNextPage: boolean }>;
  listChanges(filter: ChangeFilter, page: Page): Promise<{ items: ChangeRecord[]; hasNextPage: boolean }>;
  /** Deletes the memory of a connection; with `history`, its change log and refresh runs too. */
  forget(connectionId: string, options: { history: boolean }): Promise<void>;
}
