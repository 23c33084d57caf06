// Profiling against real SQLite, PostgreSQL, MariaDB and DuckDB: exact statistics on a small fixture, bounded sampling
// of a large table with each engine's own sampling, re-profiling only on a structure or row-estimate change, budgets,
// cancellation that leaves no half-written profile, Chinook's Customer.Email detected as email on three engines, and
// the GraphQL surface (profileDatabase with wait: true, Table.profile, Column.profile, roles) through the gateway.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createLogger, loadSettings, TOPICS, type ProfileProgressPayload } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { computeColumnStatistics, estimateDistinct } from '@querent/catalog/dist/profiling/column-statistics';
import { detectPatterns, matchesPattern, type ValuePattern } from '@querent/catalog/dist/profiling/value-patterns';
import type { ProfileJobRecord } from '@querent/catalog/dist/profiling/profile-repository';
import { openProfileStack, type ProfileStack } from './support/profile-stack';
import { createTempPostgresDatabase } from './support/postgres';
import { loadChinookMysql, loadChinookPostgres, SAMPLE_DATA_DIR } from './support/sample-databases';
import { graphql } from './support/processes';
import { openScratchDatabase } from './support/scratch-databases';

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `querent-profiling-${prefix}-`));
  dirs.push(dir);
  return dir;
}

async function stackFor(url: string, budgets?: Parameters<typeof openProfileStack>[0]['budgets'], now?: () => number): Promise<ProfileStack> {
  const stack = await openProfileStack({ dataDir: tempDir('store'), url, budgets, now });
  cleanups.push(() => stack.close());
  return stack;
}

async function profile(stack: ProfileStack, tables: string[] | null, options: { sampleSize?: number; force?: boolean } = {}): Promise<ProfileJobRecord> {
  const job = await stack.jobs.start({ connectionId: stack.connectionId, tables, sampleSize: options.sampleSize, force: options.force });
  return stack.jobs.wait(job.id);
}

async function columnProfiles(stack: ProfileStack, schema: string, table: string) {
  return new Map((await stack.profiles.columnProfiles(stack.connectionId, [{ schema, table }])).map((c) => [c.column, c]));
}

async function tableProfile(stack: ProfileStack, schema: string, table: string) {
  const [p] = await stack.profiles.tableProfiles(stack.connectionId, [{ schema, table }]);
  return p;
}

// ---------------------------------------------------------------------------------------------- engines

interface EngineDb {
  url: string;
  /** The schema unqualified names resolve to. */
  schema: string;
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

interface Engine {
  name: string;
  open(): Promise<EngineDb>;
  types: { int: string; money: string; text: string; date: string; blob: string };
  /** A binary literal from hex digits. */
  blob(hex: string): string;
  /** Rows of the large table, and the statement that fills it with ids from..to. */
  bigRows: number;
  fillBig(from: number, to: number): string;
  /** Refreshes the engine's statistics after a bulk insert (its row estimate). */
  analyze: string;
  sampleMethod: string;
}

const engines: Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const db = await openScratchDatabase('sqlite', 'querent-profiling-');
      await db.exec('PRAGMA journal_mode = DELETE');
      return { url: db.url, schema: 'main', exec: db.exec, drop: db.drop };
    },
    types: { int: 'INTEGER', money: 'DECIMAL(10,2)', text: 'VARCHAR(200)', date: 'DATE', blob: 'BLOB' },
    blob: (hex) => `X'${hex}'`,
    bigRows: 60_000,
    fillBig: (from, to) => `INSERT INTO big WITH RECURSIVE s(g) AS (SELECT ${from} UNION ALL SELECT g + 1 FROM s WHERE g < ${to}) SELECT g, g % 7, 'L' || (g % 1000) FROM s`,
    analyze: 'SELECT 1',
    sampleMethod: 'random-keys',
  },
  {
    name: 'postgres',
    async open() {
      const db = await openScratchDatabase('postgres');
      return { url: db.url, schema: 'public', exec: db.exec, drop: db.drop };
    },
    types: { int: 'integer', money: 'numeric(10,2)', text: 'varchar(200)', date: 'date', blob: 'bytea' },
    blob: (hex) => `decode('${hex}', 'hex')`,
    // Above the BERNOULLI size: the SYSTEM (page) sample is the one exercised.
    bigRows: 150_000,
    fillBig: (from, to) => `INSERT INTO big SELECT g, g % 7, 'L' || (g % 1000) FROM generate_series(${from}, ${to}) AS g`,
    analyze: 'ANALYZE',
    sampleMethod: 'tablesample-system',
  },
  {
    name: 'mariadb',
    async open() {
      const db = await openScratchDatabase('mysql');
      return { url: db.url, schema: db.name, exec: db.exec, drop: db.drop };
    },
    types: { int: 'int', money: 'decimal(10,2)', text: 'varchar(200)', date: 'date', blob: 'blob' },
    blob: (hex) => `X'${hex}'`,
    bigRows: 60_000,
    fillBig: (from, to) => `INSERT INTO big SELECT seq, seq % 7, CONCAT('L', seq % 1000) FROM seq_${from}_to_${to}`,
    analyze: 'ANALYZE TABLE big',
    sampleMethod: 'random-keys',
  },
  {
    name: 'duckdb',
    async open() {
      const db = await openScratchDatabase('duckdb', 'querent-profiling-');
      return { url: db.url, schema: 'main', exec: db.exec, drop: db.drop };
    },
    types: { int: 'INTEGER', money: 'DECIMAL(10,2)', text: 'VARCHAR', date: 'DATE', blob: 'BLOB' },
    blob: (hex) => `unhex('${hex}')`,
    bigRows: 60_000,
    fillBig: (from, to) => `INSERT INTO big SELECT range, range % 7, 'L' || (range % 1000) FROM range(${from}, ${to + 1})`,
    analyze: 'CHECKPOINT',
    sampleMethod: 'using-sample-reservoir',
  },
];

