// Owns PostgreSQL schema discovery: the pg_catalog queries of each level and of the probe, and the mapping of their
// private raw rows onto the normalized catalog metadata. Every method costs a fixed number of queries per schema.
import type {
  ColumnInfo,
  ForeignKeyInfo,
  IndexInfo,
  KeyInfo,
  SchemaInfo,
  SchemaProbe,
  TableInfo,
  TableKind,
  TableStructure,
} from '../catalog-metadata';
import { sortStructure } from '../structure-fingerprint';

/** Sends one query (one round trip) and returns its rows; the connection counts and maps errors. */
export type PostgresQuery = <R>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

// pg_catalog only: the information_schema views re-check privileges row by row and are an order of magnitude
// slower on large catalogs. Tables (r), partitioned tables (p) and foreign tables (f) read as TABLE; views (v) and
// materialized views (m) as VIEW. Declarative partitions are hidden: their parent already describes them and a
// schema partitioned by day would otherwise bury its real tables. (Old-style INHERITS children are real tables.)
const RELATIONS = `
  pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`;
const IS_USER_RELATION = `c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition`;
const IN_SCHEMA = `n.nspname = $1`;
// name[] (not text[]) so the lookup can use pg_class's (relname, relnamespace) index.
const IN_TABLES = `c.relname = ANY($2::pg_catalog.name[])`;
const PG_CLASS = `'pg_catalog.pg_class'::pg_catalog.regclass`;

const kindOf = (relkind: string): TableKind => (relkind === 'v' || relkind === 'm' ? 'VIEW' : 'TABLE');

// ------------------------------------------------------------------------------------------------ level 1

interface SchemaRow {
  name: string;
  is_default: boolean;
}

// The default schema is where unqualified names resolve: the head of the effective search path ("$user" first when
// such a schema exists), `public` when the path names nothing usable.
const LIST_SCHEMAS = `
SELECT n.nspname AS name,
       n.nspname = COALESCE((pg_catalog.current_schemas(false))[1], 'public') AS is_default
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname !~ '^pg_(toast_)?temp_'
  AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
ORDER BY n.nspname COLLATE "C"`;

// ------------------------------------------------------------------------------------------------ level 2

interface TableRow {
  name: string;
  relkind: string;
  reltuples: number;
  comment: string | null;
}

const LIST_TABLES = `
SELECT c.relname AS name, c.relkind::text AS relkind, c.reltuples::float8 AS reltuples, d.description AS comment
FROM ${RELATIONS}
LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = ${PG_CLASS} AND d.objsubid = 0
WHERE ${IN_SCHEMA} AND ${IS_USER_RELATION}
ORDER BY c.relname COLLATE "C"`;

/** reltuples is -1 until the first VACUUM/ANALYZE (PostgreSQL 14+); a view has no statistics at all. */
function estimateOf(row: TableRow): number | null {
  if (row.relkind === 'v' || !(row.reltuples >= 0)) return null;
  return Math.round(row.reltuples);
}

// ------------------------------------------------------------------------------------------------ level 3

interface RelationRow {
  name: string;
  relkind: string;
  comment: string | null;
}

const DESCRIBE_RELATIONS = `
SELECT c.relname AS name, c.relkind::text AS relkind, d.description AS comment
FROM ${RELATIONS}
LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = ${PG_CLASS} AND d.objsubid = 0
WHERE ${IN_SCHEMA} AND ${IN_TABLES} AND ${IS_USER_RELATION}`;

interface ColumnRow {
  table_name: string;
  name: string;
  ordinal: number;
  data_type: string;
  nullable: boolean;
  default_expr: string | null;
  identity: string;
  generated: string;
  comment: string | null;
}

// attnum keeps the holes of dropped columns; row_number gives the 1-based position the contract (and the other
// engines) mean.
const DESCRIBE_COLUMNS = `
SELECT c.relname AS table_name, a.attname AS name,
       (row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum))::int AS ordinal,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       NOT a.attnotnull AS nullable,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
       a.attidentity::text AS identity, a.attgenerated::text AS generated,
       d.description AS comment
FROM ${RELATIONS}
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = ${PG_CLASS} AND d.objsubid = a.attnum
WHERE ${IN_SCHEMA} AND ${IN_TABLES} AND ${IS_USER_RELATION}`;

