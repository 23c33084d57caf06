// The schema memory over a real SQLite database: progressive levels, round trips, the change log, probes,
// persistence across processes, coalescing, and refreshes that fail or are killed leaving the old memory intact.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TOPICS, type CatalogChangePayload } from '@querent/common';
import { openMemoryStack, type MemoryStack } from './support/memory-stack';
import { REPO_ROOT } from './support/processes';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-mem-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A small shop schema in a writable SQLite file. */
function shopDatabase(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, country TEXT DEFAULT 'FR');
    CREATE TABLE products (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), ordered_at TEXT NOT NULL);
    CREATE INDEX orders_customer ON orders(customer_id);
    CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, PRIMARY KEY (order_id, product_id));
    CREATE VIEW big_orders AS SELECT order_id, sum(quantity) AS n FROM order_items GROUP BY order_id;
    INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com');
  `);
  db.close();
}

function alter(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

async function runsOf(stack: MemoryStack) {
  return (await stack.repository.listRuns(stack.connectionId, { first: 100 })).items;
}

async function changesOf(stack: MemoryStack, runId: string) {
  return (await stack.repository.listChanges({ connectionId: stack.connectionId }, { first: 500 })).items.filter((c) => c.refreshRunId === runId);
}

function summary(changes: { action: string; objectType: string; table: string | null; column: string | null }[]): string[] {
  return changes.map((c) => `${c.action} ${c.objectType} ${c.table ?? '-'}${c.column ? `.${c.column}` : ''}`).sort();
}

describe('schema memory on SQLite', () => {
  let dataDir: string;
  let file: string;
  let url: string;
  let stack: MemoryStack;

  before(async () => {
    dataDir = tempDir();
    file = path.join(tempDir(), 'shop.db');
    shopDatabase(file);
    url = `sqlite://${file}`;
    stack = await openMemoryStack({ dataDir, url });
  });
  after(() => stack.close());

  it('discovers progressively: schemas, then one schema’s tables, then only the tables asked for', async () => {
    const db = await stack.memory.schemas(stack.connectionId);
    assert.deepEqual([...db.schemas.keys()], ['main']);
    assert.equal(db.schemas.get('main')?.tables, null, 'level 2 not read yet');
    const schema = await stack.memory.tables(stack.connectionId, 'main');
    assert.deepEqual([...schema.tables.keys()].sort(), ['big_orders', 'customers', 'order_items', 'orders', 'products']);
    assert.equal(schema.tables.get('big_orders')?.kind, 'VIEW');
    assert.ok([...schema.tables.values()].every((t) => t.structure === null), 'level 3 not read yet');

    const [orders] = await stack.memory.structures(stack.connectionId, 'main', ['orders']);
    assert.deepEqual(orders?.structure?.columns.map((c) => c.name), ['id', 'customer_id', 'ordered_at']);
    assert.deepEqual(orders?.structure?.foreignKeys.map((f) => `${f.columns}->${f.refTable}.${f.refColumns}`), ['customer_id->customers.id']);
    assert.equal((await stack.memory.peek(stack.connectionId))?.schemas?.get('main')?.tables?.get('customers')?.structure, null, 'other tables still unread');

    const runs = await runsOf(stack);
    assert.deepEqual(runs.map((r) => r.trigger), ['first-use', 'first-use', 'first-use']);
    assert.ok(runs.every((r) => r.status === 'succeeded'));
    const [describeRun, tablesRun, schemasRun] = runs;
    assert.equal(describeRun.tablesRead, 1);
    assert.equal(tablesRun.tablesRead, 0);
    assert.equal(schemasRun.tablesRead, 0);
    // SQLite's schema list costs nothing (it is always `main`); the other levels a handful of queries each.
    for (const run of runs) assert.ok(run.roundTrips <= 6, `a level costs a handful of queries, got ${run.roundTrips}`);
    assert.ok(tablesRun.roundTrips >= 1 && describeRun.roundTrips >= 1);
    assert.equal((await stack.repository.listChanges({ connectionId: stack.connectionId }, { first: 10 })).items.length, 0, 'first discovery is not a change');
  });

  it('answers known structure from memory without touching the database', async () => {
    const before = (await runsOf(stack)).length;
    const [orders] = await stack.memory.structures(stack.connectionId, 'main', ['orders']);
    assert.ok(orders?.structure);
    assert.equal((await runsOf(stack)).length, before);
  });

  it('reads many tables in one batch with the same round trips as one', async () => {
    const [one] = await runsOf(stack);
    await stack.memory.structures(stack.connectionId, 'main', ['customers', 'products', 'order_items', 'big_orders']);
    const [many] = await runsOf(stack);
    assert.equal(many.tablesRead, 4);
    assert.equal(many.roundTrips, one.roundTrips, 'describing four tables costs what describing one did');
  });

  it('a warm check with no change is one round trip and records nothing', async () => {
    const runsBefore = (await runsOf(stack)).length;
    const result = await stack.memory.check(stack.connectionId, 'main');
    assert.deepEqual(result, { roundTrips: 1, changed: false, run: null });
    assert.equal((await runsOf(stack)).length, runsBefore);
  });

  it('logs each kind of change exactly once, and re-reads only the changed tables', async () => {
    const cases: [string, string, string[]][] = [
      ['add a column', 'ALTER TABLE customers ADD COLUMN segment TEXT', ['ADDED COLUMN customers.segment']],
      ['drop a column', 'ALTER TABLE customers DROP COLUMN segment', ['REMOVED COLUMN customers.segment']],
      ['rename a column', 'ALTER TABLE products RENAME COLUMN title TO name', ['RENAMED COLUMN products.name']],
      ['add an index', 'CREATE INDEX products_price ON products(price)', ['ADDED INDEX products']],
      ['drop an index', 'DROP INDEX products_price', ['REMOVED INDEX products']],
      ['add a table', 'CREATE TABLE returns (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL)', ['ADDED TABLE returns']],
      // SQLite rewrites the foreign key of order_items to name the new table: that is a real change of order_items.
      ['rename a table', 'ALTER TABLE orders RENAME TO purchases', ['CHANGED FOREIGN_KEY order_items', 'RENAMED TABLE purchases']],
      ['drop a view', 'DROP VIEW big_orders', ['REMOVED VIEW big_orders']],
    ];
    const seen: CatalogChangePayload[] = [];
    const unsubscribe = await stack.bus.subscribe(TOPICS.CATALOG_CHANGE, (e) => seen.push(e));
    for (const [label, sql, expected] of cases) {
      seen.length = 0;
      alter(file, sql);
      const run = await stack.memory.refresh(stack.connectionId, { schema: 'main' });
      const changes = await changesOf(stack, run.id);
      assert.deepEqual(summary(changes), expected, label);
      assert.equal(run.changeCount, expected.length, label);
      assert.deepEqual(summary(seen), expected, `${label}: published on the bus`);
      const again = await stack.memory.refresh(stack.connectionId, { schema: 'main' });
      assert.equal(again.changeCount, 0, `${label}: never logged twice`);
      assert.equal(again.tablesRead, 0, `${label}: nothing re-read when nothing changed`);
    }
    await unsubscribe();

    const renamed = (await stack.memory.peek(stack.connectionId))?.schemas?.get('main')?.tables?.get('purchases');
    assert.ok(renamed?.structure, 'a renamed table keeps a known structure');
    const columnRename = (await stack.repository.listChanges({ connectionId: stack.connectionId, table: 'products' }, { first: 50 })).items.find((c) => c.action === 'RENAMED');
    assert.deepEqual([columnRename?.before, columnRename?.after], [{ name: 'title' }, { name: 'name' }]);
  });

  it('an incremental refresh reads exactly the altered tables', async () => {
    alter(file, 'ALTER TABLE customers ADD COLUMN vip INTEGER DEFAULT 0; CREATE INDEX items_product ON order_items(product_id);');
    const run = await stack.memory.refresh(stack.connectionId, { schema: 'main' });
    assert.equal(run.tablesRead, 2);
    assert.deepEqual(summary(await changesOf(stack, run.id)), ['ADDED COLUMN customers.vip', 'ADDED INDEX order_items']);
  });

  it('force re-reads the whole scope but logs nothing when nothing changed', async () => {
    const known = [...((await stack.memory.peek(stack.connectionId))?.schemas?.get('main')?.tables?.values() ?? [])].filter((t) => t.structure).length;
    const run = await stack.memory.refresh(stack.connectionId, { schema: 'main', force: true });
    assert.equal(run.tablesRead, known);
    assert.equal(run.changeCount, 0);
  });

  it('concurrent refreshes of the same node share one run', async () => {
    alter(file, 'ALTER TABLE products ADD COLUMN sku TEXT');
    const [a, b, c] = await Promise.all([
      stack.memory.refresh(stack.connectionId, { schema: 'main' }),
      stack.memory.refresh(stack.connectionId, { schema: 'main' }),
      stack.memory.refresh(stack.connectionId, { schema: 'main' }),
    ]);
    assert.equal(a.id, b.id);
    assert.equal(b.id, c.id);
    assert.equal(a.changeCount, 1);
  });

  it('a second process reuses the persisted memory without re-reading', async () => {
    const other = await openMemoryStack({ dataDir, url, connectionId: stack.connectionId });
    try {
      const runsBefore = (await runsOf(other)).length;
      const [customers] = await other.memory.structures(other.connectionId, 'main', ['customers']);
      assert.ok(customers?.structure?.columns.some((c) => c.name === 'vip'));
      const schema = await other.memory.tables(other.connectionId, 'main');
      assert.ok(schema.tables.has('purchases'));
      assert.equal((await runsOf(other)).length, runsBefore, 'no refresh ran');
      assert.deepEqual(await other.memory.check(other.connectionId, 'main'), { roundTrips: 1, changed: false, run: null });
    } finally {
      await other.close();
    }
  });

  it('the TTL triggers a probe, and a probe that finds changes re-reads them', async () => {
    const ttlStack = await openMemoryStack({ dataDir, url, connectionId: stack.connectionId, ttls: { schemasMs: 3_600_000, tablesMs: 0 } });
    try {
      alter(file, 'ALTER TABLE purchases ADD COLUMN note TEXT');
      const schema = await ttlStack.memory.tables(ttlStack.connectionId, 'main');
      assert.ok(schema.tables.get('purchases')?.structure?.columns.some((c) => c.name === 'note'));
      const [latest] = await runsOf(ttlStack);
      assert.equal(latest.trigger, 'ttl');
      assert.equal(latest.tablesRead, 1);
    } finally {
      await ttlStack.close();
    }
  });

  it('an error report re-reads the node it names', async () => {
    const run = await stack.memory.reportError(stack.connectionId, 'main', 'customers');
    assert.equal(run.trigger, 'error');
    assert.equal(run.tablesRead, 1);
  });

  it('a refresh that fails keeps the previous memory and change log, and records the failed run', async () => {
    const before = await stack.repository.load(stack.connectionId);
    const changesBefore = (await stack.repository.listChanges({ connectionId: stack.connectionId }, { first: 500 })).items.length;
    const saved = fs.readFileSync(file);
    fs.writeFileSync(file, 'this is not a database any more');
    try {
      await assert.rejects(stack.memory.refresh(stack.connectionId, { schema: 'main', force: true }), (e: { code?: string }) => e.code === 'CONNECTION_NOT_A_DATABASE');
    } finally {
      fs.writeFileSync(file, saved);
    }
    const [failed] = await runsOf(stack);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /not a/i);
    assert.deepEqual(await stack.repository.load(stack.connectionId), before);
    assert.equal((await stack.repository.listChanges({ connectionId: stack.connectionId }, { first: 500 })).items.length, changesBefore);
  });
});