/** The small fixture: 12 rows whose statistics are known exactly. */
const STATUSES = ['paid', 'paid', 'paid', 'paid', 'paid', 'shipped', 'shipped', 'shipped', 'new', 'new', 'cancelled', 'paid'];
function fixtureRow(e: Engine, i: number): string {
  const note = i % 4 === 0 ? 'NULL' : `'${i % 2 === 0 ? 'even' : 'odd'}'`;
  const day = String(i).padStart(2, '0');
  // Three distinct blobs, one row in six without one.
  const doc = i % 6 === 0 ? 'NULL' : e.blob(['00ff10', 'cafebabe', '0102030405'][i % 3]);
  return `(${i}, ${(i * 2.5).toFixed(2)}, '${STATUSES[(i - 1) % 12]}', 'user${i}@example.com', '${['USD', 'EUR', 'GBP'][i % 3]}', '2024-01-${day}', ${note}, 'https://example.com/p/${i}', ${doc})`;
}
function fixtureSql(e: Engine): string {
  const t = e.types;
  return `CREATE TABLE fixture (id ${t.int} PRIMARY KEY, amount ${t.money}, status ${t.text} NOT NULL, email ${t.text}, currency ${t.text}, created ${t.date}, note ${t.text}, site ${t.text}, doc ${t.blob});
INSERT INTO fixture VALUES ${Array.from({ length: 12 }, (_, i) => fixtureRow(e, i + 1)).join(', ')};
CREATE TABLE big (id ${t.int} PRIMARY KEY, grp ${t.int} NOT NULL, label ${t.text} NOT NULL);`;
}

// ---------------------------------------------------------------------------------------------- domain, no engine

