// The security corpus against the real engines: a small fixture database in PostgreSQL, MariaDB, a SQLite file and a
// DuckDB file; every statement of that dialect goes through the dialect's read-only executor — the accepted ones as
// the service would run them, the refused ones raw, bypassing the guard, to show the database's own wall (except the
// few the corpus marks `raw: false`, which would change server or session state outside the database under test).
// Row counts and catalog fingerprints (every schema's tables, structure fingerprints and probe tokens) must be equal
// before and after, and every accepted statement must run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Dialect, ReadOnlyExecutor } from '@querent/common';
import { postgresDialect } from '@querent/common/dist/dialects/postgres/postgres-dialect';
import { mysqlDialect } from '@querent/common/dist/dialects/mysql/mysql-dialect';
import { sqliteDialect } from '@querent/common/dist/dialects/sqlite/sqlite-dialect';
import { duckdbDialect } from '@querent/common/dist/dialects/duckdb/duckdb-dialect';
import { structureFingerprint } from '@querent/common/dist/dialects/structure-fingerprint';
import { checkSql } from '@querent/execution/dist/guard';
import { openScratchDatabase } from './support/scratch-databases';
import { loadSqlGuardCorpus, type SqlGuardCase } from './support/sql-guard-corpus';

const TABLES = ['customers', 'orders', 'events'];

/** The fixture schema every accepted corpus statement reads, in each engine's types and quoting. */
function fixtureSchema(t: { text: string; money: string; ts: string; q: (name: string) => string }): string[] {
  const customers: [number, string, string | null, string | null, string][] = [
    [1, 'Ada', 'ada@example.com', 'EU', '2023-01-05 09:00:00'],
    [2, 'Bob', 'bob@example.org', 'US', '2023-02-11 10:30:00'],
    [3, 'Chen', null, 'APAC', '2023-03-20 14:15:00'],
    [4, 'Dora', 'dora@example.com', 'EU', '2023-04-02 08:45:00'],
    [5, 'Zoë', 'zoe@example.net', null, '2023-05-17 19:00:00'],
  ];
  const orders: [number, number, number, string, string][] = [
    [1, 1, 120.5, 'paid', '2024-01-03 10:00:00'],
    [2, 1, 15.25, 'paid', '2024-01-20 11:00:00'],
    [3, 2, 60, 'refunded', '2024-02-01 12:00:00'],
    [4, 2, 250, 'paid', '2024-02-14 13:00:00'],
    [5, 3, 9.99, 'void', '2024-03-01 09:30:00'],
    [6, 4, 75, 'paid', '2024-03-15 16:00:00'],
    [7, 4, 42, 'pending', '2024-04-01 17:45:00'],
    [8, 1, 300, 'paid', '2024-04-22 08:00:00'],
  ];
  const str = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
  return [
    `CREATE TABLE customers (id INTEGER PRIMARY KEY, name ${t.text} NOT NULL, email ${t.text}, region ${t.text}, created_at ${t.ts})`,
    `CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), amount ${t.money}, status ${t.text}, ordered_at ${t.ts})`,
    'CREATE INDEX orders_customer ON orders (customer_id)',
    `CREATE TABLE events (id INTEGER PRIMARY KEY, ${t.q('order')} INTEGER, label ${t.text})`,
    `INSERT INTO customers VALUES ${customers.map((c) => `(${c[0]}, ${str(c[1])}, ${str(c[2])}, ${str(c[3])}, ${str(c[4])})`).join(', ')}`,
    `INSERT INTO orders VALUES ${orders.map((o) => `(${o[0]}, ${o[1]}, ${o[2]}, '${o[3]}', '${o[4]}')`).join(', ')}`,
    `INSERT INTO events VALUES (1, 2, 'second'), (2, 1, 'first'), (3, 3, 'third')`,
  ];
}

interface Fixture {
  url: string;
  /** Runs a statement through a separate, writable connection. */
  exec(sql: string): Promise<void>;
  /** One value from a separate connection. */
  scalar(sql: string): Promise<string>;
  /** Data the engine keeps outside the tables (PostgreSQL: the sequence), as text, for before/after checks. */
  extraState?(): Promise<string>;
  drop(): Promise<void>;
}

interface Engine {
  name: 'postgres' | 'mysql' | 'sqlite' | 'duckdb';
  dialect: Dialect;
  open(): Promise<Fixture>;
  setup: string[];
  /** MySQL lists every database of the server as a schema; only the fixture's own is this test's business. */
  onlyDefaultSchema?: boolean;
}

