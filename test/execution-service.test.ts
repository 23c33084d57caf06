// The execution service over its real ports: Querent's store (SQLite), the real guard, the read-only executors on the
// demo database (SQLite), Chinook on PostgreSQL and MariaDB, both result caches (Redis: the machine's), the audit log,
// the PII policy from profiles and DataPoints, and the schema memory for invalidation and error feedback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import {
  createLogger,
  CredentialCipher,
  dialectForUrl,
  InProcessEventBus,
  openPrismaStore,
  sqlRulesFor,
  StoreAuditLog,
  TOPICS,
  type CatalogRefreshRequestPayload,
  type PrismaStore,
} from '@querent/common';
import { generateDemoDatabase } from '@querent/catalog/dist/demo/demo-database';
import { DialectConnector } from '@querent/catalog/dist/memory/dialect-connector';
import { PrismaCatalogRepository } from '@querent/catalog/dist/memory/prisma-catalog-repository';
import { SchemaMemory } from '@querent/catalog/dist/memory/schema-memory';
import { ExecutionService, type ExecuteRequest } from '@querent/execution/dist/execution/execution-service';
import { ExecutorRegistry } from '@querent/execution/dist/execution/executor-registry';
import { guardPort } from '@querent/execution/dist/execution/guard-port';
import type { ExecutionLimits } from '@querent/execution/dist/execution/execution-ports';
import { StoreConnectionLookup } from '@querent/execution/dist/connections/store-connection-lookup';
import { StoreCatalogFingerprints } from '@querent/execution/dist/catalog/store-catalog-fingerprints';
import { StorePiiPolicy } from '@querent/execution/dist/pii/store-pii-policy';
import { PrismaQueryRunRepository } from '@querent/execution/dist/runs/prisma-query-run-repository';
import { QueryRunService } from '@querent/execution/dist/runs/query-run-service';
import { InProcessResultCache } from '@querent/execution/dist/cache/in-process-result-cache';
import { RedisResultCache } from '@querent/execution/dist/cache/redis-result-cache';
import type { ResultCache } from '@querent/execution/dist/cache/result-cache';
import { createTempPostgresDatabase } from './support/postgres';
import { loadChinookMysql, loadChinookPostgres } from './support/sample-databases';

const REDIS_URL = process.env.QUERENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_PASSWORD = 'exec-pw-do-not-leak-93f1';
const DEFAULT_LIMITS: ExecutionLimits = { timeoutMs: 10_000, maxRows: 5_000, maxBytes: 10 * 1024 * 1024, cacheTtlMs: 60_000 };
const ANALYST = { role: 'analyst' as const, actor: 'analyst' };
const ADMIN = { role: 'admin' as const, actor: 'admin' };

let dataDir: string;
let store: PrismaStore;
let demoFile: string;
const cipher = new CredentialCipher(crypto.randomBytes(32));
const bus = new InProcessEventBus();
const cleanups: (() => Promise<void>)[] = [];
const connector = new DialectConnector(async (id) => {
  const row = await store.prisma.connection.findUniqueOrThrow({ where: { id } });
  const url = cipher.decrypt(row.encryptedUrl);
  return { dialect: dialectForUrl(url), url };
}, { connectTimeoutMs: 5_000, queryTimeoutMs: 30_000 });
let memory: SchemaMemory;

interface Harness {
  service: ExecutionService;
  registry: ExecutorRegistry;
  cache: ResultCache;
  runs: QueryRunService;
  run(sql: string, requester?: ExecuteRequest['requester'], extra?: Partial<ExecuteRequest>): ReturnType<ExecutionService['execute']>;
}

