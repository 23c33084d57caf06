// SQLite's profiling reads: the rowid range as its row estimate (two b-tree look-ups; SQLite keeps no count), and for a
// large table bounded reads on the rowid: random rowids, or short rowid ranges from random starts when that comes back
// thin (a table with large gaps in its rowids). A WITHOUT ROWID
// table has no rowid: its key bounds fail and it is read from its start instead (a head read).
import type { TableStructure } from '../catalog-metadata';
import {
  COMMON_VALUE_KIND_RULES,
  keySampleSql,
  kindFromRules,
  sqlInteger,
  type DialectSampling,
  type SampleColumn,
  type SampledTable,
  type SampleRequest,
  type SampleStatement,
  type ValueKindRules,
} from '../sampling';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

// SQLite has one schema per attached file; `main` is the file itself.
const from = (table: SampledTable) => (table.schema === 'main' ? quote(table.name) : `${quote(table.schema)}.${quote(table.name)}`);

// Declared types are free text in SQLite; these are the affinity rules' spirit (INT → integer, CHAR/CLOB/TEXT → text).
const RULES: ValueKindRules = [
  [/^(boolean|bool)$/, 'boolean'],
  [/int/, 'number'],
  [/date|time/, 'date'],
  [/char|clob|text/, 'text'],
  [/blob/, 'binary'],
  [/real|floa|doub|numeric|decimal/, 'number'],
  ...COMMON_VALUE_KIND_RULES,
];

function selectExpression(column: SampleColumn): string {
  const name = quote(column.name);
  // SQLite has no digest function: the length and the first 32 bytes stand for the value (distinct counts may merge
  // blobs that share both).
  return sqliteSampling.valueKind(column.dataType) === 'binary' ? `length(${name}) || ':' || hex(substr(${name}, 1, 32)) AS ${name}` : name;
}

const selectList = (columns: readonly SampleColumn[]) => columns.map(selectExpression).join(', ');

export const sqliteSampling: DialectSampling = {
  largeTables: 'key-range',
  valueKind: (dataType) => kindFromRules(RULES, dataType),
  selectExpression,
  rowEstimateSql: (table) => `SELECT max(rowid) - min(rowid) + 1 AS estimate FROM ${from(table)}`,
  fallbackRowEstimateSql: () => null,
  cappedCountSql: (table, cap) => `SELECT count(*) AS counted FROM (SELECT 1 FROM ${from(table)} LIMIT ${sqlInteger(cap)}) AS capped`,
  readAllSql: (table, columns, limit) => `SELECT ${selectList(columns)} FROM ${from(table)} LIMIT ${sqlInteger(limit)}`,
  // An INTEGER PRIMARY KEY is the rowid itself; rowid works for every rowid table.
  samplingKey: (structure: TableStructure) => (structure.kind === 'TABLE' ? 'rowid' : null),
  keyBoundsSql: (table, column) => `SELECT min(${column}) AS lo, max(${column}) AS hi FROM ${from(table)}`,
  sampleSql: (request: SampleRequest): SampleStatement => {
    if (!request.keyBounds) return { sql: `SELECT ${selectList(request.columns)} FROM ${from(request.table)} LIMIT ${sqlInteger(request.rows)}`, method: 'head' };
    return keySampleSql({ from: from(request.table), selectList: selectList(request.columns), key: request.keyBounds.column, request: { ...request, keyBounds: request.keyBounds } });
  },
};
