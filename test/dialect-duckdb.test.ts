// Owns the tests of the DuckDB dialect: discovery of a multi-schema fixture, round trips, probe, locks, safety, bad input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbDialect } from '@querent/common/dist/dialects/duckdb/duckdb-dialect';
import type { DuckdbConnection } from '@querent/common/dist/dialects/duckdb/duckdb-connection';
import type { DialectConnection } from '@querent/common/dist/dialects/dialect';
import type { TableStructure } from '@querent/common/dist/dialects/catalog-metadata';
import { REPO_ROOT } from './support/processes';
import { SAMPLE_DATA_DIR } from './support/shared-data';
import { roundTripsOf } from './support/round-trips';

const CHINOOK_SQLITE = path.join(SAMPLE_DATA_DIR, 'chinook', 'Chinook_Sqlite.sqlite');
const OPTIONS = { connectTimeoutMs: 10_000, queryTimeoutMs: 10_000 };

// DuckDB's sqlite scanner is an extension it would download; discovery must work offline, so the fixture is built
// here: three schemas, composite keys, foreign keys (DuckDB allows them only within a schema), uniques, plain,
// expression and quoted-name indexes, a view, comments, and a table without any index so every ALTER applies to it.
const FIXTURE_SQL = `
CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE TABLE main.settings (key VARCHAR PRIMARY KEY, value VARCHAR DEFAULT 'none');
CREATE TABLE main."Audit Log" (id BIGINT PRIMARY KEY, "Event Type" VARCHAR NOT NULL, logged_at TIMESTAMP DEFAULT current_timestamp);
CREATE INDEX "Audit By Type" ON main."Audit Log" ("Event Type", logged_at);
CREATE TABLE sales.customers (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, name VARCHAR(100) NOT NULL, created_on DATE);
CREATE TABLE sales.products (id INTEGER PRIMARY KEY, sku VARCHAR NOT NULL, price DECIMAL(10,2) NOT NULL DEFAULT 0, UNIQUE (sku));
CREATE TABLE sales.orders (
  id BIGINT PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES sales.customers (id), ordered_on DATE NOT NULL,
  status VARCHAR DEFAULT 'new'
);
CREATE TABLE sales.order_items (
  order_id BIGINT REFERENCES sales.orders (id), line_no INTEGER, product_id INTEGER REFERENCES sales.products (id),
  quantity INTEGER NOT NULL, PRIMARY KEY (order_id, line_no)
);
CREATE INDEX orders_ordered_on ON sales.orders (ordered_on);
CREATE INDEX customers_lower_name ON sales.customers ((lower(name)));
CREATE VIEW sales.order_totals AS
  SELECT o.id AS order_id, sum(i.quantity) AS items FROM sales.orders o JOIN sales.order_items i ON i.order_id = o.id GROUP BY o.id;
CREATE TABLE hr.departments (code VARCHAR, region VARCHAR, name VARCHAR NOT NULL, PRIMARY KEY (code, region));
CREATE TABLE hr.employees (
  id INTEGER PRIMARY KEY, dept_code VARCHAR, dept_region VARCHAR,
  FOREIGN KEY (dept_code, dept_region) REFERENCES hr.departments (code, region)
);
CREATE TABLE hr.scratch (a INTEGER, b VARCHAR, c DOUBLE);
COMMENT ON TABLE sales.orders IS 'One row per order';
COMMENT ON COLUMN sales.orders.status IS 'new, shipped or cancelled';
COMMENT ON VIEW sales.order_totals IS 'Items per order';
INSERT INTO sales.customers VALUES (1, 'a@example.com', 'Ann', DATE '2024-01-02'), (2, 'b@example.com', 'Bo', NULL);
INSERT INTO sales.products VALUES (1, 'SKU-1', 9.5), (2, 'SKU-2', 20);
INSERT INTO sales.orders VALUES (1, 1, DATE '2024-02-01', 'new'), (2, 1, DATE '2024-02-03', 'shipped'), (3, 2, DATE '2024-03-01', 'new');
INSERT INTO sales.order_items VALUES (1, 1, 1, 2), (1, 2, 2, 1), (2, 1, 2, 5);
`;

