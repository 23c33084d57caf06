// Owns DuckDB schema discovery: the bulk duckdb_*() catalog queries of each level and the mapping of their raw rows.
import { listValue, type DuckDBValue } from '@duckdb/node-api';
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
import { sortStructure } from '../structure-fingerprint';

/** Runs one statement and returns its rows as plain JS values; every call is one round trip. */
export interface DuckdbQueryRunner {
  all<R>(sql: string, params?: DuckDBValue[]): Promise<R[]>;
}

// ---------------------------------------------------------------------------------------------
// Raw catalog rows: private to this module. BIGINT arrives as bigint, lists as arrays.
// ---------------------------------------------------------------------------------------------

interface RawSchemaRow {
  name: string;
  is_default: boolean;
}

interface RawTableRow {
  name: string;
  kind: TableKind;
  row_estimate: bigint | number | null;
  comment: string | null;
}

interface RawColumnRow {
  table_name: string;
  kind: TableKind;
  table_comment: string | null;
  /** Null only for an object without columns (the LEFT JOIN keeps it). */
  column_name: string | null;
  column_index: number;
  data_type: string;
  is_nullable: boolean;
  column_default: string | null;
  column_comment: string | null;
}

interface RawConstraintRow {
  table_name: string;
  constraint_type: 'PRIMARY KEY' | 'FOREIGN KEY' | 'UNIQUE';
  constraint_name: string | null;
  columns: string[];
  referenced_table: string | null;
  ref_columns: string[];
}

interface RawIndexRow {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  is_primary: boolean;
  parts: string[];
}

interface RawProbeRow {
  schema_token: string;
  name: string | null;
  token: string | null;
}

// ---------------------------------------------------------------------------------------------
// Catalog SQL. $1 is the schema, $2 the list of requested names. Everything is restricted to the file's own
// database: the system and temp catalogs are not the user's.
// ---------------------------------------------------------------------------------------------

const IN_SCHEMA = `database_name = current_database() AND schema_name = $1`;

const LIST_SCHEMAS_SQL = `
SELECT schema_name AS name, schema_name = current_schema() AS is_default
FROM duckdb_schemas()
WHERE database_name = current_database()
  AND schema_name NOT IN ('information_schema', 'pg_catalog')
  -- DuckDB flags a database's own "main" schema internal, like its system schemas.
  AND (NOT internal OR schema_name = 'main')
ORDER BY schema_name`;

const LIST_TABLES_SQL = `
SELECT table_name AS name, 'TABLE' AS kind, estimated_size AS row_estimate, comment
FROM duckdb_tables() WHERE ${IN_SCHEMA} AND NOT internal AND NOT temporary
UNION ALL
SELECT view_name, 'VIEW', NULL, comment
FROM duckdb_views() WHERE ${IN_SCHEMA} AND NOT internal AND NOT temporary
ORDER BY name`;

const OBJECTS_CTE = (requestedOnly: boolean) => `
objects AS (
  SELECT table_name AS name, 'TABLE' AS kind, sql, comment
  FROM duckdb_tables() WHERE ${IN_SCHEMA} AND NOT internal AND NOT temporary${requestedOnly ? ' AND list_contains($2, table_name)' : ''}
  UNION ALL
  SELECT view_name, 'VIEW', sql, comment
  FROM duckdb_views() WHERE ${IN_SCHEMA} AND NOT internal AND NOT temporary${requestedOnly ? ' AND list_contains($2, view_name)' : ''}
)`;

const DESCRIBE_COLUMNS_SQL = `
WITH ${OBJECTS_CTE(true)}
SELECT o.name AS table_name, o.kind AS kind, o.comment AS table_comment, c.column_name AS column_name,
  c.column_index AS column_index, c.data_type AS data_type, c.is_nullable AS is_nullable,
  c.column_default AS column_default, c.comment AS column_comment
FROM objects o
LEFT JOIN duckdb_columns() c
  ON c.database_name = current_database() AND c.schema_name = $1 AND c.table_name = o.name AND NOT c.internal
ORDER BY o.name, c.column_index`;

// constraint_index numbers constraints across the whole database, so it shifts when another table changes:
// order by something of the table's own.
const DESCRIBE_CONSTRAINTS_SQL = `
SELECT table_name, constraint_type, constraint_name, constraint_column_names AS columns, referenced_table,
  referenced_column_names AS ref_columns
FROM duckdb_constraints()
WHERE ${IN_SCHEMA} AND list_contains($2, table_name) AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE')
ORDER BY table_name, constraint_type, constraint_name`;

