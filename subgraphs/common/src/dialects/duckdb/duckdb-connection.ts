// Owns one read-only DuckDB instance for one discovery: counting and timing its statements, typing failures, closing.
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { DialectConnection } from '../dialect';
import type { SchemaInfo, SchemaProbe, TableInfo, TableStructure } from '../catalog-metadata';
import { QuerentError } from '../../errors/querent-error';
import { DuckdbIntrospector, type DuckdbQueryRunner } from './duckdb-introspector';

/**
 * An interrupt only reaches a statement that is already executing; one sent while DuckDB still plans the statement
 * is lost. So once the deadline has passed the interrupt is repeated at this pace until the statement gives up.
 */
const INTERRUPT_REPEAT_MS = 25;

export class DuckdbConnection implements DialectConnection, DuckdbQueryRunner {
  readonly dialect = 'duckdb' as const;
  readonly stats = { roundTrips: 0 };
  private readonly introspector = new DuckdbIntrospector(this);
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly file: string,
    private readonly queryTimeoutMs: number,
  ) {}

  /** Runs one statement, cancelled with CATALOG_QUERY_FAILED once it runs longer than the query timeout. */
  async all<R>(sql: string, params?: DuckDBValue[]): Promise<R[]> {
    if (this.closed) throw new QuerentError('INTERNAL', 'This DuckDB connection is closed.');
    this.stats.roundTrips++;
    let timedOut = false;
    let repeat: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      this.connection.interrupt();
      repeat = setInterval(() => this.connection.interrupt(), INTERRUPT_REPEAT_MS);
    }, this.queryTimeoutMs);
    try {
      const reader = await this.connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as R[];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (timedOut) {
        throw new QuerentError(
          'CATALOG_QUERY_FAILED',
          `A catalog query on DuckDB database ${this.file} ran longer than ${this.queryTimeoutMs} ms and was cancelled.`,
          { timeoutMs: this.queryTimeoutMs },
        );
      }
      throw new QuerentError('CATALOG_QUERY_FAILED', `Reading the catalog of DuckDB database ${this.file} failed: ${reason}`);
    } finally {
      clearTimeout(deadline);
      if (repeat) clearInterval(repeat);
    }
  }

  currentDatabase(): Promise<string> {
    return this.introspector.currentDatabase();
  }

  listSchemas(): Promise<SchemaInfo[]> {
    return this.introspector.listSchemas();
  }

  listTables(schema: string): Promise<TableInfo[]> {
    return this.introspector.listTables(schema);
  }

  describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    return this.introspector.describeTables(schema, tables);
  }

  probe(schema: string): Promise<SchemaProbe> {
    return this.introspector.probe(schema);
  }

  schemaToken(schema: string): Promise<string> {
    return this.introspector.schemaToken(schema);
  }

  /** Closing the instance releases the file: a writer can open it again right after. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
