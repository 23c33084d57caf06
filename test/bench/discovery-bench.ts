// `npm run bench:discovery`: the schema-discovery benchmark. Not a test: it builds a seeded 2,000-table schema in the
// machine's PostgreSQL and MariaDB (throwaway databases, dropped at the end, on failure and on Ctrl-C), then measures
// Querent's schema memory — cold full discovery, a warm no-change check, an incremental refresh after five
// alterations — and the same cold discovery by two peers (extract-pg-schema, Kysely's introspection). It prints a
// table, the speed ratios, and one machine-readable line per engine. Exit code 0 even when a target is missed; non-zero
// only when something could not run.
//
// Environment knobs (for development; the defaults are the benchmark): BENCH_TABLES (2000), BENCH_SEED,
// BENCH_ENGINES (postgres,mysql), BENCH_COLD_RUNS (3), BENCH_PEER_RUNS (3), BENCH_EPS_RUNS (1), BENCH_EPS_CHUNK (200),
// BENCH_PEER_BUDGET_MS (30000), BENCH_WARM_RUNS (20), BENCH_WARM_BUDGET_MS (15000).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractSchemas } from 'extract-pg-schema';
import { Kysely, MysqlDialect, PostgresDialect } from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import { createConnection as createMysqlConnection } from 'mysql2/promise';
import { Client, Pool } from 'pg';
import { dialectForUrl, type DialectConnection, type TableStructure } from '@querent/common';
import { openMemoryStack, type MemoryStack } from '../support/memory-stack';
import { TEST_PG_ADMIN_URL } from '../support/postgres';
import { mysqlAdminConfig, TEST_MYSQL_ADMIN_URL } from '../support/sample-databases';
import { benchAlterations, ddlBatches, generateBenchSchema, totalsOf, type BenchAlteration, type BenchEngine, type BenchSchemaTotals, type BenchTable } from './bench-schema';
import { int, keyValues, ms, progress, ratio, renderTable, sample, spread, timed, type ReportRow, type Sample } from './bench-report';

const TABLES = Number(process.env.BENCH_TABLES ?? 2000);
const SEED = Number(process.env.BENCH_SEED ?? 20240611);
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,mysql').split(',').map((e) => e.trim()) as BenchEngine[];
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const PEER_RUNS = Number(process.env.BENCH_PEER_RUNS ?? 3);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 20);
/** Warm checks stop early (after at least 3) once they have used this much time: a slow probe must not eat the run. */
const WARM_BUDGET_MS = Number(process.env.BENCH_WARM_BUDGET_MS ?? 15_000);
/** Peer runs stop early (after at least one) once they have used this much time (Kysely on MariaDB: ~50 s a run). */
const PEER_BUDGET_MS = Number(process.env.BENCH_PEER_BUDGET_MS ?? 30_000);
/**
 * extract-pg-schema runs once by default: one run over 2,000 tables takes minutes. It is fed in chunks of tables
 * (its own `typeFilter` option) because a single call over 2,000 tables queues ~14,000 queries on a 10-connection knex
 * pool and fails with "KnexTimeoutError: Timeout acquiring a connection" after knex's fixed 60 s acquire timeout.
 */
const EPS_RUNS = Number(process.env.BENCH_EPS_RUNS ?? 1); // 0 leaves it out (development only)
const EPS_CHUNK = Number(process.env.BENCH_EPS_CHUNK ?? 200);
/** What DialectConnector gets in openMemoryStack; the direct engine timings use the same. */
const CONNECT_OPTIONS = { connectTimeoutMs: 5_000, queryTimeoutMs: 30_000 };

const TARGETS = { coldVsPeer: 5, warmMs: 50, warmRoundTrips: 3, alteredTables: 5 };

// ------------------------------------------------------------------------------------------------ cleanup

/** Everything to undo (databases to drop, temp dirs to remove), run at the end, on failure and on Ctrl-C. */
const cleanups = new Map<string, () => Promise<void>>();
let interrupted = false;

