// Owns running user SELECTs on PostgreSQL behind the database's own walls: a bounded pool of read-only sessions,
// every statement in a READ ONLY transaction under statement_timeout, rows read through a server-side cursor so only
// cap + 1 ever leave the server, and pg_cancel_backend from a side session on timeout or abort.
import { Client, Pool, type ClientConfig, type FieldDef, type PoolClient, type QueryArrayConfig, type QueryArrayResult } from 'pg';
import { QuerentError } from '../../errors/querent-error';
import { redactUrl } from '../../security/redact';
import { ConnectionSlots } from '../connection-slots';
import { QueryDeadline } from '../query-deadline';
import type { ExecutorOptions, ReadOnlyExecutor, ReadOnlyQueryOptions, ReadOnlyResult, ResultColumn } from '../read-only-executor';
import { ResultCollector } from '../result-collector';
import { binaryValue, decimalValue, floatValue, integerValue, isoTimestampText } from '../result-values';
import { postgresClientConfig } from './postgres-connection';
import { connectError, executionError } from './postgres-errors';

const CURSOR = 'querent_rows';
/** Rows asked for by the first FETCH; later ones are sized from the bytes per row seen so far (see nextBatch). */
const FIRST_BATCH = 100;
const MAX_BATCH = 1_000;
/** How often pg_cancel_backend is repeated until the statement gives up: a cancel that lands between two
 *  statements (after DECLARE, before FETCH) is lost, so one signal is not enough. */
const CANCEL_REPEAT_MS = 100;
/** A session that stalls inside our transaction (client gone, event loop stuck) is ended by the server after the
 *  statement's own limit plus this. */
const IDLE_IN_TRANSACTION_GRACE_MS = 5_000;
/** Startup defaults, before a query sets its own with SET LOCAL: they bound what runs outside a query's
 *  transaction (the data-version read) and a transaction left open by a client that stalled. */
const IDLE_IN_TRANSACTION_DEFAULT_MS = 60_000;
const STATEMENT_TIMEOUT_DEFAULT_MS = 30_000;

/** Built-in type OIDs → names (pg_type.typname), so the common types cost no catalog query. */
const TYPE_NAMES: Readonly<Record<number, string>> = Object.freeze({
  16: 'bool', 17: 'bytea', 18: 'char', 19: 'name', 20: 'int8', 21: 'int2', 23: 'int4', 24: 'regproc', 25: 'text',
  26: 'oid', 114: 'json', 142: 'xml', 600: 'point', 650: 'cidr', 700: 'float4', 701: 'float8', 705: 'unknown',
  774: 'macaddr8', 790: 'money', 829: 'macaddr', 869: 'inet', 1000: '_bool', 1001: '_bytea', 1005: '_int2',
  1007: '_int4', 1009: '_text', 1014: '_bpchar', 1015: '_varchar', 1016: '_int8', 1021: '_float4', 1022: '_float8',
  1028: '_oid', 1042: 'bpchar', 1043: 'varchar', 1082: 'date', 1083: 'time', 1114: 'timestamp', 1115: '_timestamp',
  1182: '_date', 1184: 'timestamptz', 1185: '_timestamptz', 1186: 'interval', 1231: '_numeric', 1266: 'timetz',
  1560: 'bit', 1562: 'varbit', 1700: 'numeric', 2249: 'record', 2278: 'void', 2950: 'uuid', 2951: '_uuid',
  3614: 'tsvector', 3802: 'jsonb', 3807: '_jsonb', 4072: 'jsonpath',
});