const PREFIX = 'querent-guard-engines-';

const engines: Engine[] = [
  {
    name: 'postgres',
    dialect: postgresDialect,
    async open() {
      const db = await openScratchDatabase('postgres', PREFIX);
      const scalar = async (sql: string) => String(await db.scalar(sql));
      return { url: db.url, exec: db.exec, scalar, extraState: () => scalar("SELECT last_value || ':' || is_called FROM orders_id_seq"), drop: db.drop };
    },
    setup: [
      ...fixtureSchema({ text: 'text', money: 'numeric(10,2)', ts: 'timestamp', q: (n) => `"${n}"` }),
      'CREATE SEQUENCE orders_id_seq',
    ],
  },
  {
    name: 'mysql',
    dialect: mysqlDialect,
    async open() {
      const db = await openScratchDatabase('mysql', PREFIX);
      return { url: db.url, exec: db.exec, scalar: async (sql) => String(await db.scalar(sql)), drop: db.drop };
    },
    setup: fixtureSchema({ text: 'varchar(100)', money: 'decimal(10,2)', ts: 'datetime', q: (n) => `\`${n}\`` }),
    onlyDefaultSchema: true,
  },
  {
    name: 'sqlite',
    dialect: sqliteDialect,
    async open() {
      const db = await openScratchDatabase('sqlite', PREFIX);
      return { url: db.url, exec: db.exec, scalar: async (sql) => String(await db.scalar(sql)), drop: db.drop };
    },
    setup: fixtureSchema({ text: 'TEXT', money: 'NUMERIC', ts: 'TEXT', q: (n) => `"${n}"` }),
  },
  {
    name: 'duckdb',
    dialect: duckdbDialect,
    async open() {
      const db = await openScratchDatabase('duckdb', PREFIX);
      return { url: db.url, exec: db.exec, scalar: async (sql) => String(await db.scalar(sql)), drop: db.drop };
    },
    setup: fixtureSchema({ text: 'VARCHAR', money: 'DECIMAL(10,2)', ts: 'TIMESTAMP', q: (n) => `"${n}"` }),
  },
];

interface DatabaseState {
  rowCounts: Record<string, string>;
  extra: string | null;
  /** Per schema: its tables and views with their kind, each table's structure fingerprint, and the probe's per-table
   *  tokens (the whole-schema token is left out: MariaDB's takes a cheaper form once DDL is two seconds old). */
  catalog: Record<string, { tables: string[]; fingerprints: Record<string, string>; probeTokens: Record<string, string> }>;
}

async function snapshot(engine: Engine, fixture: Fixture): Promise<DatabaseState> {
  const rowCounts: Record<string, string> = {};
  for (const table of TABLES) rowCounts[table] = await fixture.scalar(`SELECT count(*) FROM ${table}`);
  const connection = await engine.dialect.connect(fixture.url, { connectTimeoutMs: 10_000, queryTimeoutMs: 30_000 });
  const catalog: DatabaseState['catalog'] = {};
  try {
    const schemas = (await connection.listSchemas()).filter((schema) => schema.isDefault || !engine.onlyDefaultSchema);
    for (const schema of schemas) {
      const tables = await connection.listTables(schema.name);
      const structures = await connection.describeTables(schema.name, tables.map((t) => t.name));
      const probe = await connection.probe(schema.name);
      catalog[schema.name] = {
        tables: tables.map((t) => `${t.name}:${t.kind}`).sort(),
        fingerprints: Object.fromEntries(structures.map((s) => [s.name, structureFingerprint(s)])),
        probeTokens: Object.fromEntries([...probe.tableTokens.entries()].sort(([a], [b]) => a.localeCompare(b))),
      };
    }
  } finally {
    await connection.close();
  }
  return { rowCounts, extra: fixture.extraState ? await fixture.extraState() : null, catalog };
}

interface Outcome {
  c: SqlGuardCase;
  /** null: the engine ran it; otherwise the executor's error code and message (HUNG: no answer at all). */
  error: { code: string; message: string } | null;
}

/** How long past its own timeout an executor may take to answer before the statement counts as hung. */
const HANG_GRACE_MS = 10_000;

const corpus = loadSqlGuardCorpus();

