// Owns SQLite schema discovery: the bulk catalog queries of each level and the mapping of their raw rows to metadata.
import type {
  ForeignKeyInfo,
  IndexInfo,
  KeyInfo,
  SchemaInfo,
  SchemaProbe,
  TableInfo,
  TableKind,
  TableStructure,
} from '../catalog-metadata';
import { hashTokens, sortStructure } from '../structure-fingerprint';
import { QuerentError } from '../../errors/querent-error';
import { indexKeyParts } from './sqlite-index-sql';

/** The one schema of a SQLite database that discovery reads; `temp` belongs to a connection, not to the file. */
export const SQLITE_SCHEMA = 'main';

/** Runs one statement and returns its rows; every call is one round trip. */
export interface SqliteQueryRunner {
  all<R>(sql: string, params?: readonly unknown[]): R[];
}

// ---------------------------------------------------------------------------------------------
// Raw catalog rows: private to this module, never seen above the dialect.
// ---------------------------------------------------------------------------------------------

/** Flags computed inside the first query of a level, so the optional sources cost no extra probing. */
interface OptionalSourceFlags {
  has_stat1: number;
  dictionary_columns: number;
}

interface RawObjectRow extends OptionalSourceFlags {
  type: 'table' | 'view';
  name: string;
}

interface RawColumnRow {
  table_name: string;
  type: 'table' | 'view';
  cid: number;
  name: string;
  data_type: string;
  not_null: number;
  default_value: string | null;
  pk: number;
  /** 0 ordinary, 1 hidden (virtual-table plumbing), 2/3 generated (virtual/stored). */
  hidden: number;
}

interface RawColumnRowWithFlags extends RawColumnRow, OptionalSourceFlags {}

interface RawForeignKeyRow {
  table_name: string;
  id: number;
  seq: number;
  ref_table: string;
  from_column: string;
  to_column: string | null;
}

interface RawIndexRow {
  table_name: string;
  index_name: string;
  is_unique: number;
  /** 'c' CREATE INDEX, 'u' UNIQUE constraint, 'pk' PRIMARY KEY constraint. */
  origin: 'c' | 'u' | 'pk';
  seqno: number;
  /** -2 for an expression part, whose text only the index's SQL holds. */
  cid: number;
  column_name: string | null;
  index_sql: string | null;
}

interface RawExtraRow {
  source: 'stat' | 'dictionary';
  table_name: string;
  column_name: string | null;
  value: string | null;
}

interface RawCatalogRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

// ---------------------------------------------------------------------------------------------
// Catalog SQL. `sqlite_%` objects are SQLite's own (sqlite_sequence, sqlite_stat1, autoindexes).
// ---------------------------------------------------------------------------------------------

const USER_OBJECT = `m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!'`;
const REQUESTED = `m.name IN (SELECT value FROM json_each(?))`;
const ORDINARY_TABLE = `m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'`;

// Uncorrelated scalar subqueries: evaluated once per statement. pragma_table_info is only reached for a real table
// named data_dictionary, so a broken view of that name cannot fail the statement.
const OPTIONAL_SOURCE_FLAGS = `
  (SELECT count(*) FROM sqlite_schema s WHERE s.type = 'table' AND s.name = 'sqlite_stat1') AS has_stat1,
  (SELECT count(*) FROM sqlite_schema d JOIN pragma_table_info(d.name) dc
    WHERE d.type = 'table' AND d.name = 'data_dictionary'
      AND dc.name IN ('table_name', 'column_name', 'description')) AS dictionary_columns`;

const LIST_TABLES_SQL = `
SELECT m.type AS type, m.name AS name, ${OPTIONAL_SOURCE_FLAGS}
FROM sqlite_schema m
WHERE ${USER_OBJECT}
ORDER BY m.name`;

const COLUMN_FIELDS = `
  m.name AS table_name, m.type AS type, c.cid AS cid, c.name AS name, c.type AS data_type, c."notnull" AS not_null,
  c.dflt_value AS default_value, c.pk AS pk, c.hidden AS hidden`;

const DESCRIBE_COLUMNS_SQL = `
SELECT ${COLUMN_FIELDS}, ${OPTIONAL_SOURCE_FLAGS}
FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c
WHERE ${USER_OBJECT} AND ${REQUESTED}
ORDER BY m.name, c.cid`;

// Fallback when the statement above fails: SQLite compiles a view to list its columns, so one view over a dropped
// table (or a virtual table whose module is not loaded) fails the whole statement.
const ORDINARY_TABLE_COLUMNS_SQL = `
SELECT ${COLUMN_FIELDS}, ${OPTIONAL_SOURCE_FLAGS}
FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c
WHERE ${USER_OBJECT} AND ${ORDINARY_TABLE} AND ${REQUESTED}
ORDER BY m.name, c.cid`;

