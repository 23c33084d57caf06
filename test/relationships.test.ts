// Owns the tests of relationship inference on real engines: the demo database (copied into PostgreSQL, MariaDB and
// DuckDB) with its naming-only relationship, Chinook and Sakila with their declared keys and name-implied ones,
// cardinalities and link tables, value overlap measured on real rows, the fingerprint that spares recomputation, and
// the GraphQL shape through the gateway.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createLogger, dialectForUrl, loadSettings, type TableStructure } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { generateDemoDatabase } from '@querent/catalog/dist/demo/demo-database';
import { RelationshipService, type OpenedOverlapMeter } from '@querent/catalog/dist/relationships/relationship-service';
import { PrismaRelationshipRepository } from '@querent/catalog/dist/relationships/prisma-relationship-repository';
import { SqlOverlapMeter } from '@querent/catalog/dist/relationships/value-overlap';
import { inferFromNames, identifierWords, type NamingCandidate } from '@querent/catalog/dist/relationships/naming-heuristics';
import { RelationshipInference } from '@querent/catalog/dist/relationships/relationship-inference';
import { compareKeyTypes, isKeyType } from '@querent/catalog/dist/relationships/key-types';
import { plural, singular } from '@querent/catalog/dist/relationships/inflector';
import type { InferredRelationship } from '@querent/catalog/dist/relationships/inferred-relationship';
import { openMemoryStack, type MemoryStack } from './support/memory-stack';
import { createTempPostgresDatabase } from './support/postgres';
import { createTempMysqlDatabase, loadChinookMysql, loadChinookPostgres, loadSakilaMysql, loadSakilaPostgres, withMysqlAdmin, type TempDatabase } from './support/sample-databases';
import { SAMPLE_DATA_DIR } from './support/shared-data';
import { copySqliteInto, type CopyEngine } from './support/sqlite-copy';
import { graphql } from './support/processes';

const CHINOOK_SQLITE = path.join(SAMPLE_DATA_DIR, 'chinook', 'Chinook_Sqlite.sqlite');
const SAKILA_SQLITE = path.join(SAMPLE_DATA_DIR, 'sakila', 'sakila.sqlite');
const BUDGET = { maxOverlapQueries: 200, overlapBudgetMs: 60_000 };

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-rel-'));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

interface Harness {
  stack: MemoryStack;
  dataDir: string;
  service: RelationshipService;
  /** How many times the service opened an executor for value overlap. */
  opens: { count: number };
}

let harnessNo = 0;
async function harness(url: string, options: { overlap?: boolean; dataDir?: string; connectionId?: string } = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(tmpRoot, `store-${(harnessNo += 1)}-`));
  const stack = await openMemoryStack({ dataDir, url, connectionId: options.connectionId });
  const dialect = dialectForUrl(url);
  const opens = { count: 0 };
  const service = new RelationshipService({
    memory: stack.memory,
    repository: new PrismaRelationshipRepository(stack.store),
    openOverlapMeter:
      options.overlap === false
        ? null
        : async (): Promise<OpenedOverlapMeter> => {
            opens.count += 1;
            const executor = await dialect.openExecutor(url, { connectTimeoutMs: 10_000, poolSize: 1 });
            return { meter: new SqlOverlapMeter(executor, dialect.quoteIdentifier, { timeoutMs: 20_000 }), close: () => executor.close() };
          },
    budget: BUDGET,
    logger: createLogger('test', 'error'),
  });
  cleanups.push(() => stack.close());
  return { stack, service, opens, dataDir };
}

const arrow = (r: InferredRelationship) => `${r.fromTable}.${r.fromColumns.join(',')}->${r.toTable}.${r.toColumns.join(',')}`;
const find = (all: InferredRelationship[], from: string, to: string) => all.find((r) => arrow(r) === `${from}->${to}`);

// ---------------------------------------------------------------------------------------------------------------
// The demo database, with three extra tables: a declared key, a misleading name the data refutes, and a text key
// no name links (found by value overlap alone).
// ---------------------------------------------------------------------------------------------------------------

const demoFile = path.join(tmpRoot, 'demo.db');
{
  generateDemoDatabase(demoFile, { orders: 3000 });
  const db = new Database(demoFile);
  db.exec(`
    CREATE TABLE parcels (code TEXT PRIMARY KEY, carrier TEXT NOT NULL);
    CREATE TABLE shipments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), tracking_ref TEXT);
    CREATE TABLE promo_redemptions (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, amount REAL NOT NULL);
  `);
  const parcel = db.prepare('INSERT INTO parcels VALUES (?, ?)');
  for (let i = 1; i <= 40; i += 1) parcel.run(`PX-${String(i).padStart(4, '0')}`, i % 2 ? 'DHL' : 'UPS');
  const shipment = db.prepare('INSERT INTO shipments VALUES (?, ?, ?)');
  for (let i = 1; i <= 120; i += 1) shipment.run(i, i, `PX-${String(((i * 7) % 40) + 1).padStart(4, '0')}`);
  // Customer ids far beyond the real ones: the name says customers, the values say no.
  const promo = db.prepare('INSERT INTO promo_redemptions VALUES (?, ?, ?)');
  for (let i = 1; i <= 60; i += 1) promo.run(i, 900_000 + i, 5);
  db.close();
}

