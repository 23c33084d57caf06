// System status and initialize through the gateway: an empty store answers with what is missing (API and first
// screen); initialize sets up a SQLite file (Chinook) and a real PostgreSQL database in one call with progress events
// over graphql-ws, keeps going past a database that fails, and can approve what it generated.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createLogger, loadSettings, openPrismaStore } from '@querent/common';
import { generateDemoDatabase } from '@querent/catalog';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { createTempPostgresDatabase } from './support/postgres';
import { execFile } from 'node:child_process';
import { graphql, REPO_ROOT } from './support/processes';
import { SAMPLE_DATA_DIR } from './support/shared-data';

const STATUS = 'initialized hasDatabases hasDataPoints pendingReview missingSteps databases { name profiledTables dataPoints approvedDataPoints pendingReview }';
const SUMMARY = 'name databaseId added tested tablesDiscovered tablesProfiled profileNote dataPointsGenerated dataPointsApproved errors';

interface ProgressEvent {
  initializationId: string;
  database: string;
  databaseId: string | null;
  step: string;
  phase: string;
  message: string;
  index: number;
  total: number;
}

let running: RunningQuerent;
let dataDir: string;
const cleanups: (() => Promise<void>)[] = [];

async function q<T = any>(query: string, variables?: Record<string, unknown>, role?: string) {
  return graphql<T>(running.gateway.graphqlUrl, query, variables, role ? { 'x-querent-role': role } : {});
}

async function ok<T = any>(query: string, variables?: Record<string, unknown>, role?: string): Promise<T> {
  const result = await q<T>(query, variables, role);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data as T;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-init-'));
  const settings = loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_DEMO: 'false', QUERENT_HEALTH_INTERVAL_MS: '60000' });
  running = await startEmbedded(settings, createLogger('test', 'error'));
});