let workDir: string;
let fixture: string;

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-dialect-duckdb-'));
  fixture = path.join(workDir, 'fixture.duckdb');
  await write(fixture, FIXTURE_SQL);
});

after(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

function urlOf(file: string): string {
  return `duckdb://${pathToFileURL(file).pathname}`;
}

/** A writable instance on a temp file, closed before any discovery so the read-only open sees a released file. */
async function write(file: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function copyFixture(name: string): Promise<string> {
  const target = path.join(workDir, name);
  fs.copyFileSync(fixture, target);
  return target;
}

async function withConnection<T>(file: string, use: (connection: DialectConnection) => Promise<T>): Promise<T> {
  const connection = await duckdbDialect.connect(urlOf(file), OPTIONS);
  try {
    return await use(connection);
  } finally {
    await connection.close();
  }
}


function table(structures: TableStructure[], name: string): TableStructure {
  const found = structures.find((s) => s.name === name);
  assert.ok(found, `${name} is described`);
  return found;
}

function column(structure: TableStructure, name: string) {
  const found = structure.columns.find((c) => c.name === name);
  assert.ok(found, `${structure.name}.${name} is described`);
  return found;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function expectQuerentError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: string }).code, code, `code of: ${(error as Error).message}`);
    assert.match((error as Error).message, message);
    return true;
  });
}

describe('DuckDB dialect: discovery', () => {
  it('lists the user schemas of the file and their tables, views, estimates and comments', async () => {
    await withConnection(fixture, async (connection) => {
      assert.equal(connection.dialect, 'duckdb');
      assert.equal(await connection.currentDatabase(), 'fixture');
      assert.deepEqual(await connection.listSchemas(), [
        { name: 'hr', isDefault: false },
        { name: 'main', isDefault: true },
        { name: 'sales', isDefault: false },
      ]);
      assert.deepEqual(await connection.listTables('sales'), [
        { schema: 'sales', name: 'customers', kind: 'TABLE', rowEstimate: 2, comment: null },
        { schema: 'sales', name: 'order_items', kind: 'TABLE', rowEstimate: 3, comment: null },
        { schema: 'sales', name: 'order_totals', kind: 'VIEW', rowEstimate: null, comment: 'Items per order' },
        { schema: 'sales', name: 'orders', kind: 'TABLE', rowEstimate: 3, comment: 'One row per order' },
        { schema: 'sales', name: 'products', kind: 'TABLE', rowEstimate: 2, comment: null },
      ]);
      assert.deepEqual((await connection.listTables('main')).map((t) => t.name), ['Audit Log', 'settings']);
      assert.deepEqual(await connection.listTables('no_such_schema'), []);
    });
  });

  it('describes columns, keys, foreign keys, uniques and indexes', async () => {
    await withConnection(fixture, async (connection) => {
      const sales = await connection.describeTables('sales', ['customers', 'products', 'orders', 'order_items', 'order_totals', 'missing']);
      assert.deepEqual(sales.map((s) => s.name), ['customers', 'order_items', 'order_totals', 'orders', 'products']);

      const orders = table(sales, 'orders');
      assert.equal(orders.comment, 'One row per order');
      assert.deepEqual(orders.columns, [
        { name: 'id', ordinal: 1, dataType: 'BIGINT', nullable: false, default: null, comment: null },
        { name: 'customer_id', ordinal: 2, dataType: 'INTEGER', nullable: false, default: null, comment: null },
        { name: 'ordered_on', ordinal: 3, dataType: 'DATE', nullable: false, default: null, comment: null },
        { name: 'status', ordinal: 4, dataType: 'VARCHAR', nullable: true, default: "'new'", comment: 'new, shipped or cancelled' },
      ]);
      assert.deepEqual(orders.primaryKey, { name: 'orders_id_pkey', columns: ['id'] });
      assert.deepEqual(orders.foreignKeys.map((f) => [f.columns, f.refSchema, f.refTable, f.refColumns]), [
        [['customer_id'], 'sales', 'customers', ['id']],
      ]);
      assert.ok(orders.foreignKeys[0].name, 'DuckDB names its foreign keys');
      assert.deepEqual(orders.indexes, [
        { name: 'orders_id_pkey', columns: ['id'], unique: true, primary: true },
        { name: 'orders_ordered_on', columns: ['ordered_on'], unique: false, primary: false },
      ]);

      const items = table(sales, 'order_items');
      assert.deepEqual(items.primaryKey?.columns, ['order_id', 'line_no']);
      assert.deepEqual(items.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [
        [['order_id'], 'orders', ['id']],
        [['product_id'], 'products', ['id']],
      ]);

      const products = table(sales, 'products');
      assert.deepEqual(column(products, 'price'), { name: 'price', ordinal: 3, dataType: 'DECIMAL(10,2)', nullable: false, default: '0', comment: null });
      assert.deepEqual(products.uniques.map((u) => u.columns), [['sku']]);

      const customers = table(sales, 'customers');
      assert.equal(column(customers, 'name').dataType, 'VARCHAR');
      assert.deepEqual(customers.uniques.map((u) => u.columns), [['email']]);
      assert.deepEqual(
        customers.indexes.find((i) => i.name === 'customers_lower_name'),
        { name: 'customers_lower_name', columns: ['lower("name")'], unique: false, primary: false },
      );

      const totals = table(sales, 'order_totals');
      assert.equal(totals.kind, 'VIEW');
      assert.equal(totals.comment, 'Items per order');
      assert.deepEqual(totals.columns.map((c) => [c.name, c.dataType]), [['order_id', 'BIGINT'], ['items', 'HUGEINT']]);
      assert.equal(totals.primaryKey, null);

      const [employees] = await connection.describeTables('hr', ['employees']);
      assert.deepEqual(employees.foreignKeys.map((f) => [f.columns, f.refSchema, f.refTable, f.refColumns]), [
        [['dept_code', 'dept_region'], 'hr', 'departments', ['code', 'region']],
      ]);

      const [audit] = await connection.describeTables('main', ['Audit Log']);
      assert.equal(column(audit, 'logged_at').default, 'current_timestamp');
      assert.deepEqual(
        audit.indexes.find((i) => !i.primary),
        { name: 'Audit By Type', columns: ['Event Type', 'logged_at'], unique: false, primary: false },
      );
      // The same name in another schema is another table.
      assert.deepEqual(await connection.describeTables('hr', ['orders']), []);
    });
  });

  it('quotes identifiers and declares its capabilities', () => {
    assert.equal(duckdbDialect.quoteIdentifier('a"b'), '"a""b"');
    assert.deepEqual(duckdbDialect.schemes, ['duckdb:']);
    assert.deepEqual(duckdbDialect.capabilities, { multipleSchemas: true, comments: true, rowEstimates: true, reuseConnections: false });
  });
});

