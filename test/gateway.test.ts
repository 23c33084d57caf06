// The embedded default end to end: five subgraphs behind the gateway, federation across subgraphs, SDK, subscriptions, a subgraph going down.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createLogger, loadSettings, openPrismaStore, SUBGRAPH_NAMES, type PrismaStore } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { createQuerentClient, QuerentClientError } from '@querent/sdk';
import { graphql } from './support/processes';

let running: RunningQuerent;
let dataDir: string;
let store: PrismaStore;
let gql: string;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-gw-'));
  const settings = loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000', QUERENT_SUBGRAPH_TIMEOUT_MS: '3000' });
  running = await startEmbedded(settings, createLogger('test', 'error'));
  gql = running.gateway.graphqlUrl;
  store = await openPrismaStore({ dataDir, migrate: false });
});

after(async () => {
  await store?.close();
  await running?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('GET /health lists all five subgraphs as healthy', async () => {
  const response = await fetch(`${running.gateway.url}/health`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { status: string; subgraphs: { name: string; healthy: boolean; url: string }[] };
  assert.equal(body.status, 'ok');
  assert.deepEqual(body.subgraphs.map((s) => s.name), [...SUBGRAPH_NAMES]);
  for (const s of body.subgraphs) {
    assert.equal(s.healthy, true, s.name);
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  }
});

test('the demo database is generated and registered as the default connection on first start', async () => {
  assert.ok(fs.existsSync(path.join(dataDir, 'demo.db')));
  const { data, errors } = await graphql(gql, '{ databases { name dialect url isDefault isDemo tags } }');
  assert.equal(errors, undefined);
  assert.deepEqual(data.databases, [{ name: 'demo', dialect: 'sqlite', url: `sqlite://${path.join(dataDir, 'demo.db')}`, isDefault: true, isDemo: true, tags: ['demo'] }]);
  const stored = await store.prisma.connection.findFirstOrThrow({ where: { name: 'demo' } });
  assert.ok(!stored.encryptedUrl.includes('demo.db'), 'the URL is stored encrypted');
  assert.equal(await store.prisma.auditEntry.count({ where: { action: 'connection.demo-registered' } }), 1);
});

test('one operation spans catalog and execution through the gateway', async () => {
  const demo = await store.prisma.connection.findFirstOrThrow({ where: { name: 'demo' } });
  for (const [i, sql] of ['SELECT 1', 'SELECT 2', 'SELECT 3'].entries()) {
    await store.prisma.queryRun.create({ data: { id: crypto.randomUUID(), connectionId: demo.id, sql, status: 'ok', rowCount: 1, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) } });
  }
  // databases: catalog; queryRunCount/recentQueryRuns: execution; database.name inside a run: back to catalog.
  const { data, errors } = await graphql(gql, '{ databases { name queryRunCount recentQueryRuns(first: 2) { sql database { name isDefault } } } }');
  assert.equal(errors, undefined, JSON.stringify(errors));
  assert.deepEqual(data.databases, [
    {
      name: 'demo',
      queryRunCount: 3,
      recentQueryRuns: [
        { sql: 'SELECT 3', database: { name: 'demo', isDefault: true } },
        { sql: 'SELECT 2', database: { name: 'demo', isDefault: true } },
      ],
    },
  ]);
});

test('bad input gets typed errors', async () => {
  const empty = await graphql(gql, '{ database(id: " ") { name } }');
  assert.equal(empty.errors?.[0]?.extensions?.code, 'BAD_INPUT');
  const missing = await graphql(gql, '{ database(id: "no-such-id") { name } }');
  assert.deepEqual(missing.data, { database: null });
  const tooMany = await graphql(gql, '{ databases { recentQueryRuns(first: 1000) { id } } }');
  assert.equal(tooMany.errors?.[0]?.extensions?.code, 'BAD_INPUT');
  const notJson = await fetch(gql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code, 'BAD_INPUT');
});

test('the typed SDK reads the API', async () => {
  const client = createQuerentClient({ url: running.gateway.url });
  try {
    const { databases } = await client.Databases();
    assert.equal(databases[0]?.name, 'demo');
    const services = await client.Services();
    assert.deepEqual([services.catalogService.name, services.executionService.name, services.insightService.name], ['catalog', 'execution', 'insight']);
    assert.deepEqual(services.catalogService.capabilities, ['databases', 'schema-memory', 'change-log', 'relationships', 'datapoints', 'vector-search', 'system-status']);
    const byId = await client.Database({ id: databases[0].id });
    assert.equal(byId.database?.queryRunCount, 3);
    assert.equal((await client.health()).status, 'ok');
  } finally {
    await client.close();
  }
});

test('the WebSocket endpoint serves subscriptions only', async () => {
  const ws = createClient({ url: running.gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  try {
    const iterator = ws.iterate({ query: '{ databases { id } }' });
    await assert.rejects(async () => {
      for await (const _ of iterator) assert.fail('a query over the socket must not run');
    }, (errors: unknown) => JSON.stringify(errors).includes('subscriptions only'));
  } finally {
    await ws.dispose();
  }
});

// Runs last in this file: it takes a subgraph down.
test('a subgraph going down: an event, degraded health, a clear error, and the rest keeps working', async () => {
  const client = createQuerentClient({ url: running.gateway.url });
  const events = client.SubgraphHealth()[Symbol.asyncIterator]();
  const firstEvent = events.next();
  // Let the subscription reach the server before the change happens.
  await new Promise((r) => setTimeout(r, 300));
  const insight = running.subgraphs.find((s) => s.name === 'insight');
  assert.ok(insight);
  await insight.close();
  await running.gateway.checkHealth();

  const event = await Promise.race([firstEvent, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no health event within 5 s')), 5000))]);
  assert.equal(event.value?.subgraphHealth.name, 'insight');
  assert.equal(event.value?.subgraphHealth.healthy, false);
  await events.return?.();
  await client.close();

  const health = await fetch(`${running.gateway.url}/health`);
  assert.equal(health.status, 503);
  const body = (await health.json()) as { status: string; subgraphs: { name: string; healthy: boolean }[] };
  assert.equal(body.status, 'degraded');
  assert.deepEqual(body.subgraphs.filter((s) => !s.healthy).map((s) => s.name), ['insight']);

  const started = Date.now();
  const down = await graphql(gql, '{ insightService { name } }');
  assert.ok(Date.now() - started < 5000, 'answers quickly');
  assert.equal(down.errors?.[0]?.extensions?.code, 'SUBGRAPH_UNAVAILABLE');
  assert.match(down.errors?.[0]?.message ?? '', /insight service is not reachable/);

  const stillUp = await graphql(gql, '{ databases { name } catalogService { name } }');
  assert.equal(stillUp.errors, undefined);
  assert.equal(stillUp.data.databases[0].name, 'demo');

  const sdk = createQuerentClient({ url: running.gateway.url });
  await assert.rejects(sdk.Services(), (e: QuerentClientError) => e.code === 'SUBGRAPH_UNAVAILABLE');
  await sdk.close();
});
