// Statistics of one column from the rows read: null fraction, distinct count (exact when every row was read, else the
// Haas–Stokes Duj1 estimate PostgreSQL's ANALYZE uses), min/max/mean for numbers and dates, top values of
// low-cardinality columns, a few sample values, and the value patterns most values match.
import type { ValueKind } from '@querent/common';
import { detectPatterns, type PatternOptions, type ValuePattern } from './value-patterns';

export interface TopValue {
  value: string;
  /** Rows among those read that hold this value. */
  count: number;
}

export interface ColumnStatistics {
  /** The column type's value family; `date` too for a text column whose values are ISO dates. */
  kind: ValueKind;
  nullFraction: number;
  distinctCount: number;
  distinctExact: boolean;
  /** The smallest and largest value as read (numbers and dates only). */
  min: string | null;
  max: string | null;
  /** Numbers: the arithmetic mean; dates: the mean instant as epoch milliseconds (see formatMean). */
  mean: number | null;
  topValues: TopValue[];
  samples: string[];
  patterns: ValuePattern[];
}

export interface StatisticsOptions {
  kind: ValueKind;
  /** True when every row of the table was read: counts are then exact. */
  complete: boolean;
  /** Rows the table has (exact or estimated); the distinct estimator scales the sample up to it. */
  tableRows: number;
  /** Top values are listed when the column has at most this many distinct values (default 50). */
  lowCardinalityMax?: number;
  /** At most this many top values (default 10). */
  topValuesMax?: number;
  /** At most this many sample values (default 5), each cut to `sampleLength` characters (default 120). */
  samplesMax?: number;
  sampleLength?: number;
  patterns?: PatternOptions;
}

/** A value as the engine returned it, as one comparable key (numbers, booleans and objects as their text). */
export function valueKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return JSON.stringify(value);
}

/** Epoch milliseconds of a date value, or null: SQL's `YYYY-MM-DD HH:MM:SS` without a zone is read as UTC. */
export function dateMillis(value: string): number | null {
  const text = value.trim();
  let iso = text;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(.*)$/.exec(text);
  if (m) iso = `${m[1]}T${m[2]}${m[3] ? m[3].trim().replace(/^([+-]\d{2})$/, '$1:00') : 'Z'}`;
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Number of a numeric value (numbers, or decimals and big integers the engine sent as text), or null. */
export function numberOf(value: string): number | null {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The mean as a person reads it: the number, or the mean date as an ISO timestamp. */
export function formatMean(kind: ValueKind, mean: number | null): string | null {
  if (mean === null) return null;
  if (kind === 'date') return new Date(Math.round(mean)).toISOString();
  return String(Number.isInteger(mean) ? mean : Number(mean.toPrecision(12)));
}

/**
 * Haas & Stokes' Duj1 estimator (as in PostgreSQL's ANALYZE): D = n·d / (n − f1 + f1·n/N), with n the non-null values
 * read, d the distinct ones among them, f1 those seen exactly once and N the non-null rows of the table. When every
 * value read was unique the column is taken to be unique (D = N); the result is kept within [d, N].
 */
export function estimateDistinct(n: number, d: number, f1: number, totalNonNull: number): number {
  if (n === 0) return 0;
  const N = Math.max(totalNonNull, n);
  if (n >= N) return d;
  if (f1 >= n) return Math.round(N);
  const estimate = (n * d) / (n - f1 + (f1 * n) / N);
  return Math.round(Math.min(N, Math.max(d, estimate)));
}

export function computeColumnStatistics(values: readonly unknown[], options: StatisticsOptions): ColumnStatistics {
  const kind = options.kind;
  const counts = new Map<string, number>();
  let nulls = 0;
  for (const raw of values) {
    const key = valueKey(raw);
    if (key === null) nulls += 1;
    else counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const read = values.length;
  const nonNull = read - nulls;
  const nullFraction = read === 0 ? 0 : nulls / read;
  const distinctRead = counts.size;
  let singletons = 0;
  for (const c of counts.values()) if (c === 1) singletons += 1;
  const distinctCount = options.complete ? distinctRead : estimateDistinct(nonNull, distinctRead, singletons, options.tableRows * (1 - nullFraction));

  const patterns = kind === 'text' || kind === 'json' || kind === 'other' ? detectPatterns(stringCounts(values), options.patterns) : [];
  // Dates stored as text are dates for min, max and mean.
  const effectiveKind: ValueKind = kind === 'text' && patterns.includes('ISO_DATE') ? 'date' : kind;
  const range = effectiveKind === 'number' || effectiveKind === 'date' ? valueRange(counts, effectiveKind) : { min: null, max: null, mean: null };
  // Binary columns are read as a digest or a length: no value of theirs is worth showing.
  const showValues = kind !== 'binary';
  const lowCardinalityMax = options.lowCardinalityMax ?? 50;
  const topValues =
    showValues && distinctCount <= lowCardinalityMax
      ? [...counts]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .slice(0, options.topValuesMax ?? 10)
          .map(([value, count]) => ({ value, count }))
      : [];
  const sampleLength = options.sampleLength ?? 120;
  const samples = showValues ? [...counts.keys()].slice(0, options.samplesMax ?? 5).map((v) => (v.length > sampleLength ? `${v.slice(0, sampleLength - 1)}…` : v)) : [];

  return { kind: effectiveKind, nullFraction, distinctCount, distinctExact: options.complete, ...range, topValues, samples, patterns };
}

const NOT_A_STRING = Symbol('not a string');

/** Pattern detection tests strings only: values the engine returned as numbers or booleans count as non-matching. */
function stringCounts(values: readonly unknown[]): Map<unknown, number> {
  const out = new Map<unknown, number>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const key = typeof v === 'string' ? v : NOT_A_STRING;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function valueRange(counts: Map<string, number>, kind: 'number' | 'date'): { min: string | null; max: string | null; mean: number | null } {
  const toNumber = kind === 'number' ? numberOf : dateMillis;
  let min: { key: string; n: number } | null = null;
  let max: { key: string; n: number } | null = null;
  let sum = 0;
  let seen = 0;
  for (const [key, count] of counts) {
    const n = toNumber(key);
    if (n === null) continue;
    if (!min || n < min.n) min = { key, n };
    if (!max || n > max.n) max = { key, n };
    sum += n * count;
    seen += count;
  }
  if (seen > 0) return { min: min?.key ?? null, max: max?.key ?? null, mean: sum / seen };
  // Values of a date or number column that do not parse (times of day, SQLite's free typing): compare as text.
  const keys = [...counts.keys()].sort();
  return { min: keys[0] ?? null, max: keys.at(-1) ?? null, mean: null };
}