describe('DuckDB dialect: round trips', () => {
  let wide: string;

  before(async () => {
    wide = path.join(workDir, 'wide.duckdb');
    const statements = ['CREATE SCHEMA bulk'];
    for (let i = 0; i < 300; i++) {
      statements.push(`CREATE TABLE bulk.t${i} (
        id INTEGER PRIMARY KEY, code VARCHAR NOT NULL UNIQUE, name VARCHAR DEFAULT 'n/a', amount DECIMAL(10,2),
        created_at TIMESTAMP NOT NULL, note VARCHAR, flag BOOLEAN NOT NULL DEFAULT false,
        prev_id INTEGER ${i > 0 ? `REFERENCES bulk.t${i - 1} (id)` : ''})`);
      statements.push(`CREATE INDEX t${i}_name ON bulk.t${i} (name, created_at)`);
      statements.push(`COMMENT ON TABLE bulk.t${i} IS 'table ${i}'`);
    }
    for (let i = 0; i < 20; i++) statements.push(`CREATE VIEW bulk.v${i} AS SELECT id, code FROM bulk.t${i}`);
    await write(wide, statements.join(';\n'));
  });

  it('stays constant whatever the number of tables', async () => {
    for (const [label, file, schema] of [['fixture', fixture, 'sales'], ['300 tables', wide, 'bulk']] as const) {
      await withConnection(file, async (connection) => {
        const schemas = await roundTripsOf(connection, () => connection.listSchemas());
        const list = await roundTripsOf(connection, () => connection.listTables(schema));
        const names = list.value.map((t) => t.name);
        const one = await roundTripsOf(connection, () => connection.describeTables(schema, names.slice(0, 1)));
        const all = await roundTripsOf(connection, () => connection.describeTables(schema, names));
        const probe = await roundTripsOf(connection, () => connection.probe(schema));
        const token = await roundTripsOf(connection, () => connection.schemaToken(schema));
        console.log(
          `duckdb ${label}: ${names.length} objects; round trips listSchemas=${schemas.trips} listTables=${list.trips} ` +
            `describe(1)=${one.trips} describe(${names.length})=${all.trips} probe=${probe.trips} schemaToken=${token.trips}`,
        );
        assert.equal(all.value.length, names.length);
        assert.equal(schemas.trips, 1);
        assert.equal(list.trips, 1);
        assert.equal(one.trips, 3);
        assert.equal(all.trips, 3);
        assert.equal(probe.trips, 1);
        assert.equal(token.trips, 1);
        assert.equal(probe.value.tableTokens.size, names.length);
        assert.equal(token.value, probe.value.schemaToken);
      });
    }
  });

  it('describes 300 tables in bulk (cold, wall time printed)', async () => {
    const started = performance.now();
    await withConnection(wide, async (connection) => {
      const names = (await connection.listTables('bulk')).map((t) => t.name);
      const structures = await connection.describeTables('bulk', names);
      const elapsed = performance.now() - started;
      console.log(`duckdb 300 tables + 20 views: connect + listTables + describe all in ${elapsed.toFixed(1)} ms, ${connection.stats.roundTrips} statements`);
      assert.equal(structures.length, 320);
      const t7 = table(structures, 't7');
      assert.equal(t7.comment, 'table 7');
      assert.deepEqual(t7.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [[['prev_id'], 't6', ['id']]]);
      assert.deepEqual(t7.uniques.map((u) => u.columns), [['code']]);
      assert.deepEqual(t7.indexes, [
        { name: 't7_code_key', columns: ['code'], unique: true, primary: false },
        { name: 't7_id_pkey', columns: ['id'], unique: true, primary: true },
        { name: 't7_name', columns: ['name', 'created_at'], unique: false, primary: false },
      ]);
      assert.equal(column(t7, 'flag').default, 'CAST(\'f\' AS BOOLEAN)');
      assert.equal(connection.stats.roundTrips, 1 + 3);
    });
  });
});

