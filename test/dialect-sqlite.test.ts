// Owns the tests of the SQLite dialect: discovery of Chinook, Sakila and the demo database, round trips, probe, safety.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sqliteDialect } from '@querent/common/dist/dialects/sqlite/sqlite-dialect';
import type { SqliteConnection } from '@querent/common/dist/dialects/sqlite/sqlite-connection';
import type { DialectConnection } from '@querent/common/dist/dialects/dialect';
import type { SchemaProbe, TableStructure } from '@querent/common/dist/dialects/catalog-metadata';
import { generateDemoDatabase } from '@querent/catalog/dist/demo/demo-database';
import { REPO_ROOT } from './support/processes';
import { SAMPLE_DATA_DIR } from './support/shared-data';
import { roundTripsOf } from './support/round-trips';

const DATA = SAMPLE_DATA_DIR;
const CHINOOK = path.join(DATA, 'chinook', 'Chinook_Sqlite.sqlite');
const SAKILA = path.join(DATA, 'sakila', 'sakila.sqlite');
const OPTIONS = { connectTimeoutMs: 5_000, queryTimeoutMs: 5_000 };

const CHINOOK_TABLES = [
  'Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track',
];
const SAKILA_TABLES = [
  'actor', 'address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'film_text',
  'inventory', 'language', 'payment', 'rental', 'staff', 'store',
];
const SAKILA_VIEWS = ['customer_list', 'film_list', 'sales_by_film_category', 'sales_by_store', 'staff_list'];

let workDir: string;

before(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-dialect-sqlite-'));
});