async function demoUrl(engine: 'sqlite' | CopyEngine): Promise<string> {
  if (engine === 'sqlite') return `sqlite://${demoFile}`;
  if (engine === 'duckdb') {
    const file = path.join(tmpRoot, `demo-${Date.now()}.duckdb`);
    await copySqliteInto('duckdb', demoFile, file);
    return `duckdb://${file}`;
  }
  const db: TempDatabase = engine === 'postgres' ? await createTempPostgresDatabase() : await createTempMysqlDatabase();
  cleanups.push(() => db.drop());
  await copySqliteInto(engine, demoFile, db.url);
  return db.url;
}

describe('the demo database on every engine', () => {
  for (const engine of ['sqlite', 'postgres', 'mysql', 'duckdb'] as const) {
    it(`${engine}: finds returns.order_id → orders.id by name, confirms it on the rows, refutes a misleading name, finds an unnamed text key`, async () => {
      const url = await demoUrl(engine);
      const { service, stack } = await harness(url);
      const set = await service.relationshipSet(stack.connectionId);
      const all = set.relationships;

      // The naming-only relationship, with its evidence and a confidence the rows raised.
      const returns = find(all, 'returns.order_id', 'orders.id');
      assert.ok(returns, `returns → orders missing on ${engine}: ${all.map(arrow).join('; ')}`);
      assert.equal(returns.source, 'NAMING');
      assert.equal(returns.cardinality, 'ONE_TO_MANY');
      assert.deepEqual(returns.evidence.naming, { rule: 'id', tableMatch: 'exact', target: 'primary-key', typeMatch: 'identical' });
      assert.ok(returns.evidence.overlap, `no overlap measured on ${engine}: ${JSON.stringify(returns.evidence)}`);
      assert.ok(returns.evidence.overlap.sampled > 50, `sampled ${returns.evidence.overlap.sampled}`);
      assert.equal(returns.evidence.overlap.ratio, 1, 'every returned order exists');
      assert.ok(returns.confidence > 0.9 && returns.confidence < 1, `confidence ${returns.confidence}`);

      // Declared keys come through as DECLARED with confidence 1, and nothing else is name-implied.
      const declared = all.filter((r) => r.source === 'DECLARED').map(arrow).sort();
      assert.deepEqual(declared, [
        'customers.region_id->regions.id',
        'order_items.order_id->orders.id',
        'order_items.product_id->products.id',
        'orders.customer_id->customers.id',
        'products.category_id->product_categories.id',
        'shipments.order_id->orders.id',
      ]);
      assert.ok(all.filter((r) => r.source === 'DECLARED').every((r) => r.confidence === 1));
      assert.deepEqual(all.filter((r) => r.source === 'NAMING').map(arrow), ['returns.order_id->orders.id']);

      // promo_redemptions.customer_id is named like a key to customers, but none of its 60 values is a customer.
      assert.equal(all.some((r) => r.fromTable === 'promo_redemptions'), false);
      assert.equal(set.stats.refuted, 1);

      // tracking_ref → parcels.code: no name links them, every sampled value is a parcel code.
      const tracking = find(all, 'shipments.tracking_ref', 'parcels.code');
      assert.ok(tracking, `unnamed key not found on ${engine}`);
      assert.equal(tracking.source, 'VALUE_OVERLAP');
      assert.equal(tracking.evidence.overlap?.ratio, 1);
      assert.equal(tracking.evidence.overlap?.sampled, 40);
      assert.ok(tracking.confidence >= 0.5 && tracking.confidence < 0.9, `confidence ${tracking.confidence}`);
      assert.equal(all.filter((r) => r.source === 'VALUE_OVERLAP').length, 1);
      assert.equal(set.stats.overlapFailures, 0);

      // The graph joins through the naming-only key.
      const joined = await service.joinPath(stack.connectionId, ['customers', 'returns']);
      assert.deepEqual(joined?.tables.map((t) => t.table), ['customers', 'orders', 'returns']);
      assert.deepEqual(joined?.joins[1].rightColumns, ['order_id']);
    });
  }

  it('without an executor, names alone decide and say that overlap was skipped', async () => {
    const { service, stack } = await harness(`sqlite://${demoFile}`, { overlap: false });
    const set = await service.relationshipSet(stack.connectionId);
    const returns = find(set.relationships, 'returns.order_id', 'orders.id');
    assert.equal(returns?.confidence, 0.9);
    assert.equal(returns?.evidence.overlapSkipped, 'no executor');
    // Unrefuted, the misleading name stays (with its name-only confidence); nothing is found by values.
    assert.ok(find(set.relationships, 'promo_redemptions.customer_id', 'customers.id'));
    assert.equal(set.relationships.some((r) => r.source === 'VALUE_OVERLAP'), false);
    assert.equal(set.stats.overlapAvailable, false);
  });
});

