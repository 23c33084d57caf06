// Owns MySQL/MariaDB schema discovery: the information_schema queries of each level and of the probe, and the
// mapping of their private raw rows (with the two engines' differences) onto the normalized catalog metadata.
import crypto from 'node:crypto';
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
export type MysqlQuery = <R>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

/** What the handshake told us about the server; the SQL and the row mapping differ by engine and version. */
export interface MysqlServer {
  mariadb: boolean;
  /** [major, minor, patch] of the engine itself (MariaDB's, not the "5.5.5-" compatibility prefix). */
  version: readonly [number, number, number];
}

export function parseServerVersion(text: string): MysqlServer {
  const mariadb = /mariadb/i.test(text);
  // MariaDB before 11 announces itself as "5.5.5-10.11.6-MariaDB"; the real version follows the prefix.
  const match = /(?:^5\.5\.5-)?(\d+)\.(\d+)\.(\d+)/.exec(text);
  const version = match ? ([Number(match[1]), Number(match[2]), Number(match[3])] as const) : ([0, 0, 0] as const);
  return { mariadb, version };
}

export const atLeast = (server: MysqlServer, major: number, minor: number, patch: number) => {
  const [a, b, c] = server.version;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
};

/**
 * IN lists are chunked so a statement stays far below max_allowed_packet; each level then costs one more round trip
 * per kind of object for every further 1000 tables (a 2,500-table describe is 3 × 4 queries).
 */
export const NAMES_PER_QUERY = 1000;

const SYSTEM_SCHEMAS = `('mysql', 'information_schema', 'performance_schema', 'sys')`;
// MariaDB lists system-versioned tables apart and sequences as tables; sequences are not data to ask about.
const USER_TABLE_TYPES = `('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')`;

const kindOf = (tableType: string): TableKind => (tableType === 'VIEW' ? 'VIEW' : 'TABLE');
const emptyToNull = (text: string | null | undefined) => (text === null || text === undefined || text === '' ? null : text);
// Table names are compared byte-wise, like the engine on a case-sensitive file system, never by a collation.
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

// ------------------------------------------------------------------------------------------------ level 1

interface SchemaRow {
  name: string;
  current_db: string | null;
}

const LIST_SCHEMAS = `
SELECT SCHEMA_NAME AS name, DATABASE() AS current_db
FROM information_schema.SCHEMATA
WHERE SCHEMA_NAME NOT IN ${SYSTEM_SCHEMAS}`;

// ------------------------------------------------------------------------------------------------ level 2

interface TableRow {
  name: string;
  table_type: string;
  table_rows: number | string | null;
  comment: string | null;
}

const LIST_TABLES = `
SELECT TABLE_NAME AS name, TABLE_TYPE AS table_type, TABLE_ROWS AS table_rows, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ${USER_TABLE_TYPES}`;

/** Views have no statistics; MariaDB and MySQL 8 both put the word VIEW in a view's TABLE_COMMENT. */
function tableComment(row: { table_type: string; comment: string | null }): string | null {
  return row.table_type === 'VIEW' ? null : emptyToNull(row.comment);
}

function estimateOf(row: TableRow): number | null {
  if (row.table_type === 'VIEW' || row.table_rows === null) return null;
  const n = Number(row.table_rows);
  return Number.isFinite(n) ? n : null;
}

// ------------------------------------------------------------------------------------------------ level 3

const DESCRIBE_TABLES = `
SELECT TABLE_NAME AS name, TABLE_TYPE AS table_type, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) AND TABLE_TYPE IN ${USER_TABLE_TYPES}`;

interface RelationRow {
  name: string;
  table_type: string;
  comment: string | null;
}

const DESCRIBE_COLUMNS = `
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, ORDINAL_POSITION AS ordinal, COLUMN_TYPE AS column_type,
       DATA_TYPE AS data_type, IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra,
       GENERATION_EXPRESSION AS generation_expression, COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)`;

interface ColumnRow {
  table_name: string;
  name: string;
  ordinal: number;
  column_type: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
  extra: string | null;
  generation_expression: string | null;
  comment: string | null;
}

// Types whose MySQL defaults are printed bare and read correctly bare (numbers, bit literals).
const BARE_DEFAULT_TYPES = new Set([
  'tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'bit', 'bool', 'boolean',
]);

/**
 * One spelling for defaults on both engines: SQL expressions, string literals quoted, null when there is none.
 * MariaDB (10.2.7+) already prints them so, except that it writes the text NULL for "DEFAULT NULL" and for columns
 * without a DEFAULT clause; MySQL prints string literals bare and marks expression defaults DEFAULT_GENERATED
 * (CURRENT_TIMESTAMP excepted before 8.0).
 */