describe('value patterns and statistics', () => {
  it('matches each pattern on typical values and refuses look-alikes', () => {
    const cases: [ValuePattern, string[], string[]][] = [
      ['EMAIL', ['luisg@embraer.com.br', 'a.b+c@sub.example.org'], ['not an email', 'a@b', '@example.com']],
      ['PHONE', ['+55 (12) 3923-5555', '+1 (780) 434-4554', '030 2638 1234', '+4930123456'], ['2024-01-01', '12345678', '3.14159265', 'call me']],
      ['URL', ['https://example.com/p/1', 'http://localhost:4000/graphql'], ['example.com', 'https://', 'mailto:x@y.z']],
      ['UUID', ['3f2504e0-4f89-11d3-9a0c-0305e82c3301'], ['3f2504e0-4f89-11d3-9a0c', 'zz2504e0-4f89-11d3-9a0c-0305e82c3301']],
      ['ISO_DATE', ['2024-02-29', '2009-01-01 00:00:00', '2024-06-01T12:30:00Z', '2024-06-01T12:30:00.123+02:00'], ['2023-02-29', '2024-13-01', '01/02/2024', '20240101']],
      ['CURRENCY_CODE', ['USD', 'EUR', 'JPY'], ['usd', 'ABC', 'US']],
      ['COUNTRY_CODE', ['US', 'DE', 'BRA', 'JPN'], ['us', 'XX', 'USD']],
      ['JSON', ['{"a":1}', '[1,2]', ' {"nested":{"b":[true,null]}} '], ['{a:1}', '[1,2', 'null', '42']],
    ];
    for (const [pattern, yes, no] of cases) {
      for (const v of yes) assert.ok(matchesPattern(pattern, v), `${pattern} should match ${v}`);
      for (const v of no) assert.ok(!matchesPattern(pattern, v), `${pattern} should not match ${v}`);
    }
  });

  it('reports a pattern only when at least 90% of the non-null values match', () => {
    const counts = (matching: number, other: number) => new Map<unknown, number>([['x@example.com', matching], ['n/a', other]]);
    assert.deepEqual(detectPatterns(counts(9, 1)), ['EMAIL']);
    assert.deepEqual(detectPatterns(counts(8, 2)), []);
    assert.deepEqual(detectPatterns(counts(8, 2), { threshold: 0.8 }), ['EMAIL']);
    assert.deepEqual(detectPatterns(new Map<unknown, number>([['US', 5], [12, 5]])), [], 'numbers never match a text pattern');
  });

  it('computes exact statistics when every row was read, and estimates distinct values from a sample', () => {
    const s = computeColumnStatistics([3, 1, null, 2, 2, null, 10], { kind: 'number', complete: true, tableRows: 7 });
    assert.equal(s.nullFraction, 2 / 7);
    assert.equal(s.distinctCount, 4);
    assert.equal(s.distinctExact, true);
    assert.deepEqual([s.min, s.max, s.mean], ['1', '10', 18 / 5]);
    assert.deepEqual(s.topValues[0], { value: '2', count: 2 });

    // Duj1 (Haas–Stokes): every value seen twice → all were seen; every value once → taken as unique.
    assert.equal(estimateDistinct(1000, 500, 0, 1_000_000), 500);
    assert.equal(estimateDistinct(1000, 1000, 1000, 1_000_000), 1_000_000);
    const mixed = estimateDistinct(1000, 700, 500, 1_000_000);
    assert.ok(mixed > 700 && mixed < 1_000_000, `between what was seen and the table size, got ${mixed}`);

    const dates = computeColumnStatistics(['2024-01-03', '2024-01-01', '2024-01-02'], { kind: 'text', complete: true, tableRows: 3 });
    assert.deepEqual(dates.patterns, ['ISO_DATE']);
    assert.equal(dates.kind, 'date', 'dates stored as text read as dates');
    assert.deepEqual([dates.min, dates.max], ['2024-01-01', '2024-01-03']);
    assert.equal(new Date(dates.mean as number).toISOString(), '2024-01-02T00:00:00.000Z');
  });
});

// ---------------------------------------------------------------------------------------------- every engine

