// The execution service's parts that need no engine: the cache key's SQL normalization, PII masking and the mapping
// of result columns to PII sources, both result caches (the Redis one against the machine's Redis), the executor
// registry, and the audit log's append-only guarantee in both store providers.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { openPrismaStore, StoreAuditLog, type PrismaStore, type ReadOnlyExecutor } from '@querent/common';
import { normalizeSql } from '@querent/execution/dist/cache/sql-normalizer';
import { maskValue, maskResult } from '@querent/execution/dist/pii/pii-masking';
import { piiResultColumns, selectListSources } from '@querent/execution/dist/pii/result-pii-columns';
import { dataPointPiiColumns, patternNames } from '@querent/execution/dist/pii/store-pii-policy';
import { InProcessResultCache } from '@querent/execution/dist/cache/in-process-result-cache';
import { RedisResultCache } from '@querent/execution/dist/cache/redis-result-cache';
import { resultKey } from '@querent/execution/dist/cache/result-cache';
import { ExecutorRegistry } from '@querent/execution/dist/execution/executor-registry';
import type { PiiColumn } from '@querent/execution/dist/execution/execution-ports';
import { createTempPostgresDatabase } from './support/postgres';

const REDIS_URL = process.env.QUERENT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('the cache key normalizes whitespace and case, never what could change the answer', () => {
  const same: [string, string][] = [
    ['SELECT id, name FROM customers WHERE id = 1', 'select   id,  name from CUSTOMERS\n where ID = 1 ;'],
    ['select 1', '  SELECT 1;;  '],
    ["SELECT 'a b' FROM t", "select   'a b'   from T"],
    ['SELECT * FROM t /* note */', 'select * from t /* note */'],
  ];
  for (const [a, b] of same) it(`same key: ${JSON.stringify(a)} ~ ${JSON.stringify(b)}`, () => assert.equal(normalizeSql(a), normalizeSql(b)));

  const different: [string, string, string][] = [
    ["SELECT 'Abc'", "SELECT 'abc'", 'case inside a string literal'],
    ["SELECT 'a  b'", "SELECT 'a b'", 'spaces inside a string literal'],
    ['SELECT "Name" FROM t', 'SELECT "name" FROM t', 'case of a quoted identifier'],
    ['SELECT `Name` FROM t', 'SELECT `name` FROM t', 'case of a backtick identifier'],
    ['SELECT [Name] FROM t', 'SELECT [name] FROM t', 'case of a bracket identifier'],
    ["SELECT 'it''s A'", "SELECT 'it''s a'", 'a doubled quote does not end the literal'],
    ['SELECT 1--1', 'SELECT 1', 'MySQL reads 1--1 as 1 - -1: comments are kept'],
    ['SELECT 1 -- x\n+1', 'SELECT 1 -- x +1', 'the line end that closes a comment is kept'],
    ['SELECT a-b FROM t', 'SELECT a - b FROM t', 'whitespace between tokens is collapsed, never removed'],
    ["SELECT E'\\x41'", "SELECT E'\\x61'", 'backslash text is keyed exactly'],
    ['SELECT $$A$$', 'SELECT $$a$$', 'dollar-quoted text is keyed exactly'],
    ['SELECT Ä FROM t', 'SELECT ä FROM t', 'only ASCII letters are folded'],
  ];
  for (const [a, b, why] of different) it(`different keys: ${why}`, () => assert.notEqual(normalizeSql(a), normalizeSql(b)));

  it('the key also separates table spellings (MySQL table names are case-sensitive), connections and PII visibility', () => {
    const sql = normalizeSql('select * from foo');
    assert.equal(sql, normalizeSql('SELECT * FROM Foo'));
    const base = resultKey('c1', sql, [{ schema: null, name: 'foo' }], false);
    assert.notEqual(base, resultKey('c1', sql, [{ schema: null, name: 'Foo' }], false));
    assert.notEqual(base, resultKey('c2', sql, [{ schema: null, name: 'foo' }], false));
    assert.notEqual(base, resultKey('c1', sql, [{ schema: null, name: 'foo' }], true));
    assert.equal(base, resultKey('c1', normalizeSql('SELECT *   FROM foo'), [{ schema: null, name: 'foo' }], false));
  });
});

