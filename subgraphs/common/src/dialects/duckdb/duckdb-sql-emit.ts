// How SQL is written for DuckDB: double-quoted identifiers, strftime/date_trunc buckets.
import { quoteWhenNeeded, singleQuoted, type DateUnit, type SqlEmitter } from '../sql-emit';

const RESERVED = new Set(['analyse', 'analyze', 'array', 'both', 'cast', 'collate', 'deferrable', 'do', 'fetch', 'for', 'grant', 'lateral', 'leading', 'offset', 'only', 'pivot', 'qualify', 'returning', 'some', 'summarize', 'symmetric', 'trailing', 'unpivot', 'window']);

const FORMAT: Record<DateUnit, string> = { year: '%Y', quarter: '%Y-Q', month: '%Y-%m', week: '%Y-%m-%d', day: '%Y-%m-%d' };

export const duckdbSqlEmit: SqlEmitter = {
  dialect: 'duckdb',
  identifier: (name) => quoteWhenNeeded(name, RESERVED, '"', '"'),
  stringLiteral: singleQuoted,
  dateBucket: (e, unit) =>
    unit === 'quarter'
      ? `strftime(CAST(${e} AS DATE), '%Y') || '-Q' || CAST(quarter(CAST(${e} AS DATE)) AS VARCHAR)`
      : `strftime(date_trunc('${unit}', CAST(${e} AS DATE)), '${FORMAT[unit]}')`,
  dateLiteral: (iso, columnIsText) => (columnIsText ? singleQuoted(iso) : `DATE ${singleQuoted(iso)}`),
  year: (e) => `year(CAST(${e} AS DATE))`,
  limit: (n) => `LIMIT ${n}`,
  likeOperator: 'ILIKE',
};