for (const engine of engines) {
  describe(`profiling on ${engine.name}`, () => {
    let db: EngineDb;
    let stack: ProfileStack;
    let first: ProfileJobRecord;
    const events: ProfileProgressPayload[] = [];

    before(async () => {
      db = await engine.open();
      cleanups.push(() => db.drop());
      await db.exec(fixtureSql(engine));
      await db.exec(engine.fillBig(1, engine.bigRows));
      await db.exec(engine.analyze);
      stack = await stackFor(db.url);
      await stack.bus.subscribe(TOPICS.PROFILE_PROGRESS, (e) => events.push(e));
      first = await profile(stack, ['fixture', 'big'], { sampleSize: 2000 });
    });

    it('finishes the job and reports its progress on the bus', async () => {
      assert.equal(first.status, 'SUCCEEDED', first.error ?? '');
      assert.deepEqual([first.tablesTotal, first.tablesDone, first.tablesProfiled, first.tablesFailed], [2, 2, 2, 0]);
      assert.ok(first.finishedAt);
      const mine = events.filter((e) => e.jobId === first.id);
      assert.deepEqual(mine.map((e) => e.phase), ['STARTED', 'TABLE_PROFILED', 'TABLE_PROFILED', 'FINISHED']);
      assert.deepEqual(mine.map((e) => e.tablesDone), [0, 1, 2, 2]);
      assert.equal(mine.at(-1)?.status, 'SUCCEEDED');
    });

    it('computes exact statistics on a small table', async () => {
      const table = await tableProfile(stack, db.schema, 'fixture');
      assert.deepEqual([table.rowCount, table.rowCountExact, table.rowsSampled, table.sampleMethod], [12, true, 12, 'full']);
      const c = await columnProfiles(stack, db.schema, 'fixture');
      assert.deepEqual([...c.keys()].sort(), ['amount', 'created', 'currency', 'doc', 'email', 'id', 'note', 'site', 'status']);
      for (const p of c.values()) assert.equal(p.distinctExact, true, `${p.column} is exact`);

      const amount = c.get('amount')!;
      assert.deepEqual([Number(amount.min), Number(amount.max), amount.mean, amount.kind], [2.5, 30, 16.25, 'number']);
      assert.deepEqual([amount.nullFraction, amount.distinctCount], [0, 12]);

      const status = c.get('status')!;
      assert.equal(status.distinctCount, 4);
      assert.deepEqual(status.topValues, [{ value: 'paid', count: 6 }, { value: 'shipped', count: 3 }, { value: 'new', count: 2 }, { value: 'cancelled', count: 1 }]);
      assert.equal(status.min, null, 'no min/max for plain text');

      const note = c.get('note')!;
      assert.deepEqual([note.nullFraction, note.distinctCount], [0.25, 2]);
      assert.deepEqual(note.topValues, [{ value: 'odd', count: 6 }, { value: 'even', count: 3 }]);

      const created = c.get('created')!;
      assert.equal(created.kind, 'date');
      assert.deepEqual([String(created.min).slice(0, 10), String(created.max).slice(0, 10)], ['2024-01-01', '2024-01-12']);
      assert.equal(new Date(created.mean as number).toISOString().slice(0, 10), '2024-01-06', 'mean of Jan 1–12 is Jan 6, 12:00');

      // Binary values are read as digests: counted, never shown.
      const doc = c.get('doc')!;
      assert.deepEqual([doc.kind, doc.nullFraction, doc.distinctCount, doc.samples, doc.topValues, doc.patterns], ['binary', 2 / 12, 3, [], [], []]);

      assert.deepEqual(c.get('email')!.patterns, ['EMAIL']);
      assert.deepEqual(c.get('currency')!.patterns, ['CURRENCY_CODE']);
      assert.deepEqual(c.get('site')!.patterns, ['URL']);
      assert.deepEqual(c.get('status')!.patterns, []);
      assert.equal(c.get('email')!.samples.length, 5);
      assert.ok(c.get('email')!.samples.every((s) => /^user\d+@example\.com$/.test(s)));
    });

    it(`samples the large table with the engine's own sampling (${engine.sampleMethod}), never reading it whole`, async () => {
      const table = await tableProfile(stack, db.schema, 'big');
      assert.equal(table.rowCountExact, false);
      assert.equal(table.sampleMethod, engine.sampleMethod);
      assert.ok(table.rowsSampled >= 1000 && table.rowsSampled <= 2000, `1,000–2,000 rows sampled, got ${table.rowsSampled}`);
      assert.ok(Math.abs(table.rowCount - engine.bigRows) / engine.bigRows < 0.25, `row estimate ${table.rowCount} near ${engine.bigRows}`);
      assert.ok(first.rowsRead <= 12 + 2000, `rows read into Querent: ${first.rowsRead}`);
      const c = await columnProfiles(stack, db.schema, 'big');
      const grp = c.get('grp')!;
      assert.equal(grp.distinctExact, false);
      assert.equal(grp.distinctCount, 7, 'seven groups, each seen many times in the sample');
      assert.deepEqual(grp.topValues.map((t) => t.value).sort(), ['0', '1', '2', '3', '4', '5', '6']);
      assert.equal(grp.topValues.reduce((n, t) => n + t.count, 0), table.rowsSampled, 'top-value counts are counts among the rows read');
      const label = c.get('label')!;
      assert.ok(label.distinctCount >= 500 && label.distinctCount <= 2000, `~1,000 labels estimated, got ${label.distinctCount}`);
      const id = c.get('id')!;
      assert.ok(Math.abs(id.distinctCount - engine.bigRows) / engine.bigRows < 0.25, `id looks unique: ${id.distinctCount}`);
      assert.ok(Number(id.min) >= 1 && Number(id.max) <= engine.bigRows);
    });

    it('re-profiles a table only when its structure or its row count moved by more than 20%', async () => {
      const before = await tableProfile(stack, db.schema, 'fixture');
      const again = await profile(stack, ['fixture', 'big'], { sampleSize: 2000 });
      assert.deepEqual([again.status, again.tablesUnchanged, again.tablesProfiled], ['SUCCEEDED', 2, 0]);
      assert.equal(again.rowsRead, 0);
      assert.equal((await tableProfile(stack, db.schema, 'fixture')).profiledAt.getTime(), before.profiledAt.getTime());

      // 12 → 14 rows (+17%): kept; 12 → 16 (+33%): re-profiled.
      await db.exec(`INSERT INTO fixture VALUES ${fixtureRow(engine, 13)}, ${fixtureRow(engine, 14)}`);
      assert.equal((await profile(stack, ['fixture'])).tablesUnchanged, 1);
      await db.exec(`INSERT INTO fixture VALUES ${fixtureRow(engine, 15)}, ${fixtureRow(engine, 16)}`);
      const grown = await profile(stack, ['fixture']);
      assert.deepEqual([grown.tablesProfiled, grown.tablesUnchanged], [1, 0]);
      assert.equal((await tableProfile(stack, db.schema, 'fixture')).rowCount, 16);

      // The large table's estimate moves by 40%: re-profiled.
      await db.exec(engine.fillBig(engine.bigRows + 1, Math.round(engine.bigRows * 1.4)));
      await db.exec(engine.analyze);
      const bigger = await profile(stack, ['big'], { sampleSize: 2000 });
      assert.equal(bigger.tablesProfiled, 1, 'the 40% larger table is profiled again');
      assert.ok((await tableProfile(stack, db.schema, 'big')).rowCount > engine.bigRows * 1.2);

      // A new column changes the structure fingerprint (once the schema memory has seen it).
      await db.exec(`ALTER TABLE fixture ADD COLUMN extra ${engine.types.int}`);
      await stack.memory.refresh(stack.connectionId, { schema: db.schema, table: 'fixture', force: true }, 'user');
      const altered = await profile(stack, ['fixture']);
      assert.equal(altered.tablesProfiled, 1);
      assert.ok((await columnProfiles(stack, db.schema, 'fixture')).has('extra'));
      assert.equal((await columnProfiles(stack, db.schema, 'fixture')).get('extra')!.nullFraction, 1);

      // force re-profiles regardless.
      assert.equal((await profile(stack, ['fixture'], { force: true })).tablesProfiled, 1);
    });
  });
}

