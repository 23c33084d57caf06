// MySQL/MariaDB's profiling reads: information_schema.TABLES.TABLE_ROWS as the estimate, and for a large table bounded
// reads on its integer primary key: random keys when the key range is dense, else short ranges from random starts.
// A table without an integer key is read from its start (a head read), which is bounded but not random.
import type { TableStructure } from '../catalog-metadata';
import {
  COMMON_VALUE_KIND_RULES,
  keySampleSql,
  kindFromRules,
  qualifiedName,
  sqlInteger,
  type DialectSampling,
  type SampleColumn,
  type SampleRequest,
  type SampleStatement,
  type ValueKindRules,
} from '../sampling';

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
// Backslash escapes are on unless NO_BACKSLASH_ESCAPES: both ' and \ are escaped, which is right either way for ''.
const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const INTEGER_TYPE = /^(tiny|small|medium|big)?int(eger)?\b/i;

const RULES: ValueKindRules = [
  [/^year/, 'number'],
  [/^(geometry|point|linestring|polygon|multi|geometrycollection)/, 'other'],
  ...COMMON_VALUE_KIND_RULES,
];

function selectExpression(column: SampleColumn): string {
  const name = quote(column.name);
  switch (mysqlSampling.valueKind(column.dataType)) {
    case 'binary':
      return `MD5(${name}) AS ${name}`;
    case 'other':
      return `CAST(${name} AS CHAR) AS ${name}`;
    default:
      return name;
  }
}

const selectList = (columns: readonly SampleColumn[]) => columns.map(selectExpression).join(', ');

export const mysqlSampling: DialectSampling = {
  largeTables: 'key-range',
  valueKind: (dataType) => kindFromRules(RULES, dataType),
  selectExpression,
  rowEstimateSql: (table) =>
    `SELECT TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${literal(table.schema)} AND TABLE_NAME = ${literal(table.name)}`,
  fallbackRowEstimateSql: () => null,
  cappedCountSql: (table, cap) => `SELECT count(*) AS counted FROM (SELECT 1 FROM ${qualifiedName(quote, table)} LIMIT ${sqlInteger(cap)}) AS capped`,
  readAllSql: (table, columns, limit) => `SELECT ${selectList(columns)} FROM ${qualifiedName(quote, table)} LIMIT ${sqlInteger(limit)}`,
  samplingKey: (structure: TableStructure) => {
    const pk = structure.primaryKey?.columns;
    if (!pk || pk.length !== 1) return null;
    const column = structure.columns.find((c) => c.name === pk[0]);
    return column && INTEGER_TYPE.test(column.dataType) ? column.name : null;
  },
  keyBoundsSql: (table, column) => `SELECT MIN(${quote(column)}) AS lo, MAX(${quote(column)}) AS hi FROM ${qualifiedName(quote, table)}`,
  sampleSql: (request: SampleRequest): SampleStatement => {
    const from = qualifiedName(quote, request.table);
    if (!request.keyBounds) return { sql: `SELECT ${selectList(request.columns)} FROM ${from} LIMIT ${sqlInteger(request.rows)}`, method: 'head' };
    return keySampleSql({ from, selectList: selectList(request.columns), key: quote(request.keyBounds.column), request: { ...request, keyBounds: request.keyBounds } });
  },
};