describe('PII masking', () => {
  it('emails keep their domain, other values keep two characters, with a fixed-length mask', () => {
    assert.equal(maskValue('ada.lovelace@example.com', 'email'), '**@example.com');
    assert.equal(maskValue('Ada Lovelace', 'other'), 'Ad***');
    assert.equal(maskValue('+44 20 7946 0000', 'other'), '+4***');
    assert.equal(maskValue('not an email', 'email'), 'no***', 'a value that is not an email is masked like other text');
    assert.equal(maskValue('AB', 'other'), '**');
    assert.equal(maskValue(5551234, 'other'), '55***');
    assert.equal(maskValue(null, 'other'), null);
  });

  it('masks only the PII columns of a result, and only once', () => {
    const result = { columns: [{ name: 'id', type: 'int' }, { name: 'email', type: 'text' }], rows: [[1, 'a@x.org'], [2, null]], truncated: false, piiColumns: [{ index: 1, kind: 'email' as const }], masked: false };
    const masked = maskResult(result);
    assert.deepEqual(masked.rows, [[1, '**@x.org'], [2, null]]);
    assert.equal(masked.masked, true);
    assert.deepEqual(result.rows[0], [1, 'a@x.org'], 'the stored result is not changed');
    assert.equal(maskResult(masked), masked);
  });

  it('reads PII flags from profile patterns and from DataPoint bodies in their stored shapes', () => {
    assert.deepEqual(patternNames(['EMAIL', 'URL']), ['email', 'url']);
    assert.deepEqual(patternNames([{ pattern: 'PHONE', share: 0.97 }]), ['phone']);
    assert.deepEqual(patternNames({ email: 0.99 }), ['email']);
    assert.deepEqual(patternNames(null), []);
    assert.deepEqual(dataPointPiiColumns({ description: 'x', columns: { email: { pii: 'email' }, name: { pii: 'person_name' }, id: { pii: null } } }), [
      { column: 'email', kind: 'email' },
      { column: 'name', kind: 'other' },
    ]);
    assert.deepEqual(dataPointPiiColumns({ columns: [{ name: 'ssn', pii: true }, { name: 'id' }] }), [{ column: 'ssn', kind: 'other' }]);
  });
});

describe('result columns map to PII sources', () => {
  const flagged: PiiColumn[] = [
    { schema: 'main', table: 'customers', column: 'email', reason: 'profile:email', kind: 'email' },
    { schema: 'main', table: 'customers', column: 'name', reason: 'datapoint', kind: 'other' },
  ];
  const grammars = ['sqlite'];
  const pii = (sql: string, labels: string[]) => piiResultColumns(labels, flagged, selectListSources(sql, grammars));

  it('by name, bare or qualified', () => {
    assert.deepEqual(pii('SELECT id, email, segment FROM customers', ['id', 'email', 'segment']), [{ index: 1, kind: 'email' }]);
    assert.deepEqual(pii('SELECT c.Name FROM customers c', ['Name']), [{ index: 0, kind: 'other' }]);
    assert.deepEqual(pii('SELECT * FROM customers', ['id', 'name', 'email']), [{ index: 1, kind: 'other' }, { index: 2, kind: 'email' }]);
  });

  it('through aliases, expressions, CTEs and subqueries', () => {
    assert.deepEqual(pii('SELECT email AS contact FROM customers', ['contact']), [{ index: 0, kind: 'email' }]);
    assert.deepEqual(pii('SELECT lower(email) AS e FROM customers', ['e']), [{ index: 0, kind: 'other' }], 'an expression is masked as other text');
    assert.deepEqual(pii('SELECT upper(name) FROM customers', ['upper(name)']), [{ index: 0, kind: 'other' }], 'SQLite labels an expression by its text');
    assert.deepEqual(pii('WITH x AS (SELECT email AS e, id FROM customers) SELECT e AS z, id FROM x', ['z', 'id']), [{ index: 0, kind: 'email' }]);
    assert.deepEqual(pii('SELECT q.k FROM (SELECT name || email AS k FROM customers) q', ['k']), [{ index: 0, kind: 'other' }]);
  });

  it('COUNT reveals nothing; unrelated columns stay clear', () => {
    assert.deepEqual(pii('SELECT count(DISTINCT email) AS n, segment FROM customers GROUP BY segment', ['n', 'segment']), []);
    assert.deepEqual(pii('SELECT id, segment FROM customers', ['id', 'segment']), []);
    assert.deepEqual(piiResultColumns(['email'], [], null), [], 'nothing flagged, nothing masked');
  });

  it('without a parse it still masks by label', () => {
    assert.deepEqual(piiResultColumns(['email', 'x'], flagged, null), [{ index: 0, kind: 'email' }]);
  });
});