/** Identity and generated columns have no ordinary default; say how the engine fills them instead. */
function defaultOf(row: ColumnRow): string | null {
  if (row.generated === 's') return `GENERATED ALWAYS AS (${row.default_expr ?? ''}) STORED`;
  if (row.identity === 'a') return 'GENERATED ALWAYS AS IDENTITY';
  if (row.identity === 'd') return 'GENERATED BY DEFAULT AS IDENTITY';
  return row.default_expr;
}

interface ConstraintRow {
  table_name: string;
  name: string;
  contype: 'p' | 'u' | 'f';
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[] | null;
}

// conkey/confkey are ordered arrays of attnums; WITH ORDINALITY keeps a multi-column key in declaration order.
// conparentid <> 0 are the clones PostgreSQL adds for each partition of a referenced partitioned table.
const keyColumns = (keys: string, rel: string) => `
  ARRAY(SELECT a.attname::text
        FROM pg_catalog.unnest(${keys}) WITH ORDINALITY AS k(attnum, pos)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum
        ORDER BY k.pos)`;

const DESCRIBE_CONSTRAINTS = `
SELECT c.relname AS table_name, co.conname AS name, co.contype::text AS contype,
       ${keyColumns('co.conkey', 'co.conrelid')} AS columns,
       rn.nspname AS ref_schema, rc.relname AS ref_table,
       CASE WHEN co.contype = 'f' THEN ${keyColumns('co.confkey', 'co.confrelid')} END AS ref_columns
FROM ${RELATIONS}
JOIN pg_catalog.pg_constraint co ON co.conrelid = c.oid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE ${IN_SCHEMA} AND ${IN_TABLES} AND ${IS_USER_RELATION}
  AND co.contype IN ('p', 'u', 'f') AND co.conparentid = 0`;

interface IndexRow {
  table_name: string;
  name: string;
  is_unique: boolean;
  is_primary: boolean;
  columns: string[];
}

// Key columns only (INCLUDE columns are payload, not order). indkey is 0-based; 0 marks an expression, whose text
// pg_get_indexdef prints for that position. Plain columns come from attname because pg_get_indexdef quotes them.
const DESCRIBE_INDEXES = `
SELECT c.relname AS table_name, ic.relname AS name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
       ARRAY(SELECT CASE WHEN i.indkey[k.n] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n + 1, true)
                         ELSE a.attname::text END
             FROM pg_catalog.generate_series(0, i.indnkeyatts - 1) AS k(n)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]
             ORDER BY k.n) AS columns
FROM ${RELATIONS}
JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE ${IN_SCHEMA} AND ${IN_TABLES} AND ${IS_USER_RELATION}`;

// ------------------------------------------------------------------------------------------------ probe