// ---------------------------------------------------------------------------------------------- budgets and cancellation

/** No column profile without its table profile; every table profile with one column profile per column. */
async function assertNothingHalfWritten(stack: ProfileStack, columnsPerTable: number): Promise<number> {
  const prisma = stack.store.prisma;
  const tables = await prisma.tableProfile.findMany({ where: { connectionId: stack.connectionId } });
  const columns = await prisma.columnProfile.findMany({ where: { connectionId: stack.connectionId } });
  const tableKeys = new Set(tables.map((t) => `${t.schemaName}.${t.tableName}`));
  const orphans = columns.filter((c) => !tableKeys.has(`${c.schemaName}.${c.tableName}`));
  assert.deepEqual(orphans.map((c) => `${c.tableName}.${c.columnName}`), [], 'column profiles without their table profile');
  for (const t of tables) {
    const own = columns.filter((c) => c.schemaName === t.schemaName && c.tableName === t.tableName);
    assert.equal(own.length, columnsPerTable, `${t.tableName}: one column profile per column`);
    assert.ok(own.every((c) => c.profiledAt.getTime() === t.profiledAt.getTime()), `${t.tableName}: written together`);
  }
  return tables.length;
}

describe('budgets and cancellation', () => {
  const TABLES = 24;
  let pgUrl: string;
  let sqliteUrl: string;

  before(async () => {
    const pg = await createTempPostgresDatabase();
    cleanups.push(pg.drop);
    pgUrl = pg.url;
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    try {
      for (let i = 0; i < TABLES; i++) {
        await c.query(`CREATE TABLE t${String(i).padStart(2, '0')} AS SELECT g AS id, g % 13 AS grp, md5(g::text) AS h FROM generate_series(1, 30000) AS g`);
      }
      await c.query('ANALYZE');
    } finally {
      await c.end();
    }
    const file = path.join(tempDir('cancel'), 'many.db');
    const lite = new Database(file);
    try {
      for (let i = 0; i < TABLES; i++) {
        lite.exec(`CREATE TABLE t${String(i).padStart(2, '0')} (id INTEGER PRIMARY KEY, grp INTEGER, h TEXT);
          INSERT INTO t${String(i).padStart(2, '0')} WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 20000) SELECT g, g % 13, hex(randomblob(8)) FROM s;`);
      }
    } finally {
      lite.close();
    }
    sqliteUrl = `sqlite://${file}`;
  });

  for (const [name, url] of [['postgres', () => pgUrl], ['sqlite', () => sqliteUrl]] as const) {
    it(`a job cancelled mid-run on ${name} keeps the tables it finished and leaves no half-written profile`, async () => {
      const stack = await stackFor(url());
      const job = await stack.jobs.start({ connectionId: stack.connectionId, tables: null, sampleSize: 1000 });
      const firstDone = new Promise<void>((resolve) => {
        void stack.bus.subscribe(TOPICS.PROFILE_PROGRESS, (e) => {
          if (e.jobId === job.id && e.phase === 'TABLE_PROFILED') resolve();
        });
      });
      await firstDone;
      const cancelled = await stack.jobs.cancel(job.id);
      assert.equal(cancelled.status, 'CANCELLED');
      assert.ok(cancelled.finishedAt);
      assert.equal(cancelled.tablesTotal, TABLES);
      assert.ok(cancelled.tablesProfiled >= 1 && cancelled.tablesProfiled < TABLES, `cancelled part-way: ${cancelled.tablesProfiled} of ${TABLES}`);
      const written = await assertNothingHalfWritten(stack, 3);
      assert.equal(written, cancelled.tablesProfiled, 'exactly the finished tables have profiles');
      const stored = await stack.profiles.getJob(job.id);
      assert.deepEqual([stored?.status, stored?.tablesProfiled], ['CANCELLED', cancelled.tablesProfiled]);

      // Cancelling again answers with the finished job; a new job picks up where it stopped.
      assert.equal((await stack.jobs.cancel(job.id)).status, 'CANCELLED');
      const rest = await profile(stack, null, { sampleSize: 1000 });
      assert.equal(rest.status, 'SUCCEEDED');
      assert.equal(rest.tablesProfiled + rest.tablesUnchanged, TABLES);
      assert.equal(rest.tablesUnchanged, cancelled.tablesProfiled, 'tables finished before the cancel are not profiled twice');
      assert.equal(await assertNothingHalfWritten(stack, 3), TABLES);
    });
  }

  it('a table that runs out of its time budget is recorded as failed and writes nothing', async () => {
    const stack = await stackFor(pgUrl, { tableMs: 1 });
    const job = await profile(stack, ['t00', 't01']);
    assert.equal(job.status, 'FAILED');
    assert.equal(job.tablesFailed, 2);
    assert.match(job.error ?? '', /PROFILE_BUDGET_EXCEEDED/);
    assert.equal(await assertNothingHalfWritten(stack, 3), 0);
  });

  it('tables left when the database budget runs out are failed, the others kept (PARTIAL)', async () => {
    // A clock that jumps past the database budget once the first table is written.
    let now = 0;
    const stack = await stackFor(pgUrl, { databaseMs: 1_000 }, () => now);
    const sub = await stack.bus.subscribe(TOPICS.PROFILE_PROGRESS, (e) => {
      if (e.phase === 'TABLE_PROFILED') now += 5_000;
    });
    const job = await profile(stack, ['t00', 't01', 't02']);
    await sub();
    assert.equal(job.status, 'PARTIAL');
    assert.deepEqual([job.tablesProfiled, job.tablesFailed], [1, 2]);
    assert.match(job.error ?? '', /database budget/);
    assert.equal(await assertNothingHalfWritten(stack, 3), 1);
  });

  it('refuses unknown tables before any job exists', async () => {
    const stack = await stackFor(pgUrl);
    await assert.rejects(stack.jobs.start({ connectionId: stack.connectionId, tables: ['t00', 'nope'] }), (e: Error & { code?: string }) => e.code === 'NOT_FOUND' && /nope/.test(e.message));
    assert.equal(await stack.store.prisma.profileJob.count(), 0);
  });
});