async function runCleanups(): Promise<void> {
  for (const [what, undo] of [...cleanups].reverse()) {
    try {
      await undo();
    } catch (error) {
      process.stderr.write(`[bench] cleanup of ${what} failed: ${(error as Error).message}\n`);
    }
    cleanups.delete(what);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) {
    process.stderr.write(`[bench] second ${signal}: exiting without finishing the cleanup\n`);
    process.exit(130);
  }
  interrupted = true;
  progress(`${signal}: dropping the benchmark databases before exiting (press Ctrl-C again to skip)`);
  void runCleanups().finally(() => process.exit(130));
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-bench-'));
  cleanups.set(`temp dir ${dir}`, async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  cleanups.delete(`temp dir ${dir}`);
}

// ------------------------------------------------------------------------------------------------ bench databases

interface BenchDatabase {
  engine: BenchEngine;
  /** The database's name on the server. */
  name: string;
  /** Querent's (and the peers') URL of it. */
  url: string;
  /** The schema the tables live in: `bench` on PostgreSQL, the database itself on MySQL. */
  schema: string;
  /** Runs a multi-statement script as the admin, inside the database. */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

const uniqueName = () => `querent_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

async function withPgClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createPostgresDatabase(): Promise<BenchDatabase> {
  const name = uniqueName();
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db: BenchDatabase = {
    engine: 'postgres',
    name,
    url: url.toString(),
    schema: 'bench',
    exec: (sql) => withPgClient(url.toString(), async (c) => void (await c.query(`SET synchronous_commit = off;\n${sql}`))),
    drop: () =>
      withPgClient(TEST_PG_ADMIN_URL, async (c) => {
        // Sessions left by an interrupted run would otherwise make DROP DATABASE fail.
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
  };
  cleanups.set(`PostgreSQL database ${name}`, db.drop);
  await withPgClient(TEST_PG_ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  await db.exec('CREATE SCHEMA bench');
  return db;
}

async function withMysql<T>(database: string | undefined, work: (conn: Awaited<ReturnType<typeof createMysqlConnection>>) => Promise<T>): Promise<T> {
  const conn = await createMysqlConnection(mysqlAdminConfig(database));
  try {
    return await work(conn);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

async function createMysqlDatabase(): Promise<BenchDatabase> {
  const name = uniqueName();
  const url = new URL(TEST_MYSQL_ADMIN_URL);
  url.pathname = `/${name}`;
  const db: BenchDatabase = {
    engine: 'mysql',
    name,
    url: url.toString(),
    schema: name,
    exec: (sql) => withMysql(name, async (c) => void (await c.query(sql))),
    drop: () =>
      withMysql(undefined, async (c) => {
        // Sessions still in the database (an interrupted run) would hold metadata locks DROP DATABASE waits for.
        const [rows] = await c.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [name]);
        for (const row of rows as { id: number }[]) await c.query(`KILL ${Number(row.id)}`).catch(() => undefined);
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      }),
  };
  cleanups.set(`MariaDB database ${name}`, db.drop);
  await withMysql(undefined, (c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`));
  return db;
}

const CATALOGS_TO_ANALYZE = ['pg_class', 'pg_attribute', 'pg_attrdef', 'pg_constraint', 'pg_index', 'pg_description', 'pg_type', 'pg_namespace'];

async function buildSchema(engine: BenchEngine, tables: readonly BenchTable[]): Promise<{ db: BenchDatabase; ddlMs: number }> {
  const db = engine === 'postgres' ? await createPostgresDatabase() : await createMysqlDatabase();
  progress(`${engine}: created database ${db.name}; creating ${tables.length} tables`);
  const batches = ddlBatches(engine, tables, { schema: db.schema });
  const t0 = performance.now();
  if (engine === 'postgres') {
    await withPgClient(db.url, async (c) => {
      await c.query('SET synchronous_commit = off');
      for (const [i, batch] of batches.entries()) {
        await c.query(batch);
        progress(`${engine}: DDL batch ${i + 1}/${batches.length}`);
      }
      // Fresh statistics for the catalogs, as autovacuum would give a settled database. Without them the planner
      // sees a few hundred pg_attribute rows instead of ~90,000, and whether (and when, mid-run) autovacuum's
      // analyze happens decides whether the probe's cost estimate crosses jit_above_cost: 0.2 s or 0.6 s a probe.
      await c.query(`ANALYZE ${CATALOGS_TO_ANALYZE.map((t) => `pg_catalog.${t}`).join(', ')}`);
    });
  } else {
    await withMysql(db.name, async (c) => {
      for (const [i, batch] of batches.entries()) {
        await c.query(batch);
        progress(`${engine}: DDL batch ${i + 1}/${batches.length}`);
      }
    });
  }
  return { db, ddlMs: performance.now() - t0 };
}

