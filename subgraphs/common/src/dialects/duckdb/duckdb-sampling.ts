// DuckDB's profiling reads: duckdb_tables().estimated_size, USING SAMPLE reservoir for tables up to a few million
// rows (a columnar scan DuckDB does in milliseconds) and USING SAMPLE system (whole vectors) above that.
import type { TableStructure } from '../catalog-metadata';
import {
  COMMON_VALUE_KIND_RULES,
  kindFromRules,
  oversampledFraction,
  qualifiedName,
  sqlDecimal,
  sqlInteger,
  type DialectSampling,
  type SampleColumn,
  type SampleRequest,
  type SampleStatement,
  type ValueKindRules,
} from '../sampling';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Up to this many rows a reservoir sample (which scans the table) is cheap in DuckDB; above it system sampling. */
const RESERVOIR_BELOW_ROWS = 2_000_000;

const RULES: ValueKindRules = [
  [/^(struct|map|union)|\[\]$|^list/, 'other'],
  ...COMMON_VALUE_KIND_RULES,
];

function selectExpression(column: SampleColumn): string {
  const name = quote(column.name);
  switch (duckdbSampling.valueKind(column.dataType)) {
    case 'binary':
      return `octet_length(${name}) AS ${name}`;
    case 'json':
    case 'other':
      return `CAST(${name} AS VARCHAR) AS ${name}`;
    default:
      return name;
  }
}

const selectList = (columns: readonly SampleColumn[]) => columns.map(selectExpression).join(', ');

export const duckdbSampling: DialectSampling = {
  largeTables: 'using-sample',
  valueKind: (dataType) => kindFromRules(RULES, dataType),
  selectExpression,
  rowEstimateSql: (table) =>
    `SELECT estimated_size AS estimate FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ${literal(table.schema)} AND table_name = ${literal(table.name)}`,
  fallbackRowEstimateSql: () => null,
  cappedCountSql: (table, cap) => `SELECT count(*) AS counted FROM (SELECT 1 FROM ${qualifiedName(quote, table)} LIMIT ${sqlInteger(cap)}) AS capped`,
  readAllSql: (table, columns, limit) => `SELECT ${selectList(columns)} FROM ${qualifiedName(quote, table)} LIMIT ${sqlInteger(limit)}`,
  samplingKey: (_structure: TableStructure) => null,
  keyBoundsSql: () => {
    throw new Error('DuckDB samples with USING SAMPLE, not key ranges');
  },
  sampleSql: (request: SampleRequest): SampleStatement => {
    const from = qualifiedName(quote, request.table);
    if (request.tableRows <= RESERVOIR_BELOW_ROWS) {
      return { sql: `SELECT ${selectList(request.columns)} FROM ${from} USING SAMPLE ${sqlInteger(request.rows)} ROWS`, method: 'using-sample-reservoir' };
    }
    const percent = oversampledFraction(request.rows, request.tableRows, request.attempt) * 100;
    return {
      sql: `SELECT ${selectList(request.columns)} FROM ${from} USING SAMPLE ${sqlDecimal(Math.max(percent, 0.0001))} PERCENT (system) LIMIT ${sqlInteger(request.rows)}`,
      method: 'using-sample-system',
    };
  },
};