describe('the fingerprint spares recomputation; a structure change recomputes', () => {
  it('answers from the stored set until a table changes, across service instances', async () => {
    const file = path.join(tmpRoot, 'fingerprint.db');
    fs.copyFileSync(demoFile, file);
    const url = `sqlite://${file}`;
    const first = await harness(url);
    const computed = await first.service.relationshipSet(first.stack.connectionId);
    assert.equal(first.opens.count, 1);
    const again = await first.service.relationshipSet(first.stack.connectionId);
    assert.equal(again.computedAt.getTime(), computed.computedAt.getTime());
    assert.equal(first.opens.count, 1, 'no second inference when nothing changed');

    // A second service over the same store (another process) finds the stored set and measures nothing.
    const second = await harness(url, { dataDir: first.dataDir, connectionId: first.stack.connectionId });
    const loaded = await second.service.relationshipSet(second.stack.connectionId);
    assert.equal(second.opens.count, 0, 'the stored set is reused');
    assert.equal(loaded.fingerprint, computed.fingerprint);
    assert.equal(loaded.relationships.length, computed.relationships.length);
    assert.deepEqual(find(loaded.relationships, 'returns.order_id', 'orders.id'), find(computed.relationships, 'returns.order_id', 'orders.id'), 'evidence survives the store');

    const db = new Database(file);
    db.exec('CREATE TABLE refunds (id INTEGER PRIMARY KEY, return_id INTEGER NOT NULL, amount REAL); INSERT INTO refunds VALUES (1, 1, 10.0), (2, 2, 5.5);');
    db.close();
    await first.stack.memory.refresh(first.stack.connectionId, { schema: 'main' }, 'user');
    const recomputed = await first.service.relationshipSet(first.stack.connectionId);
    assert.notEqual(recomputed.fingerprint, computed.fingerprint);
    assert.equal(first.opens.count, 2);
    const refunds = find(recomputed.relationships, 'refunds.return_id', 'returns.id');
    assert.equal(refunds?.source, 'NAMING');
    assert.equal(refunds?.evidence.overlap?.ratio, 1);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Chinook and Sakila as published.
// ---------------------------------------------------------------------------------------------------------------

/** Declared foreign keys counted straight from each engine's own catalog, independently of Querent's discovery. */
async function declaredCount(engine: 'sqlite' | 'postgres' | 'mysql', url: string): Promise<number> {
  if (engine === 'sqlite') {
    const db = new Database(url.replace(/^sqlite:\/\//, ''), { readonly: true });
    try {
      return (db.prepare(`SELECT COUNT(DISTINCT m.name || '.' || f.id) AS n FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  if (engine === 'postgres') {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query(`SELECT COUNT(*) AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`)).rows[0].n);
    } finally {
      await client.end();
    }
  }
  const database = new URL(url).pathname.slice(1);
  return withMysqlAdmin(async (conn) => {
    const [rows] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?', [database]);
    return Number((rows as { n: number }[])[0].n);
  });
}

const sakilaUrls: Record<'sqlite' | 'postgres' | 'mysql', () => Promise<string>> = {
  sqlite: async () => `sqlite://${SAKILA_SQLITE}`,
  postgres: async () => {
    const db = await loadSakilaPostgres();
    cleanups.push(() => db.drop());
    return db.url;
  },
  mysql: async () => {
    const db = await loadSakilaMysql();
    cleanups.push(() => db.drop());
    return db.url;
  },
};

const chinookUrls: Record<'sqlite' | 'postgres' | 'mysql', () => Promise<string>> = {
  sqlite: async () => `sqlite://${CHINOOK_SQLITE}`,
  postgres: async () => {
    const db = await loadChinookPostgres();
    cleanups.push(() => db.drop());
    return db.url;
  },
  mysql: async () => {
    const db = await loadChinookMysql();
    cleanups.push(() => db.drop());
    return db.url;
  },
};

describe('Sakila', () => {
  for (const engine of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`${engine}: every declared key, film ↔ actor and film ↔ category through their link tables, and what names imply`, async () => {
      const url = await sakilaUrls[engine]();
      const { service, stack } = await harness(url);
      const set = await service.relationshipSet(stack.connectionId);
      const all = set.relationships;
      const declared = all.filter((r) => r.source === 'DECLARED' && r.cardinality !== 'MANY_TO_MANY');
      assert.equal(declared.length, await declaredCount(engine, url), 'one DECLARED relationship per foreign key the engine reports');
      assert.ok(declared.every((r) => r.confidence === 1));
      assert.equal(find(all, 'film_actor.actor_id', 'actor.actor_id')?.source, 'DECLARED');
      assert.equal(find(all, 'store.manager_staff_id', 'staff.staff_id')?.cardinality, engine === 'sqlite' ? 'ONE_TO_MANY' : 'ONE_TO_ONE', 'a unique index on manager_staff_id (not in the SQLite variant) makes it one-to-one');
      // Names agree with most declared keys, role-prefixed ones included (original_language_id → language).
      assert.equal(find(all, 'film.original_language_id', 'language.language_id')?.evidence.namesAgree, true);
      assert.ok(declared.filter((r) => r.evidence.namesAgree).length >= declared.length - 1, `${declared.filter((r) => !r.evidence.namesAgree).map(arrow).join('; ')}`);

      const pairs = all.filter((r) => r.cardinality === 'MANY_TO_MANY').map((r) => `${r.fromTable}<>${r.toTable} via ${r.via?.table}`).sort();
      assert.deepEqual(pairs, ['actor<>film via film_actor', 'film<>category via film_category']);
      const filmActor = all.find((r) => r.via?.table === 'film_actor')!;
      assert.equal(filmActor.source, 'DECLARED');
      assert.deepEqual(filmActor.evidence.link, { fromColumns: ['actor_id'], toColumns: ['film_id'] });
      const path = await service.joinPath(stack.connectionId, ['film', 'actor']);
      assert.deepEqual(path?.tables.map((t) => t.table), ['film', 'film_actor', 'actor']);
      const rentals = await service.joinPath(stack.connectionId, ['customer', 'film']);
      assert.deepEqual(rentals?.tables.map((t) => t.table), ['customer', 'rental', 'inventory', 'film']);

      const naming = all.filter((r) => r.source === 'NAMING');
      if (engine === 'postgres') {
        // PostgreSQL's Sakila has no film_text; its monthly payment partitions (INHERITS payment) repeat the parent's
        // payment_id, which names the parent; the actor_info view names actor.
        const partitions = ['payment_p2007_01', 'payment_p2007_02', 'payment_p2007_03', 'payment_p2007_04', 'payment_p2007_05', 'payment_p2007_06'];
        assert.deepEqual(naming.map(arrow).sort(), ['actor_info.actor_id->actor.actor_id', ...partitions.map((t) => `${t}.payment_id->payment.payment_id`)]);
        // The published dump COPYs every payment into the parent (COPY bypasses the routing rules), so the partitions
        // hold no rows of their own: overlap was measured and found nothing to look up.
        const client = new Client({ connectionString: url });
        await client.connect();
        const own = Number((await client.query(`SELECT COUNT(*) AS n FROM ONLY payment_p2007_01`)).rows[0].n);
        await client.end();
        assert.equal(own, 0);
        for (const r of naming.filter((n) => n.fromTable.startsWith('payment_'))) {
          assert.deepEqual(r.evidence.overlap, { sampled: 0, matched: 0, ratio: null }, arrow(r));
          assert.equal(r.confidence, 0.9, 'an empty child neither confirms nor refutes');
        }
        assert.equal(find(all, 'actor_info.actor_id', 'actor.actor_id')?.evidence.overlapSkipped, 'view', 'views are not sampled');
      } else {
        // film_text carries film_id with no foreign key in either published variant (triggers keep it in step).
        const filmText = find(all, 'film_text.film_id', 'film.film_id');
        assert.equal(filmText?.source, 'NAMING', `${naming.map(arrow).join('; ')}`);
        assert.equal(filmText?.cardinality, 'ONE_TO_ONE', 'film_id is film_text’s primary key');
        if (engine === 'sqlite') {
          assert.deepEqual(filmText?.evidence.overlap, { sampled: 1000, matched: 1000, ratio: 1 });
          assert.ok(filmText!.confidence > 0.95);
        } else {
          // The MySQL script is the schema without rows: nothing to sample, the name-only confidence stays.
          assert.deepEqual(filmText?.evidence.overlap, { sampled: 0, matched: 0, ratio: null });
          assert.equal(filmText?.confidence, 0.9);
        }
      }
    });
  }
});

describe('Chinook', () => {
  for (const engine of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`${engine}: every declared key, Playlist ↔ Track through PlaylistTrack, and names that imply the declared keys`, async () => {
      const url = await chinookUrls[engine]();
      const { service, stack } = await harness(url);
      const set = await service.relationshipSet(stack.connectionId);
      const all = set.relationships;
      const declared = all.filter((r) => r.source === 'DECLARED' && r.cardinality !== 'MANY_TO_MANY');
      assert.equal(declared.length, await declaredCount(engine, url));
      const lower = (r: InferredRelationship) => arrow(r).toLowerCase().replace(/_/g, '');
      const pair = all.find((r) => r.cardinality === 'MANY_TO_MANY');
      assert.ok(pair);
      assert.deepEqual([pair.fromTable, pair.toTable, pair.via?.table].map((n) => n?.toLowerCase().replace(/_/g, '')), ['playlist', 'track', 'playlisttrack']);
      // Chinook declares every key its names imply; the names alone find all but the two whose column does not
      // name its table (SupportRepId → Employee, ReportsTo → Employee).
      const structures = (await stack.memory.structures(stack.connectionId, declared[0].fromSchema, [...(await stack.memory.tables(stack.connectionId, declared[0].fromSchema)).tables.keys()]))
        .map((n) => n?.structure)
        .filter((s): s is TableStructure => Boolean(s));
      const byNames = inferFromNames(structures).map((c) => `${c.from.table}.${c.from.column}->${c.to.table}.${c.to.column}`.toLowerCase().replace(/_/g, ''));
      const missed = declared.filter((r) => !byNames.includes(lower(r))).map(lower).sort();
      assert.deepEqual(missed, ['customer.supportrepid->employee.employeeid', 'employee.reportsto->employee.employeeid']);
      assert.equal(declared.filter((r) => r.evidence.namesAgree).length, declared.length - 2);
      assert.equal(all.filter((r) => r.source !== 'DECLARED').length, 0, 'no name-implied key beyond the declared ones');
      const path = await service.joinPath(stack.connectionId, [engine === 'postgres' ? 'artist' : 'Artist', engine === 'postgres' ? 'genre' : 'Genre']);
      assert.deepEqual(path?.tables.map((t) => t.table.toLowerCase()), ['artist', 'album', 'track', 'genre']);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Naming rules and the inflector, on their own.
// ---------------------------------------------------------------------------------------------------------------

function table(name: string, columns: [string, string][], extra: Partial<TableStructure> = {}): TableStructure {
  return {
    schema: 'app', name, kind: 'TABLE', comment: null,
    columns: columns.map(([n, t], i) => ({ name: n, ordinal: i + 1, dataType: t, nullable: true, default: null, comment: null })),
    primaryKey: { name: null, columns: [columns[0][0]] }, foreignKeys: [], uniques: [], indexes: [], ...extra,
  };
}

describe('naming rules', () => {
  it('singular and plural forms, irregulars included', () => {
    const pairs: [string, string][] = [['customer', 'customers'], ['category', 'categories'], ['box', 'boxes'], ['address', 'addresses'], ['person', 'people'], ['status', 'statuses'], ['hero', 'heroes'], ['day', 'days'], ['analysis', 'analyses'], ['staff', 'staff'], ['series', 'series'], ['child', 'children'], ['match', 'matches'], ['invoice', 'invoices']];
    for (const [one, many] of pairs) {
      assert.equal(plural(one), many, `plural(${one})`);
      assert.equal(singular(many), one, `singular(${many})`);
      assert.equal(singular(one), one, `singular(${one}) stays`);
    }
    assert.deepEqual(identifierWords('CustomerID'), ['customer', 'id']);
    assert.deepEqual(identifierWords('tbl_OrderLines'), ['tbl', 'order', 'lines']);
  });

  it('id, key and code suffixes, prefixes, camel case, role prefixes; types must match; ties are dropped', () => {
    const tables = [
      table('tbl_customers', [['id', 'integer'], ['name', 'text']]),
      table('dim_product', [['product_key', 'bigint'], ['name', 'text']]),
      table('countries', [['id', 'integer'], ['code', 'char(2)']], { uniques: [{ name: null, columns: ['code'] }] }),
      table('Employee', [['EmployeeId', 'INTEGER'], ['ManagerEmployeeId', 'INTEGER']]),
      table('fact_sales', [['id', 'bigint'], ['customer_id', 'integer'], ['product_key', 'bigint'], ['country_code', 'varchar(2)'], ['CurrencyId', 'uuid'], ['EmployeeID', 'integer']]),
      table('currencies', [['id', 'integer']]),
      table('crm_notes', [['id', 'integer'], ['customer_id', 'text']]),
    ];
    const found = new Map(inferFromNames(tables).map((c) => [`${c.from.table}.${c.from.column}`, c]));
    assert.equal(found.get('fact_sales.customer_id')?.to.table, 'tbl_customers');
    assert.equal(found.get('fact_sales.customer_id')?.evidence.tableMatch, 'prefix-stripped');
    assert.deepEqual([found.get('fact_sales.product_key')?.to.table, found.get('fact_sales.product_key')?.to.column], ['dim_product', 'product_key']);
    assert.deepEqual([found.get('fact_sales.country_code')?.to.table, found.get('fact_sales.country_code')?.to.column], ['countries', 'code']);
    assert.equal(found.get('fact_sales.EmployeeID')?.to.column, 'EmployeeId');
    assert.equal(found.get('Employee.ManagerEmployeeId')?.evidence.tableMatch, 'role-prefix');
    assert.equal(found.has('fact_sales.CurrencyId'), false, 'uuid never joins an integer key');
    assert.equal(found.has('crm_notes.customer_id'), false, 'text never joins an integer key');
    const exact = found.get('fact_sales.EmployeeID')!.confidence;
    assert.ok(exact > found.get('Employee.ManagerEmployeeId')!.confidence, 'an exact table match is surer than a role prefix');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A column named like a table, without a suffix (`Publisher` → publishers' key), on a small library schema.
// ---------------------------------------------------------------------------------------------------------------

const LIBRARY_DDL = `
  CREATE TABLE publishers (pub_no NUMERIC PRIMARY KEY, publisher TEXT NOT NULL, city TEXT);
  CREATE TABLE genres (code INTEGER PRIMARY KEY, label TEXT NOT NULL, parent_genre INTEGER);
  CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE books (isbn TEXT PRIMARY KEY, title TEXT NOT NULL, Publisher NUMERIC, Genre INTEGER, author_id INTEGER, Author TEXT, pages INTEGER);
  CREATE TABLE tbl_Shelves (shelf_no INTEGER PRIMARY KEY, label TEXT);
  CREATE TABLE branches (id INTEGER PRIMARY KEY, name TEXT, books INTEGER, total_loan INTEGER);
  CREATE TABLE seasons (id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE fees (id INTEGER PRIMARY KEY, label TEXT);
  CREATE TABLE loans (id INTEGER PRIMARY KEY, Book TEXT, shelf INTEGER, from_branch INTEGER, season DATE, member BOOLEAN, fee REAL);
  CREATE TABLE author_bios (author INTEGER PRIMARY KEY, bio TEXT);
  CREATE VIEW loan_list AS SELECT l.id, b.title || ' (' || p.publisher || ')' AS publisher FROM loans l JOIN books b ON b.isbn = l.Book JOIN publishers p ON p.pub_no = b.Publisher;
`;

/** The library schema as a SQLite file; `loanedBooks` are the values of loans.Book (ISBNs, or free text). */
function libraryFile(name: string, loanedBooks: (i: number) => string): string {
  const file = path.join(tmpRoot, `${name}.db`);
  const db = new Database(file);
  db.exec(LIBRARY_DDL);
  for (let i = 1; i <= 8; i += 1) db.prepare('INSERT INTO publishers VALUES (?, ?, ?)').run(100 + i, `Publisher ${i}`, 'Oslo');
  for (let i = 1; i <= 5; i += 1) db.prepare('INSERT INTO genres VALUES (?, ?, NULL)').run(i, `Genre ${i}`);
  for (let i = 1; i <= 30; i += 1) db.prepare('INSERT INTO authors VALUES (?, ?)').run(i, `Author ${i}`);
  for (let i = 1; i <= 60; i += 1) {
    db.prepare('INSERT INTO books VALUES (?, ?, ?, ?, ?, ?, ?)').run(`978-${String(i).padStart(6, '0')}`, `Title ${i}`, 100 + ((i % 8) + 1), (i % 5) + 1, (i % 30) + 1, `Author ${(i % 30) + 1}`, 100 + i);
  }
  for (let i = 1; i <= 12; i += 1) db.prepare('INSERT INTO tbl_Shelves VALUES (?, ?)').run(i, `S${i}`);
  for (let i = 1; i <= 4; i += 1) db.prepare('INSERT INTO branches VALUES (?, ?, ?, ?)').run(i, `Branch ${i}`, 20 + i, 3 + i);
  for (let i = 1; i <= 40; i += 1) db.prepare('INSERT INTO loans VALUES (?, ?, ?, ?, ?, ?, ?)').run(i, loanedBooks(i), (i % 12) + 1, (i % 4) + 1, '2024-01-01', 1, 0.5);
  db.close();
  return file;
}

const ISBNS = (i: number) => `978-${String(((i * 7) % 60) + 1).padStart(6, '0')}`;

describe('a column named like a table', () => {
  it('points at that table’s key: exact, prefix-stripped and role-prefixed names, below the _id rule; not at non-keys', async () => {
    const url = `sqlite://${libraryFile('library-names', ISBNS)}`;
    const dialect = dialectForUrl(url);
    const connection = await dialect.connect(url, { connectTimeoutMs: 5000, queryTimeoutMs: 5000 });
    const structures = await connection.describeTables('main', (await connection.listTables('main')).map((t) => t.name));
    await connection.close();
    const candidates = inferFromNames(structures);
    const found = new Map<string, NamingCandidate>(candidates.map((c) => [`${c.from.table}.${c.from.column}`, c]));
    const target = (key: string) => (found.has(key) ? `${found.get(key)!.to.table}.${found.get(key)!.to.column}` : undefined);

    // A bare NUMERIC holds whole numbers (SQLite's affinity, MySQL's decimal(10,0)): a key type, unlike a scaled one.
    assert.equal(isKeyType('NUMERIC'), true);
    assert.equal(compareKeyTypes('NUMERIC', 'INTEGER'), 'compatible');
    assert.equal(isKeyType('numeric(10,2)'), false);
    assert.equal(isKeyType('money'), false);

    assert.equal(target('books.Publisher'), 'publishers.pub_no');
    assert.deepEqual(found.get('books.Publisher')?.evidence, { rule: 'table-name', tableMatch: 'exact', target: 'primary-key', typeMatch: 'identical' });
    assert.equal(target('books.Genre'), 'genres.code');
    assert.equal(target('loans.shelf'), 'tbl_Shelves.shelf_no');
    assert.equal(found.get('loans.shelf')?.evidence.tableMatch, 'prefix-stripped');
    assert.equal(target('loans.from_branch'), 'branches.id');
    assert.equal(found.get('loans.from_branch')?.evidence.tableMatch, 'role-prefix');
    // A text column may hold the parent's names rather than its keys: proposed lower.
    assert.equal(target('loans.Book'), 'books.isbn');
    assert.equal(found.get('loans.Book')?.evidence.textValues, true);

    const confidence = (key: string) => found.get(key)!.confidence;
    assert.equal(found.get('books.author_id')?.evidence.rule, 'id');
    assert.ok(confidence('books.author_id') > confidence('books.Publisher'), 'a suffix says more than a bare table name');
    for (const key of ['books.Publisher', 'books.Genre', 'loans.shelf']) assert.ok(confidence(key) >= 0.7 && confidence(key) <= 0.8, `${key}: ${confidence(key)}`);
    assert.ok(confidence('books.Publisher') > confidence('loans.shelf') && confidence('loans.shelf') > confidence('loans.from_branch'));
    assert.ok(confidence('loans.Book') < confidence('books.Publisher') && confidence('loans.Book') >= 0.5);

    // Not for: text named like a table with an integer key, the table's own primary key, a self-reference, a count
    // (plural) or a measure, a date, a boolean or a float, a view's label column.
    for (const key of ['books.Author', 'author_bios.author', 'genres.parent_genre', 'branches.books', 'branches.total_loan', 'loans.season', 'loans.member', 'loans.fee', 'loan_list.publisher']) {
      assert.equal(found.has(key), false, `${key} → ${target(key)}`);
    }
    assert.deepEqual(
      candidates.filter((c) => c.evidence.rule === 'table-name').map((c) => `${c.from.table}.${c.from.column}`).sort(),
      ['books.Genre', 'books.Publisher', 'loans.Book', 'loans.from_branch', 'loans.shelf'],
    );
  });

  it('value overlap raises it when the rows agree and drops it when they are free text; without overlap it stays lower', async () => {
    const infer = async (file: string, measured: boolean) => {
      const url = `sqlite://${file}`;
      const dialect = dialectForUrl(url);
      const connection = await dialect.connect(url, { connectTimeoutMs: 5000, queryTimeoutMs: 5000 });
      const structures = await connection.describeTables('main', (await connection.listTables('main')).map((t) => t.name));
      await connection.close();
      const executor = await dialect.openExecutor(url, { connectTimeoutMs: 5000, poolSize: 1 });
      try {
        const meter = measured ? new SqlOverlapMeter(executor, dialect.quoteIdentifier, { timeoutMs: 5000 }) : null;
        return await new RelationshipInference(BUDGET).infer(structures, meter);
      } finally {
        await executor.close();
      }
    };
    const keys = libraryFile('library-keys', ISBNS);
    const measured = await infer(keys, true);
    const publisher = find(measured.relationships, 'books.Publisher', 'publishers.pub_no');
    assert.equal(publisher?.source, 'NAMING');
    assert.deepEqual(publisher?.evidence.overlap, { sampled: 8, matched: 8, ratio: 1 });
    assert.ok(publisher!.confidence > 0.75 && publisher!.confidence < 0.9, `raised from 0.75: ${publisher!.confidence}`);
    const book = find(measured.relationships, 'loans.Book', 'books.isbn');
    assert.equal(book?.evidence.overlap?.ratio, 1);
    assert.ok(book!.confidence > 0.8, `20+ matching ISBNs raise it: ${book!.confidence}`);
    assert.equal(find(measured.relationships, 'loans.shelf', 'tbl_Shelves.shelf_no')?.evidence.overlap?.ratio, 1);

    // The same schema whose loans.Book holds titles typed by hand: the rows refute the name.
    const freeText = await infer(libraryFile('library-free-text', (i) => `a book about ${['cats', 'ships', 'rain', 'tea'][i % 4]} #${i}`), true);
    assert.equal(freeText.relationships.some((r) => r.fromTable === 'loans' && r.fromColumns[0] === 'Book'), false);
    assert.equal(freeText.stats.refuted, 1);
    // Without an executor the name alone decides, at its lower, unconfirmed confidence.
    const unmeasured = await infer(keys, false);
    const guessed = find(unmeasured.relationships, 'loans.Book', 'books.isbn');
    assert.equal(guessed?.evidence.overlapSkipped, 'no executor');
    assert.equal(guessed?.confidence, 0.65);
    assert.equal(find(unmeasured.relationships, 'books.Publisher', 'publishers.pub_no')?.confidence, 0.75);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Through the gateway: the public GraphQL shape.
// ---------------------------------------------------------------------------------------------------------------

describe('GraphQL', () => {
  let running: RunningQuerent;
  let gql: string;
  let demoId: string;
  const dataDir = fs.mkdtempSync(path.join(tmpRoot, 'api-'));

  before(async () => {
    const settings = loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' });
    running = await startEmbedded(settings, createLogger('test', 'error'));
    gql = running.gateway.graphqlUrl;
    const { data } = await graphql(gql, '{ databases { id name } }');
    demoId = data.databases.find((d: { name: string }) => d.name === 'demo').id;
  });
  after(async () => {
    await running?.close();
  });

  const FIELDS = 'fromSchema fromTable fromColumns toSchema toTable toColumns source confidence cardinality via { schema table }';

  it('relationships(databaseId) lists every relationship with its source, confidence and cardinality', async () => {
    const { data, errors } = await graphql(gql, `query($id: ID!) { relationships(databaseId: $id) { ${FIELDS} } }`, { id: demoId });
    assert.equal(errors, undefined, JSON.stringify(errors));
    const returns = data.relationships.find((r: { fromTable: string }) => r.fromTable === 'returns');
    assert.equal(returns.source, 'NAMING');
    assert.deepEqual({ ...returns, confidence: undefined }, { fromSchema: 'main', fromTable: 'returns', fromColumns: ['order_id'], toSchema: 'main', toTable: 'orders', toColumns: ['id'], source: 'NAMING', confidence: undefined, cardinality: 'ONE_TO_MANY', via: null });
    assert.ok(returns.confidence > 0.9 && returns.confidence < 1, 'raised by the overlap measured on the demo rows');
    assert.equal(data.relationships.filter((r: { source: string }) => r.source === 'DECLARED').length, 5);
  });

  it('Table.relationships and joinPath', async () => {
    const { data, errors } = await graphql(gql, `query($id: ID!) { database(id: $id) { table(name: "orders") { relationships { ${FIELDS} } } } joinPath(databaseId: $id, tables: ["customers", "returns", "main.products"]) { cost tables { schema table } joins { left { table } leftColumns right { table } rightColumns relationship { source } } } }`, { id: demoId });
    assert.equal(errors, undefined, JSON.stringify(errors));
    const touching = data.database.table.relationships.map((r: { fromTable: string; toTable: string }) => `${r.fromTable}->${r.toTable}`).sort();
    assert.deepEqual(touching, ['order_items->orders', 'orders->customers', 'returns->orders']);
    const path = data.joinPath;
    assert.deepEqual(path.tables.map((t: { table: string }) => t.table), ['customers', 'orders', 'returns', 'order_items', 'products']);
    assert.deepEqual(path.joins[1], { left: { table: 'orders' }, leftColumns: ['id'], right: { table: 'returns' }, rightColumns: ['order_id'], relationship: { source: 'NAMING' } });
    assert.ok(path.cost > 4 && path.cost < 5);

    const unknown = await graphql(gql, `query($id: ID!) { joinPath(databaseId: $id, tables: ["customers", "nowhere"]) { cost } }`, { id: demoId });
    assert.equal(unknown.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    const apart = await graphql(gql, `query($id: ID!) { joinPath(databaseId: $id, tables: ["customers", "data_dictionary"]) { cost } }`, { id: demoId });
    assert.equal(apart.errors, undefined);
    assert.equal(apart.data.joinPath, null, 'no relationship reaches data_dictionary');
  });

  it('refreshRelationships needs the analyst role', async () => {
    const denied = await graphql(gql, `mutation($id: ID!) { refreshRelationships(databaseId: $id) { source } }`, { id: demoId }, { 'x-querent-role': 'viewer' });
    assert.equal(denied.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const { data, errors } = await graphql(gql, `mutation($id: ID!) { refreshRelationships(databaseId: $id) { fromTable source } }`, { id: demoId }, { 'x-querent-role': 'analyst' });
    assert.equal(errors, undefined, JSON.stringify(errors));
    assert.ok(data.refreshRelationships.some((r: { fromTable: string; source: string }) => r.fromTable === 'returns' && r.source === 'NAMING'));
  });
});
