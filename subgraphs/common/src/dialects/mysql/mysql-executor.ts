// Owns running user SELECTs on MySQL/MariaDB behind the database's own walls: a bounded pool of read-only sessions,
// every statement in START TRANSACTION READ ONLY under the server's statement limit, rows streamed until cap + 1,
// and KILL QUERY from a side connection on timeout or abort.
import type { EventEmitter } from 'node:events';
import { createConnection, createPool, type FieldPacket, type Pool, type PoolConnection } from 'mysql2/promise';
import { QuerentError } from '../../errors/querent-error';
import { redactUrl } from '../../security/redact';
import { ConnectionSlots } from '../connection-slots';
import { positiveMs } from '../file-url';
import { QueryDeadline } from '../query-deadline';
import type { ExecutorOptions, ReadOnlyExecutor, ReadOnlyQueryOptions, ReadOnlyResult, ResultColumn } from '../read-only-executor';
import { ResultCollector } from '../result-collector';
import { decimalValue, integerValue, isoTimestampText, plainValue } from '../result-values';
import { parseUrl } from './mysql-connection';
import { connectError, executionError } from './mysql-errors';
import { atLeast, parseServerVersion, type MysqlServer } from './mysql-introspector';

/** Once the row cap is reached, rows already on their way are read and dropped for this long; then the connection
 *  is closed instead, which ends the statement at the server on its next write. */
const DRAIN_GRACE_MS = 100;
/** The server's own limit is set this much above the executor's, so the executor's deadline (KILL QUERY, typed as
 *  QUERY_TIMEOUT) normally decides and the server's limit is the backstop if the client is stuck. */
const SERVER_LIMIT_GRACE_MS = 250;

/** What differs between the two servers, decided once from the handshake's version string. */
export interface MysqlFlavour {
  label: 'MariaDB' | 'MySQL';
  /** Session variable for the default transaction access mode (tx_read_only is gone in MySQL 8.0). */
  readOnlyVariable: 'tx_read_only' | 'transaction_read_only';
  /** The server-side statement limit: MariaDB max_statement_time (seconds, every statement); MySQL
   *  max_execution_time (milliseconds, read-only SELECTs only — the client-side KILL QUERY covers the rest). */
  statementLimit(ms: number): string;
  /** MySQL 8 caches information_schema.TABLES statistics for a day by default; dataVersion needs them fresh. */
  freshStatistics: string | null;
}

export function mysqlFlavour(server: MysqlServer): MysqlFlavour {
  if (server.mariadb) {
    return {
      label: 'MariaDB',
      readOnlyVariable: 'tx_read_only',
      statementLimit: (ms) => `max_statement_time = ${(ms / 1000).toFixed(3)}`,
      freshStatistics: null,
    };
  }
  return {
    label: 'MySQL',
    readOnlyVariable: atLeast(server, 5, 7, 20) ? 'transaction_read_only' : 'tx_read_only',
    statementLimit: (ms) => `max_execution_time = ${Math.ceil(ms)}`,
    freshStatistics: atLeast(server, 8, 0, 3) ? 'information_schema_stats_expiry = 0' : null,
  };
}

// Protocol column types (include/mysql_com.h enum_field_types) → SQL type names. Binary character set (63) turns
// the string types into their binary spellings.
const BINARY_CHARSET = 63;
const TYPE_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'DECIMAL', 1: 'TINYINT', 2: 'SMALLINT', 3: 'INT', 4: 'FLOAT', 5: 'DOUBLE', 6: 'NULL', 7: 'TIMESTAMP', 8: 'BIGINT',
  9: 'MEDIUMINT', 10: 'DATE', 11: 'TIME', 12: 'DATETIME', 13: 'YEAR', 14: 'DATE', 15: 'VARCHAR', 16: 'BIT', 17: 'TIMESTAMP',
  18: 'DATETIME', 19: 'TIME', 245: 'JSON', 246: 'DECIMAL', 247: 'ENUM', 248: 'SET', 249: 'TINYTEXT', 250: 'MEDIUMTEXT',
  251: 'LONGTEXT', 252: 'TEXT', 253: 'VARCHAR', 254: 'CHAR', 255: 'GEOMETRY',
});
const BINARY_NAMES: Readonly<Record<number, string>> = Object.freeze({
  249: 'TINYBLOB', 250: 'MEDIUMBLOB', 251: 'LONGBLOB', 252: 'BLOB', 253: 'VARBINARY', 254: 'BINARY',
});
const DECIMAL_TYPES = new Set([0, 246]);
const INTEGER_TYPES = new Set([1, 2, 3, 8, 9, 13]);
const DATETIME_TYPES = new Set([7, 12, 17, 18]);