const OTHER_OBJECTS_SQL = `
SELECT m.type AS type, m.name AS name, ${OPTIONAL_SOURCE_FLAGS}
FROM sqlite_schema m
WHERE ${USER_OBJECT} AND NOT (${ORDINARY_TABLE}) AND ${REQUESTED}
ORDER BY m.name`;

const OBJECT_COLUMNS_SQL = `
SELECT ${COLUMN_FIELDS}
FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c
WHERE m.name = ?
ORDER BY c.cid`;

// A foreign key written `REFERENCES parent` (no columns) means the parent's primary key: resolve it in the same
// statement from the parent's pk order. The parent's own spelling of its name replaces the FK's (SQLite names are
// case-insensitive, the FK keeps whatever case it was written in).
const DESCRIBE_FOREIGN_KEYS_SQL = `
SELECT m.name AS table_name, f.id AS id, f.seq AS seq, coalesce(pm.name, f."table") AS ref_table,
  f."from" AS from_column, coalesce(f."to", pk.name) AS to_column
FROM sqlite_schema m
JOIN pragma_foreign_key_list(m.name) f
LEFT JOIN sqlite_schema pm ON pm.type = 'table' AND pm.name = f."table" COLLATE NOCASE
LEFT JOIN pragma_table_info(pm.name) pk ON f."to" IS NULL AND pk.pk = f.seq + 1
WHERE ${ORDINARY_TABLE} AND ${REQUESTED}
ORDER BY m.name, f.id, f.seq`;

const DESCRIBE_INDEXES_SQL = `
SELECT m.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin AS origin,
  ii.seqno AS seqno, ii.cid AS cid, ii.name AS column_name, s.sql AS index_sql
FROM sqlite_schema m
JOIN pragma_index_list(m.name) il
JOIN pragma_index_info(il.name) ii
LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name
WHERE ${ORDINARY_TABLE} AND ${REQUESTED}
ORDER BY m.name, il.name, ii.seqno`;

// The whole catalog text of the schema. Triggers are left out (they are behaviour, not structure), and so are
// SQLite's own objects: ANALYZE creating sqlite_stat1 is not a schema change.
const CATALOG_SQL = `
SELECT m.type AS type, m.name AS name, m.tbl_name AS tbl_name, m.sql AS sql
FROM sqlite_schema m
WHERE m.type IN ('table', 'view', 'index') AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!'
ORDER BY m.name`;

// ---------------------------------------------------------------------------------------------
// The introspector.
// ---------------------------------------------------------------------------------------------

export class SqliteIntrospector {
  constructor(private readonly db: SqliteQueryRunner) {}

  listSchemas(): SchemaInfo[] {
    return [{ name: SQLITE_SCHEMA, isDefault: true }];
  }

  /** One query, plus one for the optional sources (sqlite_stat1, data_dictionary) when the file has them. */
  listTables(schema: string): TableInfo[] {
    assertMainSchema(schema);
    const objects = this.db.all<RawObjectRow>(LIST_TABLES_SQL);
    const extras = this.readExtras(objects[0], null);
    return objects.map((o) => ({
      schema: SQLITE_SCHEMA,
      name: o.name,
      kind: kindOf(o.type),
      rowEstimate: o.type === 'table' ? extras.rowEstimates.get(o.name.toLowerCase()) ?? null : null,
      comment: extras.tableComments.get(o.name.toLowerCase()) ?? null,
    }));
  }

  /** Three queries (columns, foreign keys, indexes) for any number of tables, plus one for a data dictionary. */
  describeTables(schema: string, tables: readonly string[]): TableStructure[] {
    assertMainSchema(schema);
    if (tables.length === 0) return [];
    const requested = JSON.stringify(tables);
    const { columns, uncompiled, flags } = this.readColumns(requested);
    if (columns.length === 0 && uncompiled.length === 0) return [];
    const foreignKeys = groupBy(this.db.all<RawForeignKeyRow>(DESCRIBE_FOREIGN_KEYS_SQL, [requested]), (r) => r.table_name);
    const indexes = groupBy(this.db.all<RawIndexRow>(DESCRIBE_INDEXES_SQL, [requested]), (r) => r.table_name);
    const extras = this.readExtras(flags, requested);

    const objects = [...groupBy(columns, (c) => c.table_name)].map(([name, rows]) => ({ name, type: rows[0].type, rows }));
    objects.push(...uncompiled.map((o) => ({ name: o.name, type: o.type, rows: [] as RawColumnRow[] })));
    return objects
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(({ name, type, rows }) =>
        sortStructure(
          toStructure(name, kindOf(type), rows, foreignKeys.get(name) ?? [], indexes.get(name) ?? [], {
            tableComment: extras.tableComments.get(name.toLowerCase()) ?? null,
            columnComment: (column) => extras.columnComments.get(dictionaryKey(name, column)) ?? null,
          }),
        ),
      );
  }

