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

/** Sends one query (one round trip) and returns its rows (as arrays with `arrays`); the connection counts and maps errors. */
export type PostgresQuery = <R>(sql: string, params?: readonly unknown[], options?: { arrays?: boolean }) => Promise<R[]>;

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

// Four flat statements, each with simple plans over the catalogs, then assembled in JS. The first finds the
// relations by name; the others take their oids, so none repeats the name lookup, and each catalog is read by its
// (relid, …) index with array keys. What an earlier single-join shape cost on 2,000 tables (50,000 columns), measured:
// pg_get_expr in the column scan was a third of the server time (now 10,000 calls in a statement of their own);
// names of key columns looked up per key column (now mapped from the column rows in JS); json_agg per table doubled
// the server time of the column read. Rows come back as arrays (no object per row).

interface RelationRow {
  oid: string;
  name: string;
  relkind: string;
}

const DESCRIBE_RELATIONS = `
SELECT c.oid, c.relname AS name, c.relkind::text AS relkind
FROM ${RELATIONS}
WHERE ${IN_SCHEMA} AND ${IN_TABLES} AND ${IS_USER_RELATION}`;

const OIDS = `$1::pg_catalog.oid[]`;

// attnum keeps the holes of dropped columns; the 1-based position the contract (and the other engines) mean is
// counted in JS from attnum order (a window function here sorted ~50,000 rows, spilling to disk at work_mem 4 MB).
type ColumnRow = [relid: string, attnum: number, name: string, dataType: string, notNull: boolean, identity: string, generated: string];
const DESCRIBE_COLUMNS = `
SELECT a.attrelid, a.attnum::int, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity::text, a.attgenerated::text
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = ANY (${OIDS}) AND a.attnum > 0 AND NOT a.attisdropped`;

// Column defaults (kind 'd') and comments (kind 'c'; attnum 0 is the relation's own comment) as one list of texts.
// pg_get_expr gets relation 0 for an ordinary default, which cannot reference a column: with a relation it opens
// that relation for its column names, a relcache build per table (measured: two fifths of the column read on 2,000
// tables). Only a generated column's expression references columns; its stored node tree then holds a {VAR node,
// which is how it is recognized without joining pg_attribute (that join cost 15 ms on 10,000 defaults).
type TextRow = [relid: string, attnum: number, kind: 'd' | 'c', text: string];
const DESCRIBE_TEXTS = `
SELECT ad.adrelid, ad.adnum::int, 'd',
       pg_catalog.pg_get_expr(ad.adbin, CASE WHEN ad.adbin::text LIKE '%{VAR %' THEN ad.adrelid ELSE 0 END)
FROM pg_catalog.pg_attrdef ad
WHERE ad.adrelid = ANY (${OIDS})
UNION ALL
SELECT d.objoid, d.objsubid, 'c', d.description
FROM pg_catalog.pg_description d
WHERE d.objoid = ANY (${OIDS}) AND d.classoid = ${PG_CLASS}`;

/** Identity and generated columns have no ordinary default; say how the engine fills them instead. */
function defaultOf(identity: string, generated: string, expr: string | null): string | null {
  if (generated === 's') return `GENERATED ALWAYS AS (${expr ?? ''}) STORED`;
  if (identity === 'a') return 'GENERATED ALWAYS AS IDENTITY';
  if (identity === 'd') return 'GENERATED BY DEFAULT AS IDENTITY';
  return expr;
}

/**
 * The names of foreign key co's referenced columns in key order (text[]), for the describe and the probe. Each name
 * is a scalar lookup on pg_attribute's (attrelid, attnum) index (a join there made the planner read every column of
 * the table per key); one-column keys, most of them, skip the unnest.
 */
const REFERENCED_NAMES = `CASE WHEN pg_catalog.cardinality(co.confkey) = 1
           THEN ARRAY[(SELECT ra.attname FROM pg_catalog.pg_attribute ra WHERE ra.attrelid = co.confrelid AND ra.attnum = co.confkey[1])::text]
           ELSE ARRAY(SELECT (SELECT ra.attname FROM pg_catalog.pg_attribute ra WHERE ra.attrelid = co.confrelid AND ra.attnum = k.attnum)::text
                      FROM pg_catalog.unnest(co.confkey) WITH ORDINALITY AS k(attnum, pos)
                      ORDER BY k.pos) END`;