function typeName(field: FieldPacket): string {
  const type = field.columnType ?? -1;
  return (field.characterSet === BINARY_CHARSET ? BINARY_NAMES[type] : undefined) ?? TYPE_NAMES[type] ?? 'unknown';
}

/** mysql2 (dateStrings, supportBigNumbers) hands decimals and unsafe BIGINTs as text, dates as text, binary as Buffers. */
function valueReader(field: FieldPacket): (value: unknown) => unknown {
  const type = field.columnType ?? -1;
  if (DECIMAL_TYPES.has(type)) return (v) => (typeof v === 'string' ? decimalValue(v) : plainValue(v));
  if (INTEGER_TYPES.has(type)) return (v) => (typeof v === 'string' || typeof v === 'bigint' ? integerValue(v) : plainValue(v));
  if (DATETIME_TYPES.has(type)) return (v) => (typeof v === 'string' ? isoTimestampText(v) : plainValue(v));
  return plainValue;
}

/** The callback-style connection under mysql2's promise wrapper: the only way to read a result row by row. */
interface CoreConnection {
  query(options: { sql: string; rowsAsArray: boolean }): EventEmitter;
}

export class MysqlExecutor implements ReadOnlyExecutor {
  readonly dialect = 'mysql' as const;
  readonly stats = { roundTrips: 0 };
  private readonly slots: ConnectionSlots;
  private readonly where: string;
  /** The statement limit each pooled session was last given (the session's read-only default comes with it). */
  private readonly sessionLimits = new WeakMap<object, number>();
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly options: ExecutorOptions,
    /** The server flavour, read once from the first handshake. */
    readonly flavour: MysqlFlavour,
  ) {
    this.slots = new ConnectionSlots(options.poolSize);
    this.where = redactUrl(url);
  }

  async query(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyResult> {
    if (this.closed) throw new QuerentError('INTERNAL', `The MySQL/MariaDB executor for ${this.where} is closed.`);
    return this.slots.runStatement(this.where, options, (deadline, collector) => this.run(sql, deadline, collector));
  }

  private checkout(deadline: QueryDeadline): Promise<PoolConnection> {
    return deadline.checkout(this.where, () => this.pool.getConnection(), (error) => connectError(error, this.url, this.options.connectTimeoutMs));
  }

  private async send(connection: PoolConnection, sql: string): Promise<void> {
    this.stats.roundTrips += 1;
    await connection.query(sql);
  }

  private async run(sql: string, deadline: QueryDeadline, collector: ResultCollector): Promise<ReadOnlyResult> {
    const connection = await this.checkout(deadline);
    let killing: Promise<void> | undefined;
    const unregister = deadline.onStop(() => {
      killing = this.killQuery(connection.threadId);
    });
    // After a KILL or a cut-off read the session is not reused: a late KILL could hit the next statement, and a
    // half-read result leaves the protocol out of step.
    let reusable = true;
    let failure: unknown;
    let columns: ResultColumn[] = [];
    try {
      // The session default and the explicit transaction both say read-only: DDL, which commits implicitly and so
      // leaves the transaction, still meets the session's access mode.
      // Whole seconds, so a session keeps its setting from one query to the next and the SET is usually skipped.
      const limitMs = Math.ceil((deadline.remainingMs() + SERVER_LIMIT_GRACE_MS) / 1000) * 1000;
      const core = connection.connection as unknown as object;
      if (this.sessionLimits.get(core) !== limitMs) {
        const settings = [`SESSION ${this.flavour.readOnlyVariable} = 1`, `SESSION ${this.flavour.statementLimit(limitMs)}`];
        if (this.flavour.freshStatistics) settings.push(`SESSION ${this.flavour.freshStatistics}`);
        await this.send(connection, `SET ${settings.join(', ')}`);
        this.sessionLimits.set(core, limitMs);
      }
      await this.send(connection, 'START TRANSACTION READ ONLY');
      this.stats.roundTrips += 1;
      const streamed = await this.stream(connection, sql, collector);
      columns = streamed.columns;
      // A statement without a result set (SET, DO, LOCK, …) may have changed session state that ROLLBACK keeps.
      if (!streamed.resultSet) reusable = false;
      if (streamed.cutOff) {
        // Closing the socket alone does not stop the server (measured on MariaDB 10.11: a 10^9-row cross join
        // kept running for more than 5 s after the client had gone); KILL QUERY does.
        reusable = false;
        killing ??= this.killQuery(connection.threadId);
      }
    } catch (error) {
      failure = error;
    } finally {
      unregister();
    }
    if (killing) {
      await killing;
      reusable = false;
    }
    if (reusable) {
      try {
        await this.send(connection, 'ROLLBACK');
        // User locks (GET_LOCK) belong to the session, not the transaction: a SELECT can take one and keep it.
        await this.send(connection, 'DO RELEASE_ALL_LOCKS()');
      } catch {
        reusable = false;
      }
    }
    if (reusable) connection.release();
    else connection.destroy();
    const stopped = deadline.stoppedError(this.where);
    if (stopped) throw stopped;
    if (failure !== undefined) throw failure instanceof QuerentError ? failure : executionError(failure, this.url);
    return { columns, rows: collector.rows, truncated: collector.truncated };
  }

  /**
   * Reads the result row by row. Once the collector is full the rest is drained for DRAIN_GRACE_MS (a small result
   * is usually all in the socket already) and then the connection is given up (`cutOff`), so a huge result is never
   * read to its end.
   */
  private stream(
    connection: PoolConnection,
    sql: string,
    collector: ResultCollector,
  ): Promise<{ columns: ResultColumn[]; cutOff: boolean; resultSet: boolean }> {
    const core = connection.connection as unknown as CoreConnection;
    return new Promise((resolve, reject) => {
      let columns: ResultColumn[] = [];
      let resultSet = false;
      let readers: ((value: unknown) => unknown)[] = [];
      let drainTimer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (cutOff: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(drainTimer);
        resolve({ columns, cutOff, resultSet });
      };
      const query = core.query({ sql, rowsAsArray: true });
      query.on('fields', (fields: FieldPacket[] | undefined) => {
        // mysql2 emits 'fields' with undefined for a statement without a result set (DO 1, SELECT … INTO @v, HANDLER …);
        // throwing here would leave the query promise unsettled forever.
        if (!fields) return;
        resultSet = true;
        columns = fields.map((f) => ({ name: f.name, type: typeName(f) }));
        readers = fields.map(valueReader);
      });
      query.on('result', (row: unknown) => {
        if (collector.full || !Array.isArray(row)) return;
        if (!collector.add(row.map((value, i) => (readers[i] ?? plainValue)(value))) && !drainTimer) {
          drainTimer = setTimeout(() => finish(true), DRAIN_GRACE_MS);
        }
      });
      query.on('error', (error: unknown) => {
        if (done) return;
        // An error after the cap (the statement killed or failing further on) does not undo the rows we have.
        if (collector.full) return finish(true);
        done = true;
        clearTimeout(drainTimer);
        reject(error);
      });
      query.on('end', () => finish(false));
    });
  }

  /**
   * KILL QUERY from a connection of its own (the pool may be full of exactly the statements that must stop). The
   * statement then fails with ER_QUERY_INTERRUPTED and the executor reports the deadline's reason.
   */
  private async killQuery(threadId: number): Promise<void> {
    const { options: config } = parseUrl(this.url, this.options.connectTimeoutMs);
    try {
      // No default database: the side session is not one of the executor's sessions on that database.
      const side = await createConnection({ ...config, database: undefined });
      side.on('error', () => undefined);
      try {
        this.stats.roundTrips += 1;
        await side.query(`KILL QUERY ${Number(threadId)}`);
      } finally {
        await side.end().catch(() => side.destroy());
      }
    } catch {
      // The server's own statement limit still ends the statement; the session is discarded either way.
    }
  }

  /**
   * The number of tables, their row estimates and latest UPDATE_TIME in the URL's database, from
   * information_schema.TABLES. UPDATE_TIME has one-second resolution and is kept in memory (NULL after a restart,
   * on MySQL 8 only with information_schema_stats_expiry = 0, which the session sets): a table written in the last
   * second makes the token unique, so a second write within the same second cannot hide behind an unchanged value.
   * TABLE_ROWS is an estimate for InnoDB. Engines that keep no UPDATE_TIME (MEMORY, some others) show inserts and
   * deletes through TABLE_ROWS only; an UPDATE to such a table is not seen, which the cache's TTL covers. Null when
   * the URL names no database.
   */
  async dataVersion(): Promise<string | null> {
    const deadline = new QueryDeadline(this.options.connectTimeoutMs);
    try {
      const release = await this.slots.acquire(deadline, this.where);
      try {
        const connection = await this.checkout(deadline);
        try {
          // Sessions that ran a query already have it; a fresh one gets it here.
          if (this.flavour.freshStatistics && !this.sessionLimits.has(connection.connection)) {
            await this.send(connection, `SET SESSION ${this.flavour.freshStatistics}`);
          }
          this.stats.roundTrips += 1;
          const [rows] = await connection.query({
            sql: `SELECT DATABASE() AS db, COUNT(*) AS tables, COALESCE(SUM(TABLE_ROWS), 0) AS estimate,
                         COALESCE(DATE_FORMAT(MAX(UPDATE_TIME), '%Y-%m-%dT%H:%i:%s'), '-') AS updated,
                         COALESCE(MAX(UPDATE_TIME) >= NOW() - INTERVAL 1 SECOND, 0) AS hot
                  FROM information_schema.TABLES
                  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
          });
          connection.release();
          const row = (rows as { db: string | null; tables: number; estimate: string | number; updated: string; hot: number | string }[])[0];
          if (!row || row.db === null) return null;
          const token = `${row.tables}:${row.estimate}:${row.updated}`;
          return Number(row.hot) ? `${token}:recent-${Date.now()}` : token;
        } catch (error) {
          connection.destroy();
          throw executionError(error, this.url);
        }
      } finally {
        release();
      }
    } finally {
      deadline.dispose();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }
}

export async function openMysqlExecutor(url: string, options: ExecutorOptions): Promise<MysqlExecutor> {
  const connectTimeoutMs = positiveMs(options.connectTimeoutMs, 'connectTimeoutMs');
  const poolSize = new ConnectionSlots(options.poolSize).size;
  const { options: config } = parseUrl(url, connectTimeoutMs);
  const pool = createPool({ ...config, connectionLimit: poolSize, maxIdle: poolSize, idleTimeout: 30_000, waitForConnections: true, queueLimit: 0 });
  // An idle pooled session ended by the server emits 'error'; unhandled it would crash the process.
  pool.pool.on('error', () => undefined);
  let server: MysqlServer;
  try {
    const connection = await pool.getConnection();
    // The version comes with the handshake; mysql2 keeps it on the core connection, outside its typings.
    const core = connection.connection as unknown as { _handshakePacket?: { serverVersion?: string }; connection?: { _handshakePacket?: { serverVersion?: string } } };
    let versionText = core._handshakePacket?.serverVersion ?? core.connection?._handshakePacket?.serverVersion;
    if (!versionText) {
      const [rows] = await connection.query('SELECT VERSION() AS version');
      versionText = (rows as { version: string }[])[0]?.version ?? '';
    }
    connection.release();
    server = parseServerVersion(versionText);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectError(error, url, connectTimeoutMs);
  }
  return new MysqlExecutor(pool, url, options, mysqlFlavour(server));
}
