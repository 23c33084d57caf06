// bench:execution — the SQL guard's speed over its security corpus, then the embedded stack on the demo database:
// executeSql through the gateway for statements that miss the result cache (end to end) and for one that hits it.
// Prints the figures, then `bench execution guard_p95_ms=… cache_hit_p95_ms=… execute_p95_ms=…`.
// BENCH_EXEC_RUNS (default 60) sets the timed executions per part; BENCH_GUARD_ROUNDS the guard's rounds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger, loadSettings } from '@querent/common';
import { startEmbedded } from '@querent/gateway';
import { graphql } from '../support/processes';
import { progress } from './bench-report';
import { measureGuard } from './guard-bench';

const RUNS = Number(process.env.BENCH_EXEC_RUNS ?? 60);

/** Distinct BI statements over the demo database; `i` makes each text (and so each cache key) new. */
const STATEMENTS: ((i: number) => string)[] = [
  (i) => `SELECT count(*) AS orders, sum(shipping_cost) AS shipping FROM orders WHERE customer_id = ${i + 1}`,
  (i) => `SELECT r.name AS region, count(*) AS orders FROM orders o JOIN customers c ON c.id = o.customer_id JOIN regions r ON r.id = c.region_id WHERE o.id > ${i} GROUP BY r.name ORDER BY orders DESC`,
  (i) => `SELECT p.name, sum(oi.quantity) AS units FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id <= ${1000 + i * 10} GROUP BY p.name ORDER BY units DESC LIMIT 10`,
  (i) => `SELECT strftime('%Y-%m', order_date) AS month, count(*) AS orders FROM orders WHERE customer_id > ${i} GROUP BY month ORDER BY month`,
  (i) => `SELECT id, name, segment, country FROM customers WHERE id > ${i * 10} ORDER BY id LIMIT 50`,
];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const fmt = (value: number) => value.toFixed(value < 10 ? 2 : 1);

async function main(): Promise<void> {
  progress('guard: timing the security corpus');
  const guard = measureGuard();
  process.stdout.write(`guard            ${guard.statements} statements x ${guard.rounds} rounds: ${guard.throughputPerSec} checks/s, p50 ${guard.p50Ms} ms, p95 ${guard.p95Ms} ms (every single check: p95 ${guard.samplesP95Ms} ms)\n`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-bench-exec-'));
  progress('starting the embedded stack (generates the demo database)');
  const running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('bench', 'error'));
  try {
    const gql = running.gateway.graphqlUrl;
    const headers = { 'x-querent-role': 'analyst' };
    const { data } = await graphql(gql, '{ databases { id name } }');
    const demoId = (data.databases as { id: string; name: string }[]).find((d) => d.name === 'demo')!.id;
    const mutation = 'mutation($id: ID!, $sql: String!) { executeSql(databaseId: $id, sql: $sql) { status cacheHit rowCount durationMs error { code message } } }';
    const execute = async (sql: string) => {
      const started = performance.now();
      const result = await graphql(gql, mutation, { id: demoId, sql }, headers);
      const ms = performance.now() - started;
      const run = result.data?.executeSql as { status: string; cacheHit: boolean; rowCount: number; durationMs: number; error: { code: string; message: string } | null } | undefined;
      if (!run || run.status !== 'OK') throw new Error(`executeSql failed for ${sql}: ${JSON.stringify(result.errors ?? run?.error)}`);
      return { ms, run };
    };

    progress('warming up (executor, parsers, store)');
    for (let i = 0; i < 5; i++) await execute(STATEMENTS[i % STATEMENTS.length]!(100_000 + i));

    progress(`gateway baseline: { executionService { name } } ${RUNS} times`);
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await graphql(gql, '{ executionService { name } }', {}, headers);
      baseline.push(performance.now() - started);
    }

    progress(`end to end: ${RUNS} distinct statements (cache misses)`);
    const misses: number[] = [];
    const missService: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, run } = await execute(STATEMENTS[i % STATEMENTS.length]!(i));
      if (run.cacheHit) throw new Error('a distinct statement was a cache hit');
      misses.push(ms);
      missService.push(run.durationMs);
    }

    progress(`cache hits: one statement ${RUNS} times`);
    const hitSql = STATEMENTS[1]!(7);
    await execute(hitSql);
    const hits: number[] = [];
    const hitService: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, run } = await execute(hitSql);
      if (!run.cacheHit) throw new Error('a repeated statement missed the cache');
      hits.push(ms);
      hitService.push(run.durationMs);
    }

    const executeP95 = percentile(misses, 0.95);
    const hitP95 = percentile(hits, 0.95);
    process.stdout.write(
      [
        `gateway baseline a query that reaches the execution subgraph and touches nothing: p50 ${fmt(percentile(baseline, 0.5))} ms, p95 ${fmt(percentile(baseline, 0.95))} ms (n=${RUNS})`,
        `execute (miss)   through the gateway: p50 ${fmt(percentile(misses, 0.5))} ms, p95 ${fmt(executeP95)} ms; inside the service (run.durationMs): p50 ${fmt(percentile(missService, 0.5))} ms, p95 ${fmt(percentile(missService, 0.95))} ms (n=${RUNS})`,
        `cache hit        through the gateway: p50 ${fmt(percentile(hits, 0.5))} ms, p95 ${fmt(hitP95)} ms; inside the service (run.durationMs): p50 ${fmt(percentile(hitService, 0.5))} ms, p95 ${fmt(percentile(hitService, 0.95))} ms (n=${RUNS})`,
        `bench execution guard_p95_ms=${guard.p95Ms} cache_hit_p95_ms=${fmt(hitP95)} execute_p95_ms=${fmt(executeP95)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:execution failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
