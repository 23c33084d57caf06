// `npm run bench:profile`: the profiling benchmark. Not a test: it profiles (1) the demo database (generated into a temp
// directory, SQLite) and (2) a 5,000,000-row PostgreSQL table it creates in its own throwaway database (one
// INSERT … SELECT over generate_series, then ANALYZE), through the same profiling jobs the catalog runs, with the default
// budgets. It prints a table per target, then one machine-readable line per target:
//   bench profile target=<name> ms=… rows_read=… budget_ms=…
// The 5M-row table must be profiled inside its per-table budget by sampling (TABLESAMPLE), never by a full scan: the
// engine-side rows read (pg_stat_user_tables) are printed next to Querent's. Exit code 0 even when a target is missed;
// non-zero only when something could not run. Everything created is dropped at the end, on failure and on Ctrl-C.
//
// Environment knobs (development only; the defaults are the benchmark): BENCH_PG_ROWS (5000000), BENCH_RUNS (3).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadSettings } from '@querent/common';
import { generateDemoDatabase } from '@querent/catalog';
import { openProfileStack, type ProfileStack } from '../support/profile-stack';
import { TEST_PG_ADMIN_URL } from '../support/postgres';
import { keyValues, progress, renderTable, sample, spread, type ReportRow } from './bench-report';

