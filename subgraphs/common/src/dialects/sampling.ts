// The one interface behind which each engine says how to read a table's data cheaply for profiling: its row estimate,
// a bounded count, a full read of a small table and a sample of a large one with the engine's own sampling
// (TABLESAMPLE on PostgreSQL, USING SAMPLE on DuckDB, a bounded scan from random key ranges elsewhere). Statements are
// plain SQL text with literals inlined (the read-only executor takes no parameters); every name goes through `quote`
// and every value through a numeric formatter or `stringLiteral`, so nothing from data ever reaches the SQL unescaped.
import type { TableStructure } from './catalog-metadata';

/** How an engine samples a large table. */
export type LargeTableSampling = 'tablesample' | 'using-sample' | 'key-range';

/** What a profile records as the way its rows were read. */
export type SampleMethod =
  | 'full'
  | 'tablesample-system'
  | 'tablesample-bernoulli'
  | 'using-sample-reservoir'
  | 'using-sample-system'
  | 'random-keys'
  | 'key-range'
  | 'head';

/** The family of a column's values, decided from the type the engine spells (see `valueKind`). */
export type ValueKind = 'number' | 'date' | 'boolean' | 'text' | 'json' | 'binary' | 'other';

export interface SampledTable {
  schema: string;
  name: string;
}

export interface SampleColumn {
  name: string;
  /** As the engine spells it (ColumnInfo.dataType). */
  dataType: string;
}

/** The integer range a key-range sample draws its starting points from. */
export interface KeyBounds {
  /** Column (or SQLite's `rowid`) ordered and ranged over; an integer. */
  column: string;
  min: number;
  max: number;
}

export interface SampleRequest {
  table: SampledTable;
  columns: readonly SampleColumn[];
  /** Rows wanted (1k–10k). */
  rows: number;
  /** The table's rows as far as the engine knows (its estimate). */
  tableRows: number;
  /** Key-range engines: the key's bounds (from keyBoundsSql); null when the table has no usable key (head read). */
  keyBounds: KeyBounds | null;
  /** 0 for the first try; 1 when the first sample came back too small and a larger fraction is asked for. */
  attempt: number;
  /** Uniform in [0, 1); injected so a test can make the starting points reproducible. */
  random: () => number;
}

export interface SampleStatement {
  sql: string;
  method: SampleMethod;
}

export interface DialectSampling {
  readonly largeTables: LargeTableSampling;
  /** The value family of a column type as this engine spells it. */
  valueKind(dataType: string): ValueKind;
  /** The expression that reads one column into the sample (binary columns come back as a digest, never their bytes). */
  selectExpression(column: SampleColumn): string;
  /** One row, one column: the engine's current row estimate for the table, or NULL when it has none. */
  rowEstimateSql(table: SampledTable): string;
  /**
   * A second, still cheap estimate for when the first is NULL on a table too large to count (PostgreSQL never
   * analyzed: a 1% page sample, counted); null when the engine has nothing better.
   */
  fallbackRowEstimateSql(table: SampledTable): { sql: string; scale: number } | null;
  /** One row, one column: count(*) of at most `cap` rows — reads no more than `cap` rows whatever the table's size. */
  cappedCountSql(table: SampledTable, cap: number): string;
  /** Every row of a small table, at most `limit`. */
  readAllSql(table: SampledTable, columns: readonly SampleColumn[], limit: number): string;
  /** Key-range engines: the integer column to range over (integer primary key, SQLite's rowid), else null. */
  samplingKey(structure: TableStructure): string | null;
  /** Key-range engines: one row with the key's min and max (both indexed look-ups). */
  keyBoundsSql(table: SampledTable, column: string): string;
  /** The sample of a large table. Never a full read: its cost is bounded by the rows asked for. */
  sampleSql(request: SampleRequest): SampleStatement;
}

// ---- shared pieces the engines build from -------------------------------------------------------------------

/** Ordered rules: the first pattern that matches a lower-cased type name decides its kind. */
export type ValueKindRules = readonly (readonly [RegExp, ValueKind])[];