// One md5 per table over the xmin of every catalog row that carries its structure. Any DDL writes a new row version
// (new xmin) of the rows it touches, while INSERT/UPDATE/DELETE never touch the catalog and VACUUM/ANALYZE update
// pg_class statistics in place (same xmin). Nothing here opens or locks the tables themselves.
//  - pg_class row (+ relfilenode, + name): renames, ALTER TABLE, comments' owners, rewrites;
//  - pg_attribute rows (+ their type's pg_type xmin): add/drop/rename/retype a column, NOT NULL, a renamed type;
//  - pg_attrdef rows: SET/DROP DEFAULT (a changed default is a new row, pg_attribute may not change);
//  - pg_constraint rows, and an FK's definition text: the referenced table or column can be renamed without any
//    row of this table changing, yet it changes this table's structure;
//  - pg_index rows and the index's own pg_class row: add/drop an index, rename it;
//  - pg_description rows: table and column comments.
const TABLE_TOKENS = `
tok AS (
  SELECT c.relname AS name, pg_catalog.md5(pg_catalog.concat_ws('|',
    c.relname, c.xmin::text, c.relfilenode::text,
    (SELECT pg_catalog.string_agg(a.attnum || ':' || a.xmin::text || ':' || COALESCE(t.xmin::text, ''), ',' ORDER BY a.attnum)
       FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = c.oid AND a.attnum > 0),
    (SELECT pg_catalog.string_agg(ad.adnum || ':' || ad.xmin::text, ',' ORDER BY ad.adnum)
       FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = c.oid),
    (SELECT pg_catalog.string_agg(co.oid || ':' || co.xmin::text
              || CASE WHEN co.contype = 'f' THEN ':' || pg_catalog.pg_get_constraintdef(co.oid) ELSE '' END,
              ',' ORDER BY co.oid)
       FROM pg_catalog.pg_constraint co WHERE co.conrelid = c.oid),
    (SELECT pg_catalog.string_agg(ix.indexrelid || ':' || ix.xmin::text || ':' || ic.xmin::text, ',' ORDER BY ix.indexrelid)
       FROM pg_catalog.pg_index ix JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid WHERE ix.indrelid = c.oid),
    (SELECT pg_catalog.string_agg(d.objsubid || ':' || d.xmin::text, ',' ORDER BY d.objsubid)
       FROM pg_catalog.pg_description d WHERE d.objoid = c.oid AND d.classoid = ${PG_CLASS})
  )) AS token
  FROM ${RELATIONS}
  WHERE ${IN_SCHEMA} AND ${IS_USER_RELATION}
)`;

// The whole-schema token, cheap enough for every warm check: set-based counts and sums of the same catalog rows'
// xmin values (plus relfilenode), no per-table subqueries, no md5 per row, no pg_get_constraintdef. A new row version
// always carries a newer xid, and a dropped row lowers a count, so any DDL moves one of the sums; ANALYZE updates
// pg_class in place and moves none. Renames of a referenced table or column in another schema are covered by the
// referenced rows' xmin. On a 2,000-table schema this is one aggregate scan per catalog instead of 2,000 md5s.
const SCHEMA_SUMS = `
rel AS (
  SELECT c.oid, c.xmin, c.relfilenode FROM ${RELATIONS}
  WHERE ${IN_SCHEMA} AND ${IS_USER_RELATION}
),
schema_tok AS (
  SELECT pg_catalog.concat_ws(':',
    (SELECT count(*) || '.' || COALESCE(sum(xmin::text::bigint), 0) || '.' || COALESCE(sum(relfilenode::bigint), 0) FROM rel),
    (SELECT count(*) || '.' || COALESCE(sum(a.xmin::text::bigint), 0) || '.' || COALESCE(sum(t.xmin::text::bigint), 0)
       FROM pg_catalog.pg_attribute a JOIN rel ON a.attrelid = rel.oid LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid WHERE a.attnum > 0),
    (SELECT count(*) || '.' || COALESCE(sum(ad.xmin::text::bigint), 0) FROM pg_catalog.pg_attrdef ad JOIN rel ON ad.adrelid = rel.oid),
    (SELECT count(*) || '.' || COALESCE(sum(co.xmin::text::bigint), 0) FROM pg_catalog.pg_constraint co JOIN rel ON co.conrelid = rel.oid),
    (SELECT COALESCE(sum(rc.xmin::text::bigint), 0) || '.' || COALESCE(sum(ra.xmin::text::bigint), 0)
       FROM pg_catalog.pg_constraint co JOIN rel ON co.conrelid = rel.oid
       JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid AND rc.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = $1)
       JOIN pg_catalog.pg_attribute ra ON ra.attrelid = co.confrelid AND ra.attnum = ANY (co.confkey)
      WHERE co.contype = 'f'),
    (SELECT count(*) || '.' || COALESCE(sum(ix.xmin::text::bigint + ic.xmin::text::bigint), 0)
       FROM pg_catalog.pg_index ix JOIN rel ON ix.indrelid = rel.oid JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid),
    (SELECT count(*) || '.' || COALESCE(sum(d.xmin::text::bigint), 0)
       FROM pg_catalog.pg_description d JOIN rel ON d.objoid = rel.oid AND d.classoid = ${PG_CLASS})
  ) AS token
)`;

