// One suite over PostgreSQL, MariaDB, a SQLite file and a DuckDB file: the read-only executor returns typed,
// normalized rows under its row and byte caps, stops slow statements at the engine on timeout and on abort, lets the
// database itself refuse writes (and nothing changes), names unknown tables and columns, keeps to its pool bound,
// never shows a password, and its data version moves after a write made elsewhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Dialect, ReadOnlyExecutor, ReadOnlyQueryOptions } from '@querent/common';
import { postgresDialect } from '@querent/common/dist/dialects/postgres/postgres-dialect';
import { mysqlDialect } from '@querent/common/dist/dialects/mysql/mysql-dialect';
import { sqliteDialect } from '@querent/common/dist/dialects/sqlite/sqlite-dialect';
import { duckdbDialect } from '@querent/common/dist/dialects/duckdb/duckdb-dialect';
import { QuerentError } from '@querent/common/dist/errors/querent-error';
import { openScratchDatabase } from './support/scratch-databases';

const NUMS = 1000;
const BIG = '9007199254740993'; // 2^53 + 1: no double holds it
const SECRET = 'Sup3r-Secret-Pw';

interface Fixture {
  url: string;
  /** Runs statements through a separate, writable connection. */
  exec(sql: string): Promise<void>;
  /** One number from a separate connection, for before/after checks. */
  scalar(sql: string): Promise<number>;
  /** Whether a statement is still running on the engine (network engines only). */
  running?(marker: string): Promise<number>;
  /** Connections the executor holds on the server now (network engines only). */
  executorConnections?(): Promise<number>;
  /** The URL with a password the server does not expect or ignores. */
  urlWithPassword?: string;
  drop(): Promise<void>;
}

interface Engine {
  name: string;
  dialect: Dialect;
  open(): Promise<Fixture>;
  setup: string[];
  /** Names of tables the engine lists, for "nothing changed" checks. */
  tableCount: string;
  /** A statement that runs for minutes unless stopped; it carries `marker` so it can be found on the server. */
  slow(marker: string): string;
  /** A statement that fails at the row after `cap + 1` if the executor read further (engines that can say so). */
  poisonAfter?(cap: number): string;
  /** A statement that keeps one connection busy for about a second, for the pool bound. */
  busySecond?(marker: string): string;
  /** A statement that sleeps for minutes without producing anything (network engines' sleep functions). */
  sleep?(marker: string): string;
  /** A SELECT that takes a session-level lock, and a check (from another connection) that counts it still held. */
  sessionLock?: { statement: string; held: string };
  /** Expected engine type names of items(id, name, price, big). */
  types: [RegExp, RegExp, RegExp, RegExp];
  writes: string[];
}

const ITEMS = (t: { int: string; text: string; dec: string; big: string; ts: string; blob: string }) => [
  `CREATE TABLE items (id ${t.int} PRIMARY KEY, name ${t.text} NOT NULL, price ${t.dec}, big ${t.big}, created ${t.ts}, data ${t.blob})`,
  `CREATE TABLE nums (id ${t.int} PRIMARY KEY, label ${t.text})`,
];

const ROWS = [
  `INSERT INTO items VALUES (1, 'apple', 12.50, ${BIG}, '2024-03-01 10:20:30', NULL)`,
  `INSERT INTO items VALUES (2, 'pear', 0.10, 42, '2024-03-02 00:00:00', NULL)`,
  `INSERT INTO items VALUES (3, 'fig', NULL, -5, NULL, NULL)`,
];

const COMMON_WRITES = [
  "INSERT INTO items (id, name) VALUES (99, 'intruder')",
  "UPDATE items SET name = 'changed'",
  'DELETE FROM items',
  'CREATE TABLE intruder (id int)',
  'DROP TABLE items',
];

const SLOW_JOIN = (marker: string) => `SELECT count(*) AS ${marker} FROM nums a, nums b, nums c, nums d WHERE a.id + b.id + c.id + d.id < 0`;

/** Live child processes of this process running the SQLite query process script (Linux /proc). */
function sqliteQueryProcesses(): number[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return parent === process.pid && state !== 'Z' && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sqlite-query-process');
    } catch {
      return false;
    }
  });
}