/** Spellings common to the SQL engines; each engine puts its own specials in front. */
export const COMMON_VALUE_KIND_RULES: ValueKindRules = [
  [/^(bool|boolean|bit\(1\)|tinyint\(1\))$/, 'boolean'],
  [/interval/, 'other'],
  [/^(tiny|small|medium|big)?int(eger)?\d*\b|^(small|big)?serial|^(numeric|decimal|dec|number|real|float\d*|double|money|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint)\b/, 'number'],
  [/^(timestamp|datetime|date|time)/, 'date'],
  [/^(json|jsonb)$/, 'json'],
  [/^(bytea|blob|binary|varbinary|tinyblob|mediumblob|longblob|bit varying|varbit)\b/, 'binary'],
  [/char|text|clob|string|uuid|enum|citext|name$|set\(/, 'text'],
];

export function kindFromRules(rules: ValueKindRules, dataType: string): ValueKind {
  const type = dataType.trim().toLowerCase();
  for (const [pattern, kind] of rules) if (pattern.test(type)) return kind;
  return 'other';
}

/** A whole number for SQL text; refuses anything else so no value can change a statement's meaning. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer for SQL: ${value}`);
  return String(value);
}

/** A positive decimal for SQL text (sampling percentages), at most 6 decimals. */
export function sqlDecimal(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`not a non-negative number for SQL: ${value}`);
  return value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** `schema.table`, quoted, for engines where the schema qualifies the table. */
export function qualifiedName(quote: (name: string) => string, table: SampledTable): string {
  return `${quote(table.schema)}.${quote(table.name)}`;
}

/**
 * Starting points of a key-range sample: `chunks` random points in [min, max], sorted, each chunk reading from its
 * start up to (not including) the next start, so chunks never overlap and no row is read twice.
 */
export function keyRangeStarts(bounds: KeyBounds, chunks: number, random: () => number): number[] {
  const span = bounds.max - bounds.min + 1;
  const starts = new Set<number>();
  for (let i = 0; i < chunks * 4 && starts.size < chunks; i++) starts.add(bounds.min + Math.floor(random() * span));
  return [...starts].sort((a, b) => a - b);
}

/**
 * The key-range sample: `SELECT … FROM (… WHERE k >= s ORDER BY k LIMIT m) UNION ALL …`, one branch per chunk.
 * Each branch is an index range scan of at most m rows, so the whole statement reads at most `rows` rows.
 */
export function keyRangeSampleSql(options: {
  from: string;
  selectList: string;
  key: string;
  starts: readonly number[];
  rows: number;
}): string {
  const perChunk = Math.max(1, Math.ceil(options.rows / options.starts.length));
  return options.starts
    .map((start, i) => {
      const next = options.starts[i + 1];
      const upper = next === undefined ? '' : ` AND ${options.key} < ${sqlInteger(next)}`;
      return `SELECT * FROM (SELECT ${options.selectList} FROM ${options.from} WHERE ${options.key} >= ${sqlInteger(start)}${upper} ORDER BY ${options.key} LIMIT ${sqlInteger(perChunk)}) AS q${i}`;
    })
    .join(' UNION ALL ');
}

/**
 * Chunks of a key-range sample. Rows next to each other in key order are alike (an order's lines, a day's events), so
 * many short ranges represent a table better than a few long ones; each chunk is one index seek, so 50 cost little.
 */
export const KEY_RANGE_CHUNKS = 50;

/** At most this many random keys in one IN list (about 8 characters each in the statement). */
export const MAX_RANDOM_KEYS = 20_000;

/**
 * The sample of a key-range engine. When the key range is dense enough, random keys (`k IN (…)`): every row has the
 * same chance, each key is one index seek. Otherwise — a sparse key range, or a first try that came back thin —
 * random short key ranges (keyRangeSampleSql). Either way at most `rows` rows are read.
 */
export function keySampleSql(options: { from: string; selectList: string; key: string; request: SampleRequest & { keyBounds: KeyBounds } }): SampleStatement {
  const { request } = options;
  const span = request.keyBounds.max - request.keyBounds.min + 1;
  const density = Math.min(1, Math.max(request.tableRows, 1) / span);
  // No more keys than needed: the LIMIT would otherwise drop the highest keys and bias the sample to the low end.
  const keysWanted = Math.ceil(request.rows / density);
  if (request.attempt === 0 && keysWanted <= MAX_RANDOM_KEYS) {
    const keys = new Set<number>();
    const target = Math.min(keysWanted, span);
    if (target === span) for (let k = request.keyBounds.min; k <= request.keyBounds.max; k++) keys.add(k);
    while (keys.size < target) keys.add(request.keyBounds.min + Math.floor(request.random() * span));
    const list = [...keys].sort((a, b) => a - b).map(sqlInteger).join(',');
    return { sql: `SELECT ${options.selectList} FROM ${options.from} WHERE ${options.key} IN (${list}) LIMIT ${sqlInteger(request.rows)}`, method: 'random-keys' };
  }
  const starts = keyRangeStarts(request.keyBounds, KEY_RANGE_CHUNKS, request.random);
  return { sql: keyRangeSampleSql({ from: options.from, selectList: options.selectList, key: options.key, starts, rows: request.rows }), method: 'key-range' };
}

/**
 * Block sampling (PostgreSQL pages, DuckDB vectors) returns neighbouring rows together, and neighbours are alike: a
 * sample of 40 whole pages sees few repeats of a value spread over the table, and distinct estimates go wrong. So
 * `spread` times more blocks are sampled and each row kept with probability 1/spread: the same rows come back, from
 * many more blocks. Returns the block percentage and the keep probability (null when every row is kept).
 */
export function spreadBlockSample(rows: number, tableRows: number, attempt: number, spread: number): { percent: number; keep: number | null } {
  const fraction = oversampledFraction(rows, tableRows, attempt);
  const blocks = Math.min(1, fraction * spread);
  const keep = fraction / blocks;
  return { percent: Math.max(blocks * 100, 0.0001), keep: keep >= 1 ? null : keep };
}

/** How much more than asked a fraction-based sample requests, so its LIMIT is usually what stops it (×4 on a retry). */
export function oversampledFraction(rows: number, tableRows: number, attempt: number): number {
  return Math.min(1, (rows * 1.3 * 4 ** attempt) / Math.max(1, tableRows));
}
