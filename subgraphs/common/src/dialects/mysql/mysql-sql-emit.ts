// How SQL is written for MySQL/MariaDB: backtick-quoted identifiers, DATE_FORMAT buckets.
import { quoteWhenNeeded, singleQuoted, type DateUnit, type SqlEmitter } from '../sql-emit';

const RESERVED = new Set(['add', 'alter', 'before', 'both', 'call', 'change', 'condition', 'database', 'databases', 'dec', 'declare', 'describe', 'div', 'dual', 'explain', 'fetch', 'force', 'grant', 'ignore', 'interval', 'key', 'keys', 'kill', 'leading', 'lines', 'load', 'lock', 'long', 'match', 'mod', 'option', 'range', 'read', 'release', 'rename', 'repeat', 'require', 'return', 'revoke', 'rlike', 'schema', 'show', 'signal', 'spatial', 'sql', 'status', 'trailing', 'trigger', 'usage', 'use', 'window', 'write', 'year_month', 'rank', 'row', 'rows', 'groups', 'lead', 'lag', 'system']);

const BUCKET: Record<DateUnit, (e: string) => string> = {
  year: (e) => `DATE_FORMAT(${e}, '%Y')`,
  quarter: (e) => `CONCAT(YEAR(${e}), '-Q', QUARTER(${e}))`,
  month: (e) => `DATE_FORMAT(${e}, '%Y-%m')`,
  week: (e) => `DATE_FORMAT(DATE_SUB(${e}, INTERVAL WEEKDAY(${e}) DAY), '%Y-%m-%d')`,
  day: (e) => `DATE_FORMAT(${e}, '%Y-%m-%d')`,
};

export const mysqlSqlEmit: SqlEmitter = {
  dialect: 'mysql',
  identifier: (name) => quoteWhenNeeded(name, RESERVED, '`', '`'),
  stringLiteral: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
  dateBucket: (e, unit) => BUCKET[unit](e),
  dateLiteral: (iso) => singleQuoted(iso),
  year: (e) => `YEAR(${e})`,
  limit: (n) => `LIMIT ${n}`,
  likeOperator: 'LIKE',
};