  /**
   * One query over sqlite_schema. A table's token hashes its CREATE TABLE text and the name and text of each of its
   * indexes; ALTER TABLE rewrites that text for every column, key or rename change, INSERTs never touch it. A view's
   * token also hashes every table's and view's text, because SQLite resolves a view's columns (`SELECT *`) when it
   * is used, so a column added to a table can change a view whose own text did not change.
   */
  probe(schema: string): SchemaProbe {
    assertMainSchema(schema);
    const rows = this.db.all<RawCatalogRow>(CATALOG_SQL);
    const relationsDigest = hashTokens(rows.filter((r) => r.type !== 'index').flatMap((r) => [r.type, r.name, r.sql]));
    const indexesByTable = groupBy(
      rows.filter((r) => r.type === 'index'),
      (r) => r.tbl_name.toLowerCase(),
    );
    const tableTokens = new Map<string, string>();
    for (const row of rows) {
      if (row.type === 'table') {
        const indexParts = (indexesByTable.get(row.name.toLowerCase()) ?? []).flatMap((i) => [i.name, i.sql]);
        tableTokens.set(row.name, hashTokens(['table', row.sql, ...indexParts]));
      } else if (row.type === 'view') {
        tableTokens.set(row.name, hashTokens(['view', row.sql, relationsDigest]));
      }
    }
    return { schemaToken: catalogToken(rows), tableTokens };
  }

  /** The same query and the same hash as probe's schemaToken, so the two always agree. */
  schemaToken(schema: string): string {
    assertMainSchema(schema);
    return catalogToken(this.db.all<RawCatalogRow>(CATALOG_SQL));
  }

  private readColumns(requested: string): {
    columns: RawColumnRow[];
    /** Views (or virtual tables) SQLite could not compile: still described, without columns. */
    uncompiled: RawObjectRow[];
    flags: OptionalSourceFlags | undefined;
  } {
    try {
      const columns = this.db.all<RawColumnRowWithFlags>(DESCRIBE_COLUMNS_SQL, [requested]);
      return { columns, uncompiled: [], flags: columns[0] };
    } catch (error) {
      if (!(error instanceof QuerentError) || error.code !== 'CATALOG_QUERY_FAILED') throw error;
      // Isolate what SQLite could not compile: ordinary tables in bulk, then views and virtual tables one by one
      // (there are few of them), so one broken view does not hide the rest of the schema.
      const tableColumns = this.db.all<RawColumnRowWithFlags>(ORDINARY_TABLE_COLUMNS_SQL, [requested]);
      const others = this.db.all<RawObjectRow>(OTHER_OBJECTS_SQL, [requested]);
      const columns: RawColumnRow[] = [...tableColumns];
      const uncompiled: RawObjectRow[] = [];
      for (const other of others) {
        try {
          columns.push(...this.db.all<RawColumnRow>(OBJECT_COLUMNS_SQL, [other.name]));
        } catch {
          uncompiled.push(other);
        }
      }
      return { columns, uncompiled, flags: tableColumns[0] ?? others[0] };
    }
  }

