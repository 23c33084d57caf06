// How SQL is written for SQLite: double-quoted identifiers, dates as ISO text handled with strftime.
import { quoteWhenNeeded, singleQuoted, type DateUnit, type SqlEmitter } from '../sql-emit';

const RESERVED = new Set(['abort', 'action', 'after', 'glob', 'regexp', 'replace', 'row', 'rows', 'temp', 'view', 'virtual', 'offset']);

const BUCKET: Record<DateUnit, (e: string) => string> = {
  year: (e) => `strftime('%Y', ${e})`,
  quarter: (e) => `strftime('%Y', ${e}) || '-Q' || ((CAST(strftime('%m', ${e}) AS INTEGER) + 2) / 3)`,
  month: (e) => `strftime('%Y-%m', ${e})`,
  week: (e) => `date(${e}, 'weekday 0', '-6 days')`,
  day: (e) => `date(${e})`,
};

export const sqliteSqlEmit: SqlEmitter = {
  dialect: 'sqlite',
  identifier: (name) => quoteWhenNeeded(name, RESERVED, '"', '"'),
  stringLiteral: singleQuoted,
  dateBucket: (e, unit) => BUCKET[unit](e),
  dateLiteral: (iso) => singleQuoted(iso),
  year: (e) => `CAST(strftime('%Y', ${e}) AS INTEGER)`,
  limit: (n) => `LIMIT ${n}`,
  likeOperator: 'LIKE',
};
