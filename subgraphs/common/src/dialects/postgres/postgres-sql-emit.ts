// How SQL is written for PostgreSQL: double-quoted identifiers (unquoted names fold to lower case), date_trunc buckets.
import { quoteWhenNeeded, singleQuoted, type DateUnit, type SqlEmitter } from '../sql-emit';

const RESERVED = new Set(['analyse', 'analyze', 'array', 'asymmetric', 'both', 'cast', 'collate', 'current_date', 'current_time', 'current_user', 'deferrable', 'do', 'fetch', 'for', 'grant', 'initially', 'lateral', 'leading', 'localtime', 'offset', 'only', 'placing', 'returning', 'session_user', 'some', 'symmetric', 'trailing', 'user', 'variadic', 'window', 'year', 'month', 'day', 'name', 'type']);

const FORMAT: Record<DateUnit, string> = { year: 'YYYY', quarter: 'YYYY-"Q"Q', month: 'YYYY-MM', week: 'YYYY-MM-DD', day: 'YYYY-MM-DD' };

export const postgresSqlEmit: SqlEmitter = {
  dialect: 'postgres',
  identifier: (name) => quoteWhenNeeded(name, RESERVED, '"', '"'),
  stringLiteral: singleQuoted,
  dateBucket: (e, unit) => `to_char(date_trunc('${unit}', CAST(${e} AS timestamp)), '${FORMAT[unit]}')`,
  dateLiteral: (iso, columnIsText) => (columnIsText ? singleQuoted(iso) : `DATE ${singleQuoted(iso)}`),
  year: (e) => `CAST(EXTRACT(YEAR FROM CAST(${e} AS timestamp)) AS INTEGER)`,
  limit: (n) => `LIMIT ${n}`,
  likeOperator: 'ILIKE',
};