const engines: Engine[] = [
  {
    name: 'postgres',
    dialect: postgresDialect,
    async open() {
      const db = await openScratchDatabase('postgres', 'querent-exec-');
      const withPassword = new URL(db.url);
      withPassword.password = SECRET;
      return {
        url: db.url,
        urlWithPassword: withPassword.toString(),
        exec: db.exec,
        scalar: async (sql) => Number(await db.scalar(sql)),
        running: async (marker) =>
          Number(await db.scalar("SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()", [`%${marker}%`])),
        executorConnections: async () =>
          Number(await db.scalar("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'querent-executor'", [db.name])),
        drop: db.drop,
      };
    },
    setup: [
      ...ITEMS({ int: 'integer', text: 'text', dec: 'numeric(12,2)', big: 'bigint', ts: 'timestamp', blob: 'bytea' }),
      ...ROWS,
      "UPDATE items SET data = '\\x000102ff'::bytea WHERE id = 1",
      `INSERT INTO nums SELECT g, 'n' || g FROM generate_series(1, ${NUMS}) g`,
    ],
    tableCount: "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
    slow: SLOW_JOIN,
    poisonAfter: (cap) => `SELECT 1 / (id - ${cap + 2}) AS x FROM nums ORDER BY id`,
    busySecond: (marker) => `SELECT pg_sleep(1) AS ${marker}`,
    sleep: (marker) => `SELECT pg_sleep(600) AS ${marker}`,
    sessionLock: { statement: 'SELECT pg_advisory_lock(424242)', held: "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 424242" },
    types: [/^int4$/, /^text$/, /^numeric$/, /^int8$/],
    writes: [...COMMON_WRITES, "WITH gone AS (DELETE FROM items RETURNING id) SELECT count(*) FROM gone", 'SELECT * FROM items FOR UPDATE'],
  },
  {
    name: 'mysql',
    dialect: mysqlDialect,
    async open() {
      const db = await openScratchDatabase('mysql', 'querent-exec-');
      const withPassword = new URL(db.url);
      withPassword.password = SECRET;
      return {
        url: db.url,
        urlWithPassword: withPassword.toString(),
        exec: db.exec,
        scalar: async (sql) => Number(await db.scalar(sql)),
        running: async (marker) =>
          Number(await db.scalar("SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE ? AND ID <> CONNECTION_ID()", [`%${marker}%`])),
        executorConnections: async () => Number(await db.scalar('SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [db.name])),
        drop: db.drop,
      };
    },
    setup: [
      ...ITEMS({ int: 'int', text: 'varchar(100)', dec: 'decimal(12,2)', big: 'bigint', ts: 'datetime', blob: 'blob' }),
      ...ROWS,
      "UPDATE items SET data = X'000102ff' WHERE id = 1",
      `INSERT INTO nums SELECT seq, CONCAT('n', seq) FROM seq_1_to_${NUMS}`,
    ],
    tableCount: 'SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    slow: SLOW_JOIN,
    busySecond: (marker) => `SELECT SLEEP(1) AS ${marker}`,
    sleep: (marker) => `SELECT SLEEP(600) AS ${marker}`,
    sessionLock: { statement: "SELECT GET_LOCK('querent_executor_test', 0)", held: "SELECT IS_USED_LOCK('querent_executor_test') IS NOT NULL" },
    types: [/^INT$/, /^VARCHAR$/, /^DECIMAL$/, /^BIGINT$/],
    writes: COMMON_WRITES,
  },
  {
    name: 'sqlite',
    dialect: sqliteDialect,
    async open() {
      const db = await openScratchDatabase('sqlite', 'querent-exec-');
      return { url: db.url, running: async () => sqliteQueryProcesses().length, exec: db.exec, scalar: async (sql) => Number(await db.scalar(sql)), drop: db.drop };
    },
    setup: [
      ...ITEMS({ int: 'INTEGER', text: 'TEXT', dec: 'NUMERIC', big: 'BIGINT', ts: 'DATETIME', blob: 'BLOB' }),
      ...ROWS,
      "UPDATE items SET data = X'000102ff' WHERE id = 1",
      `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${NUMS}) INSERT INTO nums SELECT i, 'n' || i FROM g`,
    ],
    tableCount: "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
    slow: SLOW_JOIN,
    // abs() of the smallest integer overflows: SQLite raises an error on that row, and only if it computes it.
    poisonAfter: (cap) => `SELECT CASE WHEN id = ${cap + 2} THEN abs(-9223372036854775807 - 1) ELSE id END AS x FROM nums ORDER BY id`,
    types: [/^INTEGER$/, /^TEXT$/, /^NUMERIC$/, /^BIGINT$/],
    writes: [...COMMON_WRITES, 'CREATE TEMP TABLE intruder (id int)'],
  },
  {
    name: 'duckdb',
    dialect: duckdbDialect,
    async open() {
      const db = await openScratchDatabase('duckdb', 'querent-exec-');
      return { url: db.url, exec: db.exec, scalar: async (sql) => Number(await db.scalar(sql)), drop: db.drop };
    },
    setup: [
      ...ITEMS({ int: 'INTEGER', text: 'VARCHAR', dec: 'DECIMAL(12,2)', big: 'BIGINT', ts: 'TIMESTAMP', blob: 'BLOB' }),
      ...ROWS,
      "UPDATE items SET data = '\\x00\\x01\\x02\\xFF'::BLOB WHERE id = 1",
      `INSERT INTO nums SELECT i, 'n' || i FROM range(1, ${NUMS + 1}) t(i)`,
    ],
    tableCount: "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary",
    slow: SLOW_JOIN,
    types: [/^INTEGER$/, /^VARCHAR$/, /^DECIMAL\(12,2\)$/, /^BIGINT$/],
    writes: COMMON_WRITES,
  },
];

const CAPS: ReadOnlyQueryOptions = { timeoutMs: 10_000, maxRows: 10_000, maxBytes: 10_000_000 };

async function rejection(promise: Promise<unknown>): Promise<QuerentError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuerentError, `expected a QuerentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the query to fail');
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const engine of engines) {
  describe(`read-only executor: ${engine.name}`, () => {
    let fixture: Fixture;
    let executor: ReadOnlyExecutor;

    before(async () => {
      fixture = await engine.open();
      for (const statement of engine.setup) await fixture.exec(statement);
      executor = await engine.dialect.openExecutor(fixture.url, { connectTimeoutMs: 5_000, poolSize: 2 });
    });

    after(async () => {
      await executor?.close();
      await fixture?.drop();
    });

    it('returns columns with engine types and values in the contract shape', async () => {
      const result = await executor.query('SELECT id, name, price, big, created, data FROM items ORDER BY id', CAPS);
      assert.deepEqual(result.columns.map((c) => c.name), ['id', 'name', 'price', 'big', 'created', 'data']);
      result.columns.slice(0, 4).forEach((column, i) => assert.match(column.type, engine.types[i]!, `type of ${column.name}`));
      assert.equal(result.truncated, false);
      assert.equal(result.rows.length, 3);
      const [apple, pear, fig] = result.rows as unknown[][];
      assert.deepEqual(apple!.slice(0, 4), [1, 'apple', 12.5, BIG]);
      assert.deepEqual(pear!.slice(0, 4), [2, 'pear', 0.1, 42]);
      assert.deepEqual(fig!.slice(0, 5), [3, 'fig', null, -5, null]);
      assert.match(String(apple![4]), /^2024-03-01T10:20:30/);
      assert.equal(apple![5], Buffer.from([0, 1, 2, 255]).toString('base64'));
    });

    it('reads cap + 1 rows to set truncated, and stops there', async () => {
      const exact = await executor.query('SELECT id FROM nums ORDER BY id', { ...CAPS, maxRows: NUMS });
      assert.equal(exact.rows.length, NUMS);
      assert.equal(exact.truncated, false);
      const cut = await executor.query('SELECT id FROM nums ORDER BY id', { ...CAPS, maxRows: NUMS - 1 });
      assert.equal(cut.rows.length, NUMS - 1);
      assert.equal(cut.truncated, true);
      assert.deepEqual(cut.rows.slice(0, 3), [[1], [2], [3]]);
      if (engine.poisonAfter) {
        // The row after cap + 1 raises an error; reading it would fail the query.
        const capped = await executor.query(engine.poisonAfter(4), { ...CAPS, maxRows: 4 });
        assert.equal(capped.rows.length, 4);
        assert.equal(capped.truncated, true);
        await assert.rejects(executor.query(engine.poisonAfter(4), { ...CAPS, maxRows: 10 }), (e: QuerentError) => e.code === 'QUERY_FAILED');
      }
    });

    it('stops collecting rows at the byte cap', async () => {
      const result = await executor.query('SELECT id, label FROM nums ORDER BY id', { ...CAPS, maxBytes: 200 });
      assert.equal(result.truncated, true);
      assert.ok(result.rows.length > 0);
      assert.ok(Buffer.byteLength(JSON.stringify(result.rows)) <= 200, JSON.stringify(result.rows));
      assert.deepEqual(result.rows[0], [1, 'n1']);
    });

    it('stops a slow statement at the engine on timeout with QUERY_TIMEOUT', async () => {
      const marker = `slow_${Date.now()}`;
      const started = Date.now();
      const error = await rejection(executor.query(engine.slow(marker), { ...CAPS, timeoutMs: 700 }));
      const elapsed = Date.now() - started;
      assert.equal(error.code, 'QUERY_TIMEOUT', error.message);
      // The statement would run for many minutes; the call returned within seconds.
      assert.ok(elapsed < 8_000, `took ${elapsed} ms`);
      if (fixture.running) assert.ok(await eventually(async () => (await fixture.running!(marker)) === 0), 'the statement still runs on the server');
      if (engine.sleep) {
        const sleeping = await rejection(executor.query(engine.sleep(`${marker}_sleep`), { ...CAPS, timeoutMs: 700 }));
        assert.equal(sleeping.code, 'QUERY_TIMEOUT', sleeping.message);
        assert.ok(await eventually(async () => (await fixture.running!(`${marker}_sleep`)) === 0), 'the sleep still runs on the server');
      }
      // The executor is usable afterwards.
      const next = await executor.query('SELECT count(*) AS n FROM nums', CAPS);
      assert.deepEqual(next.rows, [[NUMS]]);
    });

    it('cancels a running statement at the engine when the signal aborts', async () => {
      const marker = `cancel_${Date.now()}`;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 400);
      const error = await rejection(executor.query(engine.slow(marker), { ...CAPS, timeoutMs: 60_000, signal: controller.signal }));
      assert.equal(error.code, 'QUERY_CANCELLED', error.message);
      if (fixture.running) assert.ok(await eventually(async () => (await fixture.running!(marker)) === 0), 'the statement still runs on the server');
      const already = new AbortController();
      already.abort();
      assert.equal((await rejection(executor.query('SELECT 1', { ...CAPS, signal: already.signal }))).code, 'QUERY_CANCELLED');
    });

    it('has every write refused by the database itself, and nothing changes', async () => {
      const itemsBefore = await fixture.scalar('SELECT count(*) FROM items');
      const tablesBefore = await fixture.scalar(engine.tableCount);
      const namesBefore = await fixture.scalar("SELECT count(*) FROM items WHERE name = 'changed'");
      for (const write of engine.writes) {
        const error = await rejection(executor.query(write, CAPS));
        assert.equal(error.code, 'READ_ONLY_VIOLATION', `${write}: ${error.code} ${error.message}`);
      }
      assert.equal(await fixture.scalar('SELECT count(*) FROM items'), itemsBefore);
      assert.equal(await fixture.scalar(engine.tableCount), tablesBefore);
      assert.equal(await fixture.scalar("SELECT count(*) FROM items WHERE name = 'changed'"), namesBefore);
      // Still usable after the refusals.
      assert.deepEqual((await executor.query('SELECT count(*) FROM items', CAPS)).rows, [[itemsBefore]]);
    });

    it('names unknown tables and columns in the error details', async () => {
      const table = await rejection(executor.query('SELECT * FROM no_such_table', CAPS));
      assert.equal(table.code, 'UNKNOWN_TABLE', table.message);
      assert.equal(table.details?.table, 'no_such_table');
      const column = await rejection(executor.query('SELECT no_such_column FROM items', CAPS));
      assert.equal(column.code, 'UNKNOWN_COLUMN', column.message);
      assert.equal(column.details?.column, 'no_such_column');
      const qualified = await rejection(executor.query('SELECT i.missing_col FROM items i', CAPS));
      assert.equal(qualified.code, 'UNKNOWN_COLUMN', qualified.message);
      assert.equal(qualified.details?.column, 'missing_col');
    });

    it('reports the columns of an empty result', async () => {
      const result = await executor.query('SELECT id, name FROM items WHERE id < 0', CAPS);
      assert.deepEqual(result.columns.map((c) => c.name), ['id', 'name']);
      assert.deepEqual(result.rows, []);
      assert.equal(result.truncated, false);
    });

    it('runs exactly one statement: a stacked write is not executed', async () => {
      const before = await fixture.scalar('SELECT count(*) FROM items');
      await rejection(executor.query('SELECT 1; DELETE FROM items', CAPS));
      await rejection(executor.query("SELECT 1; INSERT INTO items (id, name) VALUES (77, 'stacked')", CAPS));
      assert.equal(await fixture.scalar('SELECT count(*) FROM items'), before);
    });

    it('stops a huge result at the row cap without reading it to the end', async () => {
      const marker = `huge_${Date.now()}`;
      // 10^9 rows: reading them all would take minutes.
      const result = await executor.query(`SELECT a.id AS ${marker}, b.id, c.id FROM nums a, nums b, nums c`, { ...CAPS, maxRows: 10 });
      assert.equal(result.rows.length, 10);
      assert.equal(result.truncated, true);
      if (fixture.running && engine.sleep) assert.ok(await eventually(async () => (await fixture.running!(marker)) === 0), 'the statement still runs on the server');
      assert.deepEqual((await executor.query('SELECT count(*) FROM items', CAPS)).rows.length, 1);
    });

    it('leaves no session lock behind for the next user of the connection', async (t) => {
      if (!engine.sessionLock) return t.skip('the engine has no session-level locks a SELECT can take');
      await executor.query(engine.sessionLock.statement, CAPS);
      assert.equal(await fixture.scalar(engine.sessionLock.held), 0);
    });

    it('gives up waiting for a free connection at the deadline, without running the statement', async () => {
      const single = await engine.dialect.openExecutor(fixture.url, { connectTimeoutMs: 5_000, poolSize: 1 });
      try {
        const blocker = single.query(engine.slow(`block_${Date.now()}`), { ...CAPS, timeoutMs: 1_500 });
        const waiting = await rejection(single.query('SELECT count(*) FROM items', { ...CAPS, timeoutMs: 300 }));
        assert.equal(waiting.code, 'QUERY_TIMEOUT', waiting.message);
        assert.match(waiting.message, /never started/);
        assert.equal((await rejection(blocker)).code, 'QUERY_TIMEOUT');
        const aborted = new AbortController();
        const blocker2 = single.query(engine.slow(`block2_${Date.now()}`), { ...CAPS, timeoutMs: 1_500 });
        const queued = single.query('SELECT count(*) FROM items', { ...CAPS, signal: aborted.signal });
        setTimeout(() => aborted.abort(), 200);
        const cancelled = await rejection(queued);
        assert.equal(cancelled.code, 'QUERY_CANCELLED', cancelled.message);
        assert.match(cancelled.message, /never started/);
        await rejection(blocker2);
      } finally {
        await single.close();
      }
    });

    it('runs concurrent statements within its pool bound', async () => {
      const queries = Array.from({ length: 5 }, (_, i) => executor.query(`SELECT count(*) + ${i} AS n FROM nums a, nums b WHERE a.id < 50`, CAPS));
      const results = await Promise.all(queries);
      results.forEach((r, i) => assert.deepEqual(r.rows, [[49 * NUMS + i]]));
      if (engine.busySecond && fixture.executorConnections) {
        const marker = `busy_${Date.now()}`;
        let peak = 0;
        const busy = Promise.all(Array.from({ length: 5 }, () => executor.query(engine.busySecond!(marker), CAPS)));
        const sampling = (async () => {
          for (let i = 0; i < 15; i++) {
            peak = Math.max(peak, await fixture.executorConnections!());
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })();
        await Promise.all([busy, sampling]);
        assert.ok(peak >= 1 && peak <= 2, `the executor held ${peak} connections with poolSize 2`);
      }
    });

    it('never shows a password in an error', async (t) => {
      if (!fixture.urlWithPassword) return t.skip('a file engine has no password');
      let withPassword: ReadOnlyExecutor | undefined;
      const messages: string[] = [];
      try {
        withPassword = await engine.dialect.openExecutor(fixture.urlWithPassword, { connectTimeoutMs: 5_000, poolSize: 1 });
      } catch (error) {
        messages.push(String((error as Error).message), JSON.stringify((error as QuerentError).details ?? {}));
      }
      if (withPassword) {
        for (const sql of ['SELECT * FROM no_such_table', 'SELECT no_such_column FROM items', 'DELETE FROM items', 'SELEC nonsense', engine.slow('pw')]) {
          const error = await rejection(withPassword.query(sql, { ...CAPS, timeoutMs: 500 }));
          messages.push(error.message, JSON.stringify(error.details ?? {}));
        }
        await withPassword.close();
      }
      assert.ok(messages.length > 0);
      for (const message of messages) assert.ok(!message.includes(SECRET), message);
    });

    it('changes its data version after a write made through another connection', async () => {
      const before = await executor.dataVersion();
      assert.ok(before !== null, 'every engine here offers a data version');
      assert.equal(await executor.dataVersion(), before, 'the version is stable while nothing changes');
      await fixture.exec("INSERT INTO items (id, name) VALUES (50, 'written elsewhere')");
      // PostgreSQL publishes a session's table counters when it ends or within about a second.
      assert.ok(await eventually(async () => (await executor.dataVersion()) !== before), 'the data version did not change');
      const seen = await executor.query('SELECT name FROM items WHERE id = 50', CAPS);
      assert.deepEqual(seen.rows, [['written elsewhere']]);
    });
  });
}
