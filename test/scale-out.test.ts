// The scale-out layout for real: five subgraph processes and a gateway process, PostgreSQL store, events over Redis.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '@querent/common';
import { createQuerentClient } from '@querent/sdk';
import { createTempPostgresDatabase } from './support/postgres';
import { freePort, graphql, startProcess, waitForHttp, type QuerentProcess } from './support/processes';

const REDIS_URL = process.env.QUERENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const processes: QuerentProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

after(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('gateway starts degraded, subgraphs join, events cross processes through Redis, everything stops on SIGINT', { timeout: 120_000 }, async () => {
  const pg = await createTempPostgresDatabase();
  cleanups.push(() => pg.drop());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-scale-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));

  const gatewayPort = await freePort();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)));
  const env: Record<string, string> = {
    DATABASE_URL: pg.url,
    REDIS_URL,
    QUERENT_SECRET: 'scale-out-test-secret-0123456789abcdef',
    QUERENT_DATA_DIR: dataDir,
    QUERENT_HEALTH_INTERVAL_MS: '300',
    QUERENT_SUBGRAPH_TIMEOUT_MS: '3000',
  };
  for (const name of SUBGRAPH_NAMES) env[`QUERENT_${name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[name]}/graphql`;
  const base = `http://127.0.0.1:${gatewayPort}`;

  // The gateway alone: every subgraph down, composed from the committed SDL, degraded but answering.
  const gateway = startProcess('gateway/dist/main.js', [], { ...env, QUERENT_MODE: 'gateway', PORT: String(gatewayPort) });
  processes.push(gateway);
  const degraded = await waitForHttp(`${base}/health`, { status: 503, process: gateway });
  const degradedBody = (await degraded.json()) as { status: string; subgraphs: { healthy: boolean }[] };
  assert.equal(degradedBody.status, 'degraded');
  assert.equal(degradedBody.subgraphs.filter((s) => s.healthy).length, 0);
  const early = await graphql(`${base}/graphql`, '{ databases { name } }');
  assert.equal(early.errors?.[0]?.extensions?.code, 'SUBGRAPH_UNAVAILABLE');

  const client = createQuerentClient({ url: base });
  const events = client.DatabaseEvents()[Symbol.asyncIterator]();
  const firstEvent = events.next();
  await new Promise((r) => setTimeout(r, 500));

  for (const name of SUBGRAPH_NAMES) {
    const child = startProcess('gateway/dist/subgraph-main.js', [name], { ...env, PORT: String(ports[name]) });
    processes.push(child);
  }
  await waitForHttp(`${base}/health`, { status: 200, timeoutMs: 60_000, process: gateway });

  // The catalog process registered the demo database and published on Redis; the gateway process delivered it.
  const event = await Promise.race([firstEvent, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no database event within 30 s')), 30_000))]);
  assert.equal(event.value?.databaseEvents.kind, 'ADDED');
  assert.equal(event.value?.databaseEvents.name, 'demo');
  await events.return?.();
  await client.close();

  const { data, errors } = await graphql(`${base}/graphql`, '{ databases { name isDefault queryRunCount } insightService { name } }');
  assert.equal(errors, undefined, JSON.stringify(errors));
  assert.deepEqual(data.databases, [{ name: 'demo', isDefault: true, queryRunCount: 0 }]);
  assert.equal(data.insightService.name, 'insight');

  // Every process shuts down cleanly on Ctrl-C.
  const codes = await Promise.all(processes.map((p) => p.stop('SIGINT')));
  assert.deepEqual(codes, processes.map(() => 0), processes.map((p) => p.output()).join('\n---\n'));
  // No credential reached any log.
  for (const p of processes) assert.ok(!p.output().includes('scale-out-test-secret'), 'secret in output');
});
