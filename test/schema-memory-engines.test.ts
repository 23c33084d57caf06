// One change-log scenario over PostgreSQL, MariaDB and DuckDB: each kind of change (type, nullability, default,
// keys, indexes, renames, comments) is logged exactly once, and only the altered tables are re-read.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMemoryStack, type MemoryStack } from './support/memory-stack';
import { openScratchDatabase } from './support/scratch-databases';

interface Engine {
  name: string;
  schema: string;
  /** Creates the fixture and returns the URL plus a way to run DDL and to clean up. */
  open(): Promise<{ url: string; exec(sql: string): Promise<void>; drop(): Promise<void> }>;
  setup: string;
  /** [label, DDL, expected change summary, tables the engine also marks as touched] — the same intent, each engine's spelling. */
  changes: [string, string, string[], string[]?][];
}

const BASE_TABLES = (t: { int: string; text: string; money: string; schema: string }) => `
  CREATE TABLE ${t.schema}customers (id ${t.int} PRIMARY KEY, name ${t.text} NOT NULL, country ${t.text});
  CREATE TABLE ${t.schema}orders (id ${t.int} PRIMARY KEY, customer_id ${t.int} NOT NULL, total ${t.money}, status ${t.text});
  CREATE TABLE ${t.schema}untouched (id ${t.int} PRIMARY KEY, note ${t.text});
`;

const engines: Engine[] = [
  {
    name: 'postgres',
    schema: 'shop',
    open: () => openScratchDatabase('postgres', 'querent-memory-engines-'),
    setup: 'CREATE SCHEMA shop;' + BASE_TABLES({ int: 'integer', text: 'text', money: 'numeric(10,2)', schema: 'shop.' }),
    changes: [
      ['change a type', 'ALTER TABLE shop.orders ALTER COLUMN total TYPE numeric(14,2)', ['CHANGED COLUMN orders.total']],
      ['change nullability', 'ALTER TABLE shop.customers ALTER COLUMN country SET NOT NULL', ['CHANGED COLUMN customers.country']],
      ['change a default', "ALTER TABLE shop.orders ALTER COLUMN status SET DEFAULT 'new'", ['CHANGED COLUMN orders.status']],
      // PostgreSQL also rewrites the referenced table's catalog row (its first incoming foreign key adds triggers
      // and sets relhastriggers), so customers is re-read once and found structurally unchanged.
      ['add a foreign key', 'ALTER TABLE shop.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customers(id)', ['ADDED FOREIGN_KEY orders'], ['customers']],
      ['add a unique constraint', 'ALTER TABLE shop.customers ADD CONSTRAINT customers_name_key UNIQUE (name)', ['ADDED INDEX customers', 'ADDED UNIQUE customers']],
      ['rename a column', 'ALTER TABLE shop.customers RENAME COLUMN country TO country_code', ['RENAMED COLUMN customers.country_code']],
      ['comment a table', "COMMENT ON TABLE shop.orders IS 'One row per order'", ['CHANGED TABLE orders']],
      ['drop the primary key', 'ALTER TABLE shop.untouched DROP CONSTRAINT untouched_pkey', ['REMOVED INDEX untouched', 'REMOVED PRIMARY_KEY untouched']],
      ['add a view', 'CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 100', ['ADDED VIEW big_orders']],
    ],
  },
  {
    name: 'mysql',
    schema: '',
    open: () => openScratchDatabase('mysql', 'querent-memory-engines-'),
    setup: BASE_TABLES({ int: 'int', text: 'varchar(100)', money: 'decimal(10,2)', schema: '' }),
    changes: [
      ['change a type', 'ALTER TABLE orders MODIFY total decimal(14,2)', ['CHANGED COLUMN orders.total']],
      ['change nullability', 'ALTER TABLE customers MODIFY country varchar(100) NOT NULL', ['CHANGED COLUMN customers.country']],
      ['change a default', "ALTER TABLE orders ALTER status SET DEFAULT 'new'", ['CHANGED COLUMN orders.status']],
      ['add a foreign key', 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id)', ['ADDED FOREIGN_KEY orders', 'ADDED INDEX orders']],
      ['add a unique constraint', 'ALTER TABLE customers ADD CONSTRAINT customers_name_key UNIQUE (name)', ['ADDED INDEX customers', 'ADDED UNIQUE customers']],
      ['rename a column', 'ALTER TABLE customers RENAME COLUMN country TO country_code', ['RENAMED COLUMN customers.country_code']],
      ['comment a table', "ALTER TABLE orders COMMENT = 'One row per order'", ['CHANGED TABLE orders']],
      ['drop the primary key', 'ALTER TABLE untouched DROP PRIMARY KEY', ['REMOVED INDEX untouched', 'REMOVED PRIMARY_KEY untouched']],
      ['add a view', 'CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100', ['ADDED VIEW big_orders']],
    ],
  },
  {
    name: 'duckdb',
    schema: 'main',
    open: () => openScratchDatabase('duckdb', 'querent-memory-engines-'),
    setup: BASE_TABLES({ int: 'INTEGER', text: 'VARCHAR', money: 'DECIMAL(10,2)', schema: '' }),
    changes: [
      ['change a type', 'ALTER TABLE orders ALTER COLUMN total TYPE DECIMAL(14,2)', ['CHANGED COLUMN orders.total']],
      ['change nullability', 'ALTER TABLE customers ALTER COLUMN country SET NOT NULL', ['CHANGED COLUMN customers.country']],
      ['change a default', "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'", ['CHANGED COLUMN orders.status']],
      ['add an index', 'CREATE INDEX orders_customer ON orders(customer_id)', ['ADDED INDEX orders']],
      ['rename a column', 'ALTER TABLE customers RENAME COLUMN country TO country_code', ['RENAMED COLUMN customers.country_code']],
      ['comment a table', "COMMENT ON TABLE untouched IS 'Nobody touches this'", ['CHANGED TABLE untouched']],
      ['add a view', 'CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100', ['ADDED VIEW big_orders']],
      ['rename a table', 'ALTER TABLE untouched RENAME TO kept', ['RENAMED TABLE kept']],
    ],
  },
];

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function summary(changes: { action: string; objectType: string; table: string | null; column: string | null }[]): string[] {
  return changes.map((c) => `${c.action} ${c.objectType} ${c.table ?? '-'}${c.column ? `.${c.column}` : ''}`).sort();
}

