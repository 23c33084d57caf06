// Owns the tests of the demo-database generator: volume, date window, integrity, dictionary, determinism, atomic write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { generateDemoDatabase, DEMO_ANCHOR_DATE } from '@querent/catalog/dist/demo/demo-database';
import type { DemoDatabaseSummary } from '@querent/catalog/dist/demo/demo-database';

const EXPECTED_TABLES = [
  'regions',
  'customers',
  'product_categories',
  'products',
  'orders',
  'order_items',
  'returns',
  'data_dictionary',
];

let workDir: string;
let dbPath: string;
let summary: DemoDatabaseSummary;
let db: Database.Database;

before(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-demo-'));
  dbPath = path.join(workDir, 'nested', 'demo.db');
  summary = generateDemoDatabase(dbPath);
  db = new Database(dbPath, { readonly: true, fileMustExist: true });
});

after(() => {
  db?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function scalar<T>(database: Database.Database, sql: string, ...params: unknown[]): T {
  return database.prepare(sql).pluck().get(...params) as T;
}

function userTables(database: Database.Database): string[] {
  return database
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

/** sha256 over every row of every table, each table ordered by its primary key (id where it has one). */
function hashDatabase(file: string): string {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    for (const table of userTables(database)) {
      const columns = database.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as Array<{
        name: string;
        pk: number;
      }>;
      const orderBy = columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name)
        .join(', ');
      assert.ok(orderBy.length > 0, `${table} should have a primary key`);
      hash.update(`table ${table}\n`);
      for (const row of database.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).raw().iterate()) {
        hash.update(`${JSON.stringify(row)}\n`);
      }
    }
    return hash.digest('hex');
  } finally {
    database.close();
  }
}

