// Owns running user SELECTs on a DuckDB file: a READ_ONLY instance with external access off and its configuration
// locked, opened while statements run and closed when none do (a DuckDB reader blocks every writer process), rows
// streamed chunk by chunk until cap + 1, and connection.interrupt() on timeout or abort.
import fs from 'node:fs';
import { DuckDBBlobValue, DuckDBDecimalValue, DuckDBTypeId, type DuckDBConnection, type DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { QuerentError } from '../../errors/querent-error';
import { ConnectionSlots } from '../connection-slots';
import { positiveMs } from '../file-url';
import { QueryDeadline } from '../query-deadline';
import type { ExecutorOptions, ReadOnlyExecutor, ReadOnlyQueryOptions, ReadOnlyResult, ResultColumn } from '../read-only-executor';
import { ResultCollector } from '../result-collector';
import { binaryValue, decimalValue, floatValue, integerValue, isoTimestampText } from '../result-values';
import { assertDuckdbFile, duckdbFilePath, openWithin } from './duckdb-dialect';

/** An interrupt only reaches a statement that is already executing (see duckdb-connection.ts): repeat it. */
const INTERRUPT_REPEAT_MS = 25;

const TIMESTAMP_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

/** DuckDB's values in the contract's shape: its own text form for the types JSON has no word for. */
function valueReader(type: DuckDBType): (value: DuckDBValue) => unknown {
  const timestamp = TIMESTAMP_TYPES.has(type.typeId);
  return (value) => {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'boolean':
      case 'string':
        return value;
      case 'number':
        return floatValue(value);
      case 'bigint':
        return integerValue(value);
      default:
        break;
    }
    if (value instanceof DuckDBDecimalValue) return decimalValue(value.toString());
    if (value instanceof DuckDBBlobValue) return binaryValue(value.bytes);
    const text = String(value);
    return timestamp ? isoTimestampText(text) : text;
  };
}

/** `Table with name t does not exist` (also `Table with name s.t`). */
function unknownTableDetails(message: string): { table?: string; schema?: string } {
  const name = /Table with name (\S+?) does not exist/.exec(message)?.[1] ?? /Referenced table "([^"]+)" not found/.exec(message)?.[1];
  if (!name) return {};
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { table: name };
}

/** `Referenced column "c" not found in FROM clause`, `Table "t" does not have a column named "c"`. */
function unknownColumnDetails(message: string): { table?: string; column?: string } {
  const ofTable = /(?:Table|Values list) "([^"]+)" does not have a column named "([^"]+)"/.exec(message);
  if (ofTable) return { table: ofTable[1], column: ofTable[2] };
  const referenced = /Referenced column "([^"]+)" not found/.exec(message)?.[1];
  return referenced ? { column: referenced } : {};
}

function executionError(file: string, error: unknown): QuerentError {
  const message = error instanceof Error ? error.message : String(error);
  if (/read-only mode|read only mode|in read-only|attached in read-only/i.test(message)) {
    return new QuerentError('READ_ONLY_VIOLATION', `DuckDB database ${file} is open read-only and refused a write: ${message}`);
  }
  if (/Table with name \S+ does not exist|Referenced table "[^"]+" not found/.test(message)) {
    return new QuerentError('UNKNOWN_TABLE', `DuckDB database ${file} has no such table: ${message}`, unknownTableDetails(message));
  }
  if (/Referenced column "[^"]+" not found|does not have a column named/.test(message)) {
    return new QuerentError('UNKNOWN_COLUMN', `DuckDB database ${file} has no such column: ${message}`, unknownColumnDetails(message));
  }
  return new QuerentError('QUERY_FAILED', `DuckDB database ${file} could not run the query: ${message}`);
}