// duckdb_indexes() prints the key parts as one string in list syntax (['"Name"', '(lower(x))']); DuckDB's own
// list cast reads it back, quotes and all, and the raw string stands in should that ever fail.
const DESCRIBE_INDEXES_SQL = `
SELECT table_name, index_name, is_unique, is_primary,
  coalesce(try_cast(expressions AS VARCHAR[]), [expressions]) AS parts
FROM duckdb_indexes()
WHERE ${IN_SCHEMA} AND list_contains($2, table_name)
ORDER BY table_name, index_name`;

// One md5 per table or view over every catalog row that describes it: its CREATE text (columns, types, defaults,
// NOT NULL, keys), its comment, its columns with their comments (not part of the CREATE text), its constraints and
// its indexes with their comments. Row counts (estimated_size) are left out, so INSERTs change nothing. chr(30)/
// chr(31) separate records and fields, chr(1) stands for NULL, so no two different catalogs concatenate alike.
const TOKENS_CTE = `
WITH ${OBJECTS_CTE(false)},
columns AS (
  SELECT table_name AS name, string_agg(concat_ws(chr(31), column_name, column_index::VARCHAR, data_type,
    is_nullable::VARCHAR, coalesce(column_default, chr(1)), coalesce(comment, chr(1))), chr(30) ORDER BY column_index) AS part
  FROM duckdb_columns() WHERE ${IN_SCHEMA} AND NOT internal GROUP BY table_name
),
constraints AS (
  SELECT table_name AS name, string_agg(concat_ws(chr(31), constraint_type, coalesce(constraint_name, chr(1)),
    coalesce(constraint_text, chr(1)), array_to_string(constraint_column_names, chr(29)), coalesce(referenced_table, chr(1)),
    array_to_string(referenced_column_names, chr(29))), chr(30) ORDER BY constraint_type, constraint_name, constraint_text) AS part
  FROM duckdb_constraints() WHERE ${IN_SCHEMA} GROUP BY table_name
),
indexes AS (
  SELECT table_name AS name, string_agg(concat_ws(chr(31), index_name, coalesce(sql, chr(1)), coalesce(comment, chr(1))),
    chr(30) ORDER BY index_name) AS part
  FROM duckdb_indexes() WHERE ${IN_SCHEMA} GROUP BY table_name
),
tokens AS (
  SELECT o.name AS name, md5(concat_ws(chr(28), o.kind, coalesce(o.sql, chr(1)), coalesce(o.comment, chr(1)),
    coalesce(c.part, ''), coalesce(k.part, ''), coalesce(i.part, ''))) AS token
  FROM objects o
  LEFT JOIN columns c ON c.name = o.name
  LEFT JOIN constraints k ON k.name = o.name
  LEFT JOIN indexes i ON i.name = o.name
),
schema_token AS (
  SELECT md5(coalesce(string_agg(name || chr(31) || token, chr(30) ORDER BY name), '')) AS schema_token FROM tokens
)`;

// The LEFT JOIN keeps the one schema_token row for a schema without tables.
const PROBE_SQL = `${TOKENS_CTE}
SELECT s.schema_token AS schema_token, t.name AS name, t.token AS token
FROM schema_token s LEFT JOIN tokens t ON true
ORDER BY t.name`;

const SCHEMA_TOKEN_SQL = `${TOKENS_CTE}
SELECT schema_token FROM schema_token`;

// ---------------------------------------------------------------------------------------------
// The introspector.
// ---------------------------------------------------------------------------------------------

export class DuckdbIntrospector {
  constructor(private readonly db: DuckdbQueryRunner) {}

  async currentDatabase(): Promise<string> {
    const [row] = await this.db.all<{ name: string }>(`SELECT current_database() AS name`);
    return row.name;
  }

  async listSchemas(): Promise<SchemaInfo[]> {
    const rows = await this.db.all<RawSchemaRow>(LIST_SCHEMAS_SQL);
    return rows.map((r) => ({ name: r.name, isDefault: r.is_default }));
  }

  /** One query: tables with DuckDB's estimated_size, and views. */
  async listTables(schema: string): Promise<TableInfo[]> {
    const rows = await this.db.all<RawTableRow>(LIST_TABLES_SQL, [schema]);
    return rows.map((r) => ({
      schema,
      name: r.name,
      kind: r.kind,
      rowEstimate: r.row_estimate === null ? null : Number(r.row_estimate),
      comment: r.comment,
    }));
  }