// ------------------------------------------------------------------------------------------------ Querent: cold

/** The time each repository method took in one cold discovery (wrapped on the instance, not changed). */
type StoreTimes = Record<'load' | 'startRun' | 'commit' | 'getRun', number>;

function instrumentRepository(stack: MemoryStack): StoreTimes {
  const times: StoreTimes = { load: 0, startRun: 0, commit: 0, getRun: 0 };
  const repo = stack.repository as unknown as Record<keyof StoreTimes, (...args: unknown[]) => Promise<unknown>>;
  for (const method of Object.keys(times) as (keyof StoreTimes)[]) {
    const original = repo[method].bind(stack.repository);
    repo[method] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        times[method] += performance.now() - t0;
      }
    };
  }
  return times;
}

/** The time one cold discovery spent in the engine: opening the connection, and inside the dialect's discovery calls. */
interface EngineTimes {
  connect: number;
  reads: number;
}

const DISCOVERY_CALLS = ['currentDatabase', 'listSchemas', 'listTables', 'describeTables', 'probe', 'schemaToken'] as const;

/** Wraps the stack's connector (on the instance) so that every connection it hands out times its discovery calls. */
function instrumentEngine(stack: MemoryStack): EngineTimes {
  const times: EngineTimes = { connect: 0, reads: 0 };
  const connector = stack.connector as unknown as { use: (id: string, work: (conn: DialectConnection) => Promise<unknown>) => Promise<unknown> };
  const use = connector.use.bind(stack.connector);
  const wrapped = new WeakSet<DialectConnection>();
  connector.use = (id, work) => {
    const t0 = performance.now();
    return use(id, async (conn) => {
      times.connect += performance.now() - t0; // resolving the target, and connecting on first use
      if (!wrapped.has(conn)) {
        wrapped.add(conn);
        const calls = conn as unknown as Record<(typeof DISCOVERY_CALLS)[number], (...args: unknown[]) => Promise<unknown>>;
        for (const name of DISCOVERY_CALLS) {
          const original = calls[name].bind(conn);
          calls[name] = async (...args: unknown[]) => {
            const t1 = performance.now();
            try {
              return await original(...args);
            } finally {
              times.reads += performance.now() - t1;
            }
          };
        }
      }
      return work(conn);
    });
  };
  return times;
}

interface ReadTotals {
  tables: number;
  withStructure: number;
  columns: number;
  foreignKeys: number;
  uniques: number;
  indexes: number;
}

function readTotals(structures: readonly (TableStructure | null | undefined)[]): ReadTotals {
  const present = structures.filter((s): s is TableStructure => Boolean(s));
  return {
    tables: structures.length,
    withStructure: present.length,
    columns: present.reduce((n, s) => n + s.columns.length, 0),
    foreignKeys: present.reduce((n, s) => n + s.foreignKeys.length, 0),
    uniques: present.reduce((n, s) => n + s.uniques.length, 0),
    indexes: present.reduce((n, s) => n + s.indexes.length, 0),
  };
}

interface ColdRun {
  ms: number;
  levels: { schemas: number; tables: number; structures: number };
  roundTrips: number;
  runRoundTrips: number[];
  store: StoreTimes;
  engine: EngineTimes;
  read: ReadTotals;
}