function leftovers(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

test('summary reports every table with its real row count', () => {
  assert.equal(summary.path, path.resolve(dbPath));
  assert.equal(summary.seed, 20251231);
  assert.ok(summary.durationMs >= 0);
  assert.deepEqual(Object.keys(summary.tables).sort(), [...EXPECTED_TABLES].sort());
  assert.deepEqual(userTables(db), [...EXPECTED_TABLES].sort());
  for (const table of EXPECTED_TABLES) {
    assert.equal(summary.tables[table], scalar<number>(db, `SELECT COUNT(*) FROM ${table}`), table);
  }
  assert.equal(summary.tables.orders, 60000);
  assert.equal(summary.tables.regions, 5);
  assert.ok(summary.tables.customers >= 4000 && summary.tables.customers <= 6000);
  assert.ok(summary.tables.products >= 250 && summary.tables.products <= 350);
  // The tmp file was renamed away, not left next to the target.
  assert.deepEqual(leftovers(path.dirname(dbPath)), ['demo.db']);
  assert.equal(scalar<string>(db, 'PRAGMA journal_mode'), 'delete');
});

test('volume: at least 50,000 orders, each with 1 to 5 items', () => {
  assert.ok(scalar<number>(db, 'SELECT COUNT(*) FROM orders') >= 50000);
  const perOrder = db
    .prepare(
      `SELECT MIN(n) AS lo, MAX(n) AS hi, COUNT(*) AS orders FROM
         (SELECT o.id, COUNT(i.id) AS n FROM orders o LEFT JOIN order_items i ON i.order_id = o.id GROUP BY o.id)`,
    )
    .get() as { lo: number; hi: number; orders: number };
  assert.equal(perOrder.lo, 1);
  assert.equal(perOrder.hi, 5);
  // No product appears twice in the same order.
  assert.equal(
    scalar<number>(db, 'SELECT COUNT(*) FROM (SELECT order_id, product_id FROM order_items GROUP BY 1, 2 HAVING COUNT(*) > 1)'),
    0,
  );
});

test('order dates lie in the three years ending at the anchor, with growth and a strong Q4', () => {
  assert.equal(DEMO_ANCHOR_DATE, '2025-12-31');
  const range = db.prepare('SELECT MIN(order_date) AS lo, MAX(order_date) AS hi FROM orders').get() as { lo: string; hi: string };
  const windowStart = scalar<string>(db, "SELECT date(?, '-3 years', '+1 day')", DEMO_ANCHOR_DATE);
  assert.equal(windowStart, '2023-01-01');
  assert.ok(range.lo >= windowStart, `earliest order ${range.lo} is before ${windowStart}`);
  assert.ok(range.hi <= DEMO_ANCHOR_DATE, `latest order ${range.hi} is after the anchor`);
  assert.ok(range.lo <= '2023-01-15' && range.hi >= '2025-12-15', 'orders should span the whole window');
  assert.equal(scalar<number>(db, "SELECT COUNT(*) FROM orders WHERE order_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR date(order_date) IS NOT order_date"), 0);

  const perYear = db.prepare("SELECT substr(order_date, 1, 4) AS y, COUNT(*) AS n FROM orders GROUP BY 1 ORDER BY 1").all() as Array<{ y: string; n: number }>;
  assert.deepEqual(perYear.map((r) => r.y), ['2023', '2024', '2025']);
  assert.ok(perYear[0].n < perYear[1].n && perYear[1].n < perYear[2].n, 'orders should grow year over year');
  const q4Share = scalar<number>(db, "SELECT AVG(CAST(substr(order_date, 6, 2) AS INTEGER) >= 10) FROM orders");
  assert.ok(q4Share > 0.3, `Q4 share ${q4Share} should exceed a quarter of the year by a clear margin`);
});

test('customers: three uneven segments, unique emails, orders only after signup', () => {
  const segments = db.prepare('SELECT segment, COUNT(*) AS n FROM customers GROUP BY 1').all() as Array<{ segment: string; n: number }>;
  assert.deepEqual(segments.map((s) => s.segment).sort(), ['Enterprise', 'Mid-Market', 'SMB']);
  const count = (name: string): number => segments.find((s) => s.segment === name)?.n ?? 0;
  assert.ok(count('Enterprise') < count('Mid-Market') && count('Mid-Market') < count('SMB'));
  assert.equal(scalar<number>(db, 'SELECT COUNT(DISTINCT email) FROM customers'), summary.tables.customers);
  assert.equal(scalar<number>(db, "SELECT COUNT(*) FROM customers WHERE email NOT LIKE '%_@_%._%'"), 0);
  assert.equal(
    scalar<number>(db, 'SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.order_date <= c.signup_date'),
    0,
  );
  // Country and region agree: no country is split across regions.
  assert.equal(scalar<number>(db, 'SELECT COUNT(*) FROM (SELECT country FROM customers GROUP BY 1 HAVING COUNT(DISTINCT region_id) > 1)'), 0);
  assert.equal(scalar<number>(db, "SELECT region_id FROM customers WHERE country = 'Germany' LIMIT 1"), scalar<number>(db, "SELECT id FROM regions WHERE name = 'Europe'"));
});

test('statuses: all four present, mostly delivered, shipped concentrated in recent orders', () => {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM orders GROUP BY 1').all() as Array<{ status: string; n: number }>;
  assert.deepEqual(rows.map((r) => r.status).sort(), ['cancelled', 'delivered', 'returned', 'shipped']);
  const delivered = (rows.find((r) => r.status === 'delivered')?.n ?? 0) / summary.tables.orders;
  assert.ok(delivered > 0.7 && delivered < 0.9, `delivered share ${delivered}`);
  const shippedRecent = scalar<number>(db, "SELECT AVG(status = 'shipped') FROM orders WHERE order_date > date(?, '-14 days')", DEMO_ANCHOR_DATE);
  const shippedOld = scalar<number>(db, "SELECT AVG(status = 'shipped') FROM orders WHERE order_date < date(?, '-90 days')", DEMO_ANCHOR_DATE);
  assert.ok(shippedRecent > 0.3 && shippedOld < 0.02, `shipped recent ${shippedRecent} vs old ${shippedOld}`);
});

test('products: cost below price, sku unique, both active and discontinued products', () => {
  assert.equal(scalar<number>(db, 'SELECT COUNT(*) FROM products WHERE unit_cost >= unit_price OR unit_cost <= 0'), 0);
  assert.equal(scalar<number>(db, 'SELECT COUNT(DISTINCT sku) FROM products'), summary.tables.products);
  assert.deepEqual(db.prepare('SELECT DISTINCT is_active FROM products ORDER BY 1').pluck().all(), [0, 1]);
  assert.ok(scalar<number>(db, 'SELECT COUNT(*) FROM product_categories') >= 6);
  assert.equal(scalar<number>(db, 'SELECT COUNT(*) FROM order_items WHERE discount < 0 OR discount > 0.3 OR quantity < 1'), 0);
});

test('every declared foreign key holds, and the expected ones are declared', () => {
  assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), []);
  const fks = (table: string): string[] =>
    (db.prepare('SELECT "from" AS col, "table" AS ref FROM pragma_foreign_key_list(?)').all(table) as Array<{ col: string; ref: string }>)
      .map((r) => `${r.col}->${r.ref}`)
      .sort();
  assert.deepEqual(fks('customers'), ['region_id->regions']);
  assert.deepEqual(fks('products'), ['category_id->product_categories']);
  assert.deepEqual(fks('orders'), ['customer_id->customers']);
  assert.deepEqual(fks('order_items'), ['order_id->orders', 'product_id->products']);

  const indexed = (table: string): string[] =>
    db
      .prepare("SELECT ii.name FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii WHERE il.origin = 'c'")
      .pluck()
      .all(table) as string[];
  assert.ok(indexed('orders').includes('customer_id') && indexed('orders').includes('order_date'));
  assert.ok(indexed('order_items').includes('order_id') && indexed('order_items').includes('product_id'));
  assert.ok(indexed('customers').includes('region_id'));
});

