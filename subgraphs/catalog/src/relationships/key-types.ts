// Which column types can hold a join key, and which of them can be compared with which: an inferred relationship
// needs type-compatible columns (comparing an integer with a text column fails on PostgreSQL and proves nothing).

/** The family of a type as far as joining goes; `unknown` is an untyped SQLite column (any affinity). */
export type KeyTypeFamily = 'integer' | 'decimal' | 'text' | 'uuid' | 'float' | 'temporal' | 'boolean' | 'binary' | 'unknown' | 'other';

// Checked in order; the first match wins. Engine spellings: PostgreSQL (`character varying(45)`, `int4`), MySQL
// (`smallint(5) unsigned`, `enum('a','b')`), SQLite (`NVARCHAR(120)`, `INT`, ``), DuckDB (`UTINYINT`, `HUGEINT`).
const FAMILY_PATTERNS: readonly [KeyTypeFamily, RegExp][] = [
  ['uuid', /^(uuid|uniqueidentifier)\b/],
  ['boolean', /^(bool|boolean|bit)\b/],
  ['temporal', /(date|time|interval|year)/],
  ['integer', /^(u?(tiny|small|medium|big|huge)?int(eger)?\d*|u?hugeint|serial\d*|smallserial|bigserial|int[248]|long|oid)\b/],
  ['decimal', /^(numeric|decimal|number|dec|money)\b/],
  ['float', /^(real|float\d*|double|double precision)\b/],
  ['text', /^(character varying|varchar\d*|nvarchar|nchar|char|character|bpchar|text|tinytext|mediumtext|longtext|string|clob|citext|enum|set|name)\b/],
  ['binary', /^(blob|bytea|binary|varbinary|longblob|mediumblob|tinyblob)\b/],
];

export function keyTypeFamily(dataType: string): KeyTypeFamily {
  const type = dataType.trim().toLowerCase();
  if (type === '') return 'unknown';
  return FAMILY_PATTERNS.find(([, pattern]) => pattern.test(type))?.[0] ?? 'other';
}

/**
 * A decimal with scale 0 (`numeric(10)`, `decimal(10,0)`) holds integers and joins with them; so does one with no
 * precision at all: a bare `NUMERIC` is SQLite's affinity that stores whole numbers as integers, MySQL's
 * `decimal(10,0)`, and how keys migrated from Oracle's `NUMBER` are typed. `money` always carries cents.
 */
function decimalHoldsIntegers(dataType: string): boolean {
  const type = dataType.trim().toLowerCase();
  if (/^money\b/.test(type)) return false;
  if (!type.includes('(')) return true;
  const match = /\(\s*\d+\s*(?:,\s*(\d+)\s*)?\)/.exec(type);
  return Boolean(match) && (match![1] === undefined || Number(match![1]) === 0);
}

/** Whether a column of this type can be a join key at all (not a float, date, boolean, blob or fractional decimal). */
export function isKeyType(dataType: string): boolean {
  const family = keyTypeFamily(dataType);
  return family === 'integer' || family === 'text' || family === 'uuid' || family === 'unknown' || (family === 'decimal' && decimalHoldsIntegers(dataType));
}

export type TypeMatch = 'identical' | 'compatible' | 'incompatible';

/** How well two column types match for a join: identical spelling (ignoring case and unsigned), same family, or not. */
export function compareKeyTypes(childType: string, parentType: string): TypeMatch {
  if (!isKeyType(childType) || !isKeyType(parentType)) return 'incompatible';
  // Signedness and MySQL's integer display widths (`smallint(5) unsigned` ~ `smallint(6)`) say nothing about values.
  const normalize = (t: string) => {
    const plain = t.trim().toLowerCase().replace(/\s+(unsigned|signed|zerofill)\b/g, '').replace(/\s+/g, ' ');
    return keyTypeFamily(plain) === 'integer' ? plain.replace(/\(\s*\d+\s*\)/, '') : plain;
  };
  if (normalize(childType) === normalize(parentType)) return 'identical';
  const a = integerLike(childType) ? 'integer' : keyTypeFamily(childType);
  const b = integerLike(parentType) ? 'integer' : keyTypeFamily(parentType);
  if (a === 'unknown' || b === 'unknown') return 'compatible';
  return a === b ? 'compatible' : 'incompatible';
}

function integerLike(dataType: string): boolean {
  const family = keyTypeFamily(dataType);
  return family === 'integer' || (family === 'decimal' && decimalHoldsIntegers(dataType));
}