describe('a killed refresh', () => {
  it('keeps the old memory; the next start marks the run failed', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'wide.db');
    const db = new Database(file);
    const columns = Array.from({ length: 25 }, (_, i) => `c${i} TEXT`).join(', ');
    db.exec('BEGIN; ' + Array.from({ length: 3000 }, (_, t) => `CREATE TABLE t${t} (id INTEGER PRIMARY KEY, ${columns}); CREATE INDEX t${t}_c1 ON t${t}(c1);`).join(' ') + ' COMMIT;');
    db.close();
    const url = `sqlite://${file}`;
    const stack = await openMemoryStack({ dataDir, url });
    const names = Array.from({ length: 3000 }, (_, t) => `t${t}`);
    await stack.memory.tables(stack.connectionId, 'main');
    await stack.memory.structures(stack.connectionId, 'main', names);
    const before = await stack.repository.load(stack.connectionId);
    await stack.close();
    // Ten real changes for the killed run to (not) record; the forced refresh re-reads all 3000 tables, which takes long enough to kill.
    const altered = names.filter((_, i) => i % 300 === 0);
    alter(file, 'BEGIN; ' + altered.map((n) => `ALTER TABLE ${n} ADD COLUMN extra TEXT;`).join(' ') + ' COMMIT;');

    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test', 'dist', 'support', 'refresh-child.js'), dataDir, url, stack.connectionId, 'main'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('READING')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', () => (output.includes('READING') ? resolve() : reject(new Error(`the child ended before reading: ${output}`))));
    });
    await new Promise((r) => child.on('exit', r));
    assert.ok(!output.includes('DONE'), 'the kill landed before the refresh finished');

    const after = await openMemoryStack({ dataDir, url, connectionId: stack.connectionId });
    try {
      assert.deepEqual(await after.repository.load(after.connectionId), before, 'the memory is exactly the old one');
      const interrupted = await after.repository.failInterruptedRuns();
      assert.equal(interrupted, 1);
      const [run] = (await after.repository.listRuns(after.connectionId, { first: 1 })).items;
      assert.equal(run.status, 'failed');
      assert.match(run.error ?? '', /interrupted/);
      assert.equal((await after.repository.listChanges({ connectionId: after.connectionId }, { first: 10 })).items.length, 0, 'no change from the killed run');
      // The next refresh does the work properly.
      const redo = await after.memory.refresh(after.connectionId, { schema: 'main' });
      assert.equal(redo.changeCount, altered.length);
      assert.equal(redo.tablesRead, altered.length);
    } finally {
      await after.close();
    }
  });
});
