// Owns the tests of the PostgreSQL dialect against a real server: discovery of Chinook and Sakila, constant round
// trips per level, probe sensitivity to every kind of DDL (and blindness to data), connection failures, 300 tables.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { Client } from 'pg';
import { postgresDialect } from '@querent/common/dist/dialects/postgres/postgres-dialect';
import { isQuerentError, type DialectConnection, type ErrorCode, type SchemaProbe } from '@querent/common';
import { createTempPostgresDatabase, TEST_PG_ADMIN_URL } from './support/postgres';
import { loadChinookPostgres, loadSakilaPostgres, type TempDatabase } from './support/sample-databases';
import { roundTripsOf } from './support/round-trips';

const OPTIONS = { connectTimeoutMs: 5_000, queryTimeoutMs: 15_000 };
const PASSWORD = 'S3cret-Pw-7f2a';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const sql = (url: string, text: string) => withClient(url, (c) => c.query(text).then(() => undefined));


/** The private query hook of the connection, only to look at the session's own settings. */
type QueryHook = { query<R>(sql: string): Promise<R[]> };

// ------------------------------------------------------------------------------------------------ Chinook

describe('PostgreSQL dialect on Chinook', () => {
  let db: TempDatabase;
  let conn: DialectConnection;

  before(async () => {
    db = await loadChinookPostgres();
    // Statistics come from ANALYZE; tables this small are sampled whole, so the estimates are exact.
    await sql(db.url, 'ANALYZE');
    conn = await postgresDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('names the database and lists public as the only, default schema', async () => {
    assert.equal(await conn.currentDatabase(), new URL(db.url).pathname.slice(1));
    assert.deepEqual(await conn.listSchemas(), [{ name: 'public', isDefault: true }]);
  });

  it('lists the 11 tables with their row estimates', async () => {
    const tables = await conn.listTables('public');
    assert.deepEqual(
      tables.map((t) => t.name),
      ['album', 'artist', 'customer', 'employee', 'genre', 'invoice', 'invoice_line', 'media_type', 'playlist', 'playlist_track', 'track'],
    );
    assert.ok(tables.every((t) => t.kind === 'TABLE' && t.schema === 'public' && t.comment === null));
    const estimate = (name: string) => tables.find((t) => t.name === name)?.rowEstimate;
    assert.equal(estimate('artist'), 275);
    assert.equal(estimate('album'), 347);
    assert.equal(estimate('track'), 3503);
  });

  it('describes album: columns, primary key, the declared foreign key and indexes', async () => {
    const [album] = await conn.describeTables('public', ['album']);
    assert.deepEqual(album, {
      schema: 'public',
      name: 'album',
      kind: 'TABLE',
      comment: null,
      columns: [
        { name: 'album_id', ordinal: 1, dataType: 'integer', nullable: false, default: null, comment: null },
        { name: 'title', ordinal: 2, dataType: 'character varying(160)', nullable: false, default: null, comment: null },
        { name: 'artist_id', ordinal: 3, dataType: 'integer', nullable: false, default: null, comment: null },
      ],
      primaryKey: { name: 'album_pkey', columns: ['album_id'] },
      foreignKeys: [{ name: 'album_artist_id_fkey', columns: ['artist_id'], refSchema: 'public', refTable: 'artist', refColumns: ['artist_id'] }],
      uniques: [],
      indexes: [
        { name: 'album_artist_id_idx', columns: ['artist_id'], unique: false, primary: false },
        { name: 'album_pkey', columns: ['album_id'], unique: true, primary: true },
      ],
    });
  });

  it('describes playlist_track: composite primary key and two foreign keys; unknown names are left out', async () => {
    const described = await conn.describeTables('public', ['playlist_track', 'no_such_table']);
    assert.deepEqual(described.map((t) => t.name), ['playlist_track']);
    const [pt] = described;
    assert.deepEqual(pt?.primaryKey, { name: 'playlist_track_pkey', columns: ['playlist_id', 'track_id'] });
    assert.deepEqual(pt?.foreignKeys, [
      { name: 'playlist_track_playlist_id_fkey', columns: ['playlist_id'], refSchema: 'public', refTable: 'playlist', refColumns: ['playlist_id'] },
      { name: 'playlist_track_track_id_fkey', columns: ['track_id'], refSchema: 'public', refTable: 'track', refColumns: ['track_id'] },
    ]);
    const [employee] = await conn.describeTables('public', ['employee']);
    const birth = employee?.columns.find((c) => c.name === 'birth_date');
    assert.deepEqual(birth, { name: 'birth_date', ordinal: 6, dataType: 'timestamp without time zone', nullable: true, default: null, comment: null });
    // A self-reference is an ordinary foreign key.
    assert.deepEqual(employee?.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [[['reports_to'], 'employee', ['employee_id']]]);
  });
});

// ------------------------------------------------------------------------------------------------ Sakila

describe('PostgreSQL dialect on Sakila', () => {
  let db: TempDatabase;
  let conn: DialectConnection;

  before(async () => {
    db = await loadSakilaPostgres();
    conn = await postgresDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('lists its 21 tables and 7 views', async () => {
    const tables = await conn.listTables('public');
    // Sakila's 15 tables, plus the six payment_p2007_* tables: old-style INHERITS children, which are real tables
    // (only declarative partitions are hidden). Sakila-for-MySQL's 16th table, film_text, does not exist here.
    assert.deepEqual(
      tables.filter((t) => t.kind === 'TABLE').map((t) => t.name),
      [
        'actor', 'address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'inventory', 'language',
        'payment', 'payment_p2007_01', 'payment_p2007_02', 'payment_p2007_03', 'payment_p2007_04', 'payment_p2007_05', 'payment_p2007_06',
        'rental', 'staff', 'store',
      ],
    );
    assert.deepEqual(
      tables.filter((t) => t.kind === 'VIEW').map((t) => t.name),
      ['actor_info', 'customer_list', 'film_list', 'nicer_but_slower_film_list', 'sales_by_film_category', 'sales_by_store', 'staff_list'],
    );
    assert.ok(tables.filter((t) => t.kind === 'VIEW').every((t) => t.rowEstimate === null));
  });

  it('describes film_actor: composite primary key and its two foreign keys', async () => {
    const [filmActor] = await conn.describeTables('public', ['film_actor']);
    assert.deepEqual(filmActor, {
      schema: 'public',
      name: 'film_actor',
      kind: 'TABLE',
      comment: null,
      columns: [
        { name: 'actor_id', ordinal: 1, dataType: 'integer', nullable: false, default: null, comment: null },
        { name: 'film_id', ordinal: 2, dataType: 'integer', nullable: false, default: null, comment: null },
        { name: 'last_update', ordinal: 3, dataType: 'timestamp without time zone', nullable: false, default: 'now()', comment: null },
      ],
      primaryKey: { name: 'film_actor_pkey', columns: ['actor_id', 'film_id'] },
      foreignKeys: [
        { name: 'film_actor_actor_id_fkey', columns: ['actor_id'], refSchema: 'public', refTable: 'actor', refColumns: ['actor_id'] },
        { name: 'film_actor_film_id_fkey', columns: ['film_id'], refSchema: 'public', refTable: 'film', refColumns: ['film_id'] },
      ],
      uniques: [],
      indexes: [
        { name: 'film_actor_pkey', columns: ['actor_id', 'film_id'], unique: true, primary: true },
        { name: 'idx_fk_film_id', columns: ['film_id'], unique: false, primary: false },
      ],
    });
  });

  it('prints types and defaults as PostgreSQL does (enums, domains, arrays, sequences)', async () => {
    const [film] = await conn.describeTables('public', ['film']);
    const column = (name: string) => film?.columns.find((c) => c.name === name);
    assert.deepEqual(column('film_id'), { name: 'film_id', ordinal: 1, dataType: 'integer', nullable: false, default: "nextval('film_film_id_seq'::regclass)", comment: null });
    assert.equal(column('release_year')?.dataType, 'year');
    assert.deepEqual([column('rental_rate')?.dataType, column('rental_rate')?.default], ['numeric(4,2)', '4.99']);
    assert.deepEqual([column('rating')?.dataType, column('rating')?.default, column('rating')?.nullable], ['mpaa_rating', "'G'::mpaa_rating", true]);
    assert.equal(column('special_features')?.dataType, 'text[]');
    assert.equal(column('fulltext')?.dataType, 'tsvector');
    assert.deepEqual(film?.indexes.find((i) => i.name === 'film_fulltext_idx'), { name: 'film_fulltext_idx', columns: ['fulltext'], unique: false, primary: false });
  });

  it('reports unique indexes that are not constraints as unique indexes', async () => {
    const [rental, store] = await conn.describeTables('public', ['store', 'rental']);
    assert.deepEqual(rental?.uniques, []);
    assert.deepEqual(rental?.indexes.find((i) => i.unique && !i.primary), {
      name: 'idx_unq_rental_rental_date_inventory_id_customer_id',
      columns: ['rental_date', 'inventory_id', 'customer_id'],
      unique: true,
      primary: false,
    });
    assert.deepEqual(store?.indexes.find((i) => i.name === 'idx_unq_manager_staff_id')?.columns, ['manager_staff_id']);
  });

  it('describes a view: its columns, no keys', async () => {
    const [view] = await conn.describeTables('public', ['actor_info']);
    assert.equal(view?.kind, 'VIEW');
    assert.deepEqual(view?.columns.map((c) => [c.name, c.dataType]), [
      ['actor_id', 'integer'],
      ['first_name', 'character varying(45)'],
      ['last_name', 'character varying(45)'],
      ['film_info', 'text'],
    ]);
    assert.deepEqual([view?.primaryKey, view?.foreignKeys, view?.indexes], [null, [], []]);
  });

  it('costs a constant number of round trips per level, whatever the number of tables', async () => {
    const all = (await conn.listTables('public')).map((t) => t.name);
    assert.equal(all.length, 28);
    const schemas = await roundTripsOf(conn, () => conn.listSchemas());
    const tables = await roundTripsOf(conn, () => conn.listTables('public'));
    const one = await roundTripsOf(conn, () => conn.describeTables('public', ['film']));
    const every = await roundTripsOf(conn, () => conn.describeTables('public', all));
    const probe = await roundTripsOf(conn, () => conn.probe('public'));
    const token = await roundTripsOf(conn, () => conn.schemaToken('public'));
    assert.equal(every.value.length, 28);
    // PostgreSQL: 1 per listing, 4 for describe (relations, columns, constraints, indexes), 1 for probe and token.
    assert.deepEqual([schemas.trips, tables.trips, one.trips, every.trips, probe.trips, token.trips], [1, 1, 4, 4, 1, 1]);
    assert.equal(probe.value.tableTokens.size, 28);
    assert.equal(probe.value.schemaToken, token.value);
    // A table list costs the same for an empty schema.
    await sql(db.url, 'CREATE SCHEMA empty_one');
    const empty = await roundTripsOf(conn, () => conn.listTables('empty_one'));
    assert.deepEqual([empty.value, empty.trips], [[], 1]);
    const emptyProbe = await conn.probe('empty_one');
    assert.deepEqual([emptyProbe.tableTokens.size, emptyProbe.schemaToken], [0, await conn.schemaToken('empty_one')]);
    assert.deepEqual(await roundTripsOf(conn, () => conn.describeTables('public', [])), { value: [], trips: 0 });
  });
});

// ------------------------------------------------------------------------------------------------ fixture

describe('PostgreSQL dialect on a fixture with comments, partitions, views and odd names', () => {
  let db: TempDatabase;
  let conn: DialectConnection;

  before(async () => {
    db = await createTempPostgresDatabase();
    await sql(
      db.url,
      `CREATE SCHEMA fixture;
       CREATE TABLE fixture.region (country text, code text, name text NOT NULL, PRIMARY KEY (country, code));
       COMMENT ON TABLE fixture.region IS 'Sales regions';
       COMMENT ON COLUMN fixture.region.name IS 'Display name';
       CREATE TABLE fixture.shop (
         id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         region_code text,
         region_country text,
         name text NOT NULL DEFAULT 'unnamed',
         name_upper text GENERATED ALWAYS AS (upper(name)) STORED,
         -- declared in the opposite order of the table's columns: keys keep their own order
         CONSTRAINT shop_region_fkey FOREIGN KEY (region_country, region_code) REFERENCES fixture.region (country, code),
         CONSTRAINT shop_name_key UNIQUE (name)
       );
       CREATE INDEX shop_lower_name_idx ON fixture.shop (lower(name), id) INCLUDE (region_code);
       CREATE TABLE fixture.sale (id bigint, sold_on date NOT NULL, amount numeric(10,2)) PARTITION BY RANGE (sold_on);
       CREATE TABLE fixture.sale_2024 PARTITION OF fixture.sale FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
       CREATE MATERIALIZED VIEW fixture.sale_totals AS SELECT sold_on, sum(amount) AS total FROM fixture.sale GROUP BY sold_on;
       COMMENT ON MATERIALIZED VIEW fixture.sale_totals IS 'Daily totals';
       CREATE VIEW fixture.big_shops AS SELECT id, name FROM fixture.shop;
       CREATE TABLE fixture."Odd ""Name""" ("Mixed Case" int);`,
    );
    conn = await postgresDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('lists user schemas only, public as the default', async () => {
    assert.deepEqual(await conn.listSchemas(), [
      { name: 'fixture', isDefault: false },
      { name: 'public', isDefault: true },
    ]);
  });

  it('lists tables, partitioned tables, views and materialized views, hiding partitions', async () => {
    assert.deepEqual(
      (await conn.listTables('fixture')).map((t) => [t.name, t.kind, t.comment]),
      [
        ['Odd "Name"', 'TABLE', null],
        ['big_shops', 'VIEW', null],
        ['region', 'TABLE', 'Sales regions'],
        ['sale', 'TABLE', null],
        ['sale_totals', 'VIEW', 'Daily totals'],
        ['shop', 'TABLE', null],
      ],
    );
    assert.deepEqual(await conn.describeTables('fixture', ['sale_2024']), []);
  });

  it('describes comments, identity and generated columns, composite keys in order, expression indexes', async () => {
    const [region, shop] = await conn.describeTables('fixture', ['shop', 'region']);
    assert.equal(region?.comment, 'Sales regions');
    assert.deepEqual(region?.columns.map((c) => c.comment), [null, null, 'Display name']);
    assert.deepEqual(region?.primaryKey, { name: 'region_pkey', columns: ['country', 'code'] });
    assert.deepEqual(shop?.columns.map((c) => [c.name, c.dataType, c.nullable, c.default]), [
      ['id', 'integer', false, 'GENERATED ALWAYS AS IDENTITY'],
      ['region_code', 'text', true, null],
      ['region_country', 'text', true, null],
      ['name', 'text', false, "'unnamed'::text"],
      ['name_upper', 'text', true, 'GENERATED ALWAYS AS (upper(name)) STORED'],
    ]);
    assert.deepEqual(shop?.foreignKeys, [
      { name: 'shop_region_fkey', columns: ['region_country', 'region_code'], refSchema: 'fixture', refTable: 'region', refColumns: ['country', 'code'] },
    ]);
    assert.deepEqual(shop?.uniques, [{ name: 'shop_name_key', columns: ['name'] }]);
    assert.deepEqual(shop?.indexes, [
      { name: 'shop_lower_name_idx', columns: ['lower(name)', 'id'], unique: false, primary: false },
      { name: 'shop_name_key', columns: ['name'], unique: true, primary: false },
      { name: 'shop_pkey', columns: ['id'], unique: true, primary: true },
    ]);
  });

  it('describes a partitioned table, a materialized view and an odd name', async () => {
    const [odd, sale, totals] = await conn.describeTables('fixture', ['sale', 'sale_totals', 'Odd "Name"']);
    assert.deepEqual([odd?.name, odd?.columns.map((c) => c.name)], ['Odd "Name"', ['Mixed Case']]);
    assert.deepEqual([sale?.kind, sale?.columns.map((c) => c.name)], ['TABLE', ['id', 'sold_on', 'amount']]);
    assert.deepEqual([totals?.kind, totals?.comment, totals?.columns.map((c) => c.dataType)], ['VIEW', 'Daily totals', ['date', 'numeric']]);
  });

  it('quotes identifiers the PostgreSQL way', () => {
    assert.equal(postgresDialect.quoteIdentifier('Odd "Name"'), '"Odd ""Name"""');
    assert.equal(postgresDialect.quoteIdentifier('plain'), '"plain"');
    assert.deepEqual(postgresDialect.schemes, ['postgresql:', 'postgres:']);
    assert.deepEqual(postgresDialect.capabilities, { multipleSchemas: true, comments: true, rowEstimates: true, reuseConnections: true });
  });

  it('opens a read-only, time-limited session named querent', async () => {
    const hook = conn as unknown as QueryHook;
    const [row] = await hook.query<{ ro: string; timeout: string; app: string }>(
      "SELECT current_setting('default_transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, current_setting('application_name') AS app",
    );
    assert.deepEqual(row, { ro: 'on', timeout: '15s', app: 'querent' });
    await assert.rejects(hook.query('CREATE TABLE fixture.nope (id int)'), (e: unknown) => isQuerentError(e) && e.code === 'CATALOG_QUERY_FAILED' && /read-only/.test(e.message));
  });
});

// ------------------------------------------------------------------------------------------------ probe

describe('PostgreSQL dialect probe', () => {
  let db: TempDatabase;
  let conn: DialectConnection;
  const changed = (a: SchemaProbe, b: SchemaProbe) =>
    [...new Set([...a.tableTokens.keys(), ...b.tableTokens.keys()])].filter((name) => a.tableTokens.get(name) !== b.tableTokens.get(name)).sort();

  before(async () => {
    db = await createTempPostgresDatabase();
    // `other` already references parent: the first foreign key ever pointing at a table sets that table's
    // pg_class.relhastriggers (a real catalog write, so its token changes once too); later ones touch only the child.
    await sql(
      db.url,
      `CREATE SCHEMA scratch;
       CREATE TABLE scratch.parent (id int PRIMARY KEY, code text);
       CREATE TABLE scratch.child (id int PRIMARY KEY, parent_id int, note text);
       CREATE TABLE scratch.other (id int PRIMARY KEY, parent_id int REFERENCES scratch.parent (id), remark text);
       CREATE TABLE scratch.bystander (id int);
       CREATE VIEW scratch.other_view AS SELECT id, parent_id FROM scratch.other;
       CREATE SCHEMA elsewhere;
       CREATE TABLE elsewhere.ref (id int PRIMARY KEY, remark text);
       CREATE TYPE elsewhere.mood AS ENUM ('calm', 'busy');
       CREATE TABLE scratch.linked (id int PRIMARY KEY, ref_id int REFERENCES elsewhere.ref (id), mood elsewhere.mood);`,
    );
    conn = await postgresDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  const steps: [string, string, string[]][] = [
    ['add a column', 'ALTER TABLE scratch.child ADD COLUMN extra int', ['child']],
    ['drop a column', 'ALTER TABLE scratch.child DROP COLUMN extra', ['child']],
    ['change a type', 'ALTER TABLE scratch.child ALTER COLUMN note TYPE varchar(50)', ['child']],
    ['set NOT NULL', 'ALTER TABLE scratch.child ALTER COLUMN note SET NOT NULL', ['child']],
    ['set a default', "ALTER TABLE scratch.child ALTER COLUMN note SET DEFAULT 'x'", ['child']],
    ['change the default', "ALTER TABLE scratch.child ALTER COLUMN note SET DEFAULT 'y'", ['child']],
    ['add an index', 'CREATE INDEX child_note_idx ON scratch.child (note)', ['child']],
    ['rename an index', 'ALTER INDEX scratch.child_note_idx RENAME TO child_note_index', ['child']],
    ['drop an index', 'DROP INDEX scratch.child_note_index', ['child']],
    ['add a foreign key', 'ALTER TABLE scratch.child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent_id) REFERENCES scratch.parent (id)', ['child']],
    ['drop a foreign key', 'ALTER TABLE scratch.child DROP CONSTRAINT child_parent_fkey', ['child']],
    ['add a unique constraint', 'ALTER TABLE scratch.child ADD CONSTRAINT child_note_key UNIQUE (note)', ['child']],
    ['comment a table', "COMMENT ON TABLE scratch.child IS 'children'", ['child']],
    ['change a table comment', "COMMENT ON TABLE scratch.child IS 'kids'", ['child']],
    ['comment a column', "COMMENT ON COLUMN scratch.child.note IS 'free text'", ['child']],
    ['drop a column comment', 'COMMENT ON COLUMN scratch.child.note IS NULL', ['child']],
    ['rename a table', 'ALTER TABLE scratch.bystander RENAME TO onlooker', ['bystander', 'onlooker']],
    ['rename a column', 'ALTER TABLE scratch.other RENAME COLUMN remark TO remarks', ['other']],
    // The referencing table's structure names the referenced column, so its token follows too.
    ['rename a referenced column', 'ALTER TABLE scratch.parent RENAME COLUMN code TO label; ALTER TABLE scratch.parent RENAME COLUMN id TO parent_id', ['other', 'parent']],
    ['rename a referenced table', 'ALTER TABLE scratch.parent RENAME TO mother', ['mother', 'other', 'parent']],
    // Objects of another schema that this schema's structures name: a referenced table, column or schema, a type.
    ['rename a table referenced from another schema', 'ALTER TABLE elsewhere.ref RENAME TO reference', ['linked']],
    ['rename a column referenced from another schema', 'ALTER TABLE elsewhere.reference RENAME COLUMN id TO ref_id', ['linked']],
    ['rename the schema of a referenced table', 'ALTER SCHEMA elsewhere RENAME TO faraway', ['linked']],
    ['rename a column type', 'ALTER TYPE faraway.mood RENAME TO feeling', ['linked']],
  ];

  it('changes exactly the affected tables’ tokens, and the schema token, for each kind of DDL', async () => {
    let before = await conn.probe('scratch');
    assert.deepEqual([...before.tableTokens.keys()].sort(), ['bystander', 'child', 'linked', 'other', 'other_view', 'parent']);
    for (const [what, ddl, expected] of steps) {
      await sql(db.url, ddl);
      const tripsBefore = conn.stats.roundTrips;
      const after = await conn.probe('scratch');
      assert.equal(conn.stats.roundTrips - tripsBefore, 1, what);
      assert.deepEqual(changed(before, after), expected, what);
      assert.notEqual(after.schemaToken, before.schemaToken, what);
      assert.equal(await conn.schemaToken('scratch'), after.schemaToken, what);
      before = after;
    }
  });

  it('does not change for inserts, updates, deletes, ANALYZE or VACUUM', async () => {
    const before = await conn.probe('scratch');
    await sql(
      db.url,
      `INSERT INTO scratch.mother (parent_id, label) SELECT g, 'p' || g FROM generate_series(1, 2000) g;
       INSERT INTO scratch.child (id, parent_id, note) SELECT g, g, 'n' || g FROM generate_series(1, 2000) g;
       INSERT INTO scratch.other (id, parent_id, remarks) SELECT g, g, 'r' FROM generate_series(1, 500) g;
       INSERT INTO scratch.onlooker SELECT g FROM generate_series(1, 100) g;
       UPDATE scratch.child SET parent_id = parent_id WHERE id <= 100;
       DELETE FROM scratch.onlooker WHERE id > 50;
       ANALYZE;`,
    );
    await sql(db.url, 'VACUUM scratch.child'); // VACUUM cannot run inside the multi-statement transaction above
    const after = await conn.probe('scratch');
    assert.deepEqual(after, before);
    assert.equal(await conn.schemaToken('scratch'), before.schemaToken);
  });

  it('never touches the tables themselves: it answers while another session holds an exclusive lock', async () => {
    const expected = await conn.probe('scratch');
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE scratch.child, scratch.mother, scratch.other IN ACCESS EXCLUSIVE MODE');
      const quick = await postgresDialect.connect(db.url, { connectTimeoutMs: 5_000, queryTimeoutMs: 2_000 });
      try {
        assert.deepEqual(await quick.probe('scratch'), expected);
        assert.equal(await quick.schemaToken('scratch'), expected.schemaToken);
      } finally {
        await quick.close();
      }
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });
});

// ------------------------------------------------------------------------------------------------ failures

describe('PostgreSQL dialect connection failures', () => {
  const admin = new URL(TEST_PG_ADMIN_URL);
  const withCredentials = (user: string, database: string, port = admin.port || '5432') =>
    `postgresql://${user}:${PASSWORD}@${admin.hostname}:${port}/${database}`;

  async function expectFailure(url: string, code: ErrorCode, options = OPTIONS): Promise<Error> {
    const error = await postgresDialect.connect(url, options).then(
      async (conn) => {
        await conn.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(isQuerentError(error), `expected a QuerentError for ${code}, got ${inspect(error)}`);
    assert.equal(error.code, code, error.message);
    for (const text of [error.message, String(error), error.stack ?? '', inspect(error)]) {
      assert.ok(!text.includes(PASSWORD), `the password leaked: ${text}`);
    }
    return error;
  }

  it('says a server cannot be reached (nothing listens on port 1)', async () => {
    const error = await expectFailure(withCredentials('postgres', 'postgres', '1'), 'CONNECTION_UNREACHABLE');
    assert.match(error.message, /127\.0\.0\.1:1/);
    assert.match(error.message, /\*\*\*/);
  });

  it('says a server did not answer in time (it accepts TCP but never speaks)', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const started = Date.now();
      await expectFailure(`postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, 'CONNECTION_TIMEOUT', { connectTimeoutMs: 300, queryTimeoutMs: 1_000 });
      assert.ok(Date.now() - started < 5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('says the login was refused (an unknown role: trust auth accepts any password of an existing role)', async () => {
    // pg_hba here is `trust` for 127.0.0.1, so a wrong password for a real role cannot be provoked;
    // a role that does not exist is refused the same way (SQLSTATE 28000).
    const error = await expectFailure(withCredentials('querent_no_such_role', 'postgres'), 'CONNECTION_AUTH_FAILED');
    assert.match(error.message, /querent_no_such_role/);
  });

  it('says the database does not exist', async () => {
    const error = await expectFailure(withCredentials('postgres', 'querent_no_such_db'), 'CONNECTION_NOT_A_DATABASE');
    assert.match(error.message, /querent_no_such_db/);
  });

  it('rejects malformed URLs and other schemes as bad input, without echoing the password', async () => {
    await expectFailure(`postgresql://postgres:${PASSWORD}@127.0.0.1:notaport/db`, 'BAD_INPUT');
    await expectFailure(`mysql://root:${PASSWORD}@127.0.0.1:5432/db`, 'BAD_INPUT');
    await expectFailure(`postgresql//postgres:${PASSWORD}@127.0.0.1/db`, 'BAD_INPUT');
    await expectFailure(`user:${PASSWORD}@127.0.0.1/db`, 'BAD_INPUT');
  });

  it('reports a lost session as a failed catalog query, without crashing the process', async () => {
    const db = await createTempPostgresDatabase();
    try {
      const conn = await postgresDialect.connect(db.url, OPTIONS);
      try {
        await withClient(TEST_PG_ADMIN_URL, (c) =>
          c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'querent'", [
            new URL(db.url).pathname.slice(1),
          ]),
        );
        await new Promise((r) => setTimeout(r, 100));
        await assert.rejects(conn.listSchemas(), (e: unknown) => isQuerentError(e) && e.code === 'CATALOG_QUERY_FAILED');
      } finally {
        await conn.close();
      }
    } finally {
      await db.drop();
    }
  });
});

// ------------------------------------------------------------------------------------------------ 300 tables

describe('PostgreSQL dialect on a 300-table schema', () => {
  let db: TempDatabase;
  const TABLES = 300;
  const name = (i: number) => `t${String(i).padStart(3, '0')}`;

  before(async () => {
    db = await createTempPostgresDatabase();
    const ddl = ['CREATE SCHEMA wide;'];
    for (let i = 0; i < TABLES; i++) {
      ddl.push(
        `CREATE TABLE wide.${name(i)} (
           id int PRIMARY KEY,
           ${i > 0 ? `parent_id int REFERENCES wide.${name(i - 1)} (id),` : 'parent_id int,'}
           code varchar(20) NOT NULL DEFAULT 'new',
           amount numeric(12,2),
           created timestamptz DEFAULT now(),
           UNIQUE (code, parent_id));
         CREATE INDEX ${name(i)}_created_idx ON wide.${name(i)} (created);
         COMMENT ON TABLE wide.${name(i)} IS 'table ${i}';`,
      );
    }
    await sql(db.url, ddl.join('\n'));
  });
  after(async () => {
    await db?.drop();
  });

  it('describes all 300 tables and probes them at the cost of one table', async () => {
    // A fresh connection: nothing cached in the backend yet.
    const conn = await postgresDialect.connect(db.url, OPTIONS);
    try {
      const t0 = performance.now();
      const tables = await roundTripsOf(conn, () => conn.listTables('wide'));
      const t1 = performance.now();
      const all = await roundTripsOf(conn, () => conn.describeTables('wide', tables.value.map((t) => t.name)));
      const t2 = performance.now();
      const probe = await roundTripsOf(conn, () => conn.probe('wide'));
      const t3 = performance.now();
      const one = await roundTripsOf(conn, () => conn.describeTables('wide', ['t150']));
      assert.equal(all.value.length, TABLES);
      assert.deepEqual([tables.trips, all.trips, one.trips, probe.trips], [1, 4, 4, 1]);
      assert.equal(probe.value.tableTokens.size, TABLES);
      const t150 = all.value.find((t) => t.name === 't150');
      assert.deepEqual(t150, one.value[0]);
      assert.deepEqual(t150?.foreignKeys.map((f) => f.refTable), ['t149']);
      assert.equal(t150?.comment, 'table 150');
      console.log(
        `PostgreSQL, ${TABLES} tables, cold connection: listTables ${(t1 - t0).toFixed(1)} ms (${tables.trips} trip), ` +
          `describe all ${(t2 - t1).toFixed(1)} ms (${all.trips} trips), probe ${(t3 - t2).toFixed(1)} ms (${probe.trips} trip)`,
      );
    } finally {
      await conn.close();
    }
  });
});
