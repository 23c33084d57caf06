// Owns one read-only SQLite handle for one discovery: counting its statements, typing its failures, closing it.
import type Database from 'better-sqlite3';
import type { DialectConnection } from '../dialect';
import type { SchemaInfo, SchemaProbe, TableInfo, TableStructure } from '../catalog-metadata';
import { QuerentError } from '../../errors/querent-error';
import { SqliteIntrospector, SQLITE_SCHEMA, type SqliteQueryRunner } from './sqlite-introspector';

export class SqliteConnection implements DialectConnection, SqliteQueryRunner {
  readonly dialect = 'sqlite' as const;
  readonly stats = { roundTrips: 0 };
  private readonly introspector = new SqliteIntrospector(this);
  private closed = false;

  /** `file` is only used in messages; `stats` starts at the statements connect already ran. */
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    roundTripsAtOpen: number,
  ) {
    this.stats.roundTrips = roundTripsAtOpen;
  }

  /**
   * Runs one statement on the read-only handle. better-sqlite3 is synchronous and the catalog statements are short,
   * so there is no query timer here: cancelling a long user query (sqlite3_progress_handler / interrupt from another
   * thread) belongs to the execution path, which runs arbitrary SQL. A writer holding the file is waited for up to
   * the connect timeout (the handle's busy timeout) and then reported.
   */
  all<R>(sql: string, params: readonly unknown[] = []): R[] {
    if (this.closed) throw new QuerentError('INTERNAL', 'This SQLite connection is closed.');
    this.stats.roundTrips++;
    try {
      return this.db.prepare(sql).all(...params) as R[];
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = error instanceof Error ? error.message : String(error);
      const message =
        code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
          ? `Reading the catalog of SQLite database ${this.file} failed: another process holds a write lock on it (${reason}).`
          : `Reading the catalog of SQLite database ${this.file} failed: ${reason}`;
      throw new QuerentError('CATALOG_QUERY_FAILED', message, { sqliteCode: typeof code === 'string' ? code : undefined });
    }
  }

  async currentDatabase(): Promise<string> {
    return SQLITE_SCHEMA;
  }

  async listSchemas(): Promise<SchemaInfo[]> {
    return this.introspector.listSchemas();
  }

  async listTables(schema: string): Promise<TableInfo[]> {
    return this.introspector.listTables(schema);
  }

  async describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    return this.introspector.describeTables(schema, tables);
  }

  async probe(schema: string): Promise<SchemaProbe> {
    return this.introspector.probe(schema);
  }

  async schemaToken(schema: string): Promise<string> {
    return this.introspector.schemaToken(schema);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
