// Owns the tests of the MySQL/MariaDB dialect against a real MariaDB: discovery of Chinook and Sakila, constant round
// trips per level, probe sensitivity to every kind of DDL (and blindness to data), connection failures, 300 tables.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { mysqlDialect } from '@querent/common/dist/dialects/mysql/mysql-dialect';
import { isQuerentError, type DialectConnection, type ErrorCode, type SchemaProbe } from '@querent/common';
import {
  createTempMysqlDatabase,
  loadChinookMysql,
  loadSakilaMysql,
  mysqlAdminConfig,
  TEST_MYSQL_ADMIN_URL,
  withMysqlAdmin,
  type NamedTempDatabase,
} from './support/sample-databases';
import { roundTripsOf } from './support/round-trips';

const OPTIONS = { connectTimeoutMs: 5_000, queryTimeoutMs: 15_000 };
const PASSWORD = 'S3cret-Pw-7f2a';

/** Runs a multi-statement batch as the admin inside `database`. */
const sql = (database: string, text: string) => withMysqlAdmin((c) => c.query(text).then(() => undefined), database);


/** The connection's query hook, only to look at the session's own settings. */
type QueryHook = { query<R>(sql: string): Promise<R[]> };

// ------------------------------------------------------------------------------------------------ Chinook

describe('MySQL dialect on Chinook (MariaDB)', () => {
  let db: NamedTempDatabase;
  let conn: DialectConnection;

  before(async () => {
    db = await loadChinookMysql();
    await sql(db.name, 'ANALYZE TABLE Album, Artist, Track');
    conn = await mysqlDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  it("names the URL's database and lists it as the default schema, system databases excluded", async () => {
    assert.equal(await conn.currentDatabase(), db.name);
    const schemas = await conn.listSchemas();
    assert.deepEqual(schemas.filter((s) => s.isDefault), [{ name: db.name, isDefault: true }]);
    for (const system of ['mysql', 'information_schema', 'performance_schema', 'sys']) {
      assert.ok(!schemas.some((s) => s.name === system), system);
    }
  });

  it('lists the 11 tables with row estimates', async () => {
    const tables = await conn.listTables(db.name);
    assert.deepEqual(
      tables.map((t) => t.name),
      ['Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track'],
    );
    assert.ok(tables.every((t) => t.kind === 'TABLE' && t.schema === db.name && t.comment === null));
    // InnoDB's TABLE_ROWS is an estimate: near the truth, not exact.
    const estimate = tables.find((t) => t.name === 'Track')?.rowEstimate ?? 0;
    assert.ok(estimate > 1000 && estimate < 10_000, `Track estimate ${estimate}`);
  });

  it('describes Album: columns, primary key, the declared foreign key Album.ArtistId → Artist.ArtistId and indexes', async () => {
    const [album] = await conn.describeTables(db.name, ['Album']);
    assert.deepEqual(album, {
      schema: db.name,
      name: 'Album',
      kind: 'TABLE',
      comment: null,
      columns: [
        { name: 'AlbumId', ordinal: 1, dataType: 'int(11)', nullable: false, default: null, comment: null },
        { name: 'Title', ordinal: 2, dataType: 'varchar(160)', nullable: false, default: null, comment: null },
        { name: 'ArtistId', ordinal: 3, dataType: 'int(11)', nullable: false, default: null, comment: null },
      ],
      primaryKey: { name: 'PRIMARY', columns: ['AlbumId'] },
      foreignKeys: [{ name: 'FK_AlbumArtistId', columns: ['ArtistId'], refSchema: db.name, refTable: 'Artist', refColumns: ['ArtistId'] }],
      uniques: [],
      indexes: [
        { name: 'IFK_AlbumArtistId', columns: ['ArtistId'], unique: false, primary: false },
        { name: 'PRIMARY', columns: ['AlbumId'], unique: true, primary: true },
      ],
    });
  });

  it('describes PlaylistTrack and Employee; unknown names are left out', async () => {
    const described = await conn.describeTables(db.name, ['PlaylistTrack', 'Employee', 'NoSuchTable']);
    assert.deepEqual(described.map((t) => t.name), ['Employee', 'PlaylistTrack']);
    const [employee, pt] = described;
    assert.deepEqual(pt?.primaryKey, { name: 'PRIMARY', columns: ['PlaylistId', 'TrackId'] });
    assert.deepEqual(pt?.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.refColumns]), [
      ['FK_PlaylistTrackPlaylistId', ['PlaylistId'], 'Playlist', ['PlaylistId']],
      ['FK_PlaylistTrackTrackId', ['TrackId'], 'Track', ['TrackId']],
    ]);
    assert.deepEqual(employee?.columns.find((c) => c.name === 'BirthDate'), {
      name: 'BirthDate', ordinal: 6, dataType: 'datetime', nullable: true, default: null, comment: null,
    });
    assert.deepEqual(employee?.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [[['ReportsTo'], 'Employee', ['EmployeeId']]]);
  });
});

