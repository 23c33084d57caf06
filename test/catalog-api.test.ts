// The schema memory through the gateway: connections (add, test, default, remove), the lazy path with its round-trip
// counters, refreshCatalog, the change log and its subscription, typed errors for bad input, and no credential anywhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createLogger, loadSettings, openPrismaStore } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { createTempPostgresDatabase } from './support/postgres';
import { createTempMysqlDatabase } from './support/sample-databases';
import { graphql } from './support/processes';

const SECRET_PASSWORD = 'pw-do-not-leak-7e1';

let running: RunningQuerent;
let gql: string;
let dataDir: string;
let logLines: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function q<T = any>(query: string, variables?: Record<string, unknown>, role?: string) {
  const result = await graphql<T>(gql, query, variables, role ? { 'x-querent-role': role } : {});
  assert.ok(!JSON.stringify(result).includes(SECRET_PASSWORD), 'a password reached a GraphQL response');
  return result;
}

async function runs(databaseId: string) {
  const { data } = await q(`query($id: ID!) { refreshRuns(databaseId: $id, first: 50) { edges { node { id status trigger schema table roundTrips tablesRead changeCount durationMs error } } } }`, { id: databaseId });
  return data.refreshRuns.edges.map((e: { node: unknown }) => e.node) as { trigger: string; schema: string | null; roundTrips: number; tablesRead: number; changeCount: number; status: string }[];
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-cat-'));
  const settings = loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' });
  logLines = [];
  running = await startEmbedded(settings, createLogger('test', 'debug', (line) => logLines.push(line)));
  gql = running.gateway.graphqlUrl;
});

after(async () => {
  await running?.close();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the lazy path reads only what was asked for', () => {
  it('one table’s columns: level 1, that schema’s table list, and that table’s structure', async () => {
    const { data: list } = await q('{ databases { id name } }');
    const demo = list.databases.find((d: { name: string }) => d.name === 'demo');
    const { data, errors } = await q(`query($id: ID!) { database(id: $id) { name dialect table(name: "orders") { name kind rowEstimate columns { name dataType nullable default comment } primaryKey foreignKeys { columns refSchema refTable refColumns } indexes { name columns unique } } } }`, { id: demo.id });
    assert.equal(errors, undefined, JSON.stringify(errors));
    const orders = data.database.table;
    assert.deepEqual(orders.columns.map((c: { name: string }) => c.name).slice(0, 3), ['id', 'customer_id', 'order_date']);
    assert.deepEqual(orders.primaryKey, ['id']);
    assert.deepEqual(orders.foreignKeys, [{ columns: ['customer_id'], refSchema: 'main', refTable: 'customers', refColumns: ['id'] }]);
    const history = await runs(demo.id);
    assert.deepEqual(history.map((r) => r.tablesRead), [1, 0, 0], 'describe of one table, then the table list, then the schema list (newest first)');
    assert.ok(history.every((r) => r.trigger === 'first-use' && r.status === 'succeeded'));

    // Every other table's structure in one request: one batched run, the same round trips as one table.
    const { data: all } = await q(`query($id: ID!) { database(id: $id) { schema(name: "main") { tables { name columns { name } } } } }`, { id: demo.id });
    assert.ok(all.database.schema.tables.length >= 8);
    const [batch, single] = await runs(demo.id);
    assert.equal(batch.tablesRead, all.database.schema.tables.length - 1, 'orders was already known');
    assert.equal(batch.roundTrips, single.roundTrips);

    // Asking again reads nothing.
    const before = (await runs(demo.id)).length;
    await q(`query($id: ID!) { database(id: $id) { schema(name: "main") { tables { name columns { name } } } } }`, { id: demo.id });
    assert.equal((await runs(demo.id)).length, before);
  });
});