  /** Three queries (objects with columns, constraints, indexes) for any number of tables. */
  async describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    if (tables.length === 0) return [];
    const params: DuckDBValue[] = [schema, listValue([...tables])];
    const columns = await this.db.all<RawColumnRow>(DESCRIBE_COLUMNS_SQL, params);
    if (columns.length === 0) return [];
    const constraints = groupBy(await this.db.all<RawConstraintRow>(DESCRIBE_CONSTRAINTS_SQL, params), (r) => r.table_name);
    const indexes = groupBy(await this.db.all<RawIndexRow>(DESCRIBE_INDEXES_SQL, params), (r) => r.table_name);
    return [...groupBy(columns, (c) => c.table_name)].map(([name, rows]) =>
      sortStructure(toStructure(schema, name, rows, constraints.get(name) ?? [], indexes.get(name) ?? [])),
    );
  }

  /** One query: a token per table or view and the schema token over them. */
  async probe(schema: string): Promise<SchemaProbe> {
    const rows = await this.db.all<RawProbeRow>(PROBE_SQL, [schema]);
    const tableTokens = new Map<string, string>();
    for (const row of rows) if (row.name !== null && row.token !== null) tableTokens.set(row.name, row.token);
    return { schemaToken: rows[0].schema_token, tableTokens };
  }

  /** The same statement as probe up to its last SELECT, so the two tokens always agree. */
  async schemaToken(schema: string): Promise<string> {
    const [row] = await this.db.all<{ schema_token: string }>(SCHEMA_TOKEN_SQL, [schema]);
    return row.schema_token;
  }
}

// ---------------------------------------------------------------------------------------------
// Mapping raw rows to metadata.
// ---------------------------------------------------------------------------------------------

function toStructure(
  schema: string,
  name: string,
  columnRows: RawColumnRow[],
  constraintRows: RawConstraintRow[],
  indexRows: RawIndexRow[],
): TableStructure {
  let primaryKey: KeyInfo | null = null;
  const uniques: KeyInfo[] = [];
  const foreignKeys: ForeignKeyInfo[] = [];
  // DuckDB enforces PRIMARY KEY and UNIQUE with ART indexes that duckdb_indexes() does not list; they are listed
  // here under the constraint's name so that "is this column indexed" reads the same as on the other engines.
  const indexes: IndexInfo[] = [];
  for (const c of constraintRows) {
    const key: KeyInfo = { name: c.constraint_name, columns: [...c.columns] };
    if (c.constraint_type === 'PRIMARY KEY') {
      primaryKey = key;
      indexes.push({ name: c.constraint_name ?? `${name}_pkey`, columns: [...c.columns], unique: true, primary: true });
    } else if (c.constraint_type === 'UNIQUE') {
      uniques.push(key);
      indexes.push({ name: c.constraint_name ?? `${name}_key`, columns: [...c.columns], unique: true, primary: false });
    } else if (c.referenced_table !== null) {
      // DuckDB refuses foreign keys across schemas, so the referenced table is always in this one.
      foreignKeys.push({ ...key, refSchema: schema, refTable: c.referenced_table, refColumns: [...c.ref_columns] });
    }
  }
  for (const i of indexRows) {
    indexes.push({ name: i.index_name, columns: i.parts.map(indexPart), unique: i.is_unique, primary: i.is_primary });
  }

  const first = columnRows[0];
  return {
    schema,
    name,
    kind: first.kind,
    comment: first.table_comment,
    columns: columnRows
      .filter((c) => c.column_name !== null)
      .map((c) => ({
        name: c.column_name as string,
        ordinal: Number(c.column_index),
        dataType: c.data_type,
        nullable: c.is_nullable,
        default: c.column_default,
        comment: c.column_comment,
      })),
    primaryKey,
    foreignKeys,
    uniques,
    indexes,
  };
}

/** `"Name"` → Name; `((n + 1))` → n + 1; anything else as DuckDB printed it. */
function indexPart(part: string): string {
  const quoted = /^"((?:[^"]|"")*)"$/.exec(part);
  if (quoted) return quoted[1].replace(/""/g, '"');
  let text = part.trim();
  while (text.startsWith('(') && text.endsWith(')') && closingParen(text) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}

/** Index of the parenthesis closing the one at 0, skipping quoted text; -1 when unbalanced. */
function closingParen(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
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