after(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

function urlOf(file: string): string {
  return `sqlite://${pathToFileURL(file).pathname}`;
}

async function withConnection<T>(file: string, use: (connection: DialectConnection) => Promise<T>): Promise<T> {
  const connection = await sqliteDialect.connect(urlOf(file), OPTIONS);
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

function copyToWorkDir(source: string, name: string): string {
  const target = path.join(workDir, name);
  fs.copyFileSync(source, target);
  fs.chmodSync(target, 0o644);
  return target;
}

/** A writable handle on a temp file, used only to change the schema between read-only discoveries. */
function write(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
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

describe('SQLite dialect: Chinook', () => {
  it('lists the one schema and the 11 tables', async () => {
    await withConnection(CHINOOK, async (connection) => {
      assert.equal(connection.dialect, 'sqlite');
      assert.equal(await connection.currentDatabase(), 'main');
      assert.deepEqual(await connection.listSchemas(), [{ name: 'main', isDefault: true }]);
      const tables = await connection.listTables('main');
      assert.deepEqual(tables.map((t) => t.name), CHINOOK_TABLES);
      for (const t of tables) {
        assert.deepEqual({ ...t, name: '' }, { schema: 'main', name: '', kind: 'TABLE', rowEstimate: null, comment: null });
      }
    });
  });

  it('describes columns, keys and indexes as declared', async () => {
    await withConnection(CHINOOK, async (connection) => {
      const structures = await connection.describeTables('main', CHINOOK_TABLES);
      assert.deepEqual(structures.map((s) => s.name), CHINOOK_TABLES);

      const album = table(structures, 'Album');
      assert.deepEqual(album.columns, [
        { name: 'AlbumId', ordinal: 1, dataType: 'INTEGER', nullable: false, default: null, comment: null },
        { name: 'Title', ordinal: 2, dataType: 'NVARCHAR(160)', nullable: false, default: null, comment: null },
        { name: 'ArtistId', ordinal: 3, dataType: 'INTEGER', nullable: false, default: null, comment: null },
      ]);
      assert.deepEqual(album.primaryKey, { name: null, columns: ['AlbumId'] });
      assert.deepEqual(album.foreignKeys, [
        { name: null, columns: ['ArtistId'], refSchema: 'main', refTable: 'Artist', refColumns: ['ArtistId'] },
      ]);
      assert.deepEqual(album.indexes, [{ name: 'IFK_AlbumArtistId', columns: ['ArtistId'], unique: false, primary: false }]);

      const artist = table(structures, 'Artist');
      assert.deepEqual(column(artist, 'Name'), { name: 'Name', ordinal: 2, dataType: 'NVARCHAR(120)', nullable: true, default: null, comment: null });

      const invoice = table(structures, 'Invoice');
      assert.equal(column(invoice, 'Total').dataType, 'NUMERIC(10,2)');
      assert.equal(column(invoice, 'InvoiceDate').dataType, 'DATETIME');
      assert.equal(column(invoice, 'BillingState').nullable, true);

      const invoiceLine = table(structures, 'InvoiceLine');
      assert.deepEqual(
        invoiceLine.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
        [
          [['InvoiceId'], 'Invoice', ['InvoiceId']],
          [['TrackId'], 'Track', ['TrackId']],
        ],
      );

      const employee = table(structures, 'Employee');
      assert.deepEqual(
        employee.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
        [[['ReportsTo'], 'Employee', ['EmployeeId']]],
      );

      // A composite primary key is backed by SQLite's autoindex, which is the primary index.
      const playlistTrack = table(structures, 'PlaylistTrack');
      assert.deepEqual(playlistTrack.primaryKey, { name: null, columns: ['PlaylistId', 'TrackId'] });
      assert.deepEqual(playlistTrack.indexes, [
        { name: 'IFK_PlaylistTrackPlaylistId', columns: ['PlaylistId'], unique: false, primary: false },
        { name: 'IFK_PlaylistTrackTrackId', columns: ['TrackId'], unique: false, primary: false },
        { name: 'sqlite_autoindex_PlaylistTrack_1', columns: ['PlaylistId', 'TrackId'], unique: true, primary: true },
      ]);
      assert.deepEqual(playlistTrack.uniques, []);

      assert.deepEqual(
        table(structures, 'Track').indexes.map((i) => i.name),
        ['IFK_TrackAlbumId', 'IFK_TrackGenreId', 'IFK_TrackMediaTypeId'],
      );
    });
  });

  it('leaves out names that do not exist and refuses a schema other than main', async () => {
    await withConnection(CHINOOK, async (connection) => {
      const structures = await connection.describeTables('main', ['Album', 'NoSuchTable', 'album']);
      assert.deepEqual(structures.map((s) => s.name), ['Album']);
      assert.deepEqual(await connection.describeTables('main', []), []);
      await expectQuerentError(connection.listTables('public'), 'BAD_INPUT', /one schema, "main"/);
    });
  });
});

describe('SQLite dialect: Sakila', () => {
  it('lists its tables and views', async () => {
    await withConnection(SAKILA, async (connection) => {
      const tables = await connection.listTables('main');
      assert.deepEqual(
        tables.filter((t) => t.kind === 'TABLE').map((t) => t.name),
        SAKILA_TABLES,
      );
      assert.deepEqual(
        tables.filter((t) => t.kind === 'VIEW').map((t) => t.name),
        SAKILA_VIEWS,
      );
    });
  });

  it('describes defaults, composite keys, named indexes and views', async () => {
    await withConnection(SAKILA, async (connection) => {
      const structures = await connection.describeTables('main', [...SAKILA_TABLES, ...SAKILA_VIEWS]);
      assert.equal(structures.length, SAKILA_TABLES.length + SAKILA_VIEWS.length);

      const film = table(structures, 'film');
      assert.deepEqual(column(film, 'rental_duration'), {
        name: 'rental_duration', ordinal: 7, dataType: 'SMALLINT', nullable: false, default: '3', comment: null,
      });
      assert.deepEqual(column(film, 'rating'), { name: 'rating', ordinal: 11, dataType: 'VARCHAR(10)', nullable: true, default: "'G'", comment: null });
      assert.deepEqual(column(film, 'description'), {
        name: 'description', ordinal: 3, dataType: 'BLOB SUB_TYPE TEXT', nullable: true, default: 'NULL', comment: null,
      });
      assert.equal(column(film, 'rental_rate').default, '4.99');
      assert.deepEqual(
        film.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
        [
          [['language_id'], 'language', ['language_id']],
          [['original_language_id'], 'language', ['language_id']],
        ],
      );

      const filmActor = table(structures, 'film_actor');
      assert.deepEqual(filmActor.primaryKey, { name: null, columns: ['actor_id', 'film_id'] });
      assert.deepEqual(
        filmActor.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
        [
          [['actor_id'], 'actor', ['actor_id']],
          [['film_id'], 'film', ['film_id']],
        ],
      );
      assert.deepEqual(
        filmActor.indexes.find((i) => i.primary),
        { name: 'sqlite_autoindex_film_actor_1', columns: ['actor_id', 'film_id'], unique: true, primary: true },
      );

      const rental = table(structures, 'rental');
      assert.deepEqual(
        rental.indexes.find((i) => i.name === 'idx_rental_uq'),
        { name: 'idx_rental_uq', columns: ['rental_date', 'inventory_id', 'customer_id'], unique: true, primary: false },
      );
      // A CREATE UNIQUE INDEX is an index, not a UNIQUE constraint.
      assert.deepEqual(rental.uniques, []);

      const customer = table(structures, 'customer');
      assert.equal(column(customer, 'active').default, "'Y'");
      assert.equal(column(customer, 'active').dataType, 'CHAR(1)');

      const store = table(structures, 'store');
      assert.deepEqual(
        store.foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]),
        [
          [['address_id'], 'address', ['address_id']],
          [['manager_staff_id'], 'staff', ['staff_id']],
        ],
      );

      const customerList = table(structures, 'customer_list');
      assert.equal(customerList.kind, 'VIEW');
      assert.deepEqual(customerList.columns.map((c) => c.name), ['ID', 'name', 'address', 'zip_code', 'phone', 'city', 'country', 'notes', 'SID']);
      assert.deepEqual(column(customerList, 'zip_code'), { name: 'zip_code', ordinal: 4, dataType: 'VARCHAR(10)', nullable: true, default: null, comment: null });
      assert.equal(customerList.primaryKey, null);
      assert.deepEqual(customerList.indexes, []);
    });
  });
});

describe('SQLite dialect: the demo database', () => {
  let demo: string;

  before(() => {
    demo = path.join(workDir, 'demo.db');
    generateDemoDatabase(demo, { orders: 300 });
  });

  it('has a foreign key on orders.customer_id and none on returns', async () => {
    await withConnection(demo, async (connection) => {
      const structures = await connection.describeTables('main', ['orders', 'returns', 'customers', 'regions']);
      assert.deepEqual(table(structures, 'returns').foreignKeys, []);
      assert.deepEqual(
        table(structures, 'orders').foreignKeys,
        [{ name: null, columns: ['customer_id'], refSchema: 'main', refTable: 'customers', refColumns: ['id'] }],
      );
      assert.deepEqual(
        table(structures, 'returns').indexes,
        [{ name: 'idx_returns_order_id', columns: ['order_id'], unique: false, primary: false }],
      );
      // Inline UNIQUE constraints: unnamed keys, backed by autoindexes.
      const customers = table(structures, 'customers');
      assert.deepEqual(customers.uniques, [{ name: null, columns: ['email'] }]);
      assert.deepEqual(
        customers.indexes.filter((i) => i.unique),
        [{ name: 'sqlite_autoindex_customers_1', columns: ['email'], unique: true, primary: false }],
      );
      // INTEGER PRIMARY KEY is the rowid: never NULL, although declared without NOT NULL.
      assert.equal(column(customers, 'id').nullable, false);
      assert.deepEqual(table(structures, 'regions').uniques, [{ name: null, columns: ['name'] }]);
    });
  });

  it('takes column comments from the data_dictionary table', async () => {
    await withConnection(demo, async (connection) => {
      const [orders] = await connection.describeTables('main', ['orders']);
      assert.equal(column(orders, 'customer_id').comment, 'Customer who placed the order; references customers.id.');
      assert.equal(column(orders, 'order_date').comment, "Date the order was placed, as 'YYYY-MM-DD'.");
      assert.equal(orders.comment, null, 'the demo dictionary describes columns only');
      const tables = await connection.listTables('main');
      assert.ok(tables.some((t) => t.name === 'data_dictionary'));
      assert.ok(tables.every((t) => t.comment === null));
    });
  });

  it('takes a table comment from a dictionary row without a column, and row estimates from sqlite_stat1', async () => {
    const file = copyToWorkDir(demo, 'demo-annotated.db');
    write(file, `INSERT INTO data_dictionary (table_name, column_name, description) VALUES ('orders', '', 'One row per customer order.'); ANALYZE;`);
    await withConnection(file, async (connection) => {
      const tables = await connection.listTables('main');
      const orders = tables.find((t) => t.name === 'orders');
      assert.equal(orders?.comment, 'One row per customer order.');
      assert.equal(orders?.rowEstimate, 300);
      const [described] = await connection.describeTables('main', ['orders']);
      assert.equal(described.comment, 'One row per customer order.');
    });
  });
});

describe('SQLite dialect: round trips', () => {
  let wide: string;

  before(() => {
    // 300 tables, each with a foreign key to the previous one, a unique key and an index; 20 views.
    wide = path.join(workDir, 'wide.db');
    const statements: string[] = [];
    for (let i = 0; i < 300; i++) {
      statements.push(`CREATE TABLE t${i} (
        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name VARCHAR(80) DEFAULT 'n/a', amount DECIMAL(10,2),
        created_at TIMESTAMP NOT NULL, note TEXT, flag INTEGER NOT NULL DEFAULT 0,
        prev_id INTEGER ${i > 0 ? `REFERENCES t${i - 1}(id)` : ''})`);
      statements.push(`CREATE INDEX t${i}_name ON t${i}(name, created_at)`);
    }
    for (let i = 0; i < 20; i++) statements.push(`CREATE VIEW v${i} AS SELECT id, code FROM t${i}`);
    write(wide, statements.join(';\n'));
  });

  for (const [label, file] of [['Chinook', () => CHINOOK], ['Sakila', () => SAKILA], ['the demo database', () => path.join(workDir, 'demo.db')], ['300 tables', () => wide]] as const) {
    it(`stays constant whatever the number of tables: ${label}`, async () => {
      if (!fs.existsSync(file())) generateDemoDatabase(file(), { orders: 300 });
      await withConnection(file(), async (connection) => {
        const schemas = await roundTripsOf(connection, () => connection.listSchemas());
        const list = await roundTripsOf(connection, () => connection.listTables('main'));
        const names = list.value.map((t) => t.name);
        const one = await roundTripsOf(connection, () => connection.describeTables('main', names.slice(0, 1)));
        const all = await roundTripsOf(connection, () => connection.describeTables('main', names));
        const probe = await roundTripsOf(connection, () => connection.probe('main'));
        const token = await roundTripsOf(connection, () => connection.schemaToken('main'));
        console.log(
          `sqlite ${label}: ${names.length} objects; round trips listSchemas=${schemas.trips} listTables=${list.trips} ` +
            `describe(1)=${one.trips} describe(${names.length})=${all.trips} probe=${probe.trips} schemaToken=${token.trips}`,
        );
        assert.equal(all.value.length, names.length);
        assert.equal(schemas.trips, 0);
        assert.ok(list.trips >= 1 && list.trips <= 2);
        assert.equal(one.trips, all.trips);
        assert.ok(all.trips >= 3 && all.trips <= 4);
        assert.ok(probe.trips <= 2);
        assert.equal(token.trips, 1);
        assert.equal(probe.value.tableTokens.size, names.length);
        assert.equal(token.value, probe.value.schemaToken);
      });
    });
  }

  it('describes 300 tables in bulk (cold, wall time printed)', async () => {
    const started = performance.now();
    await withConnection(wide, async (connection) => {
      const names = (await connection.listTables('main')).map((t) => t.name);
      const structures = await connection.describeTables('main', names);
      const elapsed = performance.now() - started;
      console.log(`sqlite 300 tables + 20 views: connect + listTables + describe all in ${elapsed.toFixed(1)} ms, ${connection.stats.roundTrips} statements`);
      const t7 = table(structures, 't7');
      assert.deepEqual(t7.foreignKeys, [{ name: null, columns: ['prev_id'], refSchema: 'main', refTable: 't6', refColumns: ['id'] }]);
      assert.deepEqual(t7.uniques, [{ name: null, columns: ['code'] }]);
      assert.deepEqual(t7.indexes.map((i) => [i.name, i.columns]), [
        ['sqlite_autoindex_t7_1', ['code']],
        ['t7_name', ['name', 'created_at']],
      ]);
      assert.equal(connection.stats.roundTrips, 1 + 1 + 3);
    });
  });
});

describe('SQLite dialect: probe', () => {
  interface Change {
    changed: string[];
    added: string[];
    removed: string[];
    schemaTokenChanged: boolean;
  }

  function diff(before: SchemaProbe, after: SchemaProbe): Change {
    return {
      changed: [...after.tableTokens].filter(([n, t]) => before.tableTokens.has(n) && before.tableTokens.get(n) !== t).map(([n]) => n).sort(),
      added: [...after.tableTokens.keys()].filter((n) => !before.tableTokens.has(n)).sort(),
      removed: [...before.tableTokens.keys()].filter((n) => !after.tableTokens.has(n)).sort(),
      schemaTokenChanged: before.schemaToken !== after.schemaToken,
    };
  }

  async function probeOf(file: string): Promise<SchemaProbe> {
    return withConnection(file, async (connection) => {
      const probe = await connection.probe('main');
      assert.equal(await connection.schemaToken('main'), probe.schemaToken);
      return probe;
    });
  }

  /** SQLite changes a column's type, nullability, default or keys only by rebuilding the table. */
  function rebuild(table: string, createSql: string, columns: string): string {
    return `PRAGMA foreign_keys = OFF; BEGIN;
      ${createSql.replace(`CREATE TABLE ${table}`, `CREATE TABLE ${table}_new`)};
      INSERT INTO ${table}_new (${columns}) SELECT ${columns} FROM ${table};
      DROP TABLE ${table};
      ALTER TABLE ${table}_new RENAME TO ${table};
      COMMIT;`;
  }

  const CASES: Array<{ kind: string; sql: string; expect: Partial<Change> }> = [
    { kind: 'add column', sql: `ALTER TABLE Artist ADD COLUMN Country TEXT`, expect: { changed: ['Artist'] } },
    { kind: 'drop column', sql: `ALTER TABLE Track DROP COLUMN Composer`, expect: { changed: ['Track'] } },
    { kind: 'rename column', sql: `ALTER TABLE Genre RENAME COLUMN Name TO Title`, expect: { changed: ['Genre'] } },
    {
      kind: 'type change',
      sql: rebuild('MediaType', `CREATE TABLE MediaType (MediaTypeId INTEGER NOT NULL PRIMARY KEY, Name TEXT)`, 'MediaTypeId, Name'),
      expect: { changed: ['MediaType'] },
    },
    {
      kind: 'nullability',
      sql: rebuild('Playlist', `CREATE TABLE Playlist (PlaylistId INTEGER NOT NULL PRIMARY KEY, Name NVARCHAR(120) NOT NULL)`, 'PlaylistId, Name'),
      expect: { changed: ['Playlist'] },
    },
    {
      kind: 'default',
      sql: rebuild('Artist', `CREATE TABLE Artist (ArtistId INTEGER NOT NULL PRIMARY KEY, Name NVARCHAR(120) DEFAULT 'unknown', Country TEXT)`, 'ArtistId, Name, Country'),
      expect: { changed: ['Artist'] },
    },
    { kind: 'add index', sql: `CREATE INDEX IX_CustomerEmail ON Customer (Email)`, expect: { changed: ['Customer'] } },
    { kind: 'drop index', sql: `DROP INDEX IFK_TrackGenreId`, expect: { changed: ['Track'] } },
    {
      kind: 'foreign key',
      sql: rebuild(
        'Employee',
        `CREATE TABLE Employee (EmployeeId INTEGER NOT NULL PRIMARY KEY, LastName NVARCHAR(20) NOT NULL, FirstName NVARCHAR(20) NOT NULL,
          Title NVARCHAR(30), ReportsTo INTEGER, BirthDate DATETIME, HireDate DATETIME, Address NVARCHAR(70), City NVARCHAR(40),
          State NVARCHAR(40), Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24), Fax NVARCHAR(24), Email NVARCHAR(60))`,
        'EmployeeId, LastName, FirstName, Title, ReportsTo, BirthDate, HireDate, Address, City, State, Country, PostalCode, Phone, Fax, Email',
      ),
      expect: { changed: ['Employee'] },
    },
    {
      kind: 'unique constraint',
      sql: rebuild('MediaType', `CREATE TABLE MediaType (MediaTypeId INTEGER NOT NULL PRIMARY KEY, Name TEXT UNIQUE)`, 'MediaTypeId, Name'),
      expect: { changed: ['MediaType'] },
    },
    { kind: 'unique index', sql: `CREATE UNIQUE INDEX UQ_GenreTitle ON Genre (Title)`, expect: { changed: ['Genre'] } },
    { kind: 'rename table', sql: `ALTER TABLE InvoiceLine RENAME TO InvoiceItem`, expect: { added: ['InvoiceItem'], removed: ['InvoiceLine'] } },
    {
      kind: 'INSERT, UPDATE, DELETE',
      sql: `INSERT INTO Artist (Name) VALUES ('Probe'); UPDATE Track SET Name = upper(Name) WHERE TrackId < 10; DELETE FROM PlaylistTrack WHERE PlaylistId = 1`,
      expect: { schemaTokenChanged: false },
    },
    { kind: 'ANALYZE', sql: `ANALYZE`, expect: { schemaTokenChanged: false } },
  ];

  it('changes exactly the token of the table a DDL statement touches, and nothing on data changes', async () => {
    const file = copyToWorkDir(CHINOOK, 'chinook-probe.sqlite');
    let previous = await probeOf(file);
    for (const c of CASES) {
      write(file, c.sql);
      const current = await probeOf(file);
      const expected: Change = { changed: [], added: [], removed: [], schemaTokenChanged: true, ...c.expect };
      assert.deepEqual(diff(previous, current), expected, c.kind);
      previous = current;
    }
    // The rebuilt tables read back as rebuilt.
    await withConnection(file, async (connection) => {
      const structures = await connection.describeTables('main', ['Artist', 'MediaType', 'Playlist', 'Employee', 'InvoiceItem']);
      assert.equal(column(table(structures, 'Artist'), 'Name').default, "'unknown'");
      assert.equal(column(table(structures, 'MediaType'), 'Name').dataType, 'TEXT');
      assert.deepEqual(table(structures, 'MediaType').uniques, [{ name: null, columns: ['Name'] }]);
      assert.equal(column(table(structures, 'Playlist'), 'Name').nullable, false);
      assert.deepEqual(table(structures, 'Employee').foreignKeys, []);
      assert.equal(table(structures, 'InvoiceItem').foreignKeys.length, 2);
      const tables = await connection.listTables('main');
      assert.equal(tables.find((t) => t.name === 'Track')?.rowEstimate, 3503, 'sqlite_stat1 after ANALYZE');
    });
  });

  it("moves a view's token with the tables it may read, but not with their indexes", async () => {
    const file = path.join(workDir, 'views-probe.db');
    write(file, `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE TABLE u (id INTEGER PRIMARY KEY); CREATE VIEW v AS SELECT * FROM t;`);
    const first = await probeOf(file);
    write(file, `CREATE INDEX t_a ON t (a)`);
    const second = await probeOf(file);
    assert.deepEqual(diff(first, second).changed, ['t']);
    write(file, `ALTER TABLE t ADD COLUMN b INTEGER`);
    const third = await probeOf(file);
    // v is `SELECT *`: SQLite resolves its columns on use, so its structure changed although its text did not.
    assert.deepEqual(diff(second, third).changed, ['t', 'v']);
    await withConnection(file, async (connection) => {
      const [v] = await connection.describeTables('main', ['v']);
      assert.deepEqual(v.columns.map((c) => c.name), ['id', 'a', 'b']);
    });
  });

  it('gives equal tokens for equal schemas in different files', async () => {
    const a = path.join(workDir, 'same-a.db');
    const b = path.join(workDir, 'same-b.db');
    write(a, `CREATE TABLE t (id INTEGER PRIMARY KEY); CREATE TABLE x (y INT); DROP TABLE x;`);
    write(b, `CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);`);
    const [pa, pb] = [await probeOf(a), await probeOf(b)];
    assert.equal(pa.schemaToken, pb.schemaToken, 'the token hashes the catalog text, not the schema_version counter');
    assert.deepEqual([...pa.tableTokens], [...pb.tableTokens]);
  });
});

describe('SQLite dialect: less common catalogs', () => {
  it('resolves a foreign key written without columns to the parent primary key, and reads expression indexes', async () => {
    const file = path.join(workDir, 'shapes.db');
    write(
      file,
      `CREATE TABLE parent (a TEXT, b INTEGER, label TEXT, PRIMARY KEY (a, b));
       CREATE TABLE child (id INTEGER PRIMARY KEY, pa TEXT, pb INTEGER, "odd ""name""" TEXT DEFAULT (lower('X')),
         FOREIGN KEY (pa, pb) REFERENCES PARENT);
       CREATE INDEX child_expr ON child (lower("odd ""name"""), pa COLLATE NOCASE, (pb + 1) DESC) WHERE pb > 0;`,
    );
    await withConnection(file, async (connection) => {
      const [child] = await connection.describeTables('main', ['child']);
      assert.deepEqual(child.foreignKeys, [{ name: null, columns: ['pa', 'pb'], refSchema: 'main', refTable: 'parent', refColumns: ['a', 'b'] }]);
      assert.deepEqual(column(child, 'odd "name"').default, "lower('X')");
      assert.deepEqual(child.indexes, [
        { name: 'child_expr', columns: ['lower("odd ""name""")', 'pa', '(pb + 1) DESC'], unique: false, primary: false },
      ]);
    });
  });

  it('describes the rest of a schema when a view no longer compiles', async () => {
    const file = path.join(workDir, 'broken-view.db');
    write(file, `CREATE TABLE gone (x INTEGER); CREATE TABLE kept (id INTEGER PRIMARY KEY, y TEXT);
      CREATE VIEW broken AS SELECT x FROM gone; CREATE VIEW fine AS SELECT id FROM kept; DROP TABLE gone;`);
    await withConnection(file, async (connection) => {
      const names = (await connection.listTables('main')).map((t) => t.name);
      assert.deepEqual(names, ['broken', 'fine', 'kept']);
      const structures = await connection.describeTables('main', names);
      assert.deepEqual(structures.map((s) => [s.name, s.kind, s.columns.map((c) => c.name)]), [
        ['broken', 'VIEW', []],
        ['fine', 'VIEW', ['id']],
        ['kept', 'TABLE', ['id', 'y']],
      ]);
      const probe = await connection.probe('main');
      assert.deepEqual([...probe.tableTokens.keys()].sort(), ['broken', 'fine', 'kept']);
    });
  });

  it('quotes identifiers', () => {
    assert.equal(sqliteDialect.quoteIdentifier('a"b'), '"a""b"');
    assert.equal(sqliteDialect.quoteIdentifier('Invoice Line'), '"Invoice Line"');
    assert.deepEqual(sqliteDialect.schemes, ['sqlite:']);
    assert.deepEqual(sqliteDialect.capabilities, { multipleSchemas: false, comments: false, rowEstimates: false, reuseConnections: false });
  });
});

describe('SQLite dialect: read-only', () => {
  it('refuses writes through its own handle and leaves the file as it was', async () => {
    const file = copyToWorkDir(CHINOOK, 'chinook-readonly.sqlite');
    const before = { sha: sha256(file), stat: fs.statSync(file), entries: fs.readdirSync(workDir).sort() };
    const connection = (await sqliteDialect.connect(urlOf(file), OPTIONS)) as SqliteConnection;
    try {
      await connection.listTables('main');
      await connection.describeTables('main', CHINOOK_TABLES);
      await connection.probe('main');
      for (const sql of [`CREATE TABLE intruder (x INTEGER)`, `INSERT INTO Artist (Name) VALUES ('intruder')`, `DROP TABLE Album`]) {
        assert.throws(() => connection.all(sql), (error: unknown) => {
          assert.equal((error as { code?: string }).code, 'CATALOG_QUERY_FAILED');
          assert.match((error as Error).message, /readonly/);
          return true;
        }, sql);
      }
    } finally {
      await connection.close();
    }
    const after = fs.statSync(file);
    assert.equal(sha256(file), before.sha);
    assert.equal(after.size, before.stat.size);
    assert.equal(after.mtimeMs, before.stat.mtimeMs);
    assert.deepEqual(fs.readdirSync(workDir).sort(), before.entries, 'no journal or WAL file left beside it');
  });
  it('reports a file a writer holds exclusively once the connect timeout has passed', async () => {
    const file = copyToWorkDir(CHINOOK, 'chinook-locked.sqlite');
    const writer = new Database(file);
    try {
      writer.exec('BEGIN EXCLUSIVE');
      const started = performance.now();
      await expectQuerentError(
        sqliteDialect.connect(urlOf(file), { connectTimeoutMs: 150, queryTimeoutMs: 1_000 }),
        'CONNECTION_UNREACHABLE',
        /locked by another process that is writing to it/,
      );
      assert.ok(performance.now() - started >= 140, 'waited for the writer up to the connect timeout');
      writer.exec('ROLLBACK');
    } finally {
      writer.close();
    }
    await withConnection(file, async (connection) => assert.equal((await connection.listTables('main')).length, 11));
  });
});

describe('SQLite dialect: bad input', () => {
  it('names a missing file, a text file, a directory and a DuckDB file', async () => {
    const missing = path.join(workDir, 'missing.db');
    await expectQuerentError(sqliteDialect.connect(urlOf(missing), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /missing\.db: the file does not exist/);

    const text = path.join(workDir, 'notes.txt');
    fs.writeFileSync(text, 'these are not the tables you are looking for\n'.repeat(200));
    await expectQuerentError(sqliteDialect.connect(urlOf(text), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /notes\.txt is not a SQLite database/);

    await expectQuerentError(sqliteDialect.connect(urlOf(workDir), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /is a directory, not a SQLite database file/);

    const duck = path.join(workDir, 'fake.duckdb');
    const header = Buffer.alloc(4096);
    header.write('DUCK', 8, 'latin1');
    fs.writeFileSync(duck, header);
    await expectQuerentError(sqliteDialect.connect(urlOf(duck), OPTIONS), 'CONNECTION_NOT_A_DATABASE', /is a DuckDB database.*duckdb:\/\/\//);
  });

  it('explains the URL form for relative paths, hosts, parameters and other schemes', async () => {
    const cases: Array<[string, RegExp]> = [
      ['sqlite:relative.db', /relative path/],
      ['sqlite://data/chinook.db', /host or a relative path/],
      ['sqlite://./chinook.db', /host or a relative path/],
      [`${urlOf(CHINOOK)}?mode=rw`, /takes no parameters/],
      ['postgres://user:secret@localhost/db', /starts with "sqlite:", not "postgres:"/],
      ['not a url', /Not a valid SQLite connection URL/],
      ['sqlite:///bad%zzname.db', /malformed percent-encoding/],
    ];
    for (const [url, message] of cases) {
      await assert.rejects(sqliteDialect.connect(url, OPTIONS), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'BAD_INPUT', url);
        assert.match((error as Error).message, message, url);
        assert.match((error as Error).message, /sqlite:\/\/\/absolute\/path/, url);
        assert.doesNotMatch((error as Error).message, /secret/);
        return true;
      });
    }
  });

  it('refuses timeouts that are not positive', async () => {
    await expectQuerentError(sqliteDialect.connect(urlOf(CHINOOK), { connectTimeoutMs: 0, queryTimeoutMs: 1_000 }), 'BAD_INPUT', /connectTimeoutMs must be a positive/);
    await expectQuerentError(sqliteDialect.connect(urlOf(CHINOOK), { connectTimeoutMs: 1_000, queryTimeoutMs: Number.NaN }), 'BAD_INPUT', /queryTimeoutMs must be a positive/);
  });

  it('opens a path with spaces given percent-encoded', async () => {
    const spaced = copyToWorkDir(CHINOOK, 'my chinook.sqlite');
    assert.match(urlOf(spaced), /my%20chinook/);
    await withConnection(spaced, async (connection) => {
      assert.equal((await connection.listTables('main')).length, 11);
    });
  });
});