describe('DuckDB dialect: probe', () => {
  interface Snapshot {
    tokens: Map<string, string>;
    schemaTokens: Map<string, string>;
  }

  async function snapshot(file: string): Promise<Snapshot> {
    return withConnection(file, async (connection) => {
      const tokens = new Map<string, string>();
      const schemaTokens = new Map<string, string>();
      for (const { name: schema } of await connection.listSchemas()) {
        const probe = await connection.probe(schema);
        assert.equal(await connection.schemaToken(schema), probe.schemaToken);
        schemaTokens.set(schema, probe.schemaToken);
        for (const [table, token] of probe.tableTokens) tokens.set(`${schema}.${table}`, token);
      }
      return { tokens, schemaTokens };
    });
  }

  interface Change {
    changed: string[];
    added: string[];
    removed: string[];
    schemas: string[];
  }

  function diff(before: Snapshot, after: Snapshot): Change {
    return {
      changed: [...after.tokens].filter(([n, t]) => before.tokens.has(n) && before.tokens.get(n) !== t).map(([n]) => n).sort(),
      added: [...after.tokens.keys()].filter((n) => !before.tokens.has(n)).sort(),
      removed: [...before.tokens.keys()].filter((n) => !after.tokens.has(n)).sort(),
      schemas: [...after.schemaTokens].filter(([s, t]) => before.schemaTokens.get(s) !== t).map(([s]) => s).sort(),
    };
  }

  const EMPLOYEES_WITHOUT_FK = `DROP TABLE hr.employees; CREATE TABLE hr.employees (id INTEGER PRIMARY KEY, dept_code VARCHAR, dept_region VARCHAR)`;
  const EMPLOYEES_WITH_UNIQUE =
    `DROP TABLE hr.employees; CREATE TABLE hr.employees (id INTEGER PRIMARY KEY, dept_code VARCHAR, dept_region VARCHAR, UNIQUE (dept_code, dept_region))`;

  const CASES: Array<{ kind: string; sql: string; expect: Partial<Change> }> = [
    { kind: 'add column', sql: `ALTER TABLE hr.scratch ADD COLUMN d INTEGER`, expect: { changed: ['hr.scratch'], schemas: ['hr'] } },
    { kind: 'drop column', sql: `ALTER TABLE hr.scratch DROP COLUMN d`, expect: { changed: ['hr.scratch'], schemas: ['hr'] } },
    { kind: 'rename column', sql: `ALTER TABLE hr.scratch RENAME COLUMN b TO bb`, expect: { changed: ['hr.scratch'], schemas: ['hr'] } },
    { kind: 'type change', sql: `ALTER TABLE hr.scratch ALTER COLUMN a TYPE BIGINT`, expect: { changed: ['hr.scratch'], schemas: ['hr'] } },
    { kind: 'nullability', sql: `ALTER TABLE hr.scratch ALTER COLUMN a SET NOT NULL`, expect: { changed: ['hr.scratch'], schemas: ['hr'] } },
    { kind: 'default', sql: `ALTER TABLE hr.scratch ALTER COLUMN c SET DEFAULT 1.5`, expect: { changed: ['hr.scratch'], schemas: ['hr'] } },
    { kind: 'table comment', sql: `COMMENT ON TABLE sales.customers IS 'People who buy'`, expect: { changed: ['sales.customers'], schemas: ['sales'] } },
    { kind: 'column comment', sql: `COMMENT ON COLUMN sales.products.sku IS 'Stock keeping unit'`, expect: { changed: ['sales.products'], schemas: ['sales'] } },
    { kind: 'view comment', sql: `COMMENT ON VIEW sales.order_totals IS 'changed'`, expect: { changed: ['sales.order_totals'], schemas: ['sales'] } },
    { kind: 'add index', sql: `CREATE INDEX products_price ON sales.products (price)`, expect: { changed: ['sales.products'], schemas: ['sales'] } },
    { kind: 'drop index', sql: `DROP INDEX sales.orders_ordered_on`, expect: { changed: ['sales.orders'], schemas: ['sales'] } },
    { kind: 'index comment', sql: `COMMENT ON INDEX sales.products_price IS 'for price filters'`, expect: { changed: ['sales.products'], schemas: ['sales'] } },
    { kind: 'foreign key', sql: EMPLOYEES_WITHOUT_FK, expect: { changed: ['hr.employees'], schemas: ['hr'] } },
    { kind: 'unique', sql: EMPLOYEES_WITH_UNIQUE, expect: { changed: ['hr.employees'], schemas: ['hr'] } },
    {
      kind: 'rename table',
      sql: `ALTER TABLE hr.scratch RENAME TO scratch_renamed`,
      expect: { added: ['hr.scratch_renamed'], removed: ['hr.scratch'], schemas: ['hr'] },
    },
    {
      kind: 'INSERT, UPDATE, DELETE, CHECKPOINT',
      sql: `INSERT INTO sales.orders VALUES (4, 2, DATE '2024-04-01', 'new'); UPDATE sales.order_items SET quantity = quantity + 1;
        DELETE FROM sales.order_items WHERE line_no = 2; INSERT INTO hr.scratch_renamed SELECT range, 'x', 0 FROM range(1000); CHECKPOINT`,
      expect: {},
    },
  ];

  it('changes exactly the token of the table a DDL statement touches, and nothing on data changes', async () => {
    const file = await copyFixture('probe.duckdb');
    let previous = await snapshot(file);
    for (const c of CASES) {
      await write(file, c.sql);
      const current = await snapshot(file);
      assert.deepEqual(diff(previous, current), { changed: [], added: [], removed: [], schemas: [], ...c.expect }, c.kind);
      previous = current;
    }
    await withConnection(file, async (connection) => {
      const [scratch] = await connection.describeTables('hr', ['scratch_renamed']);
      assert.deepEqual(scratch.columns.map((c) => [c.name, c.dataType, c.nullable, c.default]), [
        ['a', 'BIGINT', false, null],
        ['bb', 'VARCHAR', true, null],
        ['c', 'DOUBLE', true, '1.5'],
      ]);
      const [employees] = await connection.describeTables('hr', ['employees']);
      assert.deepEqual(employees.foreignKeys, []);
      assert.deepEqual(employees.uniques.map((u) => u.columns), [['dept_code', 'dept_region']]);
      const orders = (await connection.listTables('sales')).find((t) => t.name === 'orders');
      assert.equal(orders?.rowEstimate, 4);
    });
  });
});

