// The contract every engine implements to run user and generated SELECTs safely: read-only at the database
// (read-only transaction or handle), a statement timeout, a row cap fetched as cap + 1, a byte cap, and a
// bounded pool. The SQL guard (execution subgraph) runs before this; this is the second, independent wall.
import type { DialectName } from './dialect';

export interface ExecutorOptions {
  /** Give up connecting after this long with CONNECTION_TIMEOUT. */
  connectTimeoutMs: number;
  /** Statements running at once at most, each on its own session (PostgreSQL, MySQL: the pool's size; DuckDB:
   *  connections of its one instance). SQLite runs one statement at a time whatever this says. Further queries wait
   *  for a free slot, and that wait counts against their timeoutMs. Stopping a statement may briefly use one more,
   *  short-lived session (pg_cancel_backend, KILL QUERY). */
  poolSize: number;
}

export interface ReadOnlyQueryOptions {
  /** The statement is cancelled at the engine after this long with QUERY_TIMEOUT; the time spent waiting for a
   *  free connection counts too. A result that arrives after the deadline is not returned. */
  timeoutMs: number;
  /** Rows returned at most; the executor reads maxRows + 1 to set `truncated`. */
  maxRows: number;
  /** Rows stop being collected once their JSON size would pass this many bytes: the row that would pass it is not
   *  kept and `truncated` is true, so `JSON.stringify(rows)` never exceeds it. */
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
   * Runs exactly one statement read-only (a text holding several fails without running any). Errors are
   * QuerentErrors: QUERY_TIMEOUT, QUERY_CANCELLED, READ_ONLY_VIOLATION (the database itself refused a write),
   * UNKNOWN_TABLE and UNKNOWN_COLUMN (with `details.table` / `details.column` / `details.schema` when the engine
   * names them), QUERY_FAILED, and the CONNECTION_* codes. Never a credential in a message.
   */
  query(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyResult>;
  /**
   * A cheap token that changes when data may have changed (PostgreSQL pg_stat_user_tables counters, SQLite
   * data_version plus file mtime, …), for result-cache invalidation; null when the engine offers none. It may change
   * without a write; a write shows within each engine's stated limits (about a second on PostgreSQL, whose counters
   * are published after a writer's transaction ends; see each executor's dataVersion), so pair it with a TTL.
   */
  dataVersion(): Promise<string | null>;
  close(): Promise<void>;
}