for (const engine of engines) {
  describe(`schema memory on ${engine.name}`, () => {
    let fixture: Awaited<ReturnType<Engine['open']>>;
    let stack: MemoryStack;
    let schema: string;

    after(async () => {
      await stack?.close();
      await fixture?.drop();
    });

    it('logs each kind of change exactly once and re-reads only the altered tables', async () => {
      fixture = await engine.open();
      await fixture.exec(engine.setup);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-meme-'));
      dirs.push(dataDir);
      stack = await openMemoryStack({ dataDir, url: fixture.url });
      const db = await stack.memory.schemas(stack.connectionId);
      schema = engine.schema || [...db.schemas.values()].find((s) => s.isDefault)?.name || '';
      const listed = await stack.memory.tables(stack.connectionId, schema);
      assert.deepEqual([...listed.tables.keys()].sort(), ['customers', 'orders', 'untouched']);
      await stack.memory.structures(stack.connectionId, schema, ['customers', 'orders', 'untouched']);

      for (const [label, ddl, expected, alsoTouched = []] of engine.changes) {
        await fixture.exec(ddl);
        const run = await stack.memory.refresh(stack.connectionId, { schema });
        const changes = (await stack.repository.listChanges({ connectionId: stack.connectionId }, { first: 500 })).items.filter((c) => c.refreshRunId === run.id);
        assert.deepEqual(summary(changes), expected, `${engine.name}: ${label}`);
        // Only the altered tables are re-read: the ones named in the expected changes, except a new view (never
        // described unless asked) and counting a renamed table once (read to recognize the rename).
        const altered = new Set([...expected.filter((e) => !e.startsWith('ADDED VIEW')).map((e) => e.split(' ')[2].split('.')[0]), ...alsoTouched]);
        assert.equal(run.tablesRead, altered.size, `${engine.name}: ${label}: re-read only ${[...altered].join(', ') || 'nothing'}`);
        const again = await stack.memory.refresh(stack.connectionId, { schema });
        assert.equal(again.changeCount, 0, `${engine.name}: ${label}: never logged twice`);
        assert.equal(again.tablesRead, 0, `${engine.name}: ${label}: nothing re-read`);
      }
    });

    it('answers a warm check in one round trip', async () => {
      // MariaDB's cheap token needs two quiet seconds after DDL (its CREATE_TIME has one-second resolution).
      if (engine.name === 'mysql') await new Promise((r) => setTimeout(r, 3200));
      // The first check may find a token that moved without a change (MariaDB leaving its post-DDL window,
      // PostgreSQL's relhastriggers): it compares per-table tokens, records nothing and settles the token.
      const first = await stack.memory.check(stack.connectionId, schema);
      assert.deepEqual({ changed: first.changed, run: first.run }, { changed: false, run: null });
      assert.deepEqual(await stack.memory.check(stack.connectionId, schema), { roundTrips: 1, changed: false, run: null });
    });
  });
}