// ------------------------------------------------------------------------------------------------ Sakila

describe('MySQL dialect on Sakila (MariaDB, schema only)', () => {
  let db: NamedTempDatabase;
  let conn: DialectConnection;

  before(async () => {
    db = await loadSakilaMysql();
    conn = await mysqlDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('lists its 16 tables and 7 views', async () => {
    const tables = await conn.listTables(db.name);
    assert.deepEqual(
      tables.filter((t) => t.kind === 'TABLE').map((t) => t.name),
      ['actor', 'address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'film_text', 'inventory',
        'language', 'payment', 'rental', 'staff', 'store'],
    );
    const views = tables.filter((t) => t.kind === 'VIEW');
    assert.deepEqual(
      views.map((t) => t.name),
      ['actor_info', 'customer_list', 'film_list', 'nicer_but_slower_film_list', 'sales_by_film_category', 'sales_by_store', 'staff_list'],
    );
    // MariaDB writes VIEW into a view's TABLE_COMMENT; that is no comment.
    assert.ok(views.every((t) => t.rowEstimate === null && t.comment === null));
  });

  it('describes film_actor: composite primary key and its two foreign keys', async () => {
    const [filmActor] = await conn.describeTables(db.name, ['film_actor']);
    assert.deepEqual(filmActor, {
      schema: db.name,
      name: 'film_actor',
      kind: 'TABLE',
      comment: null,
      columns: [
        { name: 'actor_id', ordinal: 1, dataType: 'int(10) unsigned', nullable: false, default: null, comment: null },
        { name: 'film_id', ordinal: 2, dataType: 'int(10) unsigned', nullable: false, default: null, comment: null },
        { name: 'last_update', ordinal: 3, dataType: 'timestamp', nullable: false, default: 'current_timestamp()', comment: null },
      ],
      primaryKey: { name: 'PRIMARY', columns: ['actor_id', 'film_id'] },
      foreignKeys: [
        { name: 'fk_film_actor_actor', columns: ['actor_id'], refSchema: db.name, refTable: 'actor', refColumns: ['actor_id'] },
        { name: 'fk_film_actor_film', columns: ['film_id'], refSchema: db.name, refTable: 'film', refColumns: ['film_id'] },
      ],
      uniques: [],
      indexes: [
        { name: 'idx_fk_film_id', columns: ['film_id'], unique: false, primary: false },
        { name: 'PRIMARY', columns: ['actor_id', 'film_id'], unique: true, primary: true },
      ],
    });
  });

  it('prints COLUMN_TYPE and normalizes defaults (quoted strings, no "NULL" text)', async () => {
    const [film] = await conn.describeTables(db.name, ['film']);
    const column = (name: string) => film?.columns.find((c) => c.name === name);
    const brief = (name: string) => [column(name)?.dataType, column(name)?.nullable, column(name)?.default];
    assert.deepEqual(brief('film_id'), ['int(10) unsigned', false, null]);
    assert.deepEqual(brief('description'), ['text', true, null]); // DEFAULT NULL: MariaDB says 'NULL'
    assert.deepEqual(brief('original_language_id'), ['int(10) unsigned', true, null]);
    assert.deepEqual(brief('rental_rate'), ['decimal(4,2)', false, '4.99']);
    assert.deepEqual(brief('rating'), ["enum('G','PG','PG-13','R','NC-17')", true, "'G'"]);
    assert.deepEqual(brief('special_features'), ["set('Trailers','Commentaries','Deleted Scenes','Behind the Scenes')", true, null]);
    assert.deepEqual(brief('release_year'), ['year(4)', true, null]);
  });

  it('reads unique keys as unique constraints and full-text indexes as indexes', async () => {
    const [filmText, rental, store] = await conn.describeTables(db.name, ['rental', 'store', 'film_text']);
    assert.deepEqual(rental?.uniques, [{ name: 'rental_date', columns: ['rental_date', 'inventory_id', 'customer_id'] }]);
    assert.deepEqual(store?.uniques, [{ name: 'idx_unique_manager', columns: ['manager_staff_id'] }]);
    assert.deepEqual(filmText?.indexes, [
      { name: 'idx_title_description', columns: ['title', 'description'], unique: false, primary: false },
      { name: 'PRIMARY', columns: ['film_id'], unique: true, primary: true },
    ]);
  });

  it('describes a view: its columns, no keys', async () => {
    const [view] = await conn.describeTables(db.name, ['staff_list']);
    assert.deepEqual([view?.kind, view?.comment, view?.primaryKey, view?.foreignKeys, view?.indexes], ['VIEW', null, null, [], []]);
    assert.deepEqual(view?.columns.map((c) => c.name), ['ID', 'name', 'address', 'zip code', 'phone', 'city', 'country', 'SID']);
  });

  it('costs a constant number of round trips per level, whatever the number of tables', async () => {
    const all = (await conn.listTables(db.name)).map((t) => t.name);
    assert.equal(all.length, 23);
    const schemas = await roundTripsOf(conn, () => conn.listSchemas());
    const tables = await roundTripsOf(conn, () => conn.listTables(db.name));
    const one = await roundTripsOf(conn, () => conn.describeTables(db.name, ['film']));
    const every = await roundTripsOf(conn, () => conn.describeTables(db.name, all));
    const probe = await roundTripsOf(conn, () => conn.probe(db.name));
    const token = await roundTripsOf(conn, () => conn.schemaToken(db.name));
    assert.equal(every.value.length, 23);
    // 1 per listing, 4 for describe (TABLES, COLUMNS, KEY_COLUMN_USAGE, STATISTICS); on MariaDB the probe is the cheap
    // TABLES token plus the per-table tokens (2), and the token alone is 1 query, or 2 within two seconds of DDL.
    assert.deepEqual([schemas.trips, tables.trips, one.trips, every.trips, probe.trips], [1, 1, 4, 4, 2]);
    assert.ok(token.trips === 1 || token.trips === 2, `schemaToken took ${token.trips} round trips`);
    assert.equal(probe.value.tableTokens.size, 23);
    assert.equal(probe.value.schemaToken, token.value);
    assert.deepEqual(await roundTripsOf(conn, () => conn.describeTables(db.name, [])), { value: [], trips: 0 });
  });

  it('sets its session up in one statement, counted once', async () => {
    const fresh = await mysqlDialect.connect(db.url.replace(/^mysql:/, 'mariadb:'), OPTIONS);
    try {
      assert.equal(fresh.stats.roundTrips, 1);
      assert.equal((await roundTripsOf(fresh, () => fresh.currentDatabase())).trips, 0);
    } finally {
      await fresh.close();
    }
  });
});

// ------------------------------------------------------------------------------------------------ fixture

describe('MySQL dialect on a fixture with comments, generated columns and odd names', () => {
  let db: NamedTempDatabase;
  let conn: DialectConnection;

  before(async () => {
    db = await createTempMysqlDatabase();
    await sql(
      db.name,
      `CREATE TABLE region (
         country VARCHAR(2) NOT NULL, code VARCHAR(10) NOT NULL, name VARCHAR(100) NOT NULL COMMENT 'Display name',
         PRIMARY KEY (country, code)
       ) COMMENT 'Sales regions';
       CREATE TABLE shop (
         id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
         region_code VARCHAR(10), region_country VARCHAR(2),
         name VARCHAR(100) NOT NULL DEFAULT 'unnamed',
         name_upper VARCHAR(100) AS (UPPER(name)) VIRTUAL,
         opened DATE DEFAULT '2020-01-01',
         note VARCHAR(10) DEFAULT 'NULL',
         -- declared in the opposite order of the table's columns: keys keep their own order
         CONSTRAINT shop_region_fk FOREIGN KEY (region_country, region_code) REFERENCES region (country, code),
         CONSTRAINT shop_name_key UNIQUE (name)
       );
       CREATE INDEX shop_name_id_idx ON shop (name, id);
       CREATE VIEW big_shops AS SELECT id, name FROM shop;
       CREATE TABLE \`Odd \`\`Name\`\`\` (\`Mixed Case\` INT);`,
    );
    conn = await mysqlDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('lists tables, views and comments', async () => {
    assert.deepEqual(
      (await conn.listTables(db.name)).map((t) => [t.name, t.kind, t.comment]),
      [
        ['Odd `Name`', 'TABLE', null],
        ['big_shops', 'VIEW', null],
        ['region', 'TABLE', 'Sales regions'],
        ['shop', 'TABLE', null],
      ],
    );
  });

  it('describes comments, generated columns, defaults and composite keys in order', async () => {
    const [region, shop] = await conn.describeTables(db.name, ['shop', 'region']);
    assert.equal(region?.comment, 'Sales regions');
    assert.deepEqual(region?.columns.map((c) => c.comment), [null, null, 'Display name']);
    assert.deepEqual(region?.primaryKey, { name: 'PRIMARY', columns: ['country', 'code'] });
    assert.deepEqual(shop?.columns.map((c) => [c.name, c.dataType, c.nullable, c.default]), [
      ['id', 'int(11)', false, null],
      ['region_code', 'varchar(10)', true, null],
      ['region_country', 'varchar(2)', true, null],
      ['name', 'varchar(100)', false, "'unnamed'"],
      ['name_upper', 'varchar(100)', true, 'GENERATED ALWAYS AS (ucase(`name`)) VIRTUAL'],
      ['opened', 'date', true, "'2020-01-01'"],
      ['note', 'varchar(10)', true, "'NULL'"], // the string 'NULL' stays a string
    ]);
    assert.deepEqual(shop?.foreignKeys, [
      { name: 'shop_region_fk', columns: ['region_country', 'region_code'], refSchema: db.name, refTable: 'region', refColumns: ['country', 'code'] },
    ]);
    assert.deepEqual(shop?.uniques, [{ name: 'shop_name_key', columns: ['name'] }]);
    assert.deepEqual(shop?.indexes.map((i) => [i.name, i.columns, i.unique, i.primary]), [
      ['PRIMARY', ['id'], true, true],
      ['shop_name_id_idx', ['name', 'id'], false, false],
      ['shop_name_key', ['name'], true, false],
      ['shop_region_fk', ['region_country', 'region_code'], false, false],
    ]);
  });

  it('describes an odd name', async () => {
    const [odd] = await conn.describeTables(db.name, ['Odd `Name`']);
    assert.deepEqual([odd?.name, odd?.columns.map((c) => c.name)], ['Odd `Name`', ['Mixed Case']]);
  });

  it('quotes identifiers the MySQL way', () => {
    assert.equal(mysqlDialect.quoteIdentifier('Odd `Name`'), '`Odd ``Name```');
    assert.deepEqual(mysqlDialect.schemes, ['mysql:', 'mariadb:']);
    assert.deepEqual(mysqlDialect.capabilities, { multipleSchemas: true, comments: true, rowEstimates: true, reuseConnections: true });
  });

  it('opens a read-only, time-limited session', async () => {
    const hook = conn as unknown as QueryHook;
    const [row] = await hook.query<{ ro: number; limit: number; concat: number }>(
      'SELECT @@tx_read_only AS ro, @@max_statement_time AS `limit`, @@group_concat_max_len AS concat',
    );
    assert.deepEqual([row?.ro, Number(row?.limit), Number(row?.concat)], [1, 15, 1_073_741_824]);
    await assert.rejects(hook.query('INSERT INTO region VALUES (1, 2, 3)'), (e: unknown) => isQuerentError(e) && e.code === 'CATALOG_QUERY_FAILED' && /READ ONLY/i.test(e.message));
  });
});

// ------------------------------------------------------------------------------------------------ probe

describe('MySQL dialect probe', () => {
  let db: NamedTempDatabase;
  let conn: DialectConnection;
  const changed = (a: SchemaProbe, b: SchemaProbe) =>
    [...new Set([...a.tableTokens.keys(), ...b.tableTokens.keys()])].filter((name) => a.tableTokens.get(name) !== b.tableTokens.get(name)).sort();

  before(async () => {
    db = await createTempMysqlDatabase();
    await sql(
      db.name,
      `CREATE TABLE parent (id INT PRIMARY KEY, code VARCHAR(10));
       CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, note VARCHAR(100));
       CREATE TABLE other (id INT PRIMARY KEY, parent_id INT, remark VARCHAR(10), FOREIGN KEY (parent_id) REFERENCES parent (id));
       CREATE TABLE bystander (id INT);
       CREATE TABLE \`café\` (id INT);
       CREATE VIEW other_view AS SELECT id, parent_id FROM other;`,
    );
    conn = await mysqlDialect.connect(db.url, OPTIONS);
  });
  after(async () => {
    await conn?.close();
    await db?.drop();
  });

  const steps: [string, string, string[]][] = [
    ['add a column', 'ALTER TABLE child ADD COLUMN extra INT', ['child']],
    ['drop a column', 'ALTER TABLE child DROP COLUMN extra', ['child']],
    ['change a type', 'ALTER TABLE child MODIFY note VARCHAR(50) NULL', ['child']],
    ['set NOT NULL', 'ALTER TABLE child MODIFY note VARCHAR(50) NOT NULL', ['child']],
    ['set a default', "ALTER TABLE child ALTER COLUMN note SET DEFAULT 'x'", ['child']],
    ['change the default', "ALTER TABLE child ALTER COLUMN note SET DEFAULT 'y'", ['child']],
    ['add an index', 'CREATE INDEX child_note_idx ON child (note)', ['child']],
    ['rename an index', 'ALTER TABLE child RENAME INDEX child_note_idx TO child_note_index', ['child']],
    ['drop an index', 'DROP INDEX child_note_index ON child', ['child']],
    ['add a foreign key', 'ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)', ['child']],
    ['drop a foreign key', 'ALTER TABLE child DROP FOREIGN KEY child_parent_fk', ['child']],
    ['add a unique constraint', 'ALTER TABLE child ADD CONSTRAINT child_note_key UNIQUE (note)', ['child']],
    ['comment a table', "ALTER TABLE child COMMENT = 'children'", ['child']],
    ['change a table comment', "ALTER TABLE child COMMENT = 'kids'", ['child']],
    ['comment a column', "ALTER TABLE child MODIFY note VARCHAR(50) NOT NULL DEFAULT 'y' COMMENT 'free text'", ['child']],
    ['drop a column comment', "ALTER TABLE child MODIFY note VARCHAR(50) NOT NULL DEFAULT 'y' COMMENT ''", ['child']],
    ['rename a table', 'RENAME TABLE bystander TO onlooker', ['bystander', 'onlooker']],
    ['rename a column', 'ALTER TABLE other RENAME COLUMN remark TO remarks', ['other']],
    // The referencing table's rows name the referenced column and table, so its token follows too.
    ['rename a referenced column', 'ALTER TABLE parent RENAME COLUMN code TO label, RENAME COLUMN id TO parent_id', ['other', 'parent']],
    ['rename a referenced table', 'RENAME TABLE parent TO mother', ['mother', 'other', 'parent']],
  ];

  it('changes exactly the affected tables’ tokens, and the schema token, for each kind of DDL', async () => {
    let before = await conn.probe(db.name);
    assert.deepEqual([...before.tableTokens.keys()].sort(), ['bystander', 'café', 'child', 'other', 'other_view', 'parent']);
    // The whole-schema token probe() computes from the rows equals the server's own (byte order, MD5 over UTF-8).
    assert.equal(await conn.schemaToken(db.name), before.schemaToken);
    for (const [what, ddl, expected] of steps) {
      await sql(db.name, ddl);
      const tripsBefore = conn.stats.roundTrips;
      const after = await conn.probe(db.name);
      assert.equal(conn.stats.roundTrips - tripsBefore, 2, what);
      assert.deepEqual(changed(before, after), expected, what);
      assert.notEqual(after.schemaToken, before.schemaToken, what);
      assert.equal(await conn.schemaToken(db.name), after.schemaToken, what);
      before = after;
    }
  });

  it('on MariaDB, two seconds after the last DDL the schema token is one cheap query that still sees the next change', async () => {
    // CREATE_TIME and NOW() are both whole seconds: two quiet seconds can take up to three.
    await new Promise((r) => setTimeout(r, 3200));
    const quiet = await roundTripsOf(conn, () => conn.schemaToken(db.name));
    assert.equal(quiet.trips, 1);
    assert.match(quiet.value, /^tables:/);
    assert.equal((await conn.probe(db.name)).schemaToken, quiet.value);
    await sql(db.name, 'ALTER TABLE child ADD COLUMN quiet_extra INT');
    const moved = await conn.schemaToken(db.name);
    assert.notEqual(moved, quiet.value);
    await sql(db.name, 'ALTER TABLE child DROP COLUMN quiet_extra');
  });

  it('does not change for inserts, updates, deletes or ANALYZE TABLE', async () => {
    const before = await conn.probe(db.name);
    const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i + 1)).join(',');
    await sql(
      db.name,
      `INSERT INTO mother (parent_id, label) VALUES ${rows(2000, (i) => `(${i}, 'p${i}')`)};
       INSERT INTO child (id, parent_id, note) VALUES ${rows(2000, (i) => `(${i}, ${i}, 'n${i}')`)};
       INSERT INTO other (id, parent_id, remarks) VALUES ${rows(500, (i) => `(${i}, ${i}, 'r')`)};
       INSERT INTO onlooker VALUES ${rows(100, (i) => `(${i})`)};
       INSERT INTO \`café\` VALUES (1);
       UPDATE child SET parent_id = parent_id + 0 WHERE id <= 100;
       DELETE FROM onlooker WHERE id > 50;
       ANALYZE TABLE mother, child, other, onlooker, \`café\`;`,
    );
    const after = await conn.probe(db.name);
    assert.deepEqual(after, before);
    assert.equal(await conn.schemaToken(db.name), before.schemaToken);
  });

  it('never touches the tables themselves: it answers while another session holds a write lock', async () => {
    const expected = await conn.probe(db.name);
    const locker = await createConnection(mysqlAdminConfig(db.name));
    try {
      await locker.query('LOCK TABLES child WRITE, other WRITE');
      const quick = await mysqlDialect.connect(db.url, { connectTimeoutMs: 5_000, queryTimeoutMs: 2_000 });
      try {
        assert.deepEqual(await quick.probe(db.name), expected);
      } finally {
        await quick.close();
      }
    } finally {
      await locker.query('UNLOCK TABLES').catch(() => undefined);
      await locker.end();
    }
  });
});

// ------------------------------------------------------------------------------------------------ failures

describe('MySQL dialect connection failures', () => {
  const admin = new URL(TEST_MYSQL_ADMIN_URL);
  const host = admin.hostname;
  const port = admin.port || '3306';
  const user = `querent_pw_${randomBytes(4).toString('hex')}`;
  const RIGHT_PASSWORD = 'Right-Pw-9c1e';

  // Global SELECT so that a missing database is reported as missing (1049), not as forbidden (1044).
  before(async () => {
    await withMysqlAdmin((c) => c.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${RIGHT_PASSWORD}'; GRANT SELECT ON *.* TO '${user}'@'%'`));
  });
  after(async () => {
    await withMysqlAdmin((c) => c.query(`DROP USER IF EXISTS '${user}'@'%'`));
  });

  async function expectFailure(url: string, code: ErrorCode, options = OPTIONS, secret = PASSWORD): Promise<Error> {
    const error = await mysqlDialect.connect(url, options).then(
      async (conn) => {
        await conn.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(isQuerentError(error), `expected a QuerentError for ${code}, got ${inspect(error)}`);
    assert.equal(error.code, code, error.message);
    for (const text of [error.message, String(error), error.stack ?? '', inspect(error)]) {
      assert.ok(!text.includes(secret), `the password leaked: ${text}`);
    }
    return error;
  }

  it('says a server cannot be reached (nothing listens on port 1)', async () => {
    const error = await expectFailure(`mysql://root:${PASSWORD}@${host}:1/mysql`, 'CONNECTION_UNREACHABLE');
    assert.match(error.message, /:1\/mysql/);
  });

  it('says a server did not answer in time (it accepts TCP but never speaks)', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port: silentPort } = silent.address() as net.AddressInfo;
      await expectFailure(`mysql://root:${PASSWORD}@127.0.0.1:${silentPort}/x`, 'CONNECTION_TIMEOUT', { connectTimeoutMs: 300, queryTimeoutMs: 1_000 });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('says the login was refused for a wrong password and for an unknown user', async () => {
    const error = await expectFailure(`mysql://${user}:${PASSWORD}@${host}:${port}/`, 'CONNECTION_AUTH_FAILED');
    assert.match(error.message, new RegExp(user));
    await expectFailure(`mariadb://querent_no_such_user:${PASSWORD}@${host}:${port}/`, 'CONNECTION_AUTH_FAILED');
    // The right password works, and without a database the session names none.
    const conn = await mysqlDialect.connect(`mysql://${user}:${RIGHT_PASSWORD}@${host}:${port}`, OPTIONS);
    try {
      assert.equal(await conn.currentDatabase(), '');
      assert.ok((await conn.listSchemas()).every((s) => !s.isDefault));
    } finally {
      await conn.close();
    }
  });

  it('says the database does not exist', async () => {
    const error = await expectFailure(`mysql://${user}:${RIGHT_PASSWORD}@${host}:${port}/querent_no_such_db`, 'CONNECTION_NOT_A_DATABASE', OPTIONS, RIGHT_PASSWORD);
    assert.match(error.message, /querent_no_such_db/);
  });

  it('rejects malformed URLs and other schemes as bad input, without echoing the password', async () => {
    await expectFailure(`mysql://root:${PASSWORD}@${host}:notaport/db`, 'BAD_INPUT');
    await expectFailure(`postgresql://root:${PASSWORD}@${host}:${port}/db`, 'BAD_INPUT');
    await expectFailure(`mysql://root:${PASSWORD}@${host}:${port}/a/b`, 'BAD_INPUT');
    await expectFailure(`mysql//root:${PASSWORD}@${host}/db`, 'BAD_INPUT');
    await expectFailure(`root:${PASSWORD}@${host}/db`, 'BAD_INPUT');
  });

  it('reports a lost session as a failed catalog query, without crashing the process', async () => {
    const url = new URL(TEST_MYSQL_ADMIN_URL);
    url.pathname = '/mysql';
    const conn = await mysqlDialect.connect(url.toString(), OPTIONS);
    try {
      const [row] = await (conn as unknown as QueryHook).query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      await withMysqlAdmin((c) => c.query(`KILL ${Number(row?.id)}`));
      await new Promise((r) => setTimeout(r, 100));
      await assert.rejects(conn.listSchemas(), (e: unknown) => isQuerentError(e) && e.code === 'CATALOG_QUERY_FAILED');
    } finally {
      await conn.close();
    }
  });
});

// ------------------------------------------------------------------------------------------------ 300 tables

describe('MySQL dialect on a 300-table schema', () => {
  let db: NamedTempDatabase;
  const TABLES = 300;
  const name = (i: number) => `t${String(i).padStart(3, '0')}`;

  before(async () => {
    db = await createTempMysqlDatabase();
    const ddl: string[] = [];
    for (let i = 0; i < TABLES; i++) {
      ddl.push(
        `CREATE TABLE ${name(i)} (
           id INT PRIMARY KEY,
           parent_id INT,
           code VARCHAR(20) NOT NULL DEFAULT 'new',
           amount DECIMAL(12,2),
           created TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
           UNIQUE KEY ${name(i)}_code_key (code, parent_id),
           KEY ${name(i)}_created_idx (created)${i > 0 ? `,
           CONSTRAINT ${name(i)}_parent_fk FOREIGN KEY (parent_id) REFERENCES ${name(i - 1)} (id)` : ''}
         ) COMMENT 'table ${i}';`,
      );
    }
    await sql(db.name, ddl.join('\n'));
  });
  after(async () => {
    await db?.drop();
  });

  it('describes all 300 tables and probes them at the cost of one table', async () => {
    const conn = await mysqlDialect.connect(db.url, OPTIONS);
    try {
      const t0 = performance.now();
      const tables = await roundTripsOf(conn, () => conn.listTables(db.name));
      const t1 = performance.now();
      const all = await roundTripsOf(conn, () => conn.describeTables(db.name, tables.value.map((t) => t.name)));
      const t2 = performance.now();
      const probe = await roundTripsOf(conn, () => conn.probe(db.name));
      const t3 = performance.now();
      const one = await roundTripsOf(conn, () => conn.describeTables(db.name, ['t150']));
      assert.equal(all.value.length, TABLES);
      assert.deepEqual([tables.trips, all.trips, one.trips, probe.trips], [1, 4, 4, 2]);
      assert.equal(probe.value.tableTokens.size, TABLES);
      const t150 = all.value.find((t) => t.name === 't150');
      assert.deepEqual(t150, one.value[0]);
      assert.deepEqual(t150?.foreignKeys.map((f) => f.refTable), ['t149']);
      assert.equal(t150?.comment, 'table 150');
      // Past 1000 names the IN lists are split: one more query per kind of object for each further 1000 names.
      const many = [...tables.value.map((t) => t.name), ...Array.from({ length: 900 }, (_, i) => `missing_${i}`)];
      const chunked = await roundTripsOf(conn, () => conn.describeTables(db.name, many));
      assert.deepEqual([chunked.trips, chunked.value], [8, all.value]);
      console.log(
        `MariaDB, ${TABLES} tables, cold connection: listTables ${(t1 - t0).toFixed(1)} ms (${tables.trips} trip), ` +
          `describe all ${(t2 - t1).toFixed(1)} ms (${all.trips} trips), probe ${(t3 - t2).toFixed(1)} ms (${probe.trips} trip)`,
      );
    } finally {
      await conn.close();
    }
  });
});
