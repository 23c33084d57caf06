// PostgreSQL's profiling reads: pg_class's estimate scaled to the table's current size, TABLESAMPLE BERNOULLI for
// mid-sized tables (reads every page, returns a fair row sample) and TABLESAMPLE SYSTEM above that (reads only the
// sampled pages — a 5M-row table costs a few hundred — keeping one row in ten of them so the rows come from many).
import type { TableStructure } from '../catalog-metadata';
import {
  COMMON_VALUE_KIND_RULES,
  kindFromRules,
  oversampledFraction,
  qualifiedName,
  spreadBlockSample,
  sqlDecimal,
  sqlInteger,
  type DialectSampling,
  type SampleColumn,
  type SampledTable,
  type SampleRequest,
  type SampleStatement,
  type ValueKindRules,
} from '../sampling';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Up to this many rows BERNOULLI's full page scan is cheap and its sample unclustered; above it SYSTEM. */
const BERNOULLI_BELOW_ROWS = 100_000;
/** SYSTEM reads this many times the pages it needs and keeps a row in ten (see spreadBlockSample). */
const PAGE_SPREAD = 10;

const RULES: ValueKindRules = [
  [/^(boolean|bool)$/, 'boolean'],
  [/^(oid|regclass|xid)$/, 'number'],
  [/^(inet|cidr|macaddr|tsvector|tsquery|xml|point|line|box|path|polygon|circle|int4range|int8range|numrange|tsrange|tstzrange|daterange)/, 'other'],
  [/\[\]$/, 'other'],
  ...COMMON_VALUE_KIND_RULES,
];

function selectExpression(column: SampleColumn): string {
  const name = quote(column.name);
  switch (postgresSampling.valueKind(column.dataType)) {
    case 'binary':
      // A digest stands for the value: equal values, equal digests (distinct counts), without shipping the bytes.
      return `md5(${name}) AS ${name}`;
    case 'json':
    case 'other':
      // Arrays, ranges, geometric and network types: their text form is what a person would read.
      return `${name}::text AS ${name}`;
    default:
      return name;
  }
}

const selectList = (columns: readonly SampleColumn[]) => columns.map(selectExpression).join(', ');

export const postgresSampling: DialectSampling = {
  largeTables: 'tablesample',
  valueKind: (dataType) => kindFromRules(RULES, dataType),
  selectExpression,
  // reltuples/relpages is the density ANALYZE saw; times the pages the table has now, it follows growth since then
  // (what the planner itself does). NULL when the table was never analyzed, or analyzed empty and filled since.
  rowEstimateSql: (table) => `SELECT CASE
      WHEN c.reltuples >= 0 AND c.relpages > 0 THEN round(c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::float8))
      WHEN c.reltuples >= 0 AND pg_relation_size(c.oid) = 0 THEN 0
      ELSE NULL END AS estimate
    FROM pg_catalog.pg_class c WHERE c.oid = to_regclass(${literal(qualifiedName(quote, table))})`,
  fallbackRowEstimateSql: (table) => ({ sql: `SELECT count(*) AS counted FROM ${qualifiedName(quote, table)} TABLESAMPLE SYSTEM (1)`, scale: 100 }),
  cappedCountSql: (table, cap) => `SELECT count(*) AS counted FROM (SELECT 1 FROM ${qualifiedName(quote, table)} LIMIT ${sqlInteger(cap)}) AS capped`,
  readAllSql: (table, columns, limit) => `SELECT ${selectList(columns)} FROM ${qualifiedName(quote, table)} LIMIT ${sqlInteger(limit)}`,
  samplingKey: (_structure: TableStructure) => null,
  keyBoundsSql: () => {
    throw new Error('PostgreSQL samples with TABLESAMPLE, not key ranges');
  },
  sampleSql: (request: SampleRequest): SampleStatement => {
    const from = qualifiedName(quote, request.table);
    if (request.tableRows <= BERNOULLI_BELOW_ROWS) {
      const percent = oversampledFraction(request.rows, request.tableRows, request.attempt) * 100;
      return {
        sql: `SELECT ${selectList(request.columns)} FROM ${from} TABLESAMPLE BERNOULLI (${sqlDecimal(Math.max(percent, 0.0001))}) LIMIT ${sqlInteger(request.rows)}`,
        method: 'tablesample-bernoulli',
      };
    }
    const { percent, keep } = spreadBlockSample(request.rows, request.tableRows, request.attempt, PAGE_SPREAD);
    return {
      sql: `SELECT ${selectList(request.columns)} FROM ${from} TABLESAMPLE SYSTEM (${sqlDecimal(percent)})${keep === null ? '' : ` WHERE random() < ${sqlDecimal(keep)}`} LIMIT ${sqlInteger(request.rows)}`,
      method: 'tablesample-system',
    };
  },
};