async function coldDiscovery(db: BenchDatabase, keepOpen: boolean): Promise<{ run: ColdRun; stack: MemoryStack | null; dataDir: string }> {
  const dataDir = tempDir();
  const stack = await openMemoryStack({ dataDir, url: db.url });
  const store = instrumentRepository(stack);
  const engine = instrumentEngine(stack);
  const id = stack.connectionId;
  try {
    const t0 = performance.now();
    await stack.memory.schemas(id);
    const t1 = performance.now();
    const schema = await stack.memory.tables(id, db.schema);
    const t2 = performance.now();
    const nodes = await stack.memory.structures(id, db.schema, [...schema.tables.keys()]);
    const t3 = performance.now();
    const runs = (await stack.repository.listRuns(id, { first: 50 })).items;
    const failed = runs.filter((r) => r.status !== 'succeeded');
    if (failed.length > 0) throw new Error(`cold discovery left ${failed.length} refresh run(s) not succeeded: ${failed.map((r) => r.error).join('; ')}`);
    const run: ColdRun = {
      ms: t3 - t0,
      levels: { schemas: t1 - t0, tables: t2 - t1, structures: t3 - t2 },
      roundTrips: runs.reduce((n, r) => n + r.roundTrips, 0),
      runRoundTrips: [...runs].reverse().map((r) => r.roundTrips),
      // Copies: the last stack stays open for the warm and incremental runs, whose calls the wrappers keep counting.
      store: { ...store },
      engine: { ...engine },
      read: readTotals(nodes.map((n) => n?.structure)),
    };
    if (keepOpen) return { run, stack, dataDir };
    await stack.close();
    removeTempDir(dataDir);
    return { run, stack: null, dataDir };
  } catch (error) {
    await stack.close().catch(() => undefined);
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------ engine reads alone

const ENGINE_STEPS = ['connect', 'currentDatabase', 'listSchemas', 'probe', 'listTables', 'describeTables'] as const;
type EngineStep = (typeof ENGINE_STEPS)[number];

/** The dialect's own reads of a cold discovery, timed one by one on a direct connection (no memory, no store). */
async function engineReads(db: BenchDatabase, names: readonly string[], withSchemaToken: boolean): Promise<Record<EngineStep, number> & { schemaToken: number | null; describeRoundTrips: number }> {
  const dialect = dialectForUrl(db.url);
  const connect = await timed(() => dialect.connect(db.url, CONNECT_OPTIONS));
  const conn: DialectConnection = connect.value;
  try {
    const currentDatabase = await timed(() => conn.currentDatabase());
    const listSchemas = await timed(() => conn.listSchemas());
    const probe = await timed(() => conn.probe(db.schema));
    const listTables = await timed(() => conn.listTables(db.schema));
    const before = conn.stats.roundTrips;
    const describe = await timed(() => conn.describeTables(db.schema, names));
    const describeRoundTrips = conn.stats.roundTrips - before;
    const schemaToken = withSchemaToken ? await timed(() => conn.schemaToken(db.schema)) : null;
    if (describe.value.length !== names.length) throw new Error(`direct describeTables returned ${describe.value.length} of ${names.length} tables`);
    return {
      connect: connect.ms,
      currentDatabase: currentDatabase.ms,
      listSchemas: listSchemas.ms,
      probe: probe.ms,
      listTables: listTables.ms,
      describeTables: describe.ms,
      schemaToken: schemaToken?.ms ?? null,
      describeRoundTrips,
    };
  } finally {
    await conn.close();
  }
}

// ------------------------------------------------------------------------------------------------ Querent: warm, incremental

interface WarmResult {
  ms: Sample;
  roundTrips: number;
  changedRuns: number;
  newRuns: number;
}

async function warmChecks(stack: MemoryStack, schema: string): Promise<WarmResult> {
  const id = stack.connectionId;
  const runsBefore = (await stack.repository.listRuns(id, { first: 1000 })).items.length;
  const times: number[] = [];
  let roundTrips = 0;
  let changedRuns = 0;
  const t0 = performance.now();
  for (let i = 0; i < WARM_RUNS && (i < 3 || performance.now() - t0 < WARM_BUDGET_MS); i += 1) {
    const { ms: elapsed, value } = await timed(() => stack.memory.check(id, schema));
    times.push(elapsed);
    roundTrips = Math.max(roundTrips, value.roundTrips);
    if (value.changed || value.run) changedRuns += 1;
  }
  const runsAfter = (await stack.repository.listRuns(id, { first: 1000 })).items.length;
  return { ms: sample(times), roundTrips, changedRuns, newRuns: runsAfter - runsBefore };
}

interface IncrementalResult {
  ms: number;
  roundTrips: number;
  tablesRead: number;
  changeCount: number;
  readTables: string[];
  changes: string[];
  exact: boolean;
  alterations: BenchAlteration[];
}

async function incrementalRefresh(stack: MemoryStack, db: BenchDatabase, tables: readonly BenchTable[]): Promise<IncrementalResult> {
  const id = stack.connectionId;
  const alterations = benchAlterations(db.engine, tables, { schema: db.schema });
  await db.exec(alterations.map((a) => `${a.sql};`).join('\n'));
  const startedAt = new Date();
  const { ms: elapsed, value: run } = await timed(() => stack.memory.refresh(id, { schema: db.schema }));
  if (run.status !== 'succeeded') throw new Error(`the incremental refresh ${run.status}: ${run.error ?? ''}`);
  // The tables it re-read are those whose structure was (re)loaded by this run.
  const schemaNode = (await stack.memory.peek(id))?.schemas?.get(db.schema);
  const readTables = [...(schemaNode?.tables?.values() ?? [])]
    .filter((t) => t.structureLoadedAt && t.structureLoadedAt.getTime() >= startedAt.getTime() - 1)
    .map((t) => t.name)
    .sort();
  const changes = (await stack.repository.listChanges({ connectionId: id }, { first: 200 })).items
    .filter((c) => c.refreshRunId === run.id)
    .map((c) => `${c.action} ${c.objectType} ${c.table ?? '-'}${c.column ? `.${c.column}` : ''}`)
    .sort();
  const altered = alterations.map((a) => a.table).sort();
  const exact = run.tablesRead === TARGETS.alteredTables && readTables.join(',') === altered.join(',');
  return { ms: elapsed, roundTrips: run.roundTrips, tablesRead: run.tablesRead, changeCount: run.changeCount, readTables, changes, exact, alterations };
}

// ------------------------------------------------------------------------------------------------ peers

interface PeerRun {
  ms: number;
  tables: number;
  columns: number;
  foreignKeys: number;
  indexes: number;
}

/**
 * extract-pg-schema: tables, columns (types, defaults, comments), FKs, indices, checks, triggers, RLS policies; in
 * chunks of EPS_CHUNK tables (see EPS_RUNS), each chunk one extractSchemas call with its own pool.
 */
async function extractPgSchemaOnce(db: BenchDatabase, names: readonly string[]): Promise<PeerRun> {
  const t0 = performance.now();
  const tables = [];
  for (let i = 0; i < names.length; i += EPS_CHUNK) {
    const chunk = new Set(names.slice(i, i + EPS_CHUNK));
    const value = await extractSchemas(db.url, { schemas: [db.schema], typeFilter: (t) => chunk.has(t.name) });
    tables.push(...(value[db.schema]?.tables ?? []));
    progress(`${db.engine}: extract-pg-schema ${Math.min(i + EPS_CHUNK, names.length)}/${names.length} tables (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  const elapsed = performance.now() - t0;
  return {
    ms: elapsed,
    tables: tables.length,
    columns: tables.reduce((n, t) => n + t.columns.length, 0),
    foreignKeys: tables.reduce((n, t) => n + t.columns.reduce((m, c) => m + c.references.length, 0), 0),
    indexes: tables.reduce((n, t) => n + t.indices.length, 0),
  };
}

/** Kysely: `introspection.getTables()`: tables and columns only (name, type, nullability, has-default, comment). */
async function kyselyOnce(db: BenchDatabase): Promise<PeerRun> {
  const t0 = performance.now();
  const kysely =
    db.engine === 'postgres'
      ? new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: db.url, max: 1 }) }) })
      : new Kysely<Record<string, never>>({ dialect: new MysqlDialect({ pool: createMysqlPool({ ...mysqlAdminConfig(db.name), multipleStatements: false, connectionLimit: 1 }) }) });
  try {
    // Kysely's PostgreSQL introspector has no schema option: it reads every user schema; keep the bench schema's.
    const tables = (await kysely.introspection.getTables()).filter((t) => db.engine === 'mysql' || t.schema === db.schema);
    const elapsed = performance.now() - t0;
    return { ms: elapsed, tables: tables.length, columns: tables.reduce((n, t) => n + t.columns.length, 0), foreignKeys: 0, indexes: 0 };
  } finally {
    await kysely.destroy();
  }
}

async function peerRuns(label: string, engine: BenchEngine, count: number, once: () => Promise<PeerRun>): Promise<{ ms: Sample; last: PeerRun }> {
  const runs: PeerRun[] = [];
  for (let i = 0; i < count && (i === 0 || runs.reduce((n, r) => n + r.ms, 0) < PEER_BUDGET_MS); i += 1) {
    runs.push(await once());
    progress(`${engine}: ${label} run ${i + 1}/${count}: ${Math.round(runs[i]!.ms)} ms (${runs[i]!.tables} tables)`);
    if (i + 1 < count && runs.reduce((n, r) => n + r.ms, 0) >= PEER_BUDGET_MS) progress(`${engine}: ${label}: time budget used, no further runs`);
  }
  return { ms: sample(runs.map((r) => r.ms)), last: runs[runs.length - 1]! };
}

// ------------------------------------------------------------------------------------------------ one engine

interface EngineResult {
  engine: BenchEngine;
  rows: ReportRow[];
  cold: Sample;
  warm: WarmResult;
  incremental: IncrementalResult;
  peers: { extractPgSchema?: Sample; kysely?: Sample };
}

async function benchEngine(engine: BenchEngine, tables: readonly BenchTable[], expected: BenchSchemaTotals): Promise<EngineResult> {
  const { db, ddlMs } = await buildSchema(engine, tables);
  const rows: ReportRow[] = [];
  const row = (measure: string, value: string, target?: string, met?: boolean) => rows.push({ engine, measure, value, target, met });
  let warmStack: MemoryStack | null = null;
  try {
    row('schema built', `${expected.tables} tables, ${expected.columns} columns, ${expected.foreignKeys} FKs, ${expected.uniques} uniques, ${expected.indexes} secondary indexes, ${expected.tableComments + expected.columnComments} comments; DDL ${ms(ddlMs)}${engine === 'postgres' ? ' (incl. ANALYZE of the pg_catalog tables)' : ''}`);

    // Cold: a fresh store and connection each time; the last stack stays open for the warm and incremental runs.
    const colds: ColdRun[] = [];
    for (let i = 0; i < COLD_RUNS; i += 1) {
      const last = i === COLD_RUNS - 1;
      const { run, stack } = await coldDiscovery(db, last);
      colds.push(run);
      if (stack) warmStack = stack;
      progress(`${engine}: cold discovery ${i + 1}/${COLD_RUNS}: ${Math.round(run.ms)} ms, ${run.roundTrips} round trips (engine ${Math.round(run.engine.connect + run.engine.reads)} ms, store commit ${Math.round(run.store.commit)} ms)`);
    }
    const cold = sample(colds.map((c) => c.ms));
    const names = tables.map((t) => t.name);

    // The same reads on a bare dialect connection: what the engine costs, without the memory and the store.
    const engineRuns: Awaited<ReturnType<typeof engineReads>>[] = [];
    for (let i = 0; i < COLD_RUNS; i += 1) engineRuns.push(await engineReads(db, names, i === 0));
    const step = (s: EngineStep) => sample(engineRuns.map((r) => r[s])).median;
    const engineTotal = sample(engineRuns.map((r) => ENGINE_STEPS.reduce((n, s) => n + r[s], 0))).median;
    progress(`${engine}: engine reads alone: ${Math.round(engineTotal)} ms (describeTables ${Math.round(step('describeTables'))} ms)`);

    // Peers, each on a fresh connection per run.
    const peers: EngineResult['peers'] = {};
    const peerRows: [string, string, Sample, PeerRun][] = [];
    if (engine === 'postgres' && EPS_RUNS > 0) {
      const r = await peerRuns('extract-pg-schema', engine, EPS_RUNS, () => extractPgSchemaOnce(db, names));
      peers.extractPgSchema = r.ms;
      peerRows.push([
        'extract_pg_schema',
        `columns (type, default, nullability, comment, identity), FK references, indices, checks, triggers, RLS policies; ~7 queries per table (information_schema + pg_catalog) on a 10-connection knex pool; fed ${EPS_CHUNK} tables per call (one call over all tables dies on knex's 60 s pool-acquire timeout)`,
        r.ms,
        r.last,
      ]);
    }
    const k = await peerRuns('kysely', engine, PEER_RUNS, () => kyselyOnce(db));
    peers.kysely = k.ms;
    peerRows.push(['kysely', 'columns only (name, type, nullability, has-default, auto-increment, comment): NO primary keys, FKs, uniques or indexes; 1 query', k.ms, k.last]);

    // Warm, then incremental, on the warm stack.
    const warm = await warmChecks(warmStack!, db.schema);
    progress(`${engine}: warm check median ${Math.round(warm.ms.median)} ms, ${warm.roundTrips} round trip(s)`);
    const incremental = await incrementalRefresh(warmStack!, db, tables);
    progress(`${engine}: incremental refresh ${Math.round(incremental.ms)} ms, read ${incremental.tablesRead} table(s), ${incremental.changeCount} change(s)`);

    // ---- rows
    const c0 = colds[colds.length - 1]!;
    const levelMedian = (k: keyof ColdRun['levels']) => Math.round(sample(colds.map((c) => c.levels[k])).median);
    const storeMedian = (k: keyof StoreTimes) => Math.round(sample(colds.map((c) => c.store[k])).median);
    const storeTotal = sample(colds.map((c) => c.store.load + c.store.startRun + c.store.commit + c.store.getRun)).median;
    const fastestPeer = Math.min(...peerRows.map(([, , s]) => s.median));
    row(`cold discovery (median of ${COLD_RUNS})`, spread(cold), `<= ${Math.round(fastestPeer / TARGETS.coldVsPeer)} ms (5x faster than the fastest peer)`, cold.median * TARGETS.coldVsPeer <= fastestPeer);
    row('cold levels (median)', `schemas ${levelMedian('schemas')} ms, tables ${levelMedian('tables')} ms, structures ${levelMedian('structures')} ms`);
    row('cold round trips', `${c0.roundTrips} per discovery (runs: ${c0.runRoundTrips.join(' + ')})`);
    const readOk = c0.read.withStructure === expected.tables && c0.read.columns === expected.columns && c0.read.foreignKeys === expected.foreignKeys && c0.read.uniques === expected.uniques;
    row('cold read', `${c0.read.withStructure}/${c0.read.tables} tables with structure, ${c0.read.columns} columns, ${c0.read.foreignKeys} FKs, ${c0.read.uniques} uniques, ${c0.read.indexes} indexes (incl. PK/unique/FK-backing)`, 'tables, columns, FKs, uniques = generated', readOk);
    row(
      'engine reads alone (median)',
      `${ms(engineTotal)}: connect ${int(step('connect'))}, currentDatabase ${int(step('currentDatabase'))}, listSchemas ${int(step('listSchemas'))}, probe ${int(step('probe'))}, listTables ${int(step('listTables'))}, describeTables ${int(step('describeTables'))} (${engineRuns[0]!.describeRoundTrips} queries) ms`,
    );
    row('store writes (median)', `${ms(storeTotal)}: commit ${storeMedian('commit')} (one per level: schemas, tables, structures), startRun ${storeMedian('startRun')}, getRun ${storeMedian('getRun')}, load ${storeMedian('load')} ms`);
    // The split of the very same cold runs: time inside the dialect's calls (connect, queries, row mapping), inside the
    // repository's calls, and the rest: the memory's own work in this process (fingerprints, diffs, nodes).
    const split = (c: ColdRun) => {
      const engineMs = c.engine.connect + c.engine.reads;
      const storeMs = c.store.load + c.store.startRun + c.store.commit + c.store.getRun;
      return { engineMs, storeMs, restMs: Math.max(0, c.ms - engineMs - storeMs) };
    };
    // The run nearest the median, so that its three parts add up to its own total.
    const medianRun = colds.reduce((best, c) => (Math.abs(c.ms - cold.median) < Math.abs(best.ms - cold.median) ? c : best));
    const splitMedian = (k: keyof ReturnType<typeof split>) => split(medianRun)[k];
    const share = (part: number) => `${ms(part)} (${Math.round((100 * part) / medianRun.ms)}%)`;
    row('time split (median cold run)', `${ms(medianRun.ms)}: engine ${share(splitMedian('engineMs'))}, store writes ${share(splitMedian('storeMs'))}, memory in process ${share(splitMedian('restMs'))}`);

    row(`warm check (median of ${warm.ms.values.length})`, spread(warm.ms), `<= ${TARGETS.warmMs} ms`, warm.ms.median <= TARGETS.warmMs);
    row('warm round trips', String(warm.roundTrips), `<= ${TARGETS.warmRoundTrips}`, warm.roundTrips <= TARGETS.warmRoundTrips);
    row('warm check found no change', `${warm.ms.values.length - warm.changedRuns}/${warm.ms.values.length} runs unchanged, ${warm.newRuns} refresh run(s) recorded; schemaToken alone (direct) ${ms(engineRuns[0]!.schemaToken ?? 0)}`, '0 changes, 0 runs', warm.changedRuns === 0 && warm.newRuns === 0);

    for (const a of incremental.alterations) row(`alteration: ${a.kind}`, `${a.table}: ${a.detail}`);
    row('incremental refresh', `${ms(incremental.ms)}, ${incremental.roundTrips} round trips, ${incremental.changeCount} change(s): ${incremental.changes.join(', ')}`);
    row('incremental tables read', `${incremental.tablesRead} (${incremental.readTables.join(', ')})`, `= the ${TARGETS.alteredTables} altered tables`, incremental.exact);
    row('incremental_exact', `incremental_exact=${incremental.exact ? 'yes' : 'no'}`);

    if (peers.kysely) {
      // Like for like: Kysely reads columns only and stores nothing; the engine reads alone are Querent's nearest
      // comparable, and the 5x target against Kysely is a time budget to set beside the engine reads and the store writes.
      const budget = peers.kysely.median / TARGETS.coldVsPeer;
      row('engine reads alone vs kysely', `${ratio(peers.kysely.median / engineTotal)}x faster (Querent also reads primary keys, FKs, uniques, indexes, and per-table change tokens)`);
      row('5x-kysely budget', `${ms(budget)} for the whole cold discovery; its engine share alone took ${ms(splitMedian('engineMs'))}, its store writes ${ms(storeTotal)}`);
    }
    for (const [label, reads, s, last] of peerRows) {
      row(`peer ${label} (median of ${s.values.length})`, `${spread(s)}; found ${last.tables} tables, ${last.columns} columns${last.foreignKeys ? `, ${last.foreignKeys} FK refs` : ''}${last.indexes ? `, ${last.indexes} indices` : ''}`);
      row(`peer ${label} reads`, reads);
      row(`cold_vs_${label}`, `${ratio(s.median / cold.median)}x`, `>= ${TARGETS.coldVsPeer}.0x`, s.median >= TARGETS.coldVsPeer * cold.median);
    }
    return { engine, rows, cold, warm, incremental, peers };
  } finally {
    if (warmStack) await warmStack.close().catch(() => undefined);
    progress(`${engine}: dropping ${db.name}`);
    await db.drop();
    cleanups.delete(`${engine === 'postgres' ? 'PostgreSQL' : 'MariaDB'} database ${db.name}`);
  }
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tables = generateBenchSchema(TABLES, SEED);
  const expected = totalsOf(tables);
  progress(`schema: ${expected.tables} tables, ${expected.columns} columns, ${expected.foreignKeys} FKs (seed ${SEED}); engines: ${ENGINES.join(', ')}`);

  const results: EngineResult[] = [];
  try {
    for (const engine of ENGINES) {
      if (engine !== 'postgres' && engine !== 'mysql') throw new Error(`unknown engine ${engine}`);
      results.push(await benchEngine(engine, tables, expected));
    }
  } finally {
    await runCleanups();
  }

  const out: string[] = ['', renderTable(results.flatMap((r) => r.rows)), ''];
  for (const r of results) {
    out.push(
      keyValues(`bench discovery-ratio engine=${r.engine}`, [
        ['cold_vs_extract_pg_schema', r.peers.extractPgSchema ? `${ratio(r.peers.extractPgSchema.median / r.cold.median)}x` : undefined],
        ['cold_vs_kysely', r.peers.kysely ? `${ratio(r.peers.kysely.median / r.cold.median)}x` : undefined],
      ]),
    );
  }
  for (const r of results) {
    out.push(
      keyValues(`bench discovery engine=${r.engine}`, [
        ['tables', TABLES],
        ['cold_ms', r.cold.median],
        ['warm_ms', r.warm.ms.median],
        ['warm_roundtrips', r.warm.roundTrips],
        ['incremental_ms', r.incremental.ms],
        ['incremental_tables_read', r.incremental.tablesRead],
        ['peer_extract_pg_schema_ms', r.peers.extractPgSchema?.median],
        ['peer_kysely_ms', r.peers.kysely?.median],
      ]),
    );
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

main().then(
  (code) => process.stdout.write('', () => process.exit(interrupted ? 130 : code)),
  (error: unknown) => {
    process.stderr.write(`[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void runCleanups().finally(() => process.exit(interrupted ? 130 : 1));
  },
);
