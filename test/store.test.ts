// Owns the tests of Querent's state store: hand-written migrations, the applier and the Prisma client factory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import {
  applyMigrations,
  migrationsDirectory,
  openPrismaStore,
  StoreError,
  type MigrationResult,
  type MigrationTarget,
  type PrismaStore,
  type StoreErrorCode,
  type StorePrismaClient,
  type StoreProvider,
} from '@querent/common/dist/store';
import { redactUrl } from '@querent/common';
import { createTempPostgresDatabase } from './support/postgres';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_FILE = path.join(REPO_ROOT, 'prisma', 'schema.prisma');
const INIT = '20261121000000_init';
/** Every migration folder, in the order they apply; the same names exist for both providers. */
function allMigrations(provider: StoreProvider): string[] {
  return fs.readdirSync(migrationsDirectory(provider), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}
// PostgreSQL stores ignore dataDir; a path that is never created keeps those tests from littering tmp.
const UNUSED_DATA_DIR = path.join(os.tmpdir(), 'querent-store-unused-data-dir');

// ---------------------------------------------------------------- schema.prisma, read the simple way

interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  unique: boolean;
}

interface SchemaModel {
  name: string;
  fields: SchemaField[];
  /** Index name Prisma derives (Model_a_b_key / Model_a_b_idx) -> unique? */
  indexes: Map<string, boolean>;
}

function parseSchemaModels(text: string): SchemaModel[] {
  const blocks = [...text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(blocks.map((b) => b[1] ?? ''));
  return blocks.map(([, name = '', body = '']) => {
    const fields: SchemaField[] = [];
    const indexes = new Map<string, boolean>();
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (!line) continue;
      const block = /^@@(unique|index)\(\[([^\]]*)\]/.exec(line);
      if (block) {
        const columns = (block[2] ?? '').split(',').map((c) => c.trim());
        indexes.set(`${name}_${columns.join('_')}_${block[1] === 'unique' ? 'key' : 'idx'}`, block[1] === 'unique');
        continue;
      }
      if (line.startsWith('@@')) continue;
      const [fieldName = '', type = ''] = line.split(/\s+/);
      const base = type.replace(/[?[\]]/g, '');
      // Relation fields (`Model`, `Model?`, `Model[]`) are not columns.
      if (modelNames.has(base)) continue;
      const unique = /\s@unique\b/.test(line);
      fields.push({ name: fieldName, type: base, optional: type.endsWith('?'), unique });
      if (unique) indexes.set(`${name}_${fieldName}_key`, true);
    }
    return { name, fields, indexes };
  });
}

const MODELS = parseSchemaModels(fs.readFileSync(SCHEMA_FILE, 'utf8'));

const COLUMN_TYPES: Record<StoreProvider, Record<string, string>> = {
  // Json is TEXT on SQLite by decision (see the migration); everything else follows Prisma's mapping.
  sqlite: { String: 'TEXT', Int: 'INTEGER', BigInt: 'BIGINT', Float: 'REAL', Boolean: 'BOOLEAN', DateTime: 'DATETIME', Json: 'TEXT' },
  postgresql: {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Float: 'double precision',
    Boolean: 'boolean',
    DateTime: 'timestamp(3) without time zone',
    Json: 'jsonb',
  },
};

interface DbColumn {
  type: string;
  nullable: boolean;
}

/** What the migrated database actually has: columns and indexes of every table, read from its catalog. */
interface DbShape {
  columns(table: string): Promise<Map<string, DbColumn>>;
  indexes(table: string): Promise<Map<string, boolean>>;
  tables(): Promise<string[]>;
}

function sqliteShape(file: string): DbShape {
  const read = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    columns: async (table) =>
      read((db) => {
        const rows = db.prepare(`SELECT name, type, "notnull" AS nn FROM pragma_table_info(?)`).all(table) as {
          name: string;
          type: string;
          nn: number;
        }[];
        return new Map(rows.map((r) => [r.name, { type: r.type, nullable: r.nn === 0 }]));
      }),
    indexes: async (table) =>
      read((db) => {
        const rows = db.prepare(`SELECT name, "unique" AS u FROM pragma_index_list(?) WHERE origin = 'c'`).all(table) as {
          name: string;
          u: number;
        }[];
        return new Map(rows.map((r) => [r.name, r.u === 1]));
      }),
    tables: async () =>
      read((db) =>
        (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
          name: string;
        }[]).map((r) => r.name),
      ),
  };
}