test('returns: no declared FK, yet each row points at an order with status returned', () => {
  assert.deepEqual(db.prepare('PRAGMA foreign_key_list(returns)').all(), []);
  assert.equal(scalar<number>(db, 'SELECT COUNT(*) FROM returns r LEFT JOIN orders o ON o.id = r.order_id WHERE o.id IS NULL'), 0);
  assert.equal(scalar<number>(db, "SELECT COUNT(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.status <> 'returned'"), 0);
  // Exactly one return per returned order.
  assert.equal(scalar<number>(db, "SELECT COUNT(*) FROM orders WHERE status = 'returned'"), summary.tables.returns);
  assert.equal(scalar<number>(db, 'SELECT COUNT(DISTINCT order_id) FROM returns'), summary.tables.returns);
  assert.equal(
    scalar<number>(db, 'SELECT COUNT(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE r.return_date < o.order_date OR r.return_date > ?', DEMO_ANCHOR_DATE),
    0,
  );
  assert.ok(summary.tables.returns > 0);
});

test('data_dictionary describes exactly the columns that exist', () => {
  const actual = db
    .prepare(
      `SELECT m.name || '.' || c.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1`,
    )
    .pluck()
    .all() as string[];
  const described = db
    .prepare("SELECT table_name || '.' || column_name FROM data_dictionary WHERE length(trim(description)) > 10 ORDER BY 1")
    .pluck()
    .all() as string[];
  assert.ok(actual.includes('returns.order_id') && actual.includes('data_dictionary.description'));
  assert.deepEqual(described, actual);
  // Some CREATE TABLE statements carry column comments for schema introspection.
  assert.ok(scalar<number>(db, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%-- %'") >= 3);
});

test('same seed gives identical rows, a different seed gives different rows', () => {
  const again = path.join(workDir, 'again.db');
  const other = path.join(workDir, 'other.db');
  generateDemoDatabase(again);
  generateDemoDatabase(other, { seed: 7 });
  const reference = hashDatabase(dbPath);
  assert.equal(hashDatabase(again), reference);
  assert.notEqual(hashDatabase(other), reference);
});

test('a smaller orders option is honored', () => {
  const small = path.join(workDir, 'small.db');
  const result = generateDemoDatabase(small, { orders: 1234, seed: 42 });
  assert.equal(result.tables.orders, 1234);
  assert.equal(result.seed, 42);
  const smallDb = new Database(small, { readonly: true });
  try {
    assert.equal(scalar<number>(smallDb, 'SELECT COUNT(*) FROM orders'), 1234);
    assert.equal(scalar<number>(smallDb, 'SELECT COUNT(DISTINCT order_id) FROM order_items'), 1234);
    assert.deepEqual(smallDb.prepare('PRAGMA foreign_key_check').all(), []);
  } finally {
    smallDb.close();
  }
});

test('an existing target is replaced', () => {
  const target = path.join(workDir, 'replace', 'demo.db');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, 'not a database');
  generateDemoDatabase(target, { orders: 50 });
  const replaced = new Database(target, { readonly: true });
  try {
    assert.equal(scalar<number>(replaced, 'SELECT COUNT(*) FROM orders'), 50);
  } finally {
    replaced.close();
  }
  assert.deepEqual(leftovers(path.dirname(target)), ['demo.db']);
});

test('a failing build leaves neither the target nor a tmp file behind', () => {
  const dir = path.join(workDir, 'failing');
  const target = path.join(dir, 'demo.db');
  assert.throws(() => generateDemoDatabase(target, { orders: 0 }), /orders/);
  assert.equal(fs.existsSync(target), false);
  assert.deepEqual(leftovers(dir), []);
  assert.throws(() => generateDemoDatabase(target, { seed: -1 }), /seed/);
  assert.throws(() => generateDemoDatabase(target, { orders: 2.5 }), /orders/);
  assert.deepEqual(leftovers(dir), []);

  // A previous good database survives a failed rebuild untouched.
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(target, 'previous build');
  assert.throws(() => generateDemoDatabase(target, { orders: 0 }));
  assert.equal(fs.readFileSync(target, 'utf8'), 'previous build');
  assert.deepEqual(leftovers(dir), ['demo.db']);
});

test('a build that fails after writing data removes its tmp file', () => {
  // A non-empty directory at the target makes the final rename fail, after the whole database was written.
  const dir = path.join(workDir, 'blocked');
  const target = path.join(dir, 'demo.db');
  fs.mkdirSync(path.join(target, 'occupied'), { recursive: true });
  assert.throws(() => generateDemoDatabase(target, { orders: 200 }));
  assert.deepEqual(leftovers(dir), ['demo.db']);
  assert.deepEqual(leftovers(target), ['occupied']);
});
