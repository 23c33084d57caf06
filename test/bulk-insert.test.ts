// bulkInsert writes rows Prisma reads back exactly, on SQLite and PostgreSQL: JSON, big integers, and DateTimes that
// compare equal in Prisma filters (on SQLite they are text, so the format must be Prisma's own); and upserts on a key.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulkInsert, openPrismaStore, type BulkColumn, type PrismaStore } from '@querent/common';
import { CHANGE_COLUMNS } from '@querent/catalog/dist/memory/prisma-catalog-repository';
import { createTempPostgresDatabase } from './support/postgres';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function stores(): Promise<[string, PrismaStore][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-bulk-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const pg = await createTempPostgresDatabase();
  cleanups.push(() => pg.drop());
  const sqlite = await openPrismaStore({ dataDir: dir });
  const postgres = await openPrismaStore({ dataDir: dir, databaseUrl: pg.url });
  cleanups.push(() => sqlite.close(), () => postgres.close());
  return [['sqlite', sqlite], ['postgresql', postgres]];
}

describe('bulkInsert', () => {
  it('round-trips 1,200 rows in chunks on both providers', async () => {
    for (const [name, store] of await stores()) {
      const at = new Date(Date.UTC(2026, 10, 21, 12, 30, 45, 123));
      const rows = Array.from({ length: 1200 }, (_, i) => ({
        id: crypto.randomUUID(),
        connectionId: 'c1',
        refreshRunId: 'r1',
        action: 'ADDED',
        objectType: 'COLUMN',
        schemaName: 'main',
        tableName: `t${i}`,
        columnName: i % 2 ? null : `c${i}`,
        before: null,
        after: { name: `c${i}`, nested: { list: [1, 'two', null], big: 2 ** 40 } },
        detectedAt: at,
      }));
      await bulkInsert(store.prisma, store.provider, 'ChangeEvent', CHANGE_COLUMNS, rows);
      assert.equal(await store.prisma.changeEvent.count({ where: { detectedAt: at } }), 1200, `${name}: dates compare equal in Prisma filters`);
      assert.equal(await store.prisma.changeEvent.count({ where: { detectedAt: { lt: at } } }), 0, name);
      const one = await store.prisma.changeEvent.findFirstOrThrow({ where: { tableName: 't10' } });
      assert.deepEqual(one.after, { name: 'c10', nested: { list: [1, 'two', null], big: 2 ** 40 } }, name);
      assert.equal(one.before, null, name);
      assert.equal(one.detectedAt.getTime(), at.getTime(), name);
      assert.equal((await store.prisma.changeEvent.findFirstOrThrow({ where: { tableName: 't11' } })).columnName, null, name);
    }
  });

  it('upserts on a unique key: existing rows are updated in place and keep the columns asked for', async () => {
    const columns: BulkColumn[] = [
      { name: 'id', kind: 'text' },
      { name: 'databaseId', kind: 'text' },
      { name: 'name', kind: 'text' },
      { name: 'isDefault', kind: 'boolean' },
      { name: 'fingerprint', kind: 'text' },
      { name: 'lastCheckedAt', kind: 'datetime' },
    ];
    for (const [name, store] of await stores()) {
      const connectionId = crypto.randomUUID();
      await store.prisma.connection.create({ data: { id: connectionId, name: `bulk-${name}`, dialect: 'sqlite', encryptedUrl: 'x', displayUrl: 'x', tags: [] } });
      const databaseId = crypto.randomUUID();
      await store.prisma.catalogDatabase.create({ data: { id: databaseId, connectionId, name: 'main' } });
      const first = new Date(Date.UTC(2026, 0, 1));
      const second = new Date(Date.UTC(2026, 0, 2));
      const row = (schema: string, fingerprint: string, at: Date) => ({ id: crypto.randomUUID(), databaseId, name: schema, isDefault: schema === 'a', fingerprint, lastCheckedAt: at });
      const original = ['a', 'b', 'c'].map((s) => row(s, `${s}1`, first));
      await bulkInsert(store.prisma, store.provider, 'CatalogSchema', columns, original);
      await bulkInsert(store.prisma, store.provider, 'CatalogSchema', columns, [row('b', 'b2', second), row('c', 'c2', second), row('d', 'd1', second)], { upsertOn: ['databaseId', 'name'], keep: ['id'] });
      const stored = await store.prisma.catalogSchema.findMany({ where: { databaseId }, orderBy: { name: 'asc' } });
      assert.deepEqual(stored.map((s) => [s.name, s.fingerprint, s.lastCheckedAt?.getTime(), s.isDefault]), [
        ['a', 'a1', first.getTime(), true],
        ['b', 'b2', second.getTime(), false],
        ['c', 'c2', second.getTime(), false],
        ['d', 'd1', second.getTime(), false],
      ], name);
      assert.deepEqual(stored.slice(0, 3).map((s) => s.id), original.map((o) => o.id), `${name}: updated rows keep their id`);
    }
  });
});