async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function postgresShape(url: string): DbShape {
  return {
    columns: (table) =>
      withPg(url, async (c) => {
        const { rows } = await c.query<{ name: string; type: string; nullable: boolean }>(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
             FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
          [`"${table}"`],
        );
        return new Map(rows.map((r) => [r.name, { type: r.type, nullable: r.nullable }]));
      }),
    indexes: (table) =>
      withPg(url, async (c) => {
        const { rows } = await c.query<{ name: string; unique: boolean }>(
          `SELECT ic.relname AS name, i.indisunique AS unique
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = to_regclass($1) AND NOT i.indisprimary`,
          [`"${table}"`],
        );
        return new Map(rows.map((r) => [r.name, r.unique]));
      }),
    tables: () =>
      withPg(url, async (c) => {
        const { rows } = await c.query<{ name: string }>(
          `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
        );
        return rows.map((r) => r.name);
      }),
  };
}

async function assertMatchesSchema(shape: DbShape, provider: StoreProvider): Promise<void> {
  const tables = await shape.tables();
  assert.deepEqual(tables.sort(), [...MODELS.map((m) => m.name), '_prisma_migrations'].sort(), 'tables = models + _prisma_migrations');
  for (const model of MODELS) {
    const columns = await shape.columns(model.name);
    assert.deepEqual(
      [...columns.keys()].sort(),
      model.fields.map((f) => f.name).sort(),
      `${provider} ${model.name}: columns must be exactly the scalar fields of schema.prisma`,
    );
    for (const field of model.fields) {
      const column = columns.get(field.name);
      assert.ok(column, `${provider} ${model.name}.${field.name} missing`);
      assert.equal(column.nullable, field.optional, `${provider} ${model.name}.${field.name} nullability`);
      assert.equal(column.type, COLUMN_TYPES[provider][field.type], `${provider} ${model.name}.${field.name} type`);
    }
    assert.deepEqual(
      [...(await shape.indexes(model.name)).entries()].sort(),
      [...model.indexes.entries()].sort(),
      `${provider} ${model.name}: indexes (name, unique) must follow @unique/@@unique/@@index`,
    );
  }
}

// ---------------------------------------------------------------- helpers

const createdDirs: string[] = [];
after(() => {
  for (const dir of createdDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `querent-store-${label}-`));
  createdDirs.push(dir);
  return dir;
}

function fileChecksum(provider: StoreProvider, name = INIT): string {
  return createHash('sha256')
    .update(fs.readFileSync(path.join(migrationsDirectory(provider), name, 'migration.sql')))
    .digest('hex');
}

/** A copy of the provider's migrations plus one that creates a table and then fails. */
function migrationsWithBrokenOne(provider: StoreProvider): { directory: string; broken: string } {
  const directory = path.join(tempDir(`broken-${provider}`), 'migrations');
  fs.cpSync(migrationsDirectory(provider), directory, { recursive: true });
  // Sorts after every real migration, so the real ones apply first and stay applied.
  const broken = '99991231000000_broken';
  fs.mkdirSync(path.join(directory, broken));
  fs.writeFileSync(
    path.join(directory, broken, 'migration.sql'),
    '-- CreateTable\nCREATE TABLE "Partial" ("id" TEXT NOT NULL);\n\nINSERT INTO "Partial" ("id") VALUES (\'x\');\n\nSELECT * FROM "DoesNotExist";\n',
  );
  return { directory, broken };
}

async function rejectsWithCode(promise: Promise<unknown>, code: StoreErrorCode, check?: (e: StoreError) => void): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreError, `expected StoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    check?.(error);
    return error;
  }
  assert.fail(`expected ${code}`);
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number | bigint;
}

/** Raw access to one migrated database, independent of the code under test. */
interface RawDb {
  rows(): Promise<MigrationRow[]>;
  exec(sql: string): Promise<void>;
  tableExists(name: string): Promise<boolean>;
}

function rawSqlite(file: string): RawDb {
  const use = <T>(work: (db: Database.Database) => T): Promise<T> => {
    const db = new Database(file);
    try {
      return Promise.resolve(work(db));
    } finally {
      db.close();
    }
  };
  return {
    rows: () => use((db) => db.prepare('SELECT * FROM "_prisma_migrations" ORDER BY migration_name').all() as MigrationRow[]),
    exec: (sql) => use((db) => void db.exec(sql)),
    tableExists: (name) => use((db) => !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name)),
  };
}

function rawPostgres(url: string): RawDb {
  return {
    rows: () => withPg(url, async (c) => (await c.query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY migration_name')).rows),
    exec: (sql) => withPg(url, async (c) => void (await c.query(sql))),
    tableExists: (name) =>
      withPg(url, async (c) => (await c.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`"${name}"`])).rows[0]?.t != null),
  };
}

/** Runs applyMigrations in `count` separate Node processes started together. */
async function applyFromProcesses(target: MigrationTarget, count: number): Promise<MigrationResult[]> {
  const script =
    "require('@querent/common/dist/store').applyMigrations(JSON.parse(process.argv[1]))" +
    '.then((r) => process.stdout.write(JSON.stringify(r)), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });';
  const runs = Array.from({ length: count }, () =>
    new Promise<MigrationResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script, JSON.stringify(target)], { cwd: REPO_ROOT });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as MigrationResult) : reject(new Error(`child failed: ${err}`))));
    }),
  );
  return Promise.all(runs);
}

