// The one interface every engine implements (sqlite, postgres, mysql, duckdb), with capability flags instead of
// `if (dialect === …)` elsewhere. A dialect is a factory of connections; a connection answers the three discovery
// levels and the probe, each with a fixed handful of bulk catalog queries whatever the number of tables.
import type { SchemaInfo, SchemaProbe, TableInfo, TableStructure } from './catalog-metadata';
import type { ExecutorOptions, ReadOnlyExecutor } from './read-only-executor';
import type { DialectSampling } from './sampling';

export type DialectName = 'sqlite' | 'postgres' | 'mysql' | 'duckdb';

export interface DialectCapabilities {
  /** More than one schema per database (PostgreSQL, DuckDB; MySQL lists its databases as schemas). */
  multipleSchemas: boolean;
  /** Tables and columns can carry comments in the catalog. */
  comments: boolean;
  /** The engine keeps row estimates in its statistics. */
  rowEstimates: boolean;
  /** A connection may be kept open between refreshes (network engines); file engines reopen each time so they
   *  never hold a file lock another program needs. */
  reuseConnections: boolean;
}

export interface ConnectOptions {
  /** Give up connecting after this long with CONNECTION_TIMEOUT. */
  connectTimeoutMs: number;
  /** Each catalog query is cancelled after this long with CATALOG_QUERY_FAILED. */
  queryTimeoutMs: number;
}

export interface DialectConnection {
  readonly dialect: DialectName;
  /** Every query this connection sent to the engine; discovery reports it as its round trips. */
  readonly stats: { roundTrips: number };
  /** The database this connection is in (PostgreSQL current_database(), the URL's database on MySQL, `main`). */
  currentDatabase(): Promise<string>;
  /** Level 1: user schemas, system schemas excluded. */
  listSchemas(): Promise<SchemaInfo[]>;
  /** Level 2: tables and views of one schema, with estimates and comments. */
  listTables(schema: string): Promise<TableInfo[]>;
  /** Level 3: structure of the named tables of one schema; names that do not exist are left out. */
  describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]>;
  /** The cheap change detector: at most two round trips, usually one. */
  probe(schema: string): Promise<SchemaProbe>;
  /** Just the whole-schema token: one round trip (MariaDB: two within two seconds of DDL, see its introspector). */
  schemaToken(schema: string): Promise<string>;
  close(): Promise<void>;
}

export interface Dialect {
  readonly name: DialectName;
  /** The engine's name as people write it, for messages (`PostgreSQL`, `MySQL/MariaDB`, `SQLite`, `DuckDB`). */
  readonly label: string;
  /** A complete example URL, for messages. */
  readonly urlExample: string;
  readonly capabilities: DialectCapabilities;
  /** URL schemes it accepts, e.g. ['postgresql:', 'postgres:']. */
  readonly schemes: readonly string[];
  /**
   * Opens a read-only connection. Throws QuerentError with CONNECTION_UNREACHABLE, CONNECTION_AUTH_FAILED,
   * CONNECTION_NOT_A_DATABASE, CONNECTION_TIMEOUT or BAD_INPUT; never with the password in the message.
   */
  connect(url: string, options: ConnectOptions): Promise<DialectConnection>;
  /**
   * Opens the executor that runs user and generated SELECTs read-only at the database (read-only transaction or
   * handle, statement timeout, row and byte caps, bounded pool). Connection failures throw like `connect`.
   */
  openExecutor(url: string, options: ExecutorOptions): Promise<ReadOnlyExecutor>;
  quoteIdentifier(name: string): string;
  /** How profiling reads this engine's tables: estimates, bounded counts and the engine's own sampling. */
  readonly sampling: DialectSampling;
}