// Keys and indexes in one statement, one row shape: constraints (kind p, u or f) and indexes (kind i).
// conkey/confkey are ordered arrays of attnums, mapped to names in JS from the column rows; only a foreign key into
// a relation outside the described set has its referenced names looked up here (one scalar index lookup each).
// conparentid <> 0 are the clones PostgreSQL adds for each partition of a referenced partitioned table.
// An index's key columns are the first indnkeyatts of indkey (INCLUDE columns are payload, not order); indkey is an
// int2vector ("1 3") where 0 marks an expression, whose text pg_get_indexdef prints for that position (asked only
// for indexes that have one, since it quotes plain column names, which come from the column rows instead).
type KeyRow = [
  relid: string,
  kind: 'p' | 'u' | 'f' | 'i',
  name: string,
  keys: string,
  /** Foreign keys: the referenced relation, its schema and name, and its key attnums. */
  refRelid: string | null,
  refSchema: string | null,
  refTable: string | null,
  refKeys: string | null,
  /** A foreign key's referenced column names (outside the described set); an index's printed key parts. */
  names: string[] | null,
  /** Indexes: unique, primary, number of key columns. */
  unique: boolean | null,
  primary: boolean | null,
  keyCount: number | null,
];
const DESCRIBE_KEYS = `
SELECT co.conrelid, co.contype::text, co.conname::text, co.conkey::text, co.confrelid, rn.nspname::text, rc.relname::text, co.confkey::text,
       CASE WHEN co.contype = 'f' AND NOT co.confrelid = ANY (${OIDS}) THEN
         ${REFERENCED_NAMES} END,
       NULL::bool, NULL::bool, NULL::int
FROM pg_catalog.pg_constraint co
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE co.conrelid = ANY (${OIDS}) AND co.contype IN ('p', 'u', 'f') AND co.conparentid = 0
UNION ALL
SELECT i.indrelid, 'i', ic.relname::text, i.indkey::text, NULL, NULL, NULL, NULL,
       CASE WHEN 0 = ANY (i.indkey::pg_catalog.int2[]) THEN
         ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true) FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k(n) ORDER BY k.n) END,
       i.indisunique, i.indisprimary, i.indnkeyatts::int
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY (${OIDS})`;

/** "{1,3}" (an int2[] as text) or "1 3" (an int2vector) as numbers. */
function attnums(text: string | null): number[] {
  if (!text) return [];
  const inner = text.startsWith('{') ? text.slice(1, -1) : text;
  return inner.length === 0 ? [] : inner.split(/[ ,]/).map(Number);
}

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
// catalog. A dropped row lowers a count and a new row version always carries a newer xid than the rows it replaces,
// so any DDL moves a sum. 2,000 tables (50,000 columns): ~25 ms of server CPU, of which the pg_attribute rows are
// most; the whole probe ~70 ms. Types: every built-in type (a superuser can rename one) and the user types the
// columns use, with their schemas; foreign keys into another schema: the referenced table, its schema and the
// referenced columns.
//
// The attribute rows of the schema's tables (user columns, dropped ones too), counted and summed per table: the
// probe's per-table tokens and both schema tokens read pg_attribute through this one aggregate, once per statement
// (the probe used to scan those ~50,000 rows twice). User-typed columns add their type's and its schema's xmin.
const ATTRIBUTES_PER_TABLE = `
att AS (
  SELECT a.attrelid, count(*) AS n, sum(${xid('a.xmin')}) AS s,
         COALESCE(sum(CASE WHEN a.atttypid >= 16384 THEN
           (SELECT ${xid('t.xmin')} + ${xid('tn.xmin')} FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace WHERE t.oid = a.atttypid)
         END), 0) AS u,
         pg_catalog.array_agg(a.atttypid) FILTER (WHERE a.atttypid >= 16384) AS types
  FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY (${TABS}) AND a.attnum > 0 GROUP BY a.attrelid
)`;