for (const engine of engines) {
  describe(`SQL guard corpus on ${engine.name}`, () => {
    let fixture: Fixture;
    let executor: ReadOnlyExecutor | undefined;

    before(async () => {
      fixture = await engine.open();
      for (const statement of engine.setup) await fixture.exec(statement);
    });

    after(async () => {
      await executor?.close().catch(() => undefined);
      await fixture?.drop();
    });

    it('accepted statements run, refused ones sent raw are stopped or harmless: no row count or catalog fingerprint moves', async (t) => {
      const cases = corpus.filter((c) => c.dialect === engine.name);
      const before = await snapshot(engine, fixture);
      assert.deepEqual(Object.keys(before.catalog).length > 0, true, 'the fixture has a schema');
      assert.deepEqual(before.rowCounts, { customers: '5', orders: '8', events: '3' });

      // One pooled session, so a statement that leaves session state behind meets the next ones, as in production.
      executor = await engine.dialect.openExecutor(fixture.url, { connectTimeoutMs: 10_000, poolSize: 1 });
      const outcomes: Outcome[] = [];
      for (const c of cases) {
        const verdict = checkSql(c.dialect, c.sql);
        assert.equal(verdict.accepted, c.expect === 'accept', `guard verdict for ${c.sql}`);
        if (c.expect === 'refuse' && c.raw === false) continue;
        const limits = c.expect === 'accept' ? { timeoutMs: 20_000, maxRows: 500, maxBytes: 1_000_000 } : { timeoutMs: 3_000, maxRows: 50, maxBytes: 100_000 };
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<'hung'>((resolve) => {
          timer = setTimeout(() => resolve('hung'), limits.timeoutMs + HANG_GRACE_MS);
        });
        try {
          const answer = await Promise.race([executor.query(c.sql, limits), hung]);
          if (answer === 'hung') {
            outcomes.push({ c, error: { code: 'HUNG', message: `no answer within ${limits.timeoutMs + HANG_GRACE_MS} ms` } });
            // The stuck session holds the pool's only slot; carry on with a fresh executor.
            void executor.close().catch(() => undefined);
            executor = await engine.dialect.openExecutor(fixture.url, { connectTimeoutMs: 10_000, poolSize: 1 });
          } else outcomes.push({ c, error: null });
        } catch (error) {
          const e = error as { code?: string; message?: string };
          outcomes.push({ c, error: { code: e.code ?? 'THROWN', message: String(e.message ?? error) } });
        } finally {
          clearTimeout(timer);
        }
      }
      await executor.close();
      executor = undefined;

      const after = await snapshot(engine, fixture);
      assert.deepEqual(after, before, 'row counts, sequence state and catalog fingerprints are unchanged');

      const refused = outcomes.filter((o) => o.c.expect === 'refuse');
      const stopped = refused.filter((o) => o.error);
      const writes = refused.filter((o) => o.c.code === 'SQL_NOT_READ_ONLY' && !/^\s*EXPLAIN\b/i.test(o.c.sql));
      const skipped = cases.filter((c) => c.expect === 'refuse' && c.raw === false).length;
      t.diagnostic(
        `${engine.name}: ${outcomes.length - refused.length} accepted sent; ${refused.length} refused sent raw: ${stopped.length} failed ` +
          `at the engine (writes: ${writes.filter((o) => o.error).length} of ${writes.length}), ${refused.length - stopped.length} ran; ${skipped} not sent`,
      );
      const ranRaw = refused.filter((o) => !o.error).map((o) => `${o.c.code} ${o.c.sql.replace(/\s+/g, ' ').slice(0, 70)}`);
      for (const line of ranRaw) t.diagnostic(`  ran raw: ${line}`);
      // One comparison, so a failure shows every kind of problem at once.
      assert.deepEqual(
        {
          // The executor answers every statement, with a result or a typed error.
          hung: outcomes.filter((o) => o.error?.code === 'HUNG').map((o) => o.c.sql),
          // Every accepted statement runs on the engine.
          acceptedFailed: outcomes.filter((o) => o.c.expect === 'accept' && o.error).map((o) => `${o.c.sql} → ${o.error!.code}: ${o.error!.message}`),
          // Every write the guard refuses is refused by the database too when sent raw.
          writesRan: writes.filter((o) => !o.error).map((o) => o.c.sql),
        },
        { hung: [], acceptedFailed: [], writesRan: [] },
      );
    });
  });
}
