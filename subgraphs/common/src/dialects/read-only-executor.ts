// The contract every engine implements to run user and generated SELECTs safely: read-only at the database
// (read-only transaction or handle), a statement timeout, a row cap fetched as cap + 1, a byte cap, and a
// bounded pool. The SQL guard (execution subgraph) runs before this; this is the second, independent wall.
import type { DialectName } from './dialect';

export interface ExecutorOptions {
  /** Give up connecting after this long with CONNECTION_TIMEOUT. */
  connectTimeoutMs: number;
  /** Connections kept at most for this database (network engines); file engines may ignore it. */
  poolSize: number;
}

export interface ReadOnlyQueryOptions {
  /** The statement is cancelled at the engine after this long with QUERY_TIMEOUT. */
  timeoutMs: number;
  /** Rows returned at most; the executor reads maxRows + 1 to set `truncated`. */
  maxRows: number;
  /** Rows stop being collected once their JSON size passes this many bytes (`truncated` is then true). */
  maxBytes: number;
  /** Aborting cancels the statement at the engine with QUERY_CANCELLED. */
  signal?: AbortSignal;
}

export interface ResultColumn {
  name: string;
  /** The engine's type name for the column when it reports one (`int4`, `VARCHAR`, …), else `unknown`. */
  type: string;
}

export interface ReadOnlyResult {
  columns: ResultColumn[];
  /** Row values in column order: numbers, strings, booleans, null; big integers and decimals as strings
   *  when they do not fit a double exactly; dates as ISO strings; binary as base64 strings. */
  rows: unknown[][];
  truncated: boolean;
}

export interface ReadOnlyExecutor {
  readonly dialect: DialectName;
  /** Queries sent to the engine so far (like DialectConnection.stats), for tests and benchmarks. */
  readonly stats: { roundTrips: number };
  /**
   * Runs one statement read-only. Errors are QuerentErrors: QUERY_TIMEOUT, QUERY_CANCELLED, UNKNOWN_TABLE,
   * UNKNOWN_COLUMN (with `details.table` / `details.column` when the engine names them), QUERY_FAILED, and the
   * CONNECTION_* codes. Never a credential in a message.
   */
  query(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyResult>;
  /**
   * A cheap token that changes when data may have changed (PostgreSQL pg_stat_user_tables counters, SQLite
   * data_version plus file mtime, …), for result-cache invalidation; null when the engine offers none.
   */
  dataVersion(): Promise<string | null>;
  close(): Promise<void>;
}