// ---------------------------------------------------------------- every model through Prisma

async function exerciseEveryModel(prisma: StorePrismaClient): Promise<void> {
  const at = new Date('2026-11-21T10:11:12.345Z');
  const beyondInt32 = 2n ** 40n + 7n;
  const beyondDouble = 2n ** 62n + 1n; // not representable as a JS number: must survive as bigint
  const tags = ['prod', 'eu', { owner: 'data-team' }];

  const connection = await prisma.connection.create({
    data: { id: 'con-1', name: 'warehouse', dialect: 'postgresql', encryptedUrl: 'v1:abc', displayUrl: 'postgresql://ro@db/wh', tags, lastTestedAt: at, lastTestOk: true },
  });
  assert.equal(connection.isDefault, false);
  assert.equal(connection.isDemo, false);
  assert.equal(connection.description, null);
  assert.ok(connection.createdAt instanceof Date && connection.updatedAt instanceof Date);
  const readConnection = await prisma.connection.findUniqueOrThrow({ where: { name: 'warehouse' } });
  assert.deepEqual(readConnection.tags, tags);
  assert.equal(readConnection.lastTestedAt?.toISOString(), at.toISOString());
  assert.equal(readConnection.lastTestOk, true);
  await assert.rejects(
    prisma.connection.create({ data: { id: 'con-dup', name: 'warehouse', dialect: 'x', encryptedUrl: 'x', displayUrl: 'x', tags: [] } }),
    (e: unknown) => (e as { code?: string }).code === 'P2002',
    'Connection.name is unique',
  );

  await prisma.catalogDatabase.create({ data: { id: 'db-1', connectionId: 'con-1', name: 'wh', fingerprint: 'f0', lastCheckedAt: at } });
  await prisma.catalogSchema.create({ data: { id: 'sc-1', databaseId: 'db-1', name: 'public', tablesLoadedAt: at } });
  const columns = [
    { name: 'id', type: 'bigint', nullable: false },
    { name: 'email', type: 'text', nullable: true, comment: 'unicode ✓ "quoted"' },
  ];
  await prisma.catalogTable.create({
    data: { id: 'tb-1', schemaId: 'sc-1', name: 'customers', kind: 'table', rowEstimate: beyondDouble, columns, primaryKey: ['id'], foreignKeys: [], indexes: { byEmail: ['email'] } },
  });
  const table = await prisma.catalogTable.findUniqueOrThrow({ where: { id: 'tb-1' }, include: { schema: { include: { database: true } } } });
  assert.equal(table.rowEstimate, beyondDouble);
  assert.deepEqual(table.columns, columns);
  assert.deepEqual(table.primaryKey, ['id']);
  assert.deepEqual(table.foreignKeys, []);
  assert.deepEqual(table.indexes, { byEmail: ['email'] });
  assert.equal(table.uniques, null);
  assert.equal(table.schema.database.connectionId, 'con-1');

  const run = await prisma.refreshRun.create({ data: { id: 'rr-1', connectionId: 'con-1', trigger: 'manual', scope: { schemas: ['public'], depth: 2 }, status: 'running' } });
  assert.equal(run.roundTrips, 0);
  assert.equal(run.finishedAt, null);
  await prisma.refreshRun.update({ where: { id: 'rr-1' }, data: { status: 'ok', finishedAt: at, durationMs: 1234, tablesRead: 3 } });
  const readRun = await prisma.refreshRun.findUniqueOrThrow({ where: { id: 'rr-1' } });
  assert.deepEqual(readRun.scope, { schemas: ['public'], depth: 2 });
  assert.equal(readRun.finishedAt?.getTime(), at.getTime());
  assert.equal(readRun.durationMs, 1234);

  await prisma.changeEvent.create({
    data: { id: 'ce-1', connectionId: 'con-1', refreshRunId: 'rr-1', action: 'added', objectType: 'column', schemaName: 'public', tableName: 'customers', columnName: 'email', after: { type: 'text' } },
  });
  const change = await prisma.changeEvent.findUniqueOrThrow({ where: { id: 'ce-1' } });
  assert.deepEqual(change.after, { type: 'text' });
  assert.equal(change.before, null);
  assert.ok(change.detectedAt instanceof Date);

  await prisma.tableProfile.create({ data: { id: 'tp-1', connectionId: 'con-1', schemaName: 'public', tableName: 'customers', rowCount: beyondInt32, rowCountExact: false, rowsSampled: 10_000 } });
  const tableProfile = await prisma.tableProfile.findUniqueOrThrow({
    where: { connectionId_schemaName_tableName: { connectionId: 'con-1', schemaName: 'public', tableName: 'customers' } },
  });
  assert.equal(tableProfile.rowCount, beyondInt32);
  assert.equal(typeof tableProfile.rowCount, 'bigint');
  assert.equal(tableProfile.rowCountExact, false);

  const topValues = [{ value: 'a@x.io', count: 3 }, { value: null, count: 1 }];
  const samples = ['s', 1, 2.5, true, null, [1, 2], { k: 'v' }];
  await prisma.columnProfile.create({
    data: { id: 'cp-1', connectionId: 'con-1', schemaName: 'public', tableName: 'customers', columnName: 'email', nullFraction: 0.125, distinctCount: beyondDouble, distinctExact: true, min: 'a', max: 'z', mean: 1.5, topValues, samples, patterns: { email: 0.98 } },
  });
  const columnProfile = await prisma.columnProfile.findUniqueOrThrow({ where: { id: 'cp-1' } });
  assert.equal(columnProfile.nullFraction, 0.125);
  assert.equal(columnProfile.distinctCount, beyondDouble);
  assert.equal(columnProfile.mean, 1.5);
  assert.deepEqual(columnProfile.topValues, topValues);
  assert.deepEqual(columnProfile.samples, samples);
  assert.deepEqual(columnProfile.patterns, { email: 0.98 });

  await prisma.relationship.create({
    data: { id: 'rl-1', connectionId: 'con-1', fromSchema: 'public', fromTable: 'orders', fromColumns: ['customer_id'], toSchema: 'public', toTable: 'customers', toColumns: ['id'], source: 'inferred', confidence: 0.875, cardinality: 'many-to-one' },
  });
  const relationship = await prisma.relationship.findUniqueOrThrow({ where: { id: 'rl-1' } });
  assert.deepEqual(relationship.fromColumns, ['customer_id']);
  assert.deepEqual(relationship.toColumns, ['id']);
  assert.equal(relationship.confidence, 0.875);

  const body = { text: 'Revenue excludes refunds', refs: [{ table: 'orders', column: 'amount' }], n: 42 };
  await prisma.dataPoint.create({ data: { id: 'dp-1', connectionId: 'con-1', type: 'business', status: 'draft', title: 'Revenue', body, confidence: 0.5, embedding: [0.25, -0.5, 1] } });
  await prisma.dataPoint.update({ where: { id: 'dp-1' }, data: { status: 'approved', reviewedBy: 'ana', reviewedAt: at } });
  const dataPoint = await prisma.dataPoint.findFirstOrThrow({ where: { connectionId: 'con-1', status: 'approved' } });
  assert.deepEqual(dataPoint.body, body);
  assert.deepEqual(dataPoint.embedding, [0.25, -0.5, 1]);
  assert.equal(dataPoint.reviewedAt?.getTime(), at.getTime());
  assert.ok(dataPoint.updatedAt.getTime() >= dataPoint.createdAt.getTime());

  await prisma.queryRun.create({ data: { id: 'qr-1', connectionId: 'con-1', question: 'how many?', sql: 'SELECT count(*) FROM customers', status: 'ok', rowCount: 1, durationMs: 12, user: 'ana', finishedAt: at } });
  const queryRun = await prisma.queryRun.findUniqueOrThrow({ where: { id: 'qr-1' } });
  assert.equal(queryRun.truncated, false);
  assert.equal(queryRun.cacheHit, false);
  assert.equal(queryRun.errorCode, null);
  assert.equal(queryRun.finishedAt?.getTime(), at.getTime());

  const detail = { sql: 'SELECT 1', params: [], nested: { ok: true, list: [1, 'two', null] } };
  await prisma.auditEntry.create({ data: { id: 'ae-1', actor: 'ana', action: 'query.execute', connectionId: 'con-1', target: 'qr-1', detail } });
  await prisma.auditEntry.create({ data: { id: 'ae-2', actor: 'system', action: 'startup', detail: [] } });
  const audit = await prisma.auditEntry.findMany({ orderBy: { id: 'asc' } });
  assert.equal(audit.length, 2);
  assert.deepEqual(audit[0]?.detail, detail);
  assert.deepEqual(audit[1]?.detail, []);
  assert.equal(audit[1]?.connectionId, null);
  assert.ok(audit[0]?.at instanceof Date && Math.abs(audit[0].at.getTime() - Date.now()) < 60_000, 'default now() is a current Date');

  // Filters and ordering on DateTime must compare instants, whatever the storage format.
  assert.equal(await prisma.refreshRun.count({ where: { finishedAt: { gte: at } } }), 1);
  assert.equal(await prisma.refreshRun.count({ where: { finishedAt: { gt: at } } }), 0);
  // BigInt comparisons beyond 2^53 must be exact.
  assert.equal(await prisma.catalogTable.count({ where: { rowEstimate: { gt: beyondDouble - 1n } } }), 1);
  assert.equal(await prisma.catalogTable.count({ where: { rowEstimate: { gt: beyondDouble } } }), 0);

  // Cascade: deleting the connection removes its whole catalog (database -> schema -> table) and nothing else.
  await prisma.connection.delete({ where: { id: 'con-1' } });
  assert.equal(await prisma.catalogDatabase.count(), 0);
  assert.equal(await prisma.catalogSchema.count(), 0);
  assert.equal(await prisma.catalogTable.count(), 0);
  assert.equal(await prisma.refreshRun.count(), 1, 'history without a foreign key is kept');
  assert.equal(await prisma.auditEntry.count(), 2);
}

