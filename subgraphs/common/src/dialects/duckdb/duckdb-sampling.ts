// DuckDB's profiling reads: duckdb_tables().estimated_size, USING SAMPLE reservoir for tables up to 20 million rows
// (a columnar scan DuckDB does in milliseconds) and USING SAMPLE system (whole vectors, thinned) above that.
import type { TableStructure } from '../catalog-metadata';
import {
  COMMON_VALUE_KIND_RULES,
  kindFromRules,
  qualifiedName,
  spreadBlockSample,
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

/** Up to this many rows a reservoir sample (which scans the table, ~15 ms per million rows) is cheap; above, system. */
const RESERVOIR_BELOW_ROWS = 20_000_000;
/** System sampling takes whole vectors of 2,048 rows: read a hundred times the rows needed, keep one in a hundred. */
const VECTOR_SPREAD = 100;

const RULES: ValueKindRules = [
  [/^(struct|map|union)|\[\]$|^list/, 'other'],
  ...COMMON_VALUE_KIND_RULES,
];

function selectExpression(column: SampleColumn): string {
  const name = quote(column.name);
  switch (duckdbSampling.valueKind(column.dataType)) {
    case 'binary':
      return `md5(${name}) AS ${name}`;
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
    // The sample is taken at the scan, the WHERE after it (EXPLAIN shows the sample method inside SEQ_SCAN).
    const { percent, keep } = spreadBlockSample(request.rows, request.tableRows, request.attempt, VECTOR_SPREAD);
    return {
      sql: `SELECT ${selectList(request.columns)} FROM ${from}${keep === null ? '' : ` WHERE random() < ${sqlDecimal(keep)}`} USING SAMPLE ${sqlDecimal(percent)} PERCENT (system) LIMIT ${sqlInteger(request.rows)}`,
      method: 'using-sample-system',
    };
  },
};