describe('DuckDB dialect: read-only and locks', () => {
  it('refuses writes, files and settings through its own connection and leaves the file as it was', async () => {
    const file = await copyFixture('readonly.duckdb');
    const before = { sha: sha256(file), stat: fs.statSync(file), entries: fs.readdirSync(workDir).sort() };
    const connection = (await duckdbDialect.connect(urlOf(file), OPTIONS)) as DuckdbConnection;
    try {
      await connection.describeTables('sales', ['orders']);
      await connection.probe('sales');
      const refused: Array<[string, RegExp]> = [
        [`CREATE TABLE main.intruder (x INTEGER)`, /read-only/],
        [`INSERT INTO sales.orders VALUES (9, 1, DATE '2024-01-01', 'new')`, /read-only/],
        [`SELECT * FROM read_csv('${CHINOOK_SQLITE}')`, /disabled by configuration/],
        [`ATTACH '${path.join(workDir, 'other.duckdb')}' AS other`, /disabled by configuration/],
        [`COPY (SELECT 1) TO '${path.join(workDir, 'leak.csv')}'`, /disabled by configuration|read-only/],
        [`SET enable_external_access = true`, /Cannot (enable external access|change)|locked/i],
      ];
      for (const [sql, message] of refused) {
        await assert.rejects(connection.all(sql), (error: unknown) => {
          assert.equal((error as { code?: string }).code, 'CATALOG_QUERY_FAILED', sql);
          assert.match((error as Error).message, message, sql);
          return true;
        });
      }
    } finally {
      await connection.close();
    }
    const after = fs.statSync(file);
    assert.equal(sha256(file), before.sha);
    assert.equal(after.size, before.stat.size);
    assert.equal(after.mtimeMs, before.stat.mtimeMs);
    assert.deepEqual(fs.readdirSync(workDir).sort(), before.entries, 'no WAL, CSV or attached file appeared');
  });

  /** Another process holding the file open for writing until its stdin closes. */
  async function startWriter(file: string) {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { DuckDBInstance } = require('@duckdb/node-api');
         DuckDBInstance.create(process.argv[1]).then(
           async (i) => { const c = await i.connect(); await c.run('SELECT 1'); console.log('ready');
             process.stdin.on('end', () => { c.closeSync(); i.closeSync(); process.exit(0); }); process.stdin.resume(); },
           (e) => { console.log('failed: ' + e.message); process.exit(3); });`,
        file,
      ],
      { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const first = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => resolve(out.trim()));
    });
    return {
      first,
      exited,
      stop: async () => {
        child.stdin.end();
        return exited;
      },
    };
  }

  it('reports a file another process holds for writing, and releases its own hold on close', async () => {
    const file = await copyFixture('locked.duckdb');
    const writer = await startWriter(file);
    assert.equal(writer.first, 'ready');
    try {
      await expectQuerentError(duckdbDialect.connect(urlOf(file), OPTIONS), 'CONNECTION_UNREACHABLE', /held by another process that has it open for writing/);
    } finally {
      assert.equal(await writer.stop(), 0);
    }

    // While discovery reads, a writer in another process is locked out; once it closes, the writer gets in.
    const connection = await duckdbDialect.connect(urlOf(file), OPTIONS);
    const blocked = await startWriter(file);
    assert.match(blocked.first, /^failed: .*lock/);
    assert.equal(await blocked.exited, 3);
    await connection.close();
    const admitted = await startWriter(file);
    assert.equal(admitted.first, 'ready');
    assert.equal(await admitted.stop(), 0);
  });

  it('gives up opening after the connect timeout and closes the late instance', async () => {
    // The 300-table file of the round-trip tests: opening it loads a catalog that takes far longer than 1 ms.
    const file = path.join(workDir, 'wide.duckdb');
    assert.ok(fs.existsSync(file), 'built by the round-trip tests, which run first');
    await expectQuerentError(
      duckdbDialect.connect(urlOf(file), { connectTimeoutMs: 1, queryTimeoutMs: 1_000 }),
      'CONNECTION_TIMEOUT',
      /took longer than 1 ms/,
    );
    // The open finishes in the background and is closed: a writer in another process gets the file soon after.
    let admitted: Awaited<ReturnType<typeof startWriter>> | undefined;
    for (let attempt = 0; attempt < 20 && admitted?.first !== 'ready'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      admitted = await startWriter(file);
    }
    assert.equal(admitted?.first, 'ready');
    assert.equal(await admitted?.stop(), 0);
  });

  it('cancels a statement that runs past the query timeout and stays usable', async () => {
    const connection = (await duckdbDialect.connect(urlOf(fixture), { connectTimeoutMs: 10_000, queryTimeoutMs: 200 })) as DuckdbConnection;
    try {
      const started = performance.now();
      await expectQuerentError(
        connection.all('SELECT count(*) FROM range(1000000000000) t(x) WHERE x % 7 = 3'),
        'CATALOG_QUERY_FAILED',
        /longer than 200 ms and was cancelled/,
      );
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 5_000, `cancelled after ${elapsed.toFixed(0)} ms`);
      assert.equal((await connection.listSchemas()).length, 3);
    } finally {
      await connection.close();
    }
  });
});

describe('DuckDB dialect: bad input', () => {
  it('names a missing file, a text file, an empty file, a directory and a SQLite file', async () => {
    await expectQuerentError(
      duckdbDialect.connect(urlOf(path.join(workDir, 'missing.duckdb')), OPTIONS),
      'CONNECTION_NOT_A_DATABASE',
      /missing\.duckdb: the file does not exist/,
    );
    const text = path.join(workDir, 'notes.txt');
    fs.writeFileSync(text, 'not a database\n'.repeat(100));
    await expectQuerentError(duckdbDialect.connect(urlOf(text), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /notes\.txt is not a DuckDB database/);
    const empty = path.join(workDir, 'empty.duckdb');
    fs.writeFileSync(empty, '');
    await expectQuerentError(duckdbDialect.connect(urlOf(empty), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /empty\.duckdb is not a DuckDB database/);
    await expectQuerentError(duckdbDialect.connect(urlOf(workDir), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /is a directory, not a DuckDB database file/);
    await expectQuerentError(
      duckdbDialect.connect(urlOf(CHINOOK_SQLITE), OPTIONS),
      'CONNECTION_NOT_A_DATABASE',
      /Chinook_Sqlite\.sqlite is a SQLite database, not a DuckDB one; connect to it with a sqlite:\/\/\/ URL/,
    );
  });

  it('refuses timeouts that are not positive', async () => {
    await expectQuerentError(duckdbDialect.connect(urlOf(fixture), { connectTimeoutMs: -5, queryTimeoutMs: 1_000 }), 'BAD_INPUT', /connectTimeoutMs must be a positive/);
    await expectQuerentError(duckdbDialect.connect(urlOf(fixture), { connectTimeoutMs: 1_000, queryTimeoutMs: 0 }), 'BAD_INPUT', /queryTimeoutMs must be a positive/);
  });

  it('explains the URL form for relative paths, hosts, parameters, memory and other schemes', async () => {
    const cases: Array<[string, RegExp]> = [
      ['duckdb:warehouse.duckdb', /relative path/],
      ['duckdb://data/warehouse.duckdb', /host or a relative path/],
      [`${urlOf(fixture)}?access_mode=READ_WRITE`, /takes no parameters/],
      ['duckdb:///:memory:', /does not name a file/],
      ['sqlite:///tmp/x.db', /starts with "duckdb:", not "sqlite:"/],
      ['mysql://root:hunter2@db/x', /starts with "duckdb:", not "mysql:"/],
    ];
    for (const [url, message] of cases) {
      await assert.rejects(duckdbDialect.connect(url, OPTIONS), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'BAD_INPUT', url);
        assert.match((error as Error).message, message, url);
        assert.match((error as Error).message, /duckdb:\/\/\/absolute\/path/, url);
        assert.doesNotMatch((error as Error).message, /hunter2/);
        return true;
      });
    }
  });
});