function defaultOf(row: ColumnRow, server: MysqlServer): string | null {
  const extra = row.extra ?? '';
  const generated = /\b(VIRTUAL|STORED|PERSISTENT)\s+GENERATED\b/i.exec(extra);
  if (generated && row.generation_expression) {
    const storage = generated[1]!.toUpperCase() === 'VIRTUAL' ? 'VIRTUAL' : 'STORED';
    return `GENERATED ALWAYS AS (${row.generation_expression}) ${storage}`;
  }
  const value = row.column_default;
  if (value === null) return null;
  if (server.mariadb) return value === 'NULL' ? null : value;
  if (/DEFAULT_GENERATED/i.test(extra) || BARE_DEFAULT_TYPES.has(row.data_type.toLowerCase())) return value;
  if (/^current_timestamp(\(\d*\))?$/i.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// KEY_COLUMN_USAGE alone names every PRIMARY KEY, UNIQUE and FOREIGN KEY column in order (PRIMARY is the primary
// key's reserved name, a referenced table marks a foreign key); TABLE_CONSTRAINTS would only add CHECKs.
const DESCRIBE_KEYS = `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, ORDINAL_POSITION AS ordinal, COLUMN_NAME AS column_name,
       REFERENCED_TABLE_SCHEMA AS ref_schema, REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)
ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`;

interface KeyRow {
  table_name: string;
  name: string;
  ordinal: number;
  column_name: string;
  ref_schema: string | null;
  ref_table: string | null;
  ref_column: string | null;
}

// MySQL 8.0.13+ has functional index parts: COLUMN_NAME is null and EXPRESSION holds the text. MariaDB has neither.
const describeIndexes = (server: MysqlServer) => `
SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
       COLUMN_NAME AS column_name, ${hasIndexExpressions(server) ? 'EXPRESSION' : 'NULL'} AS expression
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;

const hasIndexExpressions = (server: MysqlServer) => !server.mariadb && atLeast(server, 8, 0, 13);

interface IndexRow {
  table_name: string;
  name: string;
  non_unique: number | string;
  seq: number;
  column_name: string | null;
  expression: string | null;
}

// ------------------------------------------------------------------------------------------------ probe

// One MD5 per table over the information_schema rows that carry its structure, computed by the server so only
// 32 characters per table travel. Each part is QUOTE()d so NULL, '' and separators cannot blur into each other.
// TABLE_ROWS, UPDATE_TIME, AUTO_INCREMENT, DATA_LENGTH and CARDINALITY are left out: they move with the data.
// CREATE_TIME catches a table dropped and re-created identically. The referenced table and columns of a foreign key
// are part of the referencing table's rows, so renaming a referenced table changes the referencing table's token.
// One UNION ALL of the four grouped parts and one GROUP BY, rather than TABLES LEFT JOIN three derived tables:
// MariaDB joins derived tables with a keyless block nested loop (2,000 x 2,000 rows for each), which was 80% of a
// 4.5 s probe on 2,000 tables; this form takes under 1 s (measured). Parameters: the schema four times, in order.
const tableTokensSql = (server: MysqlServer) => `
SELECT u.TABLE_NAME AS name, MD5(CONCAT_WS('|',
         QUOTE(u.TABLE_NAME), QUOTE(MAX(u.table_type)), QUOTE(MAX(u.create_time)), QUOTE(MAX(u.table_comment)),
         QUOTE(MAX(u.c_sig)), QUOTE(MAX(u.s_sig)), QUOTE(MAX(u.k_sig)))) AS token
FROM (
  SELECT TABLE_NAME, TABLE_TYPE AS table_type, CREATE_TIME AS create_time, TABLE_COMMENT AS table_comment,
         CAST(NULL AS CHAR) AS c_sig, CAST(NULL AS CHAR) AS s_sig, CAST(NULL AS CHAR) AS k_sig
  FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ${USER_TABLE_TYPES}
  UNION ALL
  SELECT TABLE_NAME, NULL, NULL, NULL,
         GROUP_CONCAT(CONCAT_WS(',', QUOTE(COLUMN_NAME), ORDINAL_POSITION, QUOTE(COLUMN_TYPE), IS_NULLABLE,
           QUOTE(COLUMN_DEFAULT), QUOTE(EXTRA), QUOTE(GENERATION_EXPRESSION), QUOTE(COLUMN_COMMENT))
           ORDER BY ORDINAL_POSITION SEPARATOR ';'), NULL, NULL
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME
  UNION ALL
  SELECT TABLE_NAME, NULL, NULL, NULL, NULL,
         GROUP_CONCAT(CONCAT_WS(',', QUOTE(INDEX_NAME), NON_UNIQUE, SEQ_IN_INDEX, QUOTE(COLUMN_NAME),
           QUOTE(SUB_PART), QUOTE(INDEX_TYPE)${hasIndexExpressions(server) ? ', QUOTE(EXPRESSION)' : ''})
           ORDER BY INDEX_NAME, SEQ_IN_INDEX SEPARATOR ';'), NULL
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME
  UNION ALL
  SELECT TABLE_NAME, NULL, NULL, NULL, NULL, NULL,
         GROUP_CONCAT(CONCAT_WS(',', QUOTE(CONSTRAINT_NAME), ORDINAL_POSITION, QUOTE(COLUMN_NAME),
           QUOTE(REFERENCED_TABLE_SCHEMA), QUOTE(REFERENCED_TABLE_NAME), QUOTE(REFERENCED_COLUMN_NAME))
           ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION SEPARATOR ';')
  FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME
) u
GROUP BY u.TABLE_NAME
HAVING MAX(u.table_type) IS NOT NULL`;

// The whole-schema token is the MD5 of "name:token" pairs in byte order of the name, joined by commas.
// probe() rebuilds exactly this string client-side from its per-table rows (GROUP_CONCAT is no window function on
// MariaDB), so both come from one round trip and agree with schemaToken().
const schemaTokenSql = (server: MysqlServer) => `
SELECT MD5(COALESCE(GROUP_CONCAT(CONCAT(x.name, ':', x.token) ORDER BY CAST(x.name AS BINARY) SEPARATOR ','), '')) AS schema_token
FROM (${tableTokensSql(server)}) x`;

// MariaDB: the whole-schema token from information_schema.TABLES alone. Reading COLUMNS makes MariaDB open every
// table definition (3.5 s for 2,000 tables when they outnumber table_definition_cache), TABLES with CREATE_TIME
// does not (about 45 ms). MariaDB rewrites a table's definition, and so its CREATE_TIME, on every ALTER: add, drop,
// rename or retype a column, defaults, indexes, keys, comments (measured on 10.11). Views carry no CREATE_TIME, so
// their definitions are summed too. CREATE_TIME has one-second resolution: a second ALTER of the same table within
// the same second would not move it. So while any table changed in the last two seconds (`recent`), the token is the
// content token instead (one more query); it is deterministic, so nothing is missed and nothing is re-read for nothing.
// MySQL 8 serves TABLES from cached statistics, so it always uses the content token.
const MARIADB_SCHEMA_TOKEN = `
SELECT CONCAT_WS(':', COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', t.TABLE_NAME, t.TABLE_TYPE, IFNULL(t.CREATE_TIME, ''), t.TABLE_COMMENT))), 0),
         (SELECT COALESCE(SUM(CRC32(CONCAT_WS('|', v.TABLE_NAME, v.VIEW_DEFINITION))), 0) FROM information_schema.VIEWS v WHERE v.TABLE_SCHEMA = ?)
       ) AS schema_token,
       COALESCE(MAX(t.CREATE_TIME) >= NOW() - INTERVAL 2 SECOND, 0) AS recent
FROM information_schema.TABLES t
WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE IN ${USER_TABLE_TYPES}`;

function schemaTokenOf(tokens: ReadonlyMap<string, string>): string {
  const joined = [...tokens.keys()]
    .sort(byBytes)
    .map((name) => `${name}:${tokens.get(name)}`)
    .join(',');
  return crypto.createHash('md5').update(joined, 'utf8').digest('hex');
}

// ------------------------------------------------------------------------------------------------ introspector

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class MysqlIntrospector {
  constructor(
    private readonly query: MysqlQuery,
    private readonly server: MysqlServer,
    /** The URL's database: what unqualified names resolve to. */
    private readonly database: string | null,
  ) {}

  async listSchemas(): Promise<SchemaInfo[]> {
    const rows = await this.query<SchemaRow>(LIST_SCHEMAS);
    return rows
      .map((r) => ({ name: r.name, isDefault: r.name === (this.database ?? r.current_db) }))
      .sort((a, b) => byBytes(a.name, b.name));
  }

  async listTables(schema: string): Promise<TableInfo[]> {
    const rows = await this.query<TableRow>(LIST_TABLES, [schema]);
    return rows
      .map((r) => ({ schema, name: r.name, kind: kindOf(r.table_type), rowEstimate: estimateOf(r), comment: tableComment(r) }))
      .sort((a, b) => byBytes(a.name, b.name));
  }

  async describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    const names = [...new Set(tables)];
    if (names.length === 0) return [];
    const indexSql = describeIndexes(this.server);
    // One connection runs them in turn; queueing them together spares the awaits in between.
    const results = await Promise.all(
      chunks(names, NAMES_PER_QUERY).map((chunk) =>
        Promise.all([
          this.query<RelationRow>(DESCRIBE_TABLES, [schema, chunk]),
          this.query<ColumnRow>(DESCRIBE_COLUMNS, [schema, chunk]),
          this.query<KeyRow>(DESCRIBE_KEYS, [schema, chunk]),
          this.query<IndexRow>(indexSql, [schema, chunk]),
        ] as const),
      ),
    );
    const relations = results.flatMap((r) => r[0]);
    const columns = results.flatMap((r) => r[1]);
    const keys = results.flatMap((r) => r[2]);
    const indexes = results.flatMap((r) => r[3]);

    const byTable = new Map<string, TableStructure>();
    for (const r of relations) {
      byTable.set(r.name, {
        schema,
        name: r.name,
        kind: kindOf(r.table_type),
        comment: tableComment(r),
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
        ordinal: Number(c.ordinal),
        dataType: c.column_type,
        nullable: c.is_nullable === 'YES',
        default: defaultOf(c, this.server),
        comment: emptyToNull(c.comment),
      } satisfies ColumnInfo);
    }

    // A unique key and a foreign key may share a name (separate namespaces), so the kind is part of the group key.
    const keyGroups = new Map<string, KeyRow[]>();
    for (const k of keys) {
      const id = JSON.stringify([k.table_name, k.ref_table === null ? 'key' : 'fk', k.name]);
      const group = keyGroups.get(id) ?? [];
      group.push(k);
      keyGroups.set(id, group);
    }
    for (const group of keyGroups.values()) {
      group.sort((a, b) => Number(a.ordinal) - Number(b.ordinal));
      const first = group[0]!;
      const table = byTable.get(first.table_name);
      if (!table) continue;
      const key: KeyInfo = { name: first.name, columns: group.map((k) => k.column_name) };
      if (first.ref_table !== null) {
        table.foreignKeys.push({
          ...key,
          refSchema: first.ref_schema ?? schema,
          refTable: first.ref_table,
          refColumns: group.map((k) => k.ref_column ?? ''),
        } satisfies ForeignKeyInfo);
      } else if (first.name === 'PRIMARY') {
        table.primaryKey = key;
      } else {
        table.uniques.push(key);
      }
    }

    const indexGroups = new Map<string, IndexRow[]>();
    for (const i of indexes) {
      const id = JSON.stringify([i.table_name, i.name]);
      const group = indexGroups.get(id) ?? [];
      group.push(i);
      indexGroups.set(id, group);
    }
    for (const group of indexGroups.values()) {
      group.sort((a, b) => Number(a.seq) - Number(b.seq));
      const first = group[0]!;
      byTable.get(first.table_name)?.indexes.push({
        name: first.name,
        columns: group.map((i) => i.column_name ?? i.expression ?? ''),
        unique: Number(first.non_unique) === 0,
        primary: first.name === 'PRIMARY',
      } satisfies IndexInfo);
    }
    return [...byTable.values()].sort((a, b) => byBytes(a.name, b.name)).map(sortStructure);
  }

  async probe(schema: string): Promise<SchemaProbe> {
    // MariaDB: the cheap whole-schema token first, so a change between the two queries is caught by the next check.
    const cheap = this.server.mariadb ? await this.mariadbTablesToken(schema) : null;
    const rows = await this.query<{ name: string; token: string }>(tableTokensSql(this.server), [schema, schema, schema, schema]);
    const tableTokens = new Map<string, string>();
    for (const r of rows) tableTokens.set(r.name, r.token);
    const content = `content:${schemaTokenOf(tableTokens)}`;
    return { schemaToken: cheap && !cheap.recent ? cheap.token : content, tableTokens };
  }

  /** One query, except on MariaDB right after DDL (see MARIADB_SCHEMA_TOKEN), when a second one reads the content token. */
  async schemaToken(schema: string): Promise<string> {
    if (this.server.mariadb) {
      const cheap = await this.mariadbTablesToken(schema);
      if (!cheap.recent) return cheap.token;
    }
    const [row] = await this.query<{ schema_token: string }>(schemaTokenSql(this.server), [schema, schema, schema, schema]);
    return `content:${row?.schema_token ?? schemaTokenOf(new Map())}`;
  }

  private async mariadbTablesToken(schema: string): Promise<{ token: string; recent: boolean }> {
    const [row] = await this.query<{ schema_token: string; recent: number | string }>(MARIADB_SCHEMA_TOKEN, [schema, schema]);
    return { token: `tables:${row?.schema_token ?? '0:0:0'}`, recent: Number(row?.recent ?? 0) === 1 };
  }
}