const SCHEMA_SUMS = `
schema_att AS (
  SELECT COALESCE(sum(n), 0) AS n, COALESCE(sum(s), 0) AS s,
         (SELECT pg_catalog.array_agg(DISTINCT t) FROM att, pg_catalog.unnest(att.types) AS t) AS types
  FROM att
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
// is what keeps an unaltered table's token still: a foreign key's part is a hash of what it points at by name
// (referenced schema, table and columns: a rename of any of them changes this table's structure), not the referenced
// rows' xmin, which any ALTER of the referenced table moves; summed, so no per-table sort (pg_get_constraintdef
// here cost a third of the probe). Every built-in type's xmin enters every table (one rename of one re-reads all, as
// it should be rare).
const TABLE_TOKENS = `
parts (oid, k, name, v) AS (
  SELECT c.oid, 0, c.relname, ${xid('c.xmin')} || '.' || (SELECT COALESCE(sum(${xid('t.xmin')}), 0) FROM pg_catalog.pg_type t WHERE t.oid < 16384)
    FROM rel c WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition
  UNION ALL
  SELECT att.attrelid, 1, NULL, att.n || '.' || att.s || '.' || att.u FROM att
  UNION ALL
  SELECT ad.adrelid, 2, NULL, count(*) || '.' || sum(${xid('ad.xmin')})
    FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = ANY (${TABS}) GROUP BY ad.adrelid
  UNION ALL
  SELECT co.conrelid, 3, NULL, count(*) || '.' || sum(${xid('co.xmin')}) || '.'
         || COALESCE(sum(CASE WHEN co.contype = 'f' THEN pg_catalog.hashtext(rn.nspname || '.' || rc.relname || '('
              || pg_catalog.array_to_string(${REFERENCED_NAMES}, ',') || ')')::int8 END), 0)
    FROM pg_catalog.pg_constraint co
    LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid
    LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE co.connamespace = (SELECT oid FROM ns) AND co.conrelid <> 0 GROUP BY co.conrelid
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
WITH ${SCHEMA_RELATIONS}, ${ATTRIBUTES_PER_TABLE}, ${SCHEMA_SUMS}, ${TABLE_TOKENS}
SELECT s.token AS schema_token, tok.name, tok.token
FROM schema_tok s LEFT JOIN tok ON true`;

const SCHEMA_TOKEN = `WITH ${SCHEMA_RELATIONS}, ${ATTRIBUTES_PER_TABLE}, ${SCHEMA_SUMS} SELECT token AS schema_token FROM schema_tok`;

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
    const relations = await this.query<RelationRow>(DESCRIBE_RELATIONS, [schema, names]);
    if (relations.length === 0) return [];
    const oids = [relations.map((r) => r.oid)];
    // One client runs them one after another anyway; issuing them together spares the awaits in between.
    const [columns, texts, keys] = await Promise.all([
      this.query<ColumnRow>(DESCRIBE_COLUMNS, oids, { arrays: true }),
      this.query<TextRow>(DESCRIBE_TEXTS, oids, { arrays: true }),
      this.query<KeyRow>(DESCRIBE_KEYS, oids, { arrays: true }),
    ]);

    interface Draft {
      structure: TableStructure;
      /** attnum → column name, for key and index columns. */
      names: Map<number, string>;
      rows: ColumnRow[];
      /** attnum → default expression text, column comment. */
      defaults: Map<number, string> | null;
      comments: Map<number, string> | null;
    }
    const byOid = new Map<string, Draft>();
    for (const r of relations) {
      byOid.set(r.oid, {
        structure: { schema, name: r.name, kind: kindOf(r.relkind), comment: null, columns: [], primaryKey: null, foreignKeys: [], uniques: [], indexes: [] },
        names: new Map(),
        rows: [],
        defaults: null,
        comments: null,
      });
    }
    for (const c of columns) {
      const draft = byOid.get(c[0]);
      if (!draft) continue;
      draft.rows.push(c);
      draft.names.set(c[1], c[2]);
    }
    // Index access, not destructuring: array destructuring goes through the iterator protocol, per row.
    for (const t of texts) {
      const draft = byOid.get(t[0]);
      if (!draft) continue;
      if (t[2] === 'd') (draft.defaults ??= new Map()).set(t[1], t[3]);
      else if (t[1] === 0) draft.structure.comment = t[3];
      else (draft.comments ??= new Map()).set(t[1], t[3]);
    }
    for (const draft of byOid.values()) {
      // Rows arrive in no particular order: attnum order gives the 1-based positions.
      draft.rows.sort((a, b) => a[1] - b[1]);
      const { defaults, comments } = draft;
      draft.structure.columns = draft.rows.map((c, i) => {
        const expr = defaults?.get(c[1]) ?? null;
        return {
          name: c[2],
          ordinal: i + 1,
          dataType: c[3],
          nullable: !c[4],
          default: c[5] === '' && c[6] === '' ? expr : defaultOf(c[5], c[6], expr),
          comment: comments?.get(c[1]) ?? null,
        } satisfies ColumnInfo;
      });
    }
    /** Key or index columns by name; position i of an index's expression (attnum 0) is its printed text. */
    const namesOf = (draft: Draft, keys: string | null, exprs?: string[] | null) =>
      attnums(keys).map((n, i) => (n === 0 && exprs ? (exprs[i] ?? '') : (draft.names.get(n) ?? String(n))));
    for (const k of keys) {
      const draft = byOid.get(k[0]);
      if (!draft) continue;
      const kind = k[1];
      if (kind === 'i') {
        const columns = namesOf(draft, k[3], k[8] ?? []).slice(0, k[11] ?? undefined);
        draft.structure.indexes.push({ name: k[2], columns, unique: k[9] === true, primary: k[10] === true } satisfies IndexInfo);
        continue;
      }
      const key: KeyInfo = { name: k[2], columns: namesOf(draft, k[3]) };
      if (kind === 'p') draft.structure.primaryKey = key;
      else if (kind === 'u') draft.structure.uniques.push(key);
      else {
        const referenced = k[4] === null ? undefined : byOid.get(k[4]);
        draft.structure.foreignKeys.push({
          ...key,
          refSchema: k[5] ?? schema,
          refTable: k[6] ?? '',
          refColumns: k[8] ?? (referenced ? namesOf(referenced, k[7]) : []),
        } satisfies ForeignKeyInfo);
      }
    }
    return [...byOid.values()]
      .map((d) => d.structure)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(sortStructure);
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