// ---------------------------------------------------------------- the suites, once per provider

interface ProviderFixture {
  provider: StoreProvider;
  /** A fresh, empty database: its migration target, raw access, catalog view and a store factory. */
  fresh(): Promise<{ target: MigrationTarget; raw: RawDb; shape: DbShape; open(migrate?: boolean): Promise<PrismaStore> }>;
  cleanup(): Promise<void>;
}

function sqliteFixture(): ProviderFixture {
  return {
    provider: 'sqlite',
    fresh: async () => {
      const dataDir = tempDir('sqlite');
      const file = path.join(dataDir, 'querent.db');
      return {
        target: { provider: 'sqlite', file },
        raw: rawSqlite(file),
        shape: sqliteShape(file),
        open: (migrate) => openPrismaStore({ dataDir, migrate }),
      };
    },
    cleanup: async () => undefined,
  };
}

function postgresFixture(): ProviderFixture {
  const drops: (() => Promise<void>)[] = [];
  return {
    provider: 'postgresql',
    fresh: async () => {
      const db = await createTempPostgresDatabase();
      drops.push(db.drop);
      return {
        target: { provider: 'postgresql', url: db.url },
        raw: rawPostgres(db.url),
        shape: postgresShape(db.url),
        open: (migrate) => openPrismaStore({ databaseUrl: db.url, dataDir: UNUSED_DATA_DIR, migrate }),
      };
    },
    cleanup: async () => {
      for (const drop of drops) await drop();
    },
  };
}