// Both tokens from one statement (one snapshot, one round trip); LEFT JOIN keeps the row of an empty schema.
const PROBE = `
WITH ${TABLE_TOKENS}, ${SCHEMA_SUMS}
SELECT s.token AS schema_token, tok.name, tok.token
FROM schema_tok s LEFT JOIN tok ON true`;

const SCHEMA_TOKEN = `WITH ${SCHEMA_SUMS} SELECT token AS schema_token FROM schema_tok`;

interface ProbeRow {
  schema_token: string;
  name: string | null;
  token: string | null;
}

// ------------------------------------------------------------------------------------------------ introspector

export class PostgresIntrospector {
  constructor(private readonly query: PostgresQuery) {}

  async currentDatabase(): Promise<string> {
    const [row] = await this.query<{ name: string }>('SELECT pg_catalog.current_database() AS name');
    return row?.name ?? '';
  }

  async listSchemas(): Promise<SchemaInfo[]> {
    const rows = await this.query<SchemaRow>(LIST_SCHEMAS);
    return rows.map((r) => ({ name: r.name, isDefault: r.is_default }));
  }

  async listTables(schema: string): Promise<TableInfo[]> {
    const rows = await this.query<TableRow>(LIST_TABLES, [schema]);
    return rows.map((r) => ({ schema, name: r.name, kind: kindOf(r.relkind), rowEstimate: estimateOf(r), comment: r.comment }));
  }

  async describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    const names = [...new Set(tables)];
    if (names.length === 0) return [];
    const params = [schema, names];
    // One client runs them one after another anyway; issuing them together spares the awaits in between.
    const [relations, columns, constraints, indexes] = await Promise.all([
      this.query<RelationRow>(DESCRIBE_RELATIONS, params),
      this.query<ColumnRow>(DESCRIBE_COLUMNS, params),
      this.query<ConstraintRow>(DESCRIBE_CONSTRAINTS, params),
      this.query<IndexRow>(DESCRIBE_INDEXES, params),
    ]);

    const byTable = new Map<string, TableStructure>();
    for (const r of relations) {
      byTable.set(r.name, {
        schema,
        name: r.name,
        kind: kindOf(r.relkind),
        comment: r.comment,
        columns: [],
        primaryKey: null,
        foreignKeys: [],
        uniques: [],
        indexes: [],
      });
    }
    for (const c of columns) {
      byTable.get(c.table_name)?.columns.push({
        name: c.name,
        ordinal: c.ordinal,
        dataType: c.data_type,
        nullable: c.nullable,
        default: defaultOf(c),
        comment: c.comment,
      } satisfies ColumnInfo);
    }
    for (const k of constraints) {
      const table = byTable.get(k.table_name);
      if (!table) continue;
      const key: KeyInfo = { name: k.name, columns: k.columns };
      if (k.contype === 'p') table.primaryKey = key;
      else if (k.contype === 'u') table.uniques.push(key);
      else {
        table.foreignKeys.push({
          ...key,
          refSchema: k.ref_schema ?? schema,
          refTable: k.ref_table ?? '',
          refColumns: k.ref_columns ?? [],
        } satisfies ForeignKeyInfo);
      }
    }
    for (const i of indexes) {
      byTable.get(i.table_name)?.indexes.push({
        name: i.name,
        columns: i.columns,
        unique: i.is_unique,
        primary: i.is_primary,
      } satisfies IndexInfo);
    }
    return [...byTable.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(sortStructure);
  }

  async probe(schema: string): Promise<SchemaProbe> {
    const rows = await this.query<ProbeRow>(PROBE, [schema]);
    const tableTokens = new Map<string, string>();
    for (const r of rows) if (r.name !== null && r.token !== null) tableTokens.set(r.name, r.token);
    return { schemaToken: rows[0]?.schema_token ?? '', tableTokens };
  }

  async schemaToken(schema: string): Promise<string> {
    const [row] = await this.query<{ schema_token: string }>(SCHEMA_TOKEN, [schema]);
    return row?.schema_token ?? '';
  }
}