/** The service exactly as the subgraph wires it, over one registered database. */
function harness(connectionId: string, options: { limits?: Partial<ExecutionLimits>; cache?: ResultCache } = {}): Harness {
  const connections = new StoreConnectionLookup(store, (stored) => cipher.decrypt(stored), { connectTimeoutMs: 5_000, poolSize: 2 });
  const registry = new ExecutorRegistry((id) => connections.openExecutor(id));
  const cache = options.cache ?? new InProcessResultCache(64 * 1024 * 1024);
  const repository = new PrismaQueryRunRepository(store);
  const service = new ExecutionService({
    connections,
    executors: registry,
    guard: guardPort,
    catalog: new StoreCatalogFingerprints(store),
    pii: new StorePiiPolicy(store),
    cache,
    runs: repository,
    audit: new StoreAuditLog(store),
    bus,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    sqlGrammars: (dialect) => sqlRulesFor(dialect).parserGrammars,
  });
  cleanups.push(() => registry.closeAll());
  return { service, registry, cache, runs: new QueryRunService(repository), run: (sql, requester = ANALYST, extra = {}) => service.execute({ connectionId, sql, requester, ...extra }) };
}

async function register(url: string): Promise<string> {
  const id = crypto.randomUUID();
  await store.prisma.connection.create({ data: { id, name: `x${id.slice(0, 8)}`, dialect: dialectForUrl(url).name, encryptedUrl: cipher.encrypt(url), displayUrl: 'redacted', tags: [] } });
  return id;
}