export class DuckdbExecutor implements ReadOnlyExecutor {
  readonly dialect = 'duckdb' as const;
  readonly stats = { roundTrips: 0 };
  private readonly slots: ConnectionSlots;
  /** The shared instance while statements run; closed, releasing the file lock, when the last one ends. */
  private instance: Promise<DuckDBInstance> | undefined;
  private users = 0;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly options: ExecutorOptions,
  ) {
    this.slots = new ConnectionSlots(options.poolSize);
  }

  async query(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyResult> {
    if (this.closed) throw new QuerentError('INTERNAL', `The DuckDB executor for ${this.file} is closed.`);
    return this.slots.runStatement(this.file, options, (deadline, collector) => this.run(sql, deadline, collector));
  }

  private async lease(): Promise<DuckDBConnection> {
    this.users += 1;
    const opening = (this.instance ??= openWithin(this.file, this.options.connectTimeoutMs).then(({ instance, connection }) => {
      connection.closeSync();
      return instance;
    }));
    try {
      const instance = await opening;
      return await instance.connect();
    } catch (error) {
      if (this.instance === opening) this.instance = undefined;
      this.unlease();
      throw error;
    }
  }

  private unlease(connection?: DuckDBConnection): void {
    connection?.closeSync();
    this.users -= 1;
    if (this.users > 0 || !this.instance) return;
    const instance = this.instance;
    this.instance = undefined;
    void instance.then((i) => i.closeSync()).catch(() => undefined);
  }

  private async run(sql: string, deadline: QueryDeadline, collector: ResultCollector): Promise<ReadOnlyResult> {
    const connection = await this.lease();
    let repeat: NodeJS.Timeout | undefined;
    const unregister = deadline.onStop(() => {
      connection.interrupt();
      repeat = setInterval(() => connection.interrupt(), INTERRUPT_REPEAT_MS);
    });
    try {
      const stopped = deadline.stoppedError(this.file, 'the database file to open');
      if (stopped) throw stopped;
      this.stats.roundTrips += 1;
      // connection.stream() would run every statement of a script and return the last result; one is allowed.
      const statements = await connection.extractStatements(sql);
      if (statements.count !== 1) {
        throw new QuerentError('QUERY_FAILED', `DuckDB database ${this.file} runs exactly one statement per query; this text holds ${statements.count}.`, { statements: statements.count });
      }
      const prepared = await statements.prepare(0);
      const result = await prepared.stream();
      const types = result.columnTypes();
      const columns: ResultColumn[] = result.columnNames().map((name, i) => ({ name, type: types[i]?.toString() ?? 'unknown' }));
      const readers = types.map(valueReader);
      while (!collector.full) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const row of chunk.getRows()) {
          if (!collector.add(row.map((value, i) => readers[i]!(value)))) break;
        }
      }
      const late = deadline.stoppedError(this.file);
      if (late) throw late;
      return { columns, rows: collector.rows, truncated: collector.truncated };
    } catch (error) {
      if (error instanceof QuerentError) throw error;
      throw deadline.stoppedError(this.file) ?? executionError(this.file, error);
    } finally {
      unregister();
      clearInterval(repeat);
      // Closing the connection also ends a result that was not read to its end.
      this.unlease(connection);
    }
  }

  /**
   * Size and modification time of the file and its WAL: every committed write changes one of them, and reading never
   * does (the instance is READ_ONLY). DuckDB offers no cheaper change counter to a reader.
   */
  async dataVersion(): Promise<string | null> {
    const facts = [this.file, `${this.file}.wal`].map((f) => {
      try {
        const stat = fs.statSync(f);
        return `${stat.size}@${stat.mtimeMs}`;
      } catch {
        return '-';
      }
    });
    return facts.join(':');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const instance = this.instance;
    this.instance = undefined;
    if (instance) await instance.then((i) => i.closeSync()).catch(() => undefined);
  }
}

export async function openDuckdbExecutor(url: string, options: ExecutorOptions): Promise<DuckdbExecutor> {
  const file = duckdbFilePath(url);
  const connectTimeoutMs = positiveMs(options.connectTimeoutMs, 'connectTimeoutMs');
  new ConnectionSlots(options.poolSize); // validated here, before any file is touched
  assertDuckdbFile(file);
  // Opened once now so a file DuckDB cannot read is reported when the executor is opened; closed right away so the
  // file is free for writers until the first statement.
  const { instance, connection } = await openWithin(file, connectTimeoutMs);
  connection.closeSync();
  instance.closeSync();
  return new DuckdbExecutor(file, options);
}
