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
  attnum: number;
  data_type: string;
  nullable: boolean;
  default_expr: string | null;
  identity: string;
  generated: string;
  comment: string | null;
}

// attnum keeps the holes of dropped columns; the 1-based position the contract (and the other engines) mean is
// counted in JS from attnum order (a window function here sorted ~50,000 rows, spilling to disk at work_mem 4 MB).
// pg_get_expr gets relation 0 for an ordinary default (a default cannot reference a column, so it has no Var to
// resolve): with a relation it opens that relation for its column names, a relcache build per table, which was two
// fifths of this query's time on 2,000 tables. A generated column's expression does reference columns.
const DESCRIBE_COLUMNS = `
SELECT c.relname AS table_name, a.attname AS name, a.attnum::int AS attnum,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       NOT a.attnotnull AS nullable,
       CASE WHEN a.atthasdef THEN
         (SELECT pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)
            FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END AS default_expr,
       a.attidentity::text AS identity, a.attgenerated::text AS generated,
       d.description AS comment
FROM ${RELATIONS}
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
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

// conkey/confkey are ordered arrays of attnums; WITH ORDINALITY keeps a multi-column key in declaration order. Each
// name is a scalar lookup on pg_attribute's (attrelid, attnum) index: a join there made the planner read every
// column of the table per key (measured 3x slower on 2,000 tables).
// conparentid <> 0 are the clones PostgreSQL adds for each partition of a referenced partitioned table.
const keyColumns = (keys: string, rel: string) => `
  ARRAY(SELECT (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = ${rel} AND a.attnum = k.attnum)::text
        FROM pg_catalog.unnest(${keys}) WITH ORDINALITY AS k(attnum, pos)
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
// pg_get_indexdef prints for that position. Plain columns come from attname because pg_get_indexdef quotes them
// (a scalar lookup per key column, as for the constraints).
const DESCRIBE_INDEXES = `
SELECT c.relname AS table_name, ic.relname AS name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
       ARRAY(SELECT CASE WHEN i.indkey[k.n] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n + 1, true)
                         ELSE (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n])::text END
             FROM pg_catalog.generate_series(0, i.indnkeyatts - 1) AS k(n)
             ORDER BY k.n) AS columns
FROM ${RELATIONS}
JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE ${IN_SCHEMA} AND ${IN_TABLES} AND ${IS_USER_RELATION}`;

// ------------------------------------------------------------------------------------------------ probe

// Both tokens are built from the xmin of the catalog rows that carry a schema's structure. Any DDL writes a new row
// version (a new xmin) of the rows it touches, or deletes rows, while INSERT/UPDATE/DELETE never touch the catalogs
// and VACUUM/ANALYZE update pg_class statistics in place (same xmin; freezing keeps the raw xmin too). Nothing here
// opens or locks the tables themselves. Which rows move, measured per DDL on PostgreSQL 15:
//  - pg_class row: ADD COLUMN (relnatts), renames, rewrites (ALTER TYPE, TRUNCATE), SET SCHEMA; an index's own row:
//    its rename; a new or dropped relation or index adds or removes a row;
//  - pg_attribute rows only: RENAME COLUMN, DROP COLUMN, SET/DROP NOT NULL, an ALTER TYPE without rewrite;
//  - pg_attrdef rows: SET/DROP DEFAULT (replacing a default may leave pg_attribute alone);
//  - pg_constraint rows: keys added, dropped, renamed; pg_index rows: indexes (their add, drop and rename also move
//    the index's pg_class row, which is why the schema sums leave pg_index out: what only pg_index records, CLUSTER
//    marks, validity, replica identity, is no part of a structure);
//  - pg_description rows only: table and column comments;
//  - pg_type (+ its schema's pg_namespace row): a renamed type changes format_type's text of every column of it;
//  - elsewhere: a referenced table, column or schema renamed in another schema changes this schema's foreign keys.
//
// The schemas's relations (every kind: the indexes' own rows are there) and its describable tables as an array,
// which the other catalogs' (relid, …) indexes take as a single scan with array keys.
const SCHEMA_RELATIONS = `
ns AS (SELECT n.oid, n.xmin FROM pg_catalog.pg_namespace n WHERE n.nspname = $1),
rel AS (SELECT c.oid, c.xmin, c.relname, c.relkind, c.relispartition FROM pg_catalog.pg_class c WHERE c.relnamespace = (SELECT oid FROM ns)),
tabs AS (SELECT pg_catalog.array_agg(oid) AS oids FROM rel WHERE relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT relispartition)`;
const TABS = `(SELECT oids FROM tabs)::pg_catalog.oid[]`;
/** A catalog row's xmin as a number to sum (xid has no arithmetic and no cast to an integer type). */
const xid = (column: string) => `${column}::text::int8`;

// The whole-schema token of every warm check: set-based counts and sums of those rows' xmin, one aggregate per
// catalog, no per-table work. A dropped row lowers a count and a new row version always carries a newer xid than the
// rows it replaces, so any DDL moves a sum. 2,000 tables (50,000 columns): ~30 ms of server CPU, of which the
// pg_attribute rows are half; the per-table md5s of the probe cost ~5x that. Types: every built-in type (a superuser
// can rename one) and the user types the columns use, with their schemas; foreign keys into another schema: the
// referenced table, its schema and the referenced columns.
const SCHEMA_SUMS = `
schema_att AS (
  SELECT count(*) AS n, COALESCE(sum(${xid('a.xmin')}), 0) AS s,
         pg_catalog.array_agg(DISTINCT a.atttypid) FILTER (WHERE a.atttypid >= 16384) AS types
  FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY (${TABS}) AND a.attnum > 0
),
schema_tok AS (
  SELECT pg_catalog.concat_ws(':',
    (SELECT count(*) || '.' || COALESCE(sum(${xid('xmin')}), 0) FROM ns),
    (SELECT count(*) || '.' || COALESCE(sum(${xid('xmin')}), 0) FROM rel),
    (SELECT n || '.' || s FROM schema_att),
    (SELECT count(*) || '.' || COALESCE(sum(${xid('t.xmin')} + ${xid('tn.xmin')}), 0)
       FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
      WHERE t.oid < 16384 OR t.oid = ANY ((SELECT types FROM schema_att)::pg_catalog.oid[])),
    (SELECT count(*) || '.' || COALESCE(sum(${xid('ad.xmin')}), 0) FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = ANY (${TABS})),
    (SELECT count(*) || '.' || COALESCE(sum(${xid('co.xmin')}), 0) || '.' || COALESCE(sum(
              CASE WHEN co.contype = 'f' AND (co.confrelid IN (SELECT oid FROM rel WHERE relkind IN ('r', 'p'))) IS NOT TRUE THEN
                (SELECT ${xid('rc.xmin')} + ${xid('rn.xmin')}
                        + (SELECT COALESCE(sum(${xid('ra.xmin')}), 0) FROM pg_catalog.pg_attribute ra WHERE ra.attrelid = rc.oid AND ra.attnum = ANY (co.confkey))
                   FROM pg_catalog.pg_class rc JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = co.confrelid)
              END), 0)
       FROM pg_catalog.pg_constraint co WHERE co.connamespace = (SELECT oid FROM ns)),
    (SELECT count(*) || '.' || COALESCE(sum(${xid('d.xmin')}), 0) FROM pg_catalog.pg_description d
      WHERE d.objoid = ANY (${TABS}) AND d.classoid = ${PG_CLASS})
  ) AS token
)`;

// One md5 per describable table over the same rows, grouped by table: one aggregate per catalog (a UNION ALL of
// per-table parts, then one GROUP BY), not five correlated subqueries per table. What differs from the schema sums
// is what keeps an unaltered table's token still: a foreign key's part is its definition text (referenced table,
// schema and columns by name), not the referenced rows' xmin, which any ALTER of the referenced table moves; every
// built-in type's xmin enters every table (one rename of one re-reads all, as it should be rare).
const TABLE_TOKENS = `
parts (oid, k, name, v) AS (
  SELECT c.oid, 0, c.relname, ${xid('c.xmin')} || '.' || (SELECT COALESCE(sum(${xid('t.xmin')}), 0) FROM pg_catalog.pg_type t WHERE t.oid < 16384)
    FROM rel c WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition
  UNION ALL
  SELECT a.attrelid, 1, NULL, count(*) || '.' || sum(${xid('a.xmin')}) || '.' || COALESCE(sum(CASE WHEN a.atttypid >= 16384 THEN
           (SELECT ${xid('t.xmin')} + ${xid('tn.xmin')} FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace WHERE t.oid = a.atttypid)
         END), 0)
    FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY (${TABS}) AND a.attnum > 0 GROUP BY a.attrelid
  UNION ALL
  SELECT ad.adrelid, 2, NULL, count(*) || '.' || sum(${xid('ad.xmin')})
    FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = ANY (${TABS}) GROUP BY ad.adrelid
  UNION ALL
  SELECT co.conrelid, 3, NULL, count(*) || '.' || sum(${xid('co.xmin')}) || '.'
         || COALESCE(pg_catalog.string_agg(CASE WHEN co.contype = 'f' THEN pg_catalog.pg_get_constraintdef(co.oid) END, ',' ORDER BY co.oid), '')
    FROM pg_catalog.pg_constraint co WHERE co.connamespace = (SELECT oid FROM ns) AND co.conrelid <> 0 GROUP BY co.conrelid
  UNION ALL
  SELECT ix.indrelid, 4, NULL, count(*) || '.' || sum(${xid('ix.xmin')} + ${xid('ic.xmin')})
    FROM pg_catalog.pg_index ix JOIN rel ic ON ic.oid = ix.indexrelid WHERE ix.indrelid = ANY (${TABS}) GROUP BY ix.indrelid
  UNION ALL
  SELECT d.objoid, 5, NULL, count(*) || '.' || sum(${xid('d.xmin')})
    FROM pg_catalog.pg_description d WHERE d.objoid = ANY (${TABS}) AND d.classoid = ${PG_CLASS} GROUP BY d.objoid
),
tok AS (
  SELECT pg_catalog.max(name) AS name, pg_catalog.md5(pg_catalog.max(name) || '|' || pg_catalog.string_agg(k || ':' || v, '|' ORDER BY k)) AS token
  FROM parts GROUP BY oid HAVING pg_catalog.bool_or(k = 0)
)`;

// Both tokens from one statement (one snapshot, one round trip); LEFT JOIN keeps the row of an empty schema. The
// schema token is the very text SCHEMA_TOKEN computes, so a warm check compares like with like.
const PROBE = `
WITH ${SCHEMA_RELATIONS}, ${SCHEMA_SUMS}, ${TABLE_TOKENS}
SELECT s.token AS schema_token, tok.name, tok.token
FROM schema_tok s LEFT JOIN tok ON true`;

const SCHEMA_TOKEN = `WITH ${SCHEMA_RELATIONS}, ${SCHEMA_SUMS} SELECT token AS schema_token FROM schema_tok`;

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
    // Rows arrive in no particular order: per table, attnum order gives the 1-based positions.
    const columnRows = new Map<string, ColumnRow[]>();
    for (const c of columns) {
      const rows = columnRows.get(c.table_name);
      if (rows) rows.push(c);
      else columnRows.set(c.table_name, [c]);
    }
    for (const [name, rows] of columnRows) {
      const table = byTable.get(name);
      if (!table) continue;
      rows.sort((a, b) => a.attnum - b.attnum);
      table.columns = rows.map((c, i) => ({
        name: c.name,
        ordinal: i + 1,
        dataType: c.data_type,
        nullable: c.nullable,
        default: defaultOf(c),
        comment: c.comment,
      }) satisfies ColumnInfo);
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
