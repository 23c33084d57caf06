// Reads how fresh tables are: the oldest and newest value of each table's dating column (`SELECT MIN(col), MAX(col)`), through the
// engine's read-only executor, each statement under a time limit. A table that cannot answer in time is left out.
import type { ReadOnlyExecutor } from '@querent/common';

export interface FreshnessProbe {
  schema: string;
  table: string;
  column: string;
}

export interface ValueRange {
  min: string | null;
  max: string | null;
}

export interface OpenedReader {
  executor: ReadOnlyExecutor;
  quoteIdentifier(name: string): string;
  close(): Promise<void>;
}

export interface LatestValueOptions {
  /** Time limit of each MAX statement. */
  timeoutMs: number;
  /** Tables read at most per generation; the rest rely on their profile. */
  maxProbes: number;
  /** Time for all of them; once spent, the remaining tables rely on their profile. */
  budgetMs: number;
}

export class LatestValueReader {
  constructor(
    private readonly open: (connectionId: string) => Promise<OpenedReader>,
    private readonly options: LatestValueOptions,
  ) {}

  /** `schema.table` → column → its oldest and newest value (nulls when the table is empty). */
  async read(connectionId: string, probes: readonly FreshnessProbe[]): Promise<Map<string, Map<string, ValueRange>>> {
    const found = new Map<string, Map<string, ValueRange>>();
    if (probes.length === 0) return found;
    const opened = await this.open(connectionId);
    const deadline = Date.now() + this.options.budgetMs;
    try {
      for (const probe of probes.slice(0, this.options.maxProbes)) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        const q = opened.quoteIdentifier;
        try {
          const result = await opened.executor.query(`SELECT MIN(${q(probe.column)}) AS earliest, MAX(${q(probe.column)}) AS latest FROM ${q(probe.schema)}.${q(probe.table)}`, { timeoutMs: Math.min(this.options.timeoutMs, left), maxRows: 1, maxBytes: 4096 });
          const [min, max] = result.rows[0] ?? [];
          const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
          const key = `${probe.schema}.${probe.table}`;
          found.set(key, new Map([...(found.get(key) ?? []), [probe.column, { min: text(min), max: text(max) }]]));
        } catch {
          // A slow or failing table keeps what its profile says; freshness is a hint, not a requirement.
        }
      }
    } finally {
      await opened.close().catch(() => undefined);
    }
    return found;
  }
}
