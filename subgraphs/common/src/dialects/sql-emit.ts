// The SQL-writing differences between engines, as data and small functions behind one interface: identifier quoting,
// reserved words, string literals, date bucketing, date arithmetic and the row-limit form. Planners write SQL only
// through this, never with `if (dialect === …)`.
import type { DialectName } from './dialect';

export type DateUnit = 'year' | 'quarter' | 'month' | 'week' | 'day';

export interface SqlEmitter {
  readonly dialect: DialectName;
  /** Quotes an identifier when the engine would otherwise misread it (case, characters, reserved words). */
  identifier(name: string): string;
  stringLiteral(value: string): string;
  /** An expression naming the start of the `unit` the date/time expression falls in, as text `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`). */
  dateBucket(expression: string, unit: DateUnit): string;
  /** A date literal the engine compares with the column's values (columns stored as ISO text compare as text). */
  dateLiteral(isoDate: string, columnIsText: boolean): string;
  /** The year of a date/time expression as a number. */
  year(expression: string): string;
  /** `LIMIT n` (all four engines here accept it); kept behind the interface for engines that do not. */
  limit(count: number): string;
  /** Case-insensitive substring match operator (`LIKE` on SQLite/MySQL, `ILIKE` on PostgreSQL/DuckDB). */
  readonly likeOperator: string;
}

/** Words every engine here reserves; each emitter adds its own. */
export const COMMON_RESERVED = new Set([
  'all', 'and', 'as', 'asc', 'between', 'by', 'case', 'check', 'column', 'constraint', 'create', 'cross', 'default', 'delete', 'desc',
  'distinct', 'drop', 'else', 'end', 'except', 'exists', 'foreign', 'from', 'full', 'group', 'having', 'in', 'index', 'inner', 'insert',
  'intersect', 'into', 'is', 'join', 'key', 'left', 'like', 'limit', 'natural', 'not', 'null', 'on', 'or', 'order', 'outer', 'primary',
  'references', 'right', 'select', 'set', 'table', 'then', 'to', 'union', 'unique', 'update', 'using', 'values', 'when', 'where', 'with',
]);

/** Quotes with `open`/`close` unless the name is a plain lower-case identifier that is not reserved. */
export function quoteWhenNeeded(name: string, reserved: ReadonlySet<string>, open: string, close: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !reserved.has(name) && !COMMON_RESERVED.has(name)) return name;
  return `${open}${name.split(close).join(close + close)}${close}`;
}

export function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
