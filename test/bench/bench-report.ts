// The discovery benchmark's small statistics and printing helpers: medians, progress lines on stderr, the results
// table on stdout, and the machine-readable final lines.
import { performance } from 'node:perf_hooks';

const started = performance.now();

/** A progress line on stderr, stamped with the seconds since the benchmark started. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

export interface Sample {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function sample(values: readonly number[]): Sample {
  if (values.length === 0) throw new Error('no values to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, values: [...values] };
}

/** Times one async call in milliseconds (fractional). */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

export const ms = (value: number) => `${Math.round(value)} ms`;
export const int = (value: number) => String(Math.round(value));
export const spread = (s: Sample) => `${Math.round(s.median)} ms (min ${Math.round(s.min)}, max ${Math.round(s.max)}, n=${s.values.length})`;
export const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

export interface ReportRow {
  engine: string;
  measure: string;
  value: string;
  target?: string;
  /** true/false when there is a target; undefined for information rows. */
  met?: boolean;
}

/** A plain fixed-width table; wide cells simply push their column. */
export function renderTable(rows: readonly ReportRow[]): string {
  const header = ['engine', 'measure', 'value', 'target', 'met?'];
  const cells = rows.map((r) => [r.engine, r.measure, r.value, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const out = [line(header), rule];
  let previous = '';
  for (let i = 0; i < cells.length; i += 1) {
    if (previous && rows[i]!.engine !== previous) out.push(rule);
    previous = rows[i]!.engine;
    out.push(line(cells[i]!));
  }
  return out.join('\n');
}

/** `key=value` pairs in the given order, undefined values left out. */
export function keyValues(prefix: string, pairs: [string, string | number | undefined][]): string {
  return [prefix, ...pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v) : v}`)].join(' ');
}