type Parse = (text: string) => unknown;
const PARSERS: Readonly<Record<number, Parse>> = Object.freeze({
  16: (text: string) => text === 't',
  17: (text: string) => binaryValue(Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex')),
  20: (text: string) => integerValue(text),
  21: (text: string) => Number(text),
  23: (text: string) => Number(text),
  26: (text: string) => Number(text),
  700: (text: string) => floatValue(Number(text)),
  701: (text: string) => floatValue(Number(text)),
  1700: decimalValue,
  1114: isoTimestampText,
  1184: isoTimestampText,
});
const asText: Parse = (text) => text;

/**
 * Every value arrives as text and is parsed here, not by node-postgres' global parsers: those turn int8 and numeric
 * into strings always, and timestamps into Dates in the Node process' time zone (dropping microseconds). Anything
 * not listed (arrays, json, intervals, enums, …) stays the server's text.
 */
const RESULT_TYPES = {
  getTypeParser: ((oid: number) => PARSERS[oid] ?? asText) as never,
};

const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/;

/**
 * Which statements are read through a cursor. DECLARE takes only SELECT, VALUES and TABLE (a WITH …
 * SELECT included); everything else (EXPLAIN, SHOW, and any write that got past the guard) runs as it is, inside
 * the same read-only transaction, where PostgreSQL refuses writes with 25006.
 */
const CURSOR_KEYWORDS = new Set(['select', 'with', 'values', 'table']);
/** Statements outside the cursor that leave no session state behind (EXPLAIN ANALYZE's inner statement runs in the
 *  transaction and is rolled back like any other). */
const STATELESS_KEYWORDS = new Set(['explain', 'show']);

function leadingKeyword(sql: string): string {
  return /^[a-z]+/i.exec(sql.replace(LEADING_NOISE, ''))?.[0]?.toLowerCase() ?? '';
}

export class PostgresExecutor implements ReadOnlyExecutor {
  readonly dialect = 'postgres' as const;
  readonly stats = { roundTrips: 0 };
  private readonly slots: ConnectionSlots;
  private readonly where: string;
  /** Type names learned from pg_type for OIDs outside TYPE_NAMES (enums, domains, extension types). */
  private readonly learnedTypes = new Map<number, string>();
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly config: ClientConfig,
    private readonly url: string,
    private readonly options: ExecutorOptions,
  ) {
    this.slots = new ConnectionSlots(options.poolSize);
    this.where = redactUrl(url);
  }

  /** Statements running now (at most poolSize), for tests. */
  get activeStatements(): number {
    return this.slots.active;
  }

  async query(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyResult> {
    if (this.closed) throw new QuerentError('INTERNAL', `The PostgreSQL executor for ${this.where} is closed.`);
    return this.slots.runStatement(this.where, options, (deadline, collector) => this.run(sql, deadline, collector));
  }

  private checkout(deadline: QueryDeadline): Promise<PoolClient> {
    return deadline.checkout(this.where, () => this.pool.connect(), (error) => connectError(error, this.url, this.options.connectTimeoutMs));
  }

  private async send(client: PoolClient, config: string | QueryArrayConfig): Promise<QueryArrayResult> {
    this.stats.roundTrips += 1;
    const query: QueryArrayConfig = typeof config === 'string' ? { text: config, rowMode: 'array' } : config;
    return client.query({ ...query, rowMode: 'array', types: RESULT_TYPES });
  }

  private async run(sql: string, deadline: QueryDeadline, collector: ResultCollector): Promise<ReadOnlyResult> {
    const client = await this.checkout(deadline);
    let cancelling: Promise<void> | undefined;
    let settled = false;
    const unregister = deadline.onStop(() => {
      cancelling = this.cancelUntilSettled((client as unknown as { processID?: number }).processID, () => settled);
    });
    let failure: unknown;
    let columns: ResultColumn[] = [];
    // Statements outside the cursor (PREPARE, LISTEN, DISCARD, …) can leave session state that ROLLBACK does not
    // undo; their session is closed rather than handed to the next query.
    let sessionClean = true;
    try {
      const timeoutMs = deadline.remainingMs();
      // One round trip: read-only transaction, the server-side limit on every statement in it, and a bound on how
      // long the server keeps the transaction if we stall. default_transaction_read_only is also on for the session.
      await this.send(
        client,
        `BEGIN READ ONLY; SET LOCAL statement_timeout = ${timeoutMs}; ` +
          `SET LOCAL idle_in_transaction_session_timeout = ${timeoutMs + IDLE_IN_TRANSACTION_GRACE_MS}`,
      );
      const keyword = leadingKeyword(sql);
      if (CURSOR_KEYWORDS.has(keyword)) {
        // The extended protocol takes exactly one statement, so nothing can ride along after the SELECT.
        await this.send(client, { text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, rowMode: 'array', queryMode: 'extended' } as QueryArrayConfig);
        let batch = Math.min(FIRST_BATCH, collector.wanted);
        for (;;) {
          const stopped = deadline.stoppedError(this.where);
          if (stopped) throw stopped;
          const result = await this.send(client, `FETCH FORWARD ${batch} FROM ${CURSOR}`);
          if (columns.length === 0) columns = await this.columnsOf(client, result.fields);
          for (const row of result.rows) if (!collector.add(row)) break;
          if (collector.full || result.rows.length < batch) break;
          batch = nextBatch(collector);
        }
      } else {
        sessionClean = STATELESS_KEYWORDS.has(keyword);
        const result = await this.send(client, { text: sql, rowMode: 'array', queryMode: 'extended' } as QueryArrayConfig);
        columns = await this.columnsOf(client, result.fields ?? []);
        for (const row of result.rows ?? []) if (!collector.add(row)) break;
      }
    } catch (error) {
      failure = error;
    } finally {
      settled = true;
      unregister();
    }
    // A stopped statement's session is not reused: a cancel still in flight could otherwise hit the next query.
    let reusable = !cancelling && sessionClean;
    if (cancelling) await cancelling;
    else if (reusable) {
      try {
        // ROLLBACK undoes the transaction and every SET in it; session-level advisory locks, which a SELECT can take,
        // are the one thing a cursor statement can leave behind, and are released in the same round trip.
        this.stats.roundTrips += 1;
        await client.query('ROLLBACK; SELECT pg_catalog.pg_advisory_unlock_all()');
      } catch {
        reusable = false;
      }
    }
    client.release(reusable ? undefined : true);
    const stopped = deadline.stoppedError(this.where);
    if (stopped) throw stopped;
    if (failure !== undefined) throw failure instanceof QuerentError ? failure : executionError(failure, this.url);
    return { columns, rows: collector.rows, truncated: collector.truncated };
  }

  /** Column names and type names; OIDs outside the static map are looked up once in pg_type and remembered. */
  private async columnsOf(client: PoolClient, fields: readonly FieldDef[]): Promise<ResultColumn[]> {
    const unknown = [...new Set(fields.map((f) => f.dataTypeID).filter((oid) => !(oid in TYPE_NAMES) && !this.learnedTypes.has(oid)))];
    if (unknown.length > 0) {
      this.stats.roundTrips += 1;
      const result = await client.query<{ oid: number; typname: string }>('SELECT oid::int4 AS oid, typname::text AS typname FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])', [unknown]);
      for (const row of result.rows) this.learnedTypes.set(row.oid, row.typname);
    }
    return fields.map((f) => ({ name: f.name, type: TYPE_NAMES[f.dataTypeID] ?? this.learnedTypes.get(f.dataTypeID) ?? 'unknown' }));
  }

  /**
   * Sends pg_cancel_backend for the session from a separate one, repeating until the statement has settled. The
   * side session is not taken from the pool, which may be full of exactly the statements that must stop.
   */
  private async cancelUntilSettled(pid: number | undefined, settled: () => boolean): Promise<void> {
    if (!pid) return;
    const side = new Client({ ...this.config, application_name: 'querent-cancel' });
    side.on('error', () => undefined);
    try {
      await side.connect();
      while (!settled()) {
        this.stats.roundTrips += 1;
        await side.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid]);
        await new Promise((resolve) => setTimeout(resolve, CANCEL_REPEAT_MS));
      }
    } catch {
      // The server-side statement_timeout still ends the statement; the session is discarded either way.
    } finally {
      await side.end().catch(() => undefined);
    }
  }

  /**
   * Sums of the insert/update/delete counters and live-row estimates of every user table, plus their number. The
   * counters are cumulative statistics: PostgreSQL 15+ publishes a writer's counts when its transaction ends, at
   * most once a second per busy session (PGSTAT_MIN_INTERVAL), so a write can take up to about a second to show.
   * The commit counter of pg_stat_database is not used: our own read-only transactions advance it.
   */
  async dataVersion(): Promise<string | null> {
    const deadline = new QueryDeadline(this.options.connectTimeoutMs);
    try {
      const release = await this.slots.acquire(deadline, this.where);
      const client = await this.checkout(deadline).catch((error: unknown) => {
        release();
        throw error;
      });
      try {
        this.stats.roundTrips += 1;
        const result = await client.query<{ token: string }>(`
          SELECT count(*)::text || ':' || COALESCE(sum(n_tup_ins), 0)::text || ':' || COALESCE(sum(n_tup_upd), 0)::text
                 || ':' || COALESCE(sum(n_tup_del), 0)::text || ':' || COALESCE(sum(n_live_tup), 0)::text AS token
          FROM pg_catalog.pg_stat_user_tables`);
        client.release();
        return result.rows[0]?.token ?? null;
      } catch (error) {
        client.release(true);
        throw executionError(error, this.url);
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

/** The next FETCH size: what fits the byte cap at the average row size so far, within the row cap. */
function nextBatch(collector: ResultCollector): number {
  const perRow = collector.rows.length > 0 ? collector.bytes / collector.rows.length : 1;
  const byBytes = Math.ceil(Math.max(0, collector.remainingBytes) / Math.max(1, perRow)) + 1;
  return Math.max(1, Math.min(MAX_BATCH, collector.wanted, byBytes));
}

export async function openPostgresExecutor(url: string, options: ExecutorOptions): Promise<PostgresExecutor> {
  const base = postgresClientConfig(url, options.connectTimeoutMs, [
    'default_transaction_read_only=on',
    `statement_timeout=${STATEMENT_TIMEOUT_DEFAULT_MS}`,
    `idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_DEFAULT_MS}`,
  ]);
  const config: ClientConfig = { ...base, application_name: 'querent-executor' };
  const pool = new Pool({ ...config, max: new ConnectionSlots(options.poolSize).size, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
  // An idle pooled session ended by the server (restart, pg_terminate_backend) emits 'error'; unhandled it would
  // crash the process. The pool drops that client and the next query opens a new one.
  pool.on('error', () => undefined);
  const executor = new PostgresExecutor(pool, config, url, options);
  // Connect once now, so a wrong URL or password is reported when the executor is opened, not at the first query.
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectError(error, url, options.connectTimeoutMs);
  }
  return executor;
}