describe('result caches', () => {
  it('in-process: LRU within the byte bound, TTL expiry, values copied', async () => {
    let now = 1_000;
    const cache = new InProcessResultCache(100, () => now);
    await cache.set('a', { v: 'x'.repeat(30) }, 1000);
    await cache.set('b', { v: 'y'.repeat(30) }, 1000);
    assert.ok(await cache.get('a'), 'touch a: b is now the least recently used');
    await cache.set('c', { v: 'z'.repeat(30) }, 1000);
    assert.equal(await cache.get('b'), null, 'b was evicted to stay within 100 bytes');
    assert.ok(await cache.get('a'));
    assert.ok(cache.stats().bytes <= 100);
    const got = await cache.get<{ v: string }>('c');
    got!.v = 'mutated';
    assert.equal((await cache.get<{ v: string }>('c'))!.v, 'z'.repeat(30), 'a caller cannot change a cached value');
    now += 1001;
    assert.equal(await cache.get('a'), null, 'expired after its TTL');
    await cache.set('huge', { v: 'h'.repeat(200) }, 1000);
    assert.equal(await cache.get('huge'), null, 'a value larger than the cache is not kept');
  });

  it('Redis: round trip with a TTL, against the real Redis', async () => {
    const cache = await RedisResultCache.connect(REDIS_URL);
    cleanups.push(() => cache.close());
    const key = `test:${crypto.randomUUID()}`;
    await cache.set(key, { rows: [[1, 'a']] }, 300);
    assert.deepEqual(await cache.get(key), { rows: [[1, 'a']] });
    const raw = new Redis(REDIS_URL);
    cleanups.push(async () => void raw.disconnect());
    const ttl = await raw.pttl(`querent:exec:${key}`);
    assert.ok(ttl > 0 && ttl <= 300, `Redis holds the entry with its TTL (${ttl} ms)`);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await cache.get(key), null, 'Redis expired it');
  });

  it('Redis: an unreachable server fails start-up without the password', async () => {
    await assert.rejects(RedisResultCache.connect('redis://:hunter2-secret@127.0.0.1:1'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CONFIG_INVALID');
      assert.ok(!error.message.includes('hunter2-secret'), error.message);
      return true;
    });
  });
});

describe('the executor registry', () => {
  function fakeExecutor(log: string[], id: string): ReadOnlyExecutor {
    return { dialect: 'sqlite', stats: { roundTrips: 0 }, query: async () => ({ columns: [], rows: [], truncated: false }), dataVersion: async () => null, close: async () => void log.push(`closed ${id}`) };
  }

  it('opens one executor per database, shares a concurrent opening, retries a failed one, closes on removal', async () => {
    const log: string[] = [];
    let failNext = true;
    const registry = new ExecutorRegistry(async (id) => {
      log.push(`open ${id}`);
      if (id === 'flaky' && failNext) {
        failNext = false;
        throw new Error('unreachable');
      }
      return fakeExecutor(log, id);
    });
    const [a1, a2] = await Promise.all([registry.acquire('a'), registry.acquire('a')]);
    assert.equal(a1, a2);
    assert.equal(await registry.acquire('a'), a1);
    await assert.rejects(registry.acquire('flaky'));
    assert.ok(await registry.acquire('flaky'), 'a failed opening is tried again');
    await registry.close('a');
    assert.equal(registry.has('a'), false);
    await registry.closeAll();
    assert.deepEqual(log, ['open a', 'open flaky', 'open flaky', 'closed a', 'closed flaky']);
  });
});

describe('the audit log is append-only', () => {
  it('its port offers no way to change or remove an entry', () => {
    const methods = Object.getOwnPropertyNames(StoreAuditLog.prototype).filter((m) => m !== 'constructor').sort();
    assert.deepEqual(methods, ['append', 'hasRecorded']);
  });

  async function assertStoreRefuses(store: PrismaStore): Promise<void> {
    const audit = new StoreAuditLog(store);
    await audit.append({ actor: 'analyst', action: 'query.executed', connectionId: 'c', target: 'r', detail: { sql: 'SELECT 1' } });
    const [row] = await store.prisma.auditEntry.findMany();
    await assert.rejects(store.prisma.auditEntry.update({ where: { id: row.id }, data: { actor: 'someone else' } }), 'UPDATE is refused');
    await assert.rejects(store.prisma.auditEntry.delete({ where: { id: row.id } }), 'DELETE is refused');
    await assert.rejects(store.prisma.auditEntry.deleteMany({}), 'DELETE of all rows is refused');
    const after = await store.prisma.auditEntry.findMany();
    assert.equal(after.length, 1);
    assert.equal(after[0].actor, 'analyst');
  }

  it('SQLite store: the triggers refuse UPDATE and DELETE', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-audit-'));
    const store = await openPrismaStore({ dataDir });
    cleanups.push(async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await assertStoreRefuses(store);
  });

  it('PostgreSQL store: the triggers refuse UPDATE, DELETE and TRUNCATE', async () => {
    const db = await createTempPostgresDatabase();
    cleanups.push(() => db.drop());
    const store = await openPrismaStore({ databaseUrl: db.url, dataDir: os.tmpdir() });
    cleanups.push(() => store.close());
    await assertStoreRefuses(store);
    await assert.rejects(store.prisma.$executeRawUnsafe('TRUNCATE "AuditEntry"'), /append-only/);
  });
});