// ---------------------------------------------------------------------------------------------- Chinook

describe("Chinook's Customer.Email is detected as email", () => {
  const cases: [string, () => Promise<{ url: string; table: string; email: string; phone: string; drop?: () => Promise<void> }>][] = [
    ['sqlite', async () => ({ url: `sqlite://${path.join(SAMPLE_DATA_DIR, 'chinook', 'Chinook_Sqlite.sqlite')}`, table: 'Customer', email: 'Email', phone: 'Phone' })],
    ['postgres', async () => ({ ...(await loadChinookPostgres()), table: 'customer', email: 'email', phone: 'phone' })],
    ['mariadb', async () => ({ ...(await loadChinookMysql()), table: 'Customer', email: 'Email', phone: 'Phone' })],
  ];
  for (const [name, load] of cases) {
    it(`on ${name}`, async () => {
      const chinook = await load();
      if (chinook.drop) cleanups.push(chinook.drop);
      const stack = await stackFor(chinook.url);
      const job = await profile(stack, [chinook.table]);
      assert.equal(job.status, 'SUCCEEDED', job.error ?? '');
      const { schemaName } = await stack.store.prisma.tableProfile.findFirstOrThrow({ where: { connectionId: stack.connectionId } });
      const table = await tableProfile(stack, schemaName, chinook.table);
      assert.deepEqual([table.rowCount, table.rowCountExact], [59, true]);
      const columns = await columnProfiles(stack, table.schema, chinook.table);
      const email = columns.get(chinook.email)!;
      assert.ok(email.patterns.includes('EMAIL'), `patterns of ${chinook.email}: ${email.patterns}`);
      assert.deepEqual([email.distinctCount, email.nullFraction], [59, 0]);
      assert.ok(columns.get(chinook.phone)!.patterns.includes('PHONE'), `patterns of ${chinook.phone}: ${columns.get(chinook.phone)!.patterns}`);
      for (const [column, p] of columns) if (column !== chinook.email) assert.ok(!p.patterns.includes('EMAIL'), `${column} is not email`);
    });
  }
});