for (const fixture of [sqliteFixture(), postgresFixture()]) {
  const { provider } = fixture;

  describe(`store on ${provider}`, () => {
    after(() => fixture.cleanup());

    it('applies the init migration to a fresh database, records it like Prisma, and a rerun is a no-op', async () => {
      const { target, raw } = await fixture.fresh();
      const started = Date.now();
      const first = await applyMigrations(target);
      const elapsed = Date.now() - started;
      assert.deepEqual(first, { applied: allMigrations(provider), alreadyApplied: [] });
      const rows = await raw.rows();
      assert.deepEqual(rows.map((r) => r.migration_name), allMigrations(provider));
      const row = rows[0]!;
      assert.equal(row.migration_name, INIT);
      assert.equal(row.checksum, fileChecksum(provider));
      assert.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(row.finished_at, null);
      assert.equal(row.rolled_back_at, null);
      assert.equal(row.logs, null);
      assert.equal(Number(row.applied_steps_count), 1);
      const finished = row.finished_at instanceof Date ? row.finished_at.getTime() : Number(row.finished_at);
      const startedAt = row.started_at instanceof Date ? row.started_at.getTime() : Number(row.started_at);
      assert.ok(Math.abs(finished - Date.now()) < 60_000 && startedAt <= finished, 'timestamps are real instants, started <= finished');

      const second = await applyMigrations(target);
      assert.deepEqual(second, { applied: [], alreadyApplied: allMigrations(provider) });
      assert.equal((await raw.rows()).length, allMigrations(provider).length);
      console.log(`# ${provider}: init migration applied in ${elapsed} ms`);
    });

    it('creates exactly the tables, columns, types, nullability and indexes of prisma/schema.prisma', async () => {
      const { target, shape } = await fixture.fresh();
      await applyMigrations(target);
      // The parser must see every `model` block of the file, whatever the count grows to.
      assert.equal(MODELS.length, (fs.readFileSync(SCHEMA_FILE, 'utf8').match(/^model \w+ \{/gm) ?? []).length);
      assert.ok(MODELS.length >= 13);
      await assertMatchesSchema(shape, provider);
    });

    it('creates and reads back every model through the Prisma client (Json, BigInt, DateTime, cascade)', async () => {
      const { open } = await fixture.fresh();
      const store = await open();
      try {
        assert.equal(store.provider, provider);
        await exerciseEveryModel(store.prisma);
      } finally {
        await store.close();
      }
    });

    it('refuses a migration whose recorded checksum differs from the file (STORE_MIGRATION_MODIFIED)', async () => {
      const { target, raw } = await fixture.fresh();
      await applyMigrations(target);
      await raw.exec(`UPDATE "_prisma_migrations" SET "checksum" = '${'0'.repeat(64)}' WHERE "migration_name" = '${INIT}'`);
      await rejectsWithCode(applyMigrations(target), 'STORE_MIGRATION_MODIFIED', (e) => assert.match(e.message, new RegExp(INIT)));
    });

    it('accepts a checkout that only changed line endings, as Prisma does', async () => {
      const { target, raw } = await fixture.fresh();
      await applyMigrations(target);
      const crlf = fs.readFileSync(path.join(migrationsDirectory(provider), INIT, 'migration.sql'), 'utf8').replace(/\n/g, '\r\n');
      await raw.exec(`UPDATE "_prisma_migrations" SET "checksum" = '${createHash('sha256').update(crlf).digest('hex')}' WHERE "migration_name" = '${INIT}'`);
      assert.deepEqual(await applyMigrations(target), { applied: [], alreadyApplied: allMigrations(provider) });
    });

    it('rolls a broken migration back completely and reports it (STORE_MIGRATION_FAILED)', async () => {
      const { target, raw } = await fixture.fresh();
      const { directory, broken } = migrationsWithBrokenOne(provider);
      await rejectsWithCode(applyMigrations(target, { directory }), 'STORE_MIGRATION_FAILED', (e) => {
        assert.match(e.message, new RegExp(broken));
        assert.match(e.message, /DoesNotExist/);
      });
      assert.equal(await raw.tableExists('Partial'), false, 'no table from the broken migration');
      assert.deepEqual((await raw.rows()).map((r) => r.migration_name), allMigrations(provider), 'no row claims the broken one; the good ones stay applied');
      assert.equal(await raw.tableExists('Connection'), true);
      // Still broken on a rerun, and still nothing left behind.
      await rejectsWithCode(applyMigrations(target, { directory }), 'STORE_MIGRATION_FAILED');
      assert.deepEqual((await raw.rows()).map((r) => r.migration_name), allMigrations(provider));
    });

    it('refuses to start over a migration Prisma recorded as failed', async () => {
      const { target, raw } = await fixture.fresh();
      await applyMigrations(target);
      await raw.exec(`UPDATE "_prisma_migrations" SET "finished_at" = NULL, "logs" = 'boom'`);
      await rejectsWithCode(applyMigrations(target), 'STORE_MIGRATION_FAILED', (e) => assert.match(e.message, new RegExp(`${INIT}.*boom`)));
    });

    it('lets only one of several processes starting together apply a migration', async () => {
      const { target, raw } = await fixture.fresh();
      const results = await applyFromProcesses(target, 4);
      assert.equal(results.filter((r) => r.applied.includes(INIT)).length, 1, JSON.stringify(results));
      assert.equal(results.filter((r) => r.alreadyApplied.includes(INIT)).length, 3, JSON.stringify(results));
      assert.equal((await raw.rows()).length, allMigrations(provider).length);
    });

    it('opens without migrating when told to, and migrates on open by default', async () => {
      const { open, raw } = await fixture.fresh();
      const bare = await open(false);
      await bare.close();
      assert.equal(await raw.tableExists('Connection'), false);
      const store = await open();
      try {
        assert.equal(await store.prisma.connection.count(), 0);
        assert.deepEqual((await raw.rows()).map((r) => r.migration_name), allMigrations(provider));
      } finally {
        await store.close();
      }
    });
  });
}

describe('store on postgresql with ?schema=', () => {
  it('creates the schema, migrates into it and points the Prisma client at it', async () => {
    const db = await createTempPostgresDatabase();
    try {
      const url = `${db.url}?schema=querent_state`;
      const store = await openPrismaStore({ databaseUrl: url, dataDir: UNUSED_DATA_DIR });
      try {
        await store.prisma.auditEntry.create({ data: { id: 'a', actor: 'x', action: 'y', detail: { ok: true } } });
        assert.equal(store.location, url);
      } finally {
        await store.close();
      }
      const where = await withPg(db.url, async (c) =>
        (await c.query<{ schemaname: string; tablename: string }>(
          `SELECT schemaname, tablename FROM pg_tables WHERE tablename IN ('AuditEntry', '_prisma_migrations') ORDER BY tablename`,
        )).rows,
      );
      assert.deepEqual(where, [
        { schemaname: 'querent_state', tablename: 'AuditEntry' },
        { schemaname: 'querent_state', tablename: '_prisma_migrations' },
      ]);
      const count = await withPg(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM querent_state."AuditEntry"')).rows[0]);
      assert.deepEqual(count, { n: 1 });
      assert.deepEqual(await applyMigrations({ provider: 'postgresql', url }), { applied: [], alreadyApplied: allMigrations('postgresql') });
    } finally {
      await db.drop();
    }
  });
});

describe('store: locations, URLs and failures', () => {
  it('finds both migrations folders from the compiled code', () => {
    assert.equal(migrationsDirectory('sqlite'), path.join(REPO_ROOT, 'prisma', 'migrations'));
    assert.equal(migrationsDirectory('postgresql'), path.join(REPO_ROOT, 'prisma', 'postgresql', 'migrations'));
    for (const provider of ['sqlite', 'postgresql'] as const) {
      const lock = fs.readFileSync(path.join(migrationsDirectory(provider), 'migration_lock.toml'), 'utf8');
      assert.match(lock, new RegExp(`^provider = "${provider}"$`, 'm'));
    }
  });

  it('creates <dataDir>/querent.db in WAL mode by default, and accepts file: URLs', async () => {
    const dataDir = path.join(tempDir('default'), 'nested', 'data');
    const store = await openPrismaStore({ dataDir });
    try {
      assert.equal(store.location, path.join(dataDir, 'querent.db'));
      const mode = await store.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      assert.equal(mode[0]?.journal_mode, 'wal');
    } finally {
      await store.close();
    }
    const other = path.join(path.dirname(dataDir), 'elsewhere.db');
    const viaUrl = await openPrismaStore({ databaseUrl: `file:${other}`, dataDir });
    try {
      assert.equal(viaUrl.location, other);
      assert.equal(await viaUrl.prisma.connection.count(), 0);
    } finally {
      await viaUrl.close();
    }
  });

  it('rejects an unsupported DATABASE_URL by naming the accepted forms, without echoing it', async () => {
    await assert.rejects(openPrismaStore({ databaseUrl: 'mysql://u:s3cret@h/db', dataDir: UNUSED_DATA_DIR }), (e: Error) => {
      assert.match(e.message, /DATABASE_URL/);
      assert.match(e.message, /postgresql:\/\//);
      assert.match(e.message, /file:/);
      assert.doesNotMatch(e.message, /s3cret/);
      return true;
    });
  });

  it('fails fast with STORE_UNREACHABLE and no password when PostgreSQL refuses the connection', async () => {
    const url = 'postgresql://u:s3cret@127.0.0.1:1/x';
    for (const migrate of [true, false]) {
      const started = Date.now();
      const error = await rejectsWithCode(openPrismaStore({ databaseUrl: url, dataDir: UNUSED_DATA_DIR, migrate }), 'STORE_UNREACHABLE');
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 6_000, `took ${elapsed} ms`);
      assert.doesNotMatch(error.message, /s3cret/);
      assert.doesNotMatch(JSON.stringify(error), /s3cret/);
      assert.doesNotMatch(String(error.stack), /s3cret/);
      assert.match(error.message, /127\.0\.0\.1:1/);
      console.log(`# refused (migrate=${migrate}): ${elapsed} ms: ${error.message}`);
    }
  });

  it('gives up on a server that accepts but never answers after the ~5 s connection timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const error = await rejectsWithCode(
        applyMigrations({ provider: 'postgresql', url: `postgresql://u:s3cret@127.0.0.1:${port}/x` }),
        'STORE_UNREACHABLE',
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 4_500 && elapsed < 8_000, `took ${elapsed} ms`);
      assert.doesNotMatch(error.message, /s3cret/);
      console.log(`# silent server: ${elapsed} ms: ${error.message}`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('redactUrl hides the password and nothing else', () => {
    assert.equal(redactUrl('postgresql://u:s3cret@db:5432/x'), 'postgresql://u:***@db:5432/x');
    assert.equal(redactUrl('postgres://user:p%40ss@db/x?sslmode=require'), 'postgres://user:***@db/x?sslmode=require');
    assert.equal(redactUrl('postgresql://u:pa@ss/w@db/x'), 'postgresql://u:***@db/x', 'unencoded @ and / stay hidden');
    assert.equal(redactUrl('postgresql://u@db/x'), 'postgresql://u@db/x');
    assert.equal(redactUrl('postgresql://db:5432/x'), 'postgresql://db:5432/x');
    assert.equal(redactUrl('postgresql://u@db/x?password=s3cret&sslmode=disable'), 'postgresql://u@db/x?password=***&sslmode=disable');
    assert.equal(redactUrl('file:/tmp/querent.db'), 'file:/tmp/querent.db');
  });
});