after(async () => {
  await running?.close();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('an empty Querent', () => {
  it('says what is missing instead of failing, to every role', async () => {
    for (const role of ['viewer', 'analyst', 'admin']) {
      const { systemStatus } = await ok(`{ systemStatus { ${STATUS} } }`, undefined, role);
      assert.deepEqual(
        { ...systemStatus, missingSteps: undefined },
        { initialized: false, hasDatabases: false, hasDataPoints: false, pendingReview: 0, missingSteps: undefined, databases: [] },
      );
      assert.equal(systemStatus.missingSteps.length, 1);
      assert.match(systemStatus.missingSteps[0], /^add a database/);
    }
    const queue = await ok(`{ dataPoints { edges { node { id } } pageInfo { hasNextPage } } }`);
    assert.deepEqual(queue.dataPoints, { edges: [], pageInfo: { hasNextPage: false } });
    const unknown = await q(`{ searchDataPoints(databaseId: "nope", text: "revenue") { score } }`);
    assert.equal(unknown.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(unknown.errors?.[0]?.message ?? '', /no database with id nope/);
  });

  it('serves a first screen that asks the API what is missing', async () => {
    const origin = running.gateway.graphqlUrl.replace(/\/graphql$/, '');
    const html = await (await fetch(`${origin}/`)).text();
    // The page asks itself or through its bundled app (/app.js) when it has one.
    const scripts = await Promise.all([...html.matchAll(/<script src="([^"]+)"/g)].map(async (m) => (await fetch(new URL(m[1], `${origin}/`))).text()));
    const page = [html, ...scripts].join('\n');
    assert.match(page, /systemStatus/);
    assert.match(page, /missingSteps/);
  });

  it('refuses initialize to anyone but the admin', async () => {
    const refused = await q(`mutation($input: InitializeInput!) { initialize(input: $input) { initializationId } }`, { input: { databases: [{ name: 'x', url: 'sqlite:///nowhere.db' }] } }, 'analyst');
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const empty = await q(`mutation { initialize(input: { databases: [] }) { initializationId } }`);
    assert.equal(empty.errors?.[0]?.extensions?.code, 'BAD_INPUT');
  });
});

describe('initialize', () => {
  let pgUrl: string;
  const chinookFile = path.join(SAMPLE_DATA_DIR, 'chinook', 'Chinook_Sqlite.sqlite');
  const chinookUrl = `sqlite://${chinookFile}`;

  before(async () => {
    const pg = await createTempPostgresDatabase();
    cleanups.push(() => pg.drop());
    pgUrl = pg.url;
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    await client.query(`
      CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL, country text NOT NULL);
      CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), ordered_at timestamp NOT NULL, status text NOT NULL);
      CREATE TABLE order_lines (id serial PRIMARY KEY, order_id int NOT NULL REFERENCES orders(id), qty int NOT NULL, price numeric(10,2) NOT NULL);
      INSERT INTO customers (name, email, country)
        SELECT 'Customer ' || g, 'buyer' || g || '@example.com', (ARRAY['France','Germany','Spain'])[1 + g % 3] FROM generate_series(1, 200) g;
      INSERT INTO orders (customer_id, ordered_at, status)
        SELECT 1 + g % 200, timestamp '2026-01-01' + g * interval '3 hours', (ARRAY['paid','shipped','cancelled','paid','refunded'])[1 + g % 5] FROM generate_series(1, 1500) g;
      INSERT INTO order_lines (order_id, qty, price) SELECT 1 + g % 1500, 1 + g % 4, round((5 + (g * 37) % 200)::numeric, 2) FROM generate_series(1, 4000) g;
      ANALYZE;
    `);
    await client.end();
  });

  it('sets up a SQLite file and PostgreSQL in one call, with progress events, past a database that fails', async () => {
    const ws = createClient({ url: running.gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const events: ProgressEvent[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      ws.subscribe(
        { query: 'subscription { initializeProgress { initializationId database databaseId step phase message index total } }' },
        {
          next: (value) => {
            const event = (value.data as { initializeProgress: ProgressEvent }).initializeProgress;
            events.push(event);
            if (events.filter((e) => e.step === 'DONE').length === 3) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    const { initialize } = await ok(
      `mutation($input: InitializeInput!) { initialize(input: $input) { initializationId databases { ${SUMMARY} } status { ${STATUS} } } }`,
      {
        input: {
          databases: [
            { name: 'chinook', url: chinookUrl, description: 'Music store', tags: ['sample'] },
            { name: 'broken', url: 'postgresql://postgres@127.0.0.1:1/nothing' },
            { name: 'shop_pg', url: pgUrl },
          ],
          autoProfile: true,
          autoGenerateDataPoints: true,
          autoApprove: false,
        },
      },
    );
    await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error(`missing DONE events: ${JSON.stringify(events)}`)), 10_000))]);
    await ws.dispose();

    const [chinook, broken, shop] = initialize.databases;
    assert.deepEqual({ ...chinook, databaseId: undefined, dataPointsGenerated: undefined }, { name: 'chinook', databaseId: undefined, added: true, tested: true, tablesDiscovered: 11, tablesProfiled: 11, profileNote: null, dataPointsGenerated: undefined, dataPointsApproved: 0, errors: [] });
    assert.ok(chinook.dataPointsGenerated > 11, 'a SCHEMA per table and more');
    assert.deepEqual({ ...shop, databaseId: undefined, dataPointsGenerated: undefined }, { name: 'shop_pg', databaseId: undefined, added: true, tested: true, tablesDiscovered: 3, tablesProfiled: 3, profileNote: null, dataPointsGenerated: undefined, dataPointsApproved: 0, errors: [] });
    assert.equal(broken.added, false);
    assert.equal(broken.databaseId, null);
    assert.equal(broken.errors.length, 1);
    assert.match(broken.errors[0], /^add: CONNECTION_UNREACHABLE: /);

    // Progress: every step of each database, in order, with this run's id; the broken one stops after ADD.
    const steps = (name: string) => events.filter((e) => e.database === name).map((e) => `${e.step} ${e.phase}`);
    assert.ok(events.every((e) => e.initializationId === initialize.initializationId && e.total === 3));
    assert.deepEqual(steps('chinook'), ['ADD STARTED', 'ADD FINISHED', 'TEST STARTED', 'TEST FINISHED', 'DISCOVER STARTED', 'DISCOVER FINISHED', 'PROFILE STARTED', 'PROFILE FINISHED', 'GENERATE STARTED', 'GENERATE FINISHED', 'APPROVE SKIPPED', 'DONE FINISHED']);
    assert.deepEqual(steps('broken'), ['ADD STARTED', 'ADD FAILED', 'DONE FAILED']);
    assert.deepEqual(steps('shop_pg'), steps('chinook'));
    assert.equal(events.find((e) => e.database === 'shop_pg' && e.step === 'DONE')?.databaseId, shop.databaseId);
    assert.deepEqual([...new Set(events.map((e) => `${e.database}:${e.index}`))], ['chinook:1', 'broken:2', 'shop_pg:3']);

    // The status afterwards: set up, with reviews waiting, in words.
    const status = initialize.status;
    assert.equal(status.initialized, true);
    assert.equal(status.hasDatabases, true);
    assert.equal(status.hasDataPoints, true);
    assert.equal(status.pendingReview, chinook.dataPointsGenerated + shop.dataPointsGenerated);
    assert.deepEqual(status.missingSteps, [`review ${chinook.dataPointsGenerated} DataPoints of chinook`, `review ${shop.dataPointsGenerated} DataPoints of shop_pg`]);
    assert.deepEqual(status.databases.map((d: { name: string; profiledTables: number }) => [d.name, d.profiledTables]), [['chinook', 11], ['shop_pg', 3]]);

    // What was generated is right on both engines: revenue with the right SQL, checked against each database.
    const metric = async (databaseId: string) => {
      const { dataPoints } = await ok(`query($id: ID!) { dataPoints(databaseId: $id, type: BUSINESS, first: 100) { edges { node { title body } } } }`, { id: databaseId });
      return dataPoints.edges.map((e: { node: { title: string; body: any } }) => e.node).find((n: { title: string }) => n.title === 'Revenue');
    };
    const chinookRevenue = await metric(chinook.databaseId);
    assert.equal(chinookRevenue.body.expression, 'SUM("InvoiceLine"."Quantity" * "InvoiceLine"."UnitPrice")');
    const sqlite = new Database(chinookFile, { readonly: true });
    try {
      const viaMetric = Object.values(sqlite.prepare(chinookRevenue.body.sql).get() as object)[0] as number;
      const invoiceTotals = (sqlite.prepare('SELECT SUM(Total) AS v FROM Invoice').get() as { v: number }).v;
      assert.ok(Math.abs(viaMetric - invoiceTotals) < 0.01, `${viaMetric} vs ${invoiceTotals}`);
    } finally {
      sqlite.close();
    }
    const shopRevenue = await metric(shop.databaseId);
    assert.deepEqual(shopRevenue.body.filters, ["orders.status NOT IN ('cancelled')"]);
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const viaMetric = Number(Object.values((await client.query(shopRevenue.body.sql)).rows[0])[0]);
      const expected = Number((await client.query(`SELECT SUM(l.qty * l.price) AS v FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled'`)).rows[0].v);
      assert.ok(expected > 0 && Math.abs(viaMetric - expected) < 0.01, `${viaMetric} vs ${expected}`);
    } finally {
      await client.end();
    }
    const { dataPoints: shopSchema } = await ok(`query($id: ID!) { dataPoints(databaseId: $id, type: SCHEMA) { edges { node { table body } } } }`, { id: shop.databaseId });
    const customers = shopSchema.edges.map((e: { node: { table: string; body: any } }) => e.node).find((n: { table: string }) => n.table === 'customers');
    assert.equal(customers.body.columns.email.pii, true);
    const { dataPoints: shopProcess } = await ok(`query($id: ID!) { dataPoints(databaseId: $id, type: PROCESS) { edges { node { table body } } } }`, { id: shop.databaseId });
    const ordersProcess = shopProcess.edges.map((e: { node: { table: string; body: any } }) => e.node).find((n: { table: string }) => n.table === 'orders');
    assert.equal(ordersProcess.body.dateColumn, 'ordered_at');
    assert.match(ordersProcess.body.latestValue, /^2026-07-07/, 'the newest ordered_at: 2026-01-01 + 1500 × 3 h');
  });

  it('reuses a database registered under the same name and URL, and refuses the name with another URL', async () => {
    const { initialize } = await ok(`mutation($input: InitializeInput!) { initialize(input: $input) { databases { ${SUMMARY} } } }`, {
      input: { databases: [{ name: 'chinook', url: chinookUrl }, { name: 'shop_pg', url: chinookUrl }], autoProfile: false, autoGenerateDataPoints: false },
    });
    const [again, clash] = initialize.databases;
    assert.deepEqual([again.added, again.tested, again.errors, again.profileNote], [false, true, [], 'not asked (autoProfile is false)']);
    assert.match(clash.errors[0], /^add: BAD_INPUT: a database named "shop_pg" is already registered with another URL/);
  });

  it('approves what it generated when asked, and the knowledge is searchable at once', async () => {
    const file = path.join(dataDir, 'retail.db');
    generateDemoDatabase(file, { orders: 2000 });
    const { initialize } = await ok(`mutation($input: InitializeInput!) { initialize(input: $input) { databases { ${SUMMARY} } status { ${STATUS} } } }`, {
      input: { databases: [{ name: 'retail', url: `sqlite://${file}` }], autoApprove: true },
    });
    const [retail] = initialize.databases;
    assert.deepEqual(retail.errors, []);
    assert.ok(retail.dataPointsGenerated > 8);
    assert.equal(retail.dataPointsApproved, retail.dataPointsGenerated);
    assert.ok(!initialize.status.missingSteps.some((s: string) => s.includes('retail')), JSON.stringify(initialize.status.missingSteps));
    const { searchDataPoints } = await ok(`query($id: ID!) { searchDataPoints(databaseId: $id, text: "revenue per month", k: 1) { dataPoint { title status } } }`, { id: retail.databaseId });
    assert.deepEqual(searchDataPoints[0].dataPoint, { title: 'Revenue', status: 'APPROVED' });

    // Removing the database takes its DataPoints and their search vectors with it.
    const store = await openPrismaStore({ dataDir, migrate: false });
    try {
      const vectors = async () => (await store.prisma.vectorEntry.findMany()).filter((e) => (e.metadata as { databaseId?: string }).databaseId === retail.databaseId).length;
      assert.equal(await vectors(), retail.dataPointsApproved);
      await ok(`mutation($id: ID!) { removeDatabase(id: $id) { name } }`, { id: retail.databaseId });
      assert.equal(await store.prisma.dataPoint.count({ where: { connectionId: retail.databaseId } }), 0);
      assert.equal(await vectors(), 0);
    } finally {
      await store.close();
    }
    const after = await ok(`{ systemStatus { ${STATUS} } }`);
    assert.ok(!after.systemStatus.databases.some((d: { name: string }) => d.name === 'retail'));
  });
});

describe('the CLI: init, status, datapoints, search, review', () => {
  /** Runs the CLI as its own process against this gateway. */
  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [path.join(REPO_ROOT, 'clients', 'cli', 'dist', 'main.js'), ...args, '--url', running.gateway.url], { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });
  }

  it('sets a database up with progress, lists and searches its DataPoints, and reviews one', async () => {
    const file = path.join(dataDir, 'shop2.db');
    generateDemoDatabase(file, { orders: 1500 });
    const init = await cli('init', '--url', `sqlite://${file}`, '--auto-approve');
    assert.equal(init.code, 0, init.stderr + init.stdout);
    assert.match(init.stdout, /^shop2: added, 8 table\(s\) discovered, 8 profiled, \d+ DataPoint\(s\) generated, \d+ approved$/m);
    for (const step of ['add', 'test', 'discover', 'profile', 'generate', 'approve']) assert.match(init.stderr, new RegExp(`^${step} +finished `, 'm'), init.stderr);

    const status = await cli('status');
    assert.equal(status.code, 0, 'set up: exit 0');
    assert.match(status.stdout, /^Querent is set up\.$/m);
    assert.match(status.stdout, /^ {2}shop2 +8 table\(s\) profiled, (\d+) DataPoint\(s\), \1 approved, 0 to review$/m);

    const listed = await cli('datapoints', 'shop2', '--status', 'approved', '--type', 'business');
    assert.equal(listed.code, 0, listed.stderr);
    const revenueLine = listed.stdout.split('\n').find((l) => / Revenue$/.test(l)) as string;
    assert.match(revenueLine, /^\S+ {2}APPROVED BUSINESS 0\.\d\d {2}Revenue$/);
    const found = await cli('search', 'shop2', 'revenue by month', '--first', '2');
    assert.match(found.stdout.split('\n')[0], /^\d\.\d{3} {2}BUSINESS Revenue$/);

    const id = revenueLine.split(' ')[0];
    const refused = await cli('review', id, 'maybe');
    assert.equal(refused.code, 2);
    const rejected = await cli('review', id, 'reject');
    assert.equal(rejected.stdout.trim(), 'Revenue: rejected');
    const pendingOnly = await cli('datapoints', 'shop2', '--status', 'pending');
    assert.match(pendingOnly.stdout.trim(), /^no DataPoints with status pending for shop2$/);
    const wrongUrl = await cli('status', '--url', 'postgresql://u:secret-pw@h/db');
    assert.equal(wrongUrl.code, 2);
    assert.ok(!wrongUrl.stderr.includes('secret-pw'));
  });
});