const PG_ROWS = Number(process.env.BENCH_PG_ROWS ?? 5_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The defaults a fresh install runs with (QUERENT_PROFILE_*), read the way the catalog reads them. */
const { profiling } = loadSettings({}, process.cwd());

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
  if (interrupted) process.exit(130);
  interrupted = true;
  progress(`${signal}: dropping the benchmark database before exiting (press Ctrl-C again to skip)`);
  void runCleanups().finally(() => process.exit(130));
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-profile-bench-'));
  cleanups.set(`temp dir ${dir}`, async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface TargetResult {
  name: string;
  budgetMs: number;
  /** Wall time of each profiling job (fresh store each run, so nothing is skipped as unchanged). */
  ms: number[];
  rowsRead: number[];
  status: string[];
  tables: number;
  detail: ReportRow[];
}

/** One profiling job over `tables` (null: the default schema) on a fresh store, so every table is profiled. */
async function profileOnce(url: string, tables: string[] | null): Promise<{ ms: number; stack: ProfileStack; job: Awaited<ReturnType<ProfileStack['jobs']['wait']>> }> {
  const dataDir = tempDir();
  const stack = await openProfileStack({
    dataDir,
    url,
    budgets: { tableMs: profiling.tableBudgetMs, databaseMs: profiling.databaseBudgetMs, sampleRows: profiling.sampleRows },
  });
  cleanups.set(`profile stack ${dataDir}`, () => stack.close());
  // Measured from the request on a cold schema memory: discovery of the tables profiled is part of the time.
  const t0 = performance.now();
  const started = await stack.jobs.start({ connectionId: stack.connectionId, tables });
  const job = await stack.jobs.wait(started.id);
  return { ms: performance.now() - t0, stack, job };
}

async function closeStack(stack: ProfileStack): Promise<void> {
  await stack.close();
  for (const key of [...cleanups.keys()].filter((k) => k.startsWith('profile stack'))) cleanups.delete(key);
}

async function benchDemo(): Promise<TargetResult> {
  const dir = tempDir();
  const file = path.join(dir, 'demo.db');
  progress('generating the demo database');
  const summary = generateDemoDatabase(file);
  progress(`demo database ready (${Object.entries(summary.tables).map(([t, n]) => `${t} ${n}`).join(', ')})`);
  const result: TargetResult = { name: 'demo', budgetMs: profiling.databaseBudgetMs, ms: [], rowsRead: [], status: [], tables: 0, detail: [] };
  for (let run = 0; run < RUNS; run++) {
    const { ms, stack, job } = await profileOnce(`sqlite://${file}`, null);
    result.ms.push(ms);
    result.rowsRead.push(job.rowsRead);
    result.status.push(job.status);
    result.tables = job.tablesTotal;
    if (run === RUNS - 1) {
      const refs = (await stack.store.prisma.tableProfile.findMany({ where: { connectionId: stack.connectionId }, orderBy: { tableName: 'asc' } }));
      for (const t of refs) {
        result.detail.push({ engine: 'demo', measure: `${t.tableName}`, value: `${t.rowCountExact ? '' : '~'}${t.rowCount} rows, ${t.rowsSampled} read (${t.sampleMethod}) in ${t.durationMs} ms`, target: `< ${profiling.tableBudgetMs} ms`, met: (t.durationMs ?? Infinity) < profiling.tableBudgetMs });
      }
    }
    await closeStack(stack);
    progress(`demo run ${run + 1}/${RUNS}: ${job.status} in ${Math.round(ms)} ms, ${job.rowsRead} rows read over ${job.tablesTotal} tables`);
  }
  return result;
}

async function benchPostgres(): Promise<TargetResult> {
  const name = `querent_bench_profile_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  cleanups.set(`PostgreSQL database ${name}`, () =>
    withPg(TEST_PG_ADMIN_URL, async (c) => {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    }),
  );
  await withPg(TEST_PG_ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  progress(`creating a ${PG_ROWS.toLocaleString('en-US')}-row table in ${name} (one INSERT … SELECT over generate_series)`);
  const built = performance.now();
  await withPg(dbUrl, async (c) => {
    await c.query('SET synchronous_commit = off');
    await c.query(`CREATE TABLE events (
      id bigint PRIMARY KEY, customer_id integer NOT NULL, amount numeric(10,2), status text NOT NULL,
      email text, country char(2), created_at timestamptz NOT NULL, payload jsonb)`);
    await c.query(`INSERT INTO events
      SELECT g, 1 + (g * 7919) % 250000, round(((g * 37) % 100000) / 100.0, 2),
             (ARRAY['new','paid','shipped','delivered','returned','cancelled'])[1 + g % 6],
             CASE WHEN g % 10 = 0 THEN NULL ELSE 'user' || (g % 400000) || '@example.com' END,
             (ARRAY['US','DE','FR','GB','JP','BR','CA','IN'])[1 + g % 8],
             timestamptz '2024-01-01 00:00:00+00' + (g % 31536000) * interval '1 second',
             CASE WHEN g % 3 = 0 THEN jsonb_build_object('n', g % 97) END
        FROM generate_series(1::bigint, ${PG_ROWS}) AS g`);
    await c.query('ANALYZE events');
  });
  progress(`table ready in ${((performance.now() - built) / 1000).toFixed(1)} s (ANALYZE done)`);

  const result: TargetResult = { name: `postgres-${PG_ROWS >= 1_000_000 ? `${PG_ROWS / 1_000_000}M` : PG_ROWS}`, budgetMs: profiling.tableBudgetMs, ms: [], rowsRead: [], status: [], tables: 1, detail: [] };
  const scanned = () => withPg(dbUrl, async (c) => {
    await c.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    const { rows } = await c.query<{ seq: string; idx: string; seq_scan: string }>("SELECT seq_tup_read AS seq, coalesce(idx_tup_fetch, 0) AS idx, seq_scan FROM pg_stat_user_tables WHERE relname = 'events'");
    return { seq: Number(rows[0]?.seq ?? 0), idx: Number(rows[0]?.idx ?? 0), scans: Number(rows[0]?.seq_scan ?? 0) };
  });
  for (let run = 0; run < RUNS; run++) {
    const before = await scanned();
    const { ms, stack, job } = await profileOnce(dbUrl, ['public.events']);
    // The statistics collector flushes within a second; wait for it so the engine-side count is complete.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = await scanned();
    result.ms.push(ms);
    result.rowsRead.push(job.rowsRead);
    result.status.push(job.status);
    const [t] = await stack.store.prisma.tableProfile.findMany({ where: { connectionId: stack.connectionId } });
    const engineRows = after.seq - before.seq + (after.idx - before.idx);
    progress(`postgres run ${run + 1}/${RUNS}: ${job.status} in ${Math.round(ms)} ms; ${job.rowsRead} rows into Querent (${t?.sampleMethod}), ${engineRows} rows read by the engine`);
    if (run === RUNS - 1) {
      const columns = await stack.store.prisma.columnProfile.findMany({ where: { connectionId: stack.connectionId }, orderBy: { columnName: 'asc' } });
      result.detail.push(
        { engine: result.name, measure: 'row count', value: `${t?.rowCount} (${t?.rowCountExact ? 'exact' : 'estimate'}), actual ${PG_ROWS}` },
        { engine: result.name, measure: 'table profile (in the job)', value: `${t?.durationMs} ms, ${t?.rowsSampled} rows (${t?.sampleMethod})`, target: `< ${profiling.tableBudgetMs} ms`, met: (t?.durationMs ?? Infinity) < profiling.tableBudgetMs },
        { engine: result.name, measure: 'rows read by the engine', value: `${engineRows} of ${PG_ROWS} (${((100 * engineRows) / PG_ROWS).toFixed(2)}%)`, target: 'no full scan', met: engineRows < PG_ROWS / 2 },
        ...columns.map((c) => ({ engine: result.name, measure: `  ${c.columnName}`, value: `nulls ${(c.nullFraction * 100).toFixed(1)}%, distinct ~${c.distinctCount}${c.min !== null ? `, ${c.min}…${c.max}` : ''}${(c.patterns as string[]).length ? `, ${(c.patterns as string[]).join('/')}` : ''}` })),
      );
    }
    await closeStack(stack);
  }
  return result;
}

async function main(): Promise<void> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  progress(`budgets: ${profiling.tableBudgetMs} ms per table, ${profiling.databaseBudgetMs} ms per database; samples of ${profiling.sampleRows} rows; ${RUNS} run(s) per target`);
  const results: TargetResult[] = [];
  try {
    results.push(await benchDemo());
    results.push(await benchPostgres());
  } finally {
    await runCleanups();
  }
  const rows: ReportRow[] = [];
  for (const r of results) {
    const s = sample(r.ms);
    rows.push({ engine: r.name, measure: `profiling job (${r.tables} table(s))`, value: spread(s), target: `< ${r.budgetMs} ms`, met: s.max < r.budgetMs });
    rows.push({ engine: r.name, measure: 'job status', value: [...new Set(r.status)].join(', ') });
    rows.push(...r.detail);
  }
  process.stdout.write(renderTable(rows) + '\n\n');
  for (const r of results) {
    process.stdout.write(keyValues('bench profile', [['target', r.name], ['ms', sample(r.ms).median], ['rows_read', sample(r.rowsRead).median], ['budget_ms', r.budgetMs]]) + '\n');
  }
}

main().catch(async (error) => {
  process.stderr.write(`bench:profile failed: ${(error as Error).stack ?? error}\n`);
  await runCleanups();
  process.exit(1);
});