  /**
   * Row estimates from sqlite_stat1 (written by ANALYZE; SQLite keeps no other count) and comments from a
   * `data_dictionary(table_name, column_name, description)` table, the convention of the demo database: a row whose
   * column_name is empty describes the table itself. Both are optional; one statement reads whichever exist.
   * `requested` null reads table comments only (level 2), otherwise the comments of the requested tables.
   */
  private readExtras(flags: OptionalSourceFlags | undefined, requested: string | null): Extras {
    const extras: Extras = { rowEstimates: new Map(), tableComments: new Map(), columnComments: new Map() };
    if (!flags) return extras;
    const parts: string[] = [];
    const params: unknown[] = [];
    if (flags.has_stat1 > 0 && requested === null) {
      parts.push(`SELECT 'stat' AS source, tbl AS table_name, NULL AS column_name, stat AS value FROM sqlite_stat1`);
    }
    if (flags.dictionary_columns === 3) {
      const where =
        requested === null
          ? `column_name IS NULL OR column_name = ''`
          : `lower(table_name) IN (SELECT lower(value) FROM json_each(?))`;
      if (requested !== null) params.push(requested);
      parts.push(
        `SELECT 'dictionary' AS source, table_name, column_name, description AS value FROM data_dictionary WHERE ${where}`,
      );
    }
    if (parts.length === 0) return extras;

    for (const row of this.db.all<RawExtraRow>(parts.join('\nUNION ALL\n'), params)) {
      if (typeof row.table_name !== 'string') continue;
      const table = row.table_name.toLowerCase();
      if (row.source === 'stat') {
        // stat is "rows [rows-per-key …]": the first number is the row count of the table (of the index for a
        // partial index, hence the maximum over the table's rows).
        const estimate = Number.parseInt(String(row.value ?? ''), 10);
        if (Number.isFinite(estimate)) extras.rowEstimates.set(table, Math.max(estimate, extras.rowEstimates.get(table) ?? 0));
      } else if (row.value !== null && row.value !== '') {
        if (row.column_name === null || row.column_name === '') extras.tableComments.set(table, String(row.value));
        else extras.columnComments.set(dictionaryKey(row.table_name, row.column_name), String(row.value));
      }
    }
    return extras;
  }
}

interface Extras {
  rowEstimates: Map<string, number>;
  tableComments: Map<string, string>;
  columnComments: Map<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Mapping raw rows to metadata.
// ---------------------------------------------------------------------------------------------

function toStructure(
  name: string,
  kind: TableKind,
  columnRows: RawColumnRow[],
  foreignKeyRows: RawForeignKeyRow[],
  indexRows: RawIndexRow[],
  comments: { tableComment: string | null; columnComment: (column: string) => string | null },
): TableStructure {
  const visible = columnRows.filter((c) => c.hidden !== 1);
  const pkColumns = visible.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  // An INTEGER PRIMARY KEY is the rowid: it can never hold NULL although the pragma reports notnull = 0.
  const rowidAlias = pkColumns.length === 1 && pkColumns[0].data_type.toUpperCase() === 'INTEGER' ? pkColumns[0].name : null;

  const indexes: IndexInfo[] = [];
  const uniques: KeyInfo[] = [];
  for (const [indexName, parts] of groupBy(indexRows, (r) => r.index_name)) {
    const sqlParts = indexKeyParts(parts[0].index_sql);
    const columns = parts.map((p) => (p.cid === -2 || p.column_name === null ? sqlParts[p.seqno] ?? '<expression>' : p.column_name));
    indexes.push({ name: indexName, columns, unique: parts[0].is_unique === 1, primary: parts[0].origin === 'pk' });
    // SQLite does not keep constraint names; an inline or table-level UNIQUE shows only as its autoindex.
    if (parts[0].origin === 'u') uniques.push({ name: null, columns });
  }

  const foreignKeys: ForeignKeyInfo[] = [...groupBy(foreignKeyRows, (r) => String(r.id)).values()].map((parts) => ({
    name: null,
    columns: parts.map((p) => p.from_column),
    refSchema: SQLITE_SCHEMA,
    refTable: parts[0].ref_table,
    // A parent without a primary key leaves nothing to resolve; SQLite rejects writes through such a key, and the
    // rowid is the only key it could designate.
    refColumns: parts.map((p) => p.to_column ?? 'rowid'),
  }));

  return {
    schema: SQLITE_SCHEMA,
    name,
    kind,
    comment: comments.tableComment,
    columns: visible.map((c, i) => ({
      name: c.name,
      ordinal: i + 1,
      dataType: c.data_type,
      nullable: c.not_null === 0 && c.name !== rowidAlias,
      default: c.default_value,
      comment: comments.columnComment(c.name),
    })),
    primaryKey: pkColumns.length > 0 ? { name: null, columns: pkColumns.map((c) => c.name) } : null,
    foreignKeys,
    uniques,
    indexes,
  };
}

function catalogToken(rows: readonly RawCatalogRow[]): string {
  return hashTokens(['sqlite', ...rows.flatMap((r) => [r.type, r.name, r.tbl_name, r.sql])]);
}

function assertMainSchema(schema: string): void {
  if (schema !== SQLITE_SCHEMA) {
    throw new QuerentError(
      'BAD_INPUT',
      `A SQLite database has one schema, "${SQLITE_SCHEMA}"; there is no schema "${schema}" to discover.`,
    );
  }
}

function kindOf(type: string): TableKind {
  return type === 'view' ? 'VIEW' : 'TABLE';
}

function dictionaryKey(table: string, column: string): string {
  return `${table.toLowerCase()}\u0000${column.toLowerCase()}`;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