function refreshRequests(): { seen: CatalogRefreshRequestPayload[]; stop(): Promise<void> } {
  const seen: CatalogRefreshRequestPayload[] = [];
  const unsubscribing = bus.subscribe(TOPICS.CATALOG_REFRESH_REQUESTED, (payload) => seen.push(payload));
  return { seen, stop: async () => (await unsubscribing)() };
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-exec-'));
  store = await openPrismaStore({ dataDir });
  demoFile = path.join(dataDir, 'demo.db');
  generateDemoDatabase(demoFile, { orders: 3000 });
  memory = new SchemaMemory({ repository: new PrismaCatalogRepository(store), connector, bus, logger: createLogger('test', 'error'), ttls: { schemasMs: 3_600_000, tablesMs: 3_600_000 } });
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await connector.closeAll();
  await bus.close();
  await store?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('SQLite demo database', () => {
  let demoId: string;
  let h: Harness;
  before(async () => {
    demoId = await register(`sqlite://${demoFile}`);
    h = harness(demoId);
  });

  it('runs an accepted statement and records the run and its audit entry', async () => {
    const sql = 'SELECT r.name AS region, count(*) AS customers FROM customers c JOIN regions r ON r.id = c.region_id GROUP BY r.name ORDER BY r.name';
    const { run, result } = await h.run(sql);
    assert.equal(run.status, 'ok', JSON.stringify(run));
    const direct = new Database(demoFile, { readonly: true });
    const expected = direct.prepare(sql).raw().all();
    direct.close();
    assert.deepEqual(result?.columns.map((c) => c.name), ['region', 'customers']);
    assert.deepEqual(result?.rows, expected);
    assert.equal(run.rowCount, expected.length);
    assert.equal(run.truncated, false);
    assert.equal(run.cacheHit, false);
    assert.equal(run.user, 'analyst');
    const stored = await store.prisma.queryRun.findUniqueOrThrow({ where: { id: run.id } });
    assert.equal(stored.sql, sql);
    assert.equal(stored.status, 'ok');
    const audit = await store.prisma.auditEntry.findMany({ where: { target: run.id } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].action, 'query.executed');
    assert.equal(audit[0].connectionId, demoId);
    assert.equal((audit[0].detail as { sql: string }).sql, sql);
  });

  it('a refusal is a run with the guard\'s code, recorded and audited, and nothing reaches the database', async () => {
    const fresh = harness(await register(`sqlite://${demoFile}`));
    const before = new Database(demoFile, { readonly: true }).prepare('SELECT count(*) AS n FROM orders').get() as { n: number };
    const { run, result } = await fresh.run('DELETE FROM orders');
    assert.equal(run.status, 'refused');
    assert.equal(run.errorCode, 'SQL_NOT_READ_ONLY');
    assert.match(run.errorMessage ?? '', /DELETE/);
    assert.equal(result, null);
    assert.equal(fresh.registry.has(run.connectionId), false, 'no executor was even opened');
    const after = new Database(demoFile, { readonly: true }).prepare('SELECT count(*) AS n FROM orders').get() as { n: number };
    assert.equal(after.n, before.n);
    const audit = await store.prisma.auditEntry.findFirstOrThrow({ where: { target: run.id } });
    assert.equal(audit.action, 'query.refused');
    assert.equal((audit.detail as { error: string }).error, 'SQL_NOT_READ_ONLY');
    const multi = await fresh.run('SELECT 1; DROP TABLE orders');
    assert.equal(multi.run.status, 'refused');
    assert.equal(multi.run.errorCode, 'SQL_MULTIPLE_STATEMENTS');
  });

  it('bad requests are errors, not runs', async () => {
    await assert.rejects(h.run('   '), { code: 'BAD_INPUT' });
    await assert.rejects(h.service.execute({ connectionId: 'no-such-db', sql: 'SELECT 1', requester: ANALYST }), { code: 'NOT_FOUND' });
  });

  it('truncates at the row cap (reading one more) and at the byte cap', async () => {
    const capped = harness(demoId, { limits: { maxRows: 10 } });
    const { run, result } = await capped.run('SELECT id FROM orders ORDER BY id');
    assert.equal(run.status, 'ok');
    assert.equal(run.rowCount, 10);
    assert.equal(run.truncated, true);
    assert.deepEqual(result?.rows.map((r) => r[0]), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const exact = await capped.run('SELECT id FROM orders ORDER BY id LIMIT 10');
    assert.equal(exact.run.truncated, false, 'exactly the cap is not truncated');
    const small = harness(demoId, { limits: { maxBytes: 2048 } });
    const bytes = await small.run('SELECT * FROM customers ORDER BY id');
    assert.equal(bytes.run.truncated, true);
    assert.ok(bytes.run.rowCount! > 0 && bytes.run.rowCount! < 100, `${bytes.run.rowCount} rows within 2 kB`);
  });

  it('stops a statement at the time limit: a TIMEOUT run', async () => {
    const slow = harness(demoId, { limits: { timeoutMs: 300 } });
    const started = Date.now();
    const { run } = await slow.run('SELECT count(*) FROM orders a, orders b, order_items c');
    assert.equal(run.status, 'timeout', JSON.stringify(run));
    assert.equal(run.errorCode, 'QUERY_TIMEOUT');
    assert.ok(Date.now() - started < 5_000, `stopped after ${Date.now() - started} ms`);
    // The same executor answers the next statement (given time to replace what it stopped, on a busy machine).
    const executor = await slow.registry.acquire(demoId);
    const next = await executor.query('SELECT count(*) AS n FROM regions', { timeoutMs: 20_000, maxRows: 10, maxBytes: 10_000 });
    assert.equal(typeof next.rows[0][0], 'number', 'the executor still answers after a timeout');
  });

  it('serves the cache for the same statement (whitespace and case aside) and marks the hit', async () => {
    const first = await h.run('SELECT id, name FROM regions ORDER BY id');
    // Table names keep their spelling in the key (MySQL's are case-sensitive); everything else is folded.
    const second = await h.run('select ID,   Name\n  FROM regions ORDER  by Id;');
    assert.equal(first.run.cacheHit, false);
    assert.equal(second.run.cacheHit, true);
    assert.deepEqual(second.result?.rows, first.result?.rows);
    const stored = await store.prisma.queryRun.findUniqueOrThrow({ where: { id: second.run.id } });
    assert.equal(stored.cacheHit, true, 'the hit is recorded in history');
    const audit = await store.prisma.auditEntry.findFirstOrThrow({ where: { target: second.run.id } });
    assert.equal((audit.detail as { cacheHit: boolean }).cacheHit, true);
  });

  it('a data change invalidates the cached result', async () => {
    const sql = 'SELECT count(*) AS n FROM regions';
    const before = await h.run(sql);
    assert.equal((await h.run(sql)).run.cacheHit, true);
    const writer = new Database(demoFile);
    writer.prepare("INSERT INTO regions (id, name) VALUES (9001, 'Test region')").run();
    writer.close();
    const after = await h.run(sql);
    assert.equal(after.run.cacheHit, false);
    assert.equal(after.result?.rows[0][0], (before.result?.rows[0][0] as number) + 1);
    const writer2 = new Database(demoFile);
    writer2.prepare('DELETE FROM regions WHERE id = 9001').run();
    writer2.close();
  });

  it('a schema change recorded by the catalog invalidates the cached result', async () => {
    // The demo file gets a scratch table; its data_version moves too, so the catalog's part is shown with the token.
    const writer = new Database(demoFile);
    writer.exec('CREATE TABLE IF NOT EXISTS scratch_exec (id INTEGER PRIMARY KEY, label TEXT); INSERT INTO scratch_exec VALUES (1, \'a\')');
    writer.close();
    await memory.structures(demoId, 'main', ['scratch_exec']);
    const fingerprints = new StoreCatalogFingerprints(store);
    const tokenBefore = await fingerprints.tokenFor(demoId, [{ schema: null, name: 'scratch_exec' }]);
    const first = await h.run('SELECT * FROM scratch_exec');
    assert.equal((await h.run('SELECT * FROM scratch_exec')).run.cacheHit, true);
    const alter = new Database(demoFile);
    alter.exec('ALTER TABLE scratch_exec ADD COLUMN note TEXT');
    alter.close();
    await memory.refresh(demoId, { schema: 'main', table: 'scratch_exec', force: true }, 'user');
    assert.notEqual(await fingerprints.tokenFor(demoId, [{ schema: null, name: 'scratch_exec' }]), tokenBefore, 'the catalog fingerprint moved');
    const after = await h.run('SELECT * FROM scratch_exec');
    assert.equal(after.run.cacheHit, false);
    assert.deepEqual(first.result?.rows, [[1, 'a']]);
    assert.deepEqual(after.result?.rows, [[1, 'a', null]], 'the new column is read');
  });

  it('an unknown table asks the catalog to re-read that table', async () => {
    await memory.tables(demoId, 'main');
    const requests = refreshRequests();
    const { run } = await h.run('SELECT * FROM no_such_table_x');
    await requests.stop();
    assert.equal(run.status, 'error');
    assert.equal(run.errorCode, 'UNKNOWN_TABLE');
    assert.deepEqual(requests.seen.map(({ databaseId, schema, table }) => ({ databaseId, schema, table })), [{ databaseId: demoId, schema: 'main', table: 'no_such_table_x' }]);
    assert.ok(requests.seen[0].reason.includes('no_such_table_x'));
  });

  it('an unknown column asks the catalog to re-read the table it reads (not the alias the error names)', async () => {
    const requests = refreshRequests();
    const { run } = await h.run('SELECT c.no_such_column FROM customers c');
    await requests.stop();
    assert.equal(run.errorCode, 'UNKNOWN_COLUMN');
    assert.deepEqual(requests.seen.map(({ schema, table }) => ({ schema, table })), [{ schema: 'main', table: 'customers' }]);
  });

  it('pages the history newest first', async () => {
    const id = await register(`sqlite://${demoFile}`);
    const paged = harness(id);
    const sqls = ['SELECT 1 AS a', 'SELECT 2 AS a', 'SELECT 3 AS a', 'DELETE FROM orders', 'SELECT 5 AS a'];
    for (const sql of sqls) await paged.run(sql);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await paged.runs.history(id, { first: 2, after });
      seen.push(...page.items.map((r) => r.sql));
      pages++;
      if (!page.hasNextPage) break;
      const last = page.items.at(-1)!;
      after = Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url');
    }
    assert.deepEqual(seen, [...sqls].reverse());
    assert.equal(pages, 3);
    await assert.rejects(paged.runs.history(id, { first: 0 }), { code: 'BAD_INPUT' });
    await assert.rejects(paged.runs.history(id, { first: 2, after: 'not-a-cursor' }), { code: 'BAD_INPUT' });
    const audits = await store.prisma.auditEntry.groupBy({ by: ['action'], where: { connectionId: id }, _count: { _all: true } });
    assert.deepEqual(Object.fromEntries(audits.map((a) => [a.action, a._count._all])), { 'query.executed': 4, 'query.refused': 1 }, 'one audit entry per run');
  });

  describe('PII', () => {
    before(async () => {
      await store.prisma.columnProfile.create({
        data: { id: crypto.randomUUID(), connectionId: demoId, schemaName: 'main', tableName: 'customers', columnName: 'email', nullFraction: 0, distinctCount: 5000n, distinctExact: true, topValues: [], samples: [], patterns: ['EMAIL'] },
      });
      await store.prisma.dataPoint.create({
        data: { id: crypto.randomUUID(), connectionId: demoId, type: 'SCHEMA', status: 'APPROVED', title: 'Customers', body: { description: 'Customers', columns: { name: { pii: 'person_name' } } }, confidence: 1, schemaName: 'main', tableName: 'customers' },
      });
    });

    it('masks PII columns for an analyst and shows them to an admin', async () => {
      const sql = 'SELECT id, name, email, segment FROM customers ORDER BY id LIMIT 3';
      const direct = new Database(demoFile, { readonly: true });
      const truth = direct.prepare(sql).raw().all() as [number, string, string, string][];
      direct.close();
      const analyst = await h.run(sql, ANALYST);
      assert.deepEqual(
        analyst.result?.rows,
        truth.map(([id, name, email, segment]) => [id, `${name.slice(0, 2)}***`, `**@${email.split('@')[1]}`, segment]),
      );
      const admin = await h.run(sql, ADMIN);
      assert.equal(admin.run.cacheHit, false, 'an admin never gets the masked cache entry');
      assert.deepEqual(admin.result?.rows, truth);
      assert.equal((await h.run(sql, ANALYST)).run.cacheHit, true);
      // Read back by id: the admin's run, asked for by an analyst, is masked.
      const readBack = await h.service.resultOf(admin.run.id, ANALYST);
      assert.deepEqual(readBack?.rows.map((r) => r[2]), truth.map((t) => `**@${t[2].split('@')[1]}`));
      assert.deepEqual((await h.service.resultOf(admin.run.id, ADMIN))?.rows, truth);
    });

    it('an alias, an expression or a CTE does not unmask; COUNT stays readable', async () => {
      const aliased = await h.run('SELECT email AS contact FROM customers ORDER BY id LIMIT 2');
      assert.ok(aliased.result?.rows.every((r) => /^\*\*@/.test(String(r[0]))), JSON.stringify(aliased.result?.rows));
      const expression = await h.run('SELECT upper(name) FROM customers ORDER BY id LIMIT 2');
      assert.ok(expression.result?.rows.every((r) => /^..\*\*\*$/.test(String(r[0]))), JSON.stringify(expression.result?.rows));
      const cte = await h.run('WITH x AS (SELECT email AS e FROM customers) SELECT e FROM x LIMIT 2');
      assert.ok(cte.result?.rows.every((r) => /^\*\*@/.test(String(r[0]))), JSON.stringify(cte.result?.rows));
      const counted = await h.run('SELECT count(DISTINCT email) AS n FROM customers');
      assert.equal(typeof counted.result?.rows[0][0], 'number');
    });

    it('a column flagged after a result was cached is masked on the next run', async () => {
      const sql = 'SELECT id, segment FROM customers ORDER BY id LIMIT 2';
      const clear = await h.run(sql, ANALYST);
      assert.ok(!String(clear.result?.rows[0][1]).endsWith('***'));
      await store.prisma.columnProfile.create({
        data: { id: crypto.randomUUID(), connectionId: demoId, schemaName: 'main', tableName: 'customers', columnName: 'segment', nullFraction: 0, distinctCount: 3n, distinctExact: true, topValues: [], samples: [], patterns: [{ pattern: 'PHONE' }] },
      });
      const masked = await h.run(sql, ANALYST);
      assert.equal(masked.run.cacheHit, false);
      assert.match(String(masked.result?.rows[0][1]), /^..\*\*\*$/);
    });
  });
});

describe('Redis result cache', () => {
  it('a second run is served from Redis, and the run result is read back from it', async () => {
    const cache = await RedisResultCache.connect(REDIS_URL);
    cleanups.push(() => cache.close());
    const id = await register(`sqlite://${demoFile}`);
    const h = harness(id, { cache });
    const sql = `SELECT name FROM product_categories ORDER BY name /* ${crypto.randomUUID()} */`;
    const first = await h.run(sql);
    const second = await h.run(sql);
    assert.equal(first.run.cacheHit, false);
    assert.equal(second.run.cacheHit, true);
    assert.deepEqual(second.result?.rows, first.result?.rows);
    // A second service (another process, as far as the cache knows) finds the same entry.
    const other = harness(id, { cache: await RedisResultCache.connect(REDIS_URL) });
    cleanups.push(() => other.cache.close());
    assert.equal((await other.run(sql)).run.cacheHit, true);
    assert.deepEqual((await other.service.resultOf(first.run.id, ANALYST))?.rows, first.result?.rows);
  });
});

describe('PostgreSQL (Chinook)', () => {
  let db: { url: string; drop(): Promise<void> };
  let id: string;
  let h: Harness;
  before(async () => {
    db = await loadChinookPostgres();
    cleanups.push(() => db.drop());
    const url = new URL(db.url);
    url.password = PG_PASSWORD; // trust auth ignores it; it must still never show
    id = await register(url.toString());
    h = harness(id);
    await store.prisma.columnProfile.create({
      data: { id: crypto.randomUUID(), connectionId: id, schemaName: 'public', tableName: 'customer', columnName: 'email', nullFraction: 0, distinctCount: 59n, distinctExact: true, topValues: [], samples: [], patterns: ['EMAIL'] },
    });
  });

  it('runs read-only statements and masks the profiled email column', async () => {
    const { run, result } = await h.run('SELECT customer_id, first_name, email FROM customer ORDER BY customer_id LIMIT 2');
    assert.equal(run.status, 'ok', JSON.stringify(run));
    assert.deepEqual(result?.rows, [
      [1, 'Luís', '**@embraer.com.br'],
      [2, 'Leonie', '**@surfeu.de'],
    ]);
    const total = await h.run('SELECT count(*) AS n, sum(total) AS revenue FROM invoice');
    assert.equal(total.result?.rows[0][0], 412);
    assert.equal(total.result?.rows[0][1], 2328.6);
  });

  it('a refused function never reaches the database', async () => {
    const refused = await h.run('SELECT pg_sleep(5)');
    assert.equal(refused.run.status, 'refused');
    assert.equal(refused.run.errorCode, 'SQL_FORBIDDEN_FUNCTION');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const count = (await client.query('SELECT count(*)::int AS n FROM customer')).rows[0].n;
    await client.end();
    assert.equal(count, 59);
  });

  it('the catalog fingerprint invalidates a cached result after a schema change', async () => {
    await memory.structures(id, 'public', ['genre']);
    const first = await h.run('SELECT * FROM genre ORDER BY genre_id LIMIT 3');
    assert.equal((await h.run('SELECT * FROM genre ORDER BY genre_id LIMIT 3')).run.cacheHit, true);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('ALTER TABLE genre ADD COLUMN note text');
    await client.end();
    await memory.refresh(id, { schema: 'public', table: 'genre', force: false }, 'user');
    const after = await h.run('SELECT * FROM genre ORDER BY genre_id LIMIT 3');
    assert.equal(after.run.cacheHit, false);
    assert.deepEqual(after.result?.columns.map((c) => c.name), [...first.result!.columns.map((c) => c.name), 'note']);
  });

  it('never shows the password: not in errors, runs, audit entries or refresh requests', async () => {
    const requests = refreshRequests();
    const unknown = await h.run('SELECT no_such_col FROM customer');
    await requests.stop();
    assert.equal(unknown.run.errorCode, 'UNKNOWN_COLUMN');
    assert.deepEqual(requests.seen.map(({ schema, table }) => ({ schema, table })), [{ schema: 'public', table: 'customer' }]);
    const unreachableId = await register(`postgresql://postgres:${PG_PASSWORD}@127.0.0.1:1/nowhere`);
    const unreachable = await harness(unreachableId).run('SELECT 1');
    assert.equal(unreachable.run.status, 'error');
    assert.match(unreachable.run.errorCode ?? '', /^CONNECTION_/);
    const everything = JSON.stringify([
      unknown,
      unreachable,
      requests.seen,
      await store.prisma.queryRun.findMany({ where: { connectionId: { in: [id, unreachableId] } } }),
      await store.prisma.auditEntry.findMany({ where: { connectionId: { in: [id, unreachableId] } } }),
    ]);
    assert.ok(!everything.includes(PG_PASSWORD), 'the password leaked');
  });
});

describe('MariaDB (Chinook)', () => {
  it('runs read-only statements, refuses writes, reports an unknown table', async () => {
    const db = await loadChinookMysql();
    cleanups.push(() => db.drop());
    const id = await register(db.url);
    const h = harness(id);
    const { run, result } = await h.run('SELECT `CustomerId`, `Email` FROM `Customer` ORDER BY `CustomerId` LIMIT 2');
    assert.equal(run.status, 'ok', JSON.stringify(run));
    assert.deepEqual(result?.rows, [
      [1, 'luisg@embraer.com.br'],
      [2, 'leonekohler@surfeu.de'],
    ]);
    const refused = await h.run('SELECT * FROM `Customer` FOR UPDATE');
    assert.equal(refused.run.status, 'refused');
    assert.equal(refused.run.errorCode, 'SQL_LOCKING_CLAUSE');
    await memory.tables(id, (await memory.schemas(id)).schemas.keys().next().value as string);
    const requests = refreshRequests();
    const missing = await h.run('SELECT * FROM `NoSuchTable`');
    await requests.stop();
    assert.equal(missing.run.errorCode, 'UNKNOWN_TABLE');
    assert.equal(requests.seen.length, 1);
    assert.equal(requests.seen[0].table, 'NoSuchTable');
    const second = await h.run('SELECT count(*) AS n FROM `Invoice`');
    assert.equal(second.result?.rows[0][0], 412);
  });
});

describe('DuckDB', () => {
  it('runs read-only statements, caches by the file\'s data version, refuses file reads', async () => {
    const file = path.join(dataDir, 'sales.duckdb');
    const writeSql = async (sql: string) => {
      const instance = await DuckDBInstance.create(file);
      const connection = await instance.connect();
      try {
        await connection.run(sql);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    };
    await writeSql('CREATE TABLE sales AS SELECT range AS id, range % 4 AS bucket FROM range(100)');
    const id = await register(`duckdb://${file}`);
    const h = harness(id);
    const sql = 'SELECT bucket, count(*) AS n FROM sales GROUP BY bucket ORDER BY bucket';
    const first = await h.run(sql);
    assert.equal(first.run.status, 'ok', JSON.stringify(first.run));
    assert.deepEqual(first.result?.rows, [[0, 25], [1, 25], [2, 25], [3, 25]]);
    assert.equal((await h.run(sql)).run.cacheHit, true);
    const refused = await h.run("SELECT * FROM read_csv('/etc/passwd')");
    assert.equal(refused.run.status, 'refused');
    assert.match(refused.run.errorCode ?? '', /^SQL_(FILE_ACCESS|FORBIDDEN_FUNCTION)$/);
    // A writer needs DuckDB's file lock: the executor is closed first (as removing the database would). The data
    // version is read from the file itself, so the cached answer is dropped and the next run sees the new rows.
    await h.registry.close(id);
    await writeSql('INSERT INTO sales SELECT 100 + range, 0 FROM range(5)');
    const after = await h.run(sql);
    assert.equal(after.run.cacheHit, false);
    assert.deepEqual(after.result?.rows[0], [0, 30]);
  });
});