describe('connections', () => {
  let pgId: string;
  let pg: { url: string; drop(): Promise<void> };

  it('adds a PostgreSQL database after testing it, stores its URL encrypted and never shows the password', async () => {
    pg = await createTempPostgresDatabase();
    cleanups.push(() => pg.drop());
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA sales; CREATE TABLE sales.customers (id int PRIMARY KEY, name text NOT NULL); CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES sales.customers(id), total numeric(10,2)); COMMENT ON TABLE sales.orders IS 'One row per order';`);
    await admin.end();
    const withPassword = new URL(pg.url);
    withPassword.username = 'postgres';
    withPassword.password = SECRET_PASSWORD;
    const { data, errors } = await q(`mutation($input: AddDatabaseInput!) { addDatabase(input: $input) { id name dialect url tags description isDefault } }`, {
      input: { name: 'sales_pg', url: withPassword.toString(), tags: ['sales', 'pg'], description: 'Sales on PostgreSQL' },
    });
    assert.equal(errors, undefined, JSON.stringify(errors));
    pgId = data.addDatabase.id;
    assert.equal(data.addDatabase.dialect, 'postgres');
    assert.match(data.addDatabase.url, /^postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/querent_test_/);
    assert.deepEqual(data.addDatabase.tags, ['sales', 'pg']);
    assert.equal(data.addDatabase.isDefault, false, 'the demo stays the default');

    const store = await openPrismaStore({ dataDir, migrate: false });
    try {
      const row = await store.prisma.connection.findUniqueOrThrow({ where: { id: pgId } });
      assert.ok(!row.encryptedUrl.includes(SECRET_PASSWORD) && !row.encryptedUrl.includes('querent_test_'));
      const audit = await store.prisma.auditEntry.findMany({ where: { connectionId: pgId } });
      assert.ok(audit.some((a) => a.action === 'connection.added'));
      assert.ok(!JSON.stringify(audit).includes(SECRET_PASSWORD));
    } finally {
      await store.close();
    }
    const test = await q(`mutation($id: ID!) { testDatabase(id: $id) { ok latencyMs database schemaCount error { code message } } }`, { id: pgId });
    assert.equal(test.data.testDatabase.ok, true);
    assert.match(test.data.testDatabase.database, /^querent_test_/);
  });

  it('refuses bad input with typed errors and stores nothing', async () => {
    const notADb = path.join(dataDir, 'notes.txt');
    fs.writeFileSync(notADb, 'hello, I am not a database');
    const mysql = await createTempMysqlDatabase();
    cleanups.push(() => mysql.drop());
    const user = `querent_t${Date.now() % 100000}`;
    const root = await import('mysql2/promise');
    const conn = await root.createConnection({ host: '127.0.0.1', user: 'root' });
    await conn.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'right-password'`);
    cleanups.push(async () => {
      const c = await root.createConnection({ host: '127.0.0.1', user: 'root' });
      await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await c.end();
    });
    await conn.end();
    const cases: [string, string, string][] = [
      ['unreachable host', `postgresql://u:${SECRET_PASSWORD}@127.0.0.1:1/db`, 'CONNECTION_UNREACHABLE'],
      ['wrong password', `mysql://${user}:${SECRET_PASSWORD}@127.0.0.1:3306/${new URL(mysql.url).pathname.slice(1)}`, 'CONNECTION_AUTH_FAILED'],
      ['unknown dialect', `oracle://scott:${SECRET_PASSWORD}@db/orcl`, 'BAD_INPUT'],
      ['malformed URL', `postgresql://u:${SECRET_PASSWORD}@:::/x`, 'BAD_INPUT'],
      ['not a database file', `sqlite://${notADb}`, 'CONNECTION_NOT_A_DATABASE'],
      ['missing database file', `duckdb://${path.join(dataDir, 'missing.duckdb')}`, 'CONNECTION_NOT_A_DATABASE'],
    ];
    const before = (await q('{ databases { id } }')).data.databases.length;
    for (const [label, url, code] of cases) {
      const { errors } = await q(`mutation($input: AddDatabaseInput!) { addDatabase(input: $input) { id } }`, { input: { name: `bad_${code.toLowerCase()}`, url } });
      assert.equal(errors?.[0]?.extensions?.code, code, `${label}: ${JSON.stringify(errors)}`);
      assert.ok((errors?.[0]?.message ?? '').length > 10, `${label}: a message a person can read`);
    }
    const duplicate = await q(`mutation($input: AddDatabaseInput!) { addDatabase(input: $input) { id } }`, { input: { name: 'sales_pg', url: pg.url } });
    assert.equal(duplicate.errors?.[0]?.extensions?.code, 'BAD_INPUT');
    assert.equal((await q('{ databases { id } }')).data.databases.length, before, 'nothing was stored');
    const forbidden = await q(`mutation($input: AddDatabaseInput!) { addDatabase(input: $input) { id } }`, { input: { name: 'x', url: pg.url } }, 'viewer');
    assert.equal(forbidden.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.ok(!logLines.join('\n').includes(SECRET_PASSWORD), 'a password reached the log');
  });

  it('refreshes on request, logs changes with their refresh, pages the log, and streams them', async () => {
    const { data: first } = await q(`query($id: ID!) { database(id: $id) { schemas { name isDefault } table(schema: "sales", name: "orders") { comment columns { name dataType } } } }`, { id: pgId });
    assert.deepEqual(first.database.schemas.map((s: { name: string }) => s.name).sort(), ['public', 'sales']);
    assert.equal(first.database.table.comment, 'One row per order');
    assert.deepEqual(first.database.table.columns.map((c: { dataType: string }) => c.dataType), ['integer', 'integer', 'numeric(10,2)']);

    const ws = createClient({ url: running.gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const received: { action: string; objectType: string; column: string | null }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      ws.subscribe(
        { query: `subscription($id: ID!) { catalogChanges(databaseId: $id) { action objectType schema table column before after refreshRunId } }`, variables: { id: pgId } },
        {
          next: (value) => {
            received.push((value.data as { catalogChanges: { action: string; objectType: string; column: string | null } }).catalogChanges);
            if (received.length >= 2) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('ALTER TABLE sales.orders ADD COLUMN status text; ALTER TABLE sales.orders ALTER COLUMN total TYPE numeric(12,2)');
    await admin.end();

    const { data, errors } = await q(`mutation($id: ID!) { refreshCatalog(databaseId: $id, schema: "sales") { id status trigger roundTrips tablesRead changeCount durationMs error } }`, { id: pgId });
    assert.equal(errors, undefined, JSON.stringify(errors));
    assert.deepEqual({ ...data.refreshCatalog, id: undefined, durationMs: undefined, roundTrips: undefined }, { id: undefined, status: 'succeeded', trigger: 'user', tablesRead: 1, changeCount: 2, durationMs: undefined, error: null, roundTrips: undefined });
    assert.ok(data.refreshCatalog.roundTrips > 0 && data.refreshCatalog.roundTrips <= 10);
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('no catalogChanges event')), 5000))]);
    await ws.dispose();
    assert.deepEqual(received.map((r) => `${r.action} ${r.objectType} ${r.column}`).sort(), ['ADDED COLUMN status', 'CHANGED COLUMN total']);

    const page1 = await q(`query($id: ID!) { changes(databaseId: $id, schema: "sales", first: 1) { edges { cursor node { action objectType schema table column before after detectedAt refreshRun { id trigger } } } pageInfo { hasNextPage endCursor } } }`, { id: pgId });
    assert.equal(page1.data.changes.edges.length, 1);
    assert.equal(page1.data.changes.pageInfo.hasNextPage, true);
    assert.equal(page1.data.changes.edges[0].node.refreshRun.id, data.refreshCatalog.id);
    const page2 = await q(`query($id: ID!, $after: String) { changes(databaseId: $id, first: 5, after: $after) { edges { node { column before after } } pageInfo { hasNextPage } } }`, { id: pgId, after: page1.data.changes.pageInfo.endCursor });
    assert.equal(page2.data.changes.edges.length, 1);
    assert.equal(page2.data.changes.pageInfo.hasNextPage, false);
    const typeChange = [page1.data.changes.edges[0].node, page2.data.changes.edges[0].node].find((n: { column: string }) => n.column === 'total');
    assert.equal(typeChange.before.dataType, 'numeric(10,2)');
    assert.equal(typeChange.after.dataType, 'numeric(12,2)');
  });

  it('makes a database the default, and removes it keeping or purging its history', async () => {
    const made = await q(`mutation($id: ID!) { setDefaultDatabase(id: $id) { name isDefault } }`, { id: pgId });
    assert.deepEqual(made.data.setDefaultDatabase, { name: 'sales_pg', isDefault: true });
    const list = await q('{ databases { name isDefault } }');
    assert.deepEqual(list.data.databases.filter((d: { isDefault: boolean }) => d.isDefault).map((d: { name: string }) => d.name), ['sales_pg']);

    const removed = await q(`mutation($id: ID!) { removeDatabase(id: $id) { name } }`, { id: pgId });
    assert.equal(removed.data.removeDatabase.name, 'sales_pg');
    assert.equal((await q(`query($id: ID!) { database(id: $id) { id } }`, { id: pgId })).data.database, null);
    const kept = await q(`query($id: ID!) { changes(databaseId: $id) { edges { node { action } } } }`, { id: pgId });
    assert.equal(kept.data.changes.edges.length, 2, 'history stays without purge');
    const demo = (await q('{ databases { name isDefault } }')).data.databases;
    assert.deepEqual(demo, [{ name: 'demo', isDefault: true }], 'the default moves to a remaining database');

    // Purge: add it again, then remove with purge.
    const again = await q(`mutation($input: AddDatabaseInput!) { addDatabase(input: $input) { id } }`, { input: { name: 'sales_pg2', url: pg.url } });
    const id2 = again.data.addDatabase.id;
    await q(`mutation($id: ID!) { refreshCatalog(databaseId: $id) { id } }`, { id: id2 });
    await q(`mutation($id: ID!) { removeDatabase(id: $id, purge: true) { name } }`, { id: id2 });
    const purged = await q(`query($id: ID!) { refreshRuns(databaseId: $id) { edges { node { id } } } }`, { id: id2 });
    assert.equal(purged.data.refreshRuns.edges.length, 0);
  });
});
