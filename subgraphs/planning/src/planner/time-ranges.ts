// Owns time in questions: relative and absolute ranges ("last quarter", "this year", "in 2024", "March 2024",
// "Q4 2024", "the last 30 days", "the first half of 2024") and buckets ("per month", "quarterly", "trend"). Relative
// ranges are anchored to the data's own latest date, never the wall clock, and resolved to literal dates.
import type { DateUnit } from '@querent/common';
import type { Token } from './question-lexer';

export type RangeSpec =
  | { kind: 'absolute'; from: string; to: string; label: string }
  /** `unit` periods back from the anchor's period (offset 0 = the anchor's own period, -1 = the one before). */
  | { kind: 'calendar'; unit: 'year' | 'quarter' | 'month' | 'week'; offset: number; label: string }
  /** The last `count` units ending with the anchor (days inclusive; months, quarters and years as whole periods). */
  | { kind: 'trailing'; unit: 'day' | 'week' | 'month' | 'quarter' | 'year'; count: number; label: string }
  | { kind: 'since'; from: string; label: string }
  | { kind: 'before'; to: string; label: string };

export interface TimeRangeSlot {
  spec: RangeSpec;
  start: number;
  end: number;
}

export interface TimeBucketSlot {
  unit: DateUnit;
  /** "trend", "over time", "developed": also sort by the bucket. */
  trend: boolean;
  start: number;
  end: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function monthIndex(word: string): number {
  const i = MONTHS.indexOf(word);
  if (i >= 0) return i;
  return word.length === 3 && word !== 'may' ? MONTH_ABBR.indexOf(word) : word === 'sept' ? 8 : -1;
}

const isYear = (t: Token | undefined): boolean => !!t && t.kind === 'number' && t.digits === true && Number.isInteger(t.number) && t.number! >= 1900 && t.number! <= 2100;

const UNIT_WORDS: Record<string, 'day' | 'week' | 'month' | 'quarter' | 'year'> = {
  day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month', quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year',
};

/** Ranges in the question, with the tokens they take. */
export function findTimeRanges(tokens: Token[]): TimeRangeSlot[] {
  const out: TimeRangeSlot[] = [];
  const w = (i: number) => tokens[i]?.lower ?? '';
  for (let i = 0; i < tokens.length; i++) {
    // "this year", "last quarter", "previous month", "current week"
    if (['this', 'last', 'previous', 'current', 'past', 'prior'].includes(w(i))) {
      const unitAt = UNIT_WORDS[w(i + 1)] ? i + 1 : -1;
      if (unitAt > 0 && ['year', 'quarter', 'month', 'week'].includes(UNIT_WORDS[w(unitAt)]) && !w(unitAt).endsWith('s')) {
        const unit = UNIT_WORDS[w(unitAt)] as 'year' | 'quarter' | 'month' | 'week';
        const offset = w(i) === 'this' || w(i) === 'current' ? 0 : -1;
        out.push({ spec: { kind: 'calendar', unit, offset, label: `${w(i)} ${w(unitAt)}` }, start: i, end: unitAt + 1 });
        i = unitAt;
        continue;
      }
      // "the last 30 days", "past 6 months", "last two years"
      const n = tokens[i + 1];
      if (n && n.kind === 'number' && UNIT_WORDS[w(i + 2)] && ['last', 'past', 'previous'].includes(w(i))) {
        out.push({ spec: { kind: 'trailing', unit: UNIT_WORDS[w(i + 2)], count: n.number!, label: `last ${n.text} ${w(i + 2)}` }, start: i, end: i + 3 });
        i += 2;
        continue;
      }
    }
    if (w(i) === 'ytd' || (w(i) === 'year' && w(i + 1) === 'to' && w(i + 2) === 'date')) {
      out.push({ spec: { kind: 'calendar', unit: 'year', offset: 0, label: 'year to date' }, start: i, end: w(i) === 'ytd' ? i + 1 : i + 3 });
      continue;
    }
    if (w(i) === 'today' || w(i) === 'yesterday') {
      out.push({ spec: { kind: 'trailing', unit: 'day', count: 1, label: w(i) }, start: i, end: i + 1 });
      continue;
    }
    // "Q4 2024", "Q4 of 2024"
    const q = /^q([1-4])$/.exec(w(i));
    if (q) {
      const yAt = isYear(tokens[i + 1]) ? i + 1 : w(i + 1) === 'of' && isYear(tokens[i + 2]) ? i + 2 : -1;
      if (yAt > 0) {
        const y = tokens[yAt].number!;
        const qn = Number(q[1]);
        out.push({ spec: { kind: 'absolute', from: iso(y, qn * 3 - 2, 1), to: iso(y, qn * 3, lastDay(y, qn * 3)), label: `Q${qn} ${y}` }, start: i, end: yAt + 1 });
        i = yAt;
        continue;
      }
    }
    // "the first half of 2024", "second half of 2023"
    if ((w(i) === 'first' || w(i) === 'second') && w(i + 1) === 'half' && w(i + 2) === 'of' && isYear(tokens[i + 3])) {
      const y = tokens[i + 3].number!;
      const first = w(i) === 'first';
      out.push({ spec: { kind: 'absolute', from: first ? iso(y, 1, 1) : iso(y, 7, 1), to: first ? iso(y, 6, 30) : iso(y, 12, 31), label: `${w(i)} half of ${y}` }, start: i, end: i + 4 });
      i += 3;
      continue;
    }
    // "March 2024", "in March of 2024"
    const mi = monthIndex(w(i));
    if (mi >= 0) {
      const yAt = isYear(tokens[i + 1]) ? i + 1 : w(i + 1) === 'of' && isYear(tokens[i + 2]) ? i + 2 : -1;
      if (yAt > 0) {
        const y = tokens[yAt].number!;
        out.push({ spec: { kind: 'absolute', from: iso(y, mi + 1, 1), to: iso(y, mi + 1, lastDay(y, mi + 1)), label: `${MONTHS[mi]} ${y}` }, start: i, end: yAt + 1 });
        i = yAt;
        continue;
      }
    }
  }
  return out;
}

const BUCKET_WORDS: Record<string, DateUnit> = {
  daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year', annual: 'year', annually: 'year',
};

/** "per month", "by quarter", "monthly", "each year", "year over year", "over time" / "trend". */
export function findTimeBuckets(tokens: Token[], columnWords: Set<string>): TimeBucketSlot[] {
  const out: TimeBucketSlot[] = [];
  const w = (i: number) => tokens[i]?.lower ?? '';
  const trendWords = new Set(['trend', 'trends', 'trended', 'trending', 'developed', 'development', 'evolved', 'evolution', 'changed', 'timeline', 'history']);
  const trend = tokens.some((t) => trendWords.has(t.lower)) || tokens.some((t, i) => t.lower === 'over' && w(i + 1) === 'time');
  for (let i = 0; i < tokens.length; i++) {
    const bucket = BUCKET_WORDS[w(i)];
    if (bucket) {
      out.push({ unit: bucket, trend, start: i, end: i + 1 });
      continue;
    }
    const unit = UNIT_WORDS[w(i)];
    if (!unit || columnWords.has(w(i).replace(/s$/, ''))) continue;
    // "year over year", "month by month", "month over month"
    if (['over', 'by', 'to'].includes(w(i + 1)) && UNIT_WORDS[w(i + 2)] === unit) {
      out.push({ unit, trend: true, start: i, end: i + 3 });
      i += 2;
      continue;
    }
    const coordinated = w(i - 1) === 'and' && tokens.slice(Math.max(0, i - 6), i).some((t) => ['by', 'per', 'each'].includes(t.lower));
    if ((['per', 'each', 'every', 'by'].includes(w(i - 1)) || coordinated) && !tokens[i].lower.endsWith('s')) {
      out.push({ unit, trend, start: i - 1, end: i + 1 });
      continue;
    }
    // "which months in 2024 had …": the unit named as what is listed
    if (['which', 'what'].includes(w(i - 1)) && tokens[i].lower.endsWith('s')) {
      out.push({ unit, trend: false, start: i, end: i + 1 });
      continue;
    }
    // "which month of 2025", "the month with the highest sales"
    if (['which', 'what'].includes(w(i - 1)) || (w(i - 1) === 'the' && ['with', 'of', 'that', 'had', 'has'].includes(w(i + 1)))) {
      out.push({ unit, trend: false, start: i, end: i + 1 });
    }
  }
  if (!out.length && trend) {
    const at = tokens.findIndex((t) => trendWords.has(t.lower) || t.lower === 'time');
    out.push({ unit: 'month', trend: true, start: at, end: at + 1 });
  }
  return out;
}

/** Literal [from, to] dates (inclusive) of a range anchored at `anchor` (an ISO date or date-time). */
export function resolveRange(spec: RangeSpec, anchor: string | null): { from: string | null; to: string | null; label: string } {
  if (spec.kind === 'absolute') return { from: spec.from, to: spec.to, label: spec.label };
  if (spec.kind === 'since') return { from: spec.from, to: null, label: spec.label };
  if (spec.kind === 'before') return { from: null, to: spec.to, label: spec.label };
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(anchor ?? '');
  if (!m) return { from: null, to: null, label: spec.label };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (spec.kind === 'calendar') {
    if (spec.unit === 'year') {
      const yy = y + spec.offset;
      return { from: iso(yy, 1, 1), to: iso(yy, 12, 31), label: `${spec.label} (${yy})` };
    }
    if (spec.unit === 'quarter') {
      let q = Math.floor((mo - 1) / 3) + spec.offset;
      let yy = y;
      while (q < 0) {
        q += 4;
        yy -= 1;
      }
      const start = q * 3 + 1;
      return { from: iso(yy, start, 1), to: iso(yy, start + 2, lastDay(yy, start + 2)), label: `${spec.label} (Q${q + 1} ${yy})` };
    }
    if (spec.unit === 'month') {
      const date = new Date(Date.UTC(y, mo - 1 + spec.offset, 1));
      const yy = date.getUTCFullYear();
      const mm = date.getUTCMonth() + 1;
      return { from: iso(yy, mm, 1), to: iso(yy, mm, lastDay(yy, mm)), label: `${spec.label} (${yy}-${pad(mm)})` };
    }
    // week: Monday to Sunday around the anchor
    const anchorDate = new Date(Date.UTC(y, mo - 1, d));
    const monday = new Date(anchorDate.getTime() - ((anchorDate.getUTCDay() + 6) % 7) * 86400000 + spec.offset * 7 * 86400000);
    const sunday = new Date(monday.getTime() + 6 * 86400000);
    return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10), label: spec.label };
  }
  // trailing
  const to = iso(y, mo, d);
  if (spec.unit === 'day' || spec.unit === 'week') {
    const days = spec.unit === 'day' ? spec.count : spec.count * 7;
    const from = new Date(Date.UTC(y, mo - 1, d) - (days - 1) * 86400000).toISOString().slice(0, 10);
    return { from, to, label: `${spec.label} (${from} to ${to})` };
  }
  if (spec.unit === 'month' || spec.unit === 'quarter') {
    const months = spec.unit === 'month' ? spec.count : spec.count * 3;
    const start = new Date(Date.UTC(y, mo - months, 1));
    return { from: iso(start.getUTCFullYear(), start.getUTCMonth() + 1, 1), to: iso(y, mo, lastDay(y, mo)), label: spec.label };
  }
  return { from: iso(y - spec.count + 1, 1, 1), to: iso(y, 12, 31), label: spec.label };
}

/** The day after an ISO date (for half-open `< next day` bounds that also catch times on the last day). */
export function nextDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + 86400000).toISOString().slice(0, 10);
}