// ---------------------------------------------------------------------------------------------- GraphQL

describe('profiling over GraphQL', () => {
  let running: RunningQuerent;
  let gql: string;
  let demoId: string;

  before(async () => {
    const dataDir = tempDir('gateway');
    running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('test', 'error'));
    cleanups.push(() => running.close());
    gql = running.gateway.graphqlUrl;
    const { data } = await graphql(gql, '{ databases { id name } }');
    demoId = data.databases.find((d: { name: string }) => d.name === 'demo').id;
  });

  const JOB = 'id databaseId status progress tablesDone tablesTotal tablesProfiled tablesUnchanged tablesFailed rowsRead tables sampleSize startedAt finishedAt error';

  it('profileDatabase(wait: true) returns the finished job, and Table.profile / Column.profile read it', async () => {
    const { data, errors } = await graphql(gql, `mutation($id: ID!) { profileDatabase(databaseId: $id, tables: ["orders", "main.customers"], sampleSize: 3000, wait: true) { ${JOB} } }`, { id: demoId });
    assert.equal(errors, undefined, JSON.stringify(errors));
    const job = data.profileDatabase;
    assert.equal(job.status, 'SUCCEEDED', job.error);
    assert.deepEqual([job.tablesDone, job.tablesTotal, job.progress, job.sampleSize], [2, 2, 1, 3000]);
    assert.ok(job.finishedAt);
    assert.deepEqual(job.tables, ['orders', 'main.customers']);

    const { data: again } = await graphql(gql, `query($id: ID!) { profileJob(id: $id) { ${JOB} } }`, { id: job.id });
    assert.deepEqual(again.profileJob, job);

    const read = await graphql(
      gql,
      `query($id: ID!) { database(id: $id) {
        orders: table(name: "orders") { profile { rowCount rowCountExact profiledAt rowsSampled sampleMethod } columns { name profile { nullFraction distinctCount distinctExact min max mean topValues { value count } samples patterns } } }
        customers: table(name: "customers") { profile { rowCount rowCountExact } columns { name profile { distinctCount distinctExact patterns } } }
        regions: table(name: "regions") { profile { rowCount } columns { name profile { nullFraction } } } } }`,
      { id: demoId },
    );
    assert.equal(read.errors, undefined, JSON.stringify(read.errors));
    const { orders, customers, regions } = read.data.database;
    assert.equal(orders.profile.rowCountExact, false);
    assert.ok(orders.profile.rowCount > 50_000 && orders.profile.rowCount < 70_000, `~60,000 orders, got ${orders.profile.rowCount}`);
    assert.equal(orders.profile.rowsSampled, 3000);
    const status = orders.columns.find((c: { name: string }) => c.name === 'status').profile;
    assert.equal(status.distinctCount, 4);
    assert.equal(status.topValues.length, 4);
    const date = orders.columns.find((c: { name: string }) => c.name === 'order_date').profile;
    assert.deepEqual(date.patterns, ['ISO_DATE']);
    assert.match(date.mean, /^20\d\d-\d\d-\d\dT/, 'the mean of a date is a date');
    assert.deepEqual([customers.profile.rowCount, customers.profile.rowCountExact], [5000, true]);
    assert.deepEqual(customers.columns.find((c: { name: string }) => c.name === 'email').profile.patterns, ['EMAIL']);
    assert.equal(regions.profile, null, 'not profiled: null');
    assert.ok(regions.columns.every((c: { profile: unknown }) => c.profile === null));
  });

  it('only analysts and admins may profile; anyone may read a job', async () => {
    const { errors } = await graphql(gql, 'mutation($id: ID!) { profileDatabase(databaseId: $id, tables: ["regions"]) { id } }', { id: demoId }, { 'x-querent-role': 'viewer' });
    assert.equal(errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const { data, errors: e2 } = await graphql(gql, 'mutation($id: ID!) { profileDatabase(databaseId: $id, tables: ["regions"]) { id status } }', { id: demoId }, { 'x-querent-role': 'analyst' });
    assert.equal(e2, undefined, JSON.stringify(e2));
    const { data: seen } = await graphql(gql, 'query($id: ID!) { profileJob(id: $id) { id } }', { id: data.profileDatabase.id }, { 'x-querent-role': 'viewer' });
    assert.equal(seen.profileJob.id, data.profileDatabase.id);
    const { errors: e3 } = await graphql(gql, 'mutation($id: ID!) { cancelProfileJob(id: $id) { id } }', { id: data.profileDatabase.id }, { 'x-querent-role': 'viewer' });
    assert.equal(e3?.[0]?.extensions?.code, 'FORBIDDEN');
    const { data: done } = await graphql(gql, 'mutation($id: ID!) { cancelProfileJob(id: $id) { id status finishedAt } }', { id: data.profileDatabase.id }, { 'x-querent-role': 'analyst' });
    assert.ok(['SUCCEEDED', 'CANCELLED'].includes(done.cancelProfileJob.status));
    assert.ok(done.cancelProfileJob.finishedAt);
  });

  it('answers unknown tables and databases with typed errors', async () => {
    const { errors } = await graphql(gql, 'mutation($id: ID!) { profileDatabase(databaseId: $id, tables: ["no_such_table"]) { id } }', { id: demoId });
    assert.equal(errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(errors?.[0]?.message ?? '', /no_such_table/);
    const { errors: e2 } = await graphql(gql, 'mutation { profileDatabase(databaseId: "nope") { id } }');
    assert.equal(e2?.[0]?.extensions?.code, 'NOT_FOUND');
    const { data } = await graphql(gql, 'query { profileJob(id: "nope") { id } }');
    assert.equal(data.profileJob, null);
  });
});
