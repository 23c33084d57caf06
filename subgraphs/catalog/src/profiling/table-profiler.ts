// Profiles one table through a read-only executor within a time budget: measures it (engine estimate, then a count
// capped at the small-table size), reads every row of a small table or a bounded sample of a large one with the
// engine's own sampling, and computes each column's statistics. Reads only; writes nothing anywhere.
import { isQuerentError, QuerentError, type DialectSampling, type KeyBounds, type ReadOnlyExecutor, type SampleColumn, type SampledTable, type SampleMethod, type TableStructure } from '@querent/common';
import { computeColumnStatistics, type ColumnStatistics } from './column-statistics';

/** Tables up to this many rows are counted exactly and read whole. */
export const SMALL_TABLE_ROWS = 10_000;
export const MIN_SAMPLE_ROWS = 1_000;
export const MAX_SAMPLE_ROWS = 10_000;
/** Rows of a sample stop being collected past this many bytes (a table of wide text columns). */
const MAX_SAMPLE_BYTES = 64 * 1024 * 1024;

const RETRIED_METHODS = new Set<SampleMethod>(['tablesample-system', 'tablesample-bernoulli', 'using-sample-system', 'random-keys']);

/** How big a table is, as cheaply as can be told. */
export interface TableSize {
  /** The engine's estimate (null when it keeps none). */
  estimate: number | null;
  /** True when the table has at most SMALL_TABLE_ROWS rows: then `rows` is its exact count. */
  small: boolean;
  /** Exact count for a small table; the best estimate for a large one. */
  rows: number;
  /** What re-profiling compares: the exact count of a small table, the estimate of a large one. */
  measure: number;
}

export interface TableProfileResult {
  schema: string;
  table: string;
  rowCount: number;
  rowCountExact: boolean;
  rowEstimate: number;
  rowsSampled: number;
  sampleMethod: SampleMethod;
  columns: { name: string; statistics: ColumnStatistics }[];
  /** Queries sent and rows fetched into Querent for this table. */
  roundTrips: number;
  rowsRead: number;
  durationMs: number;
}

export interface ProfileTarget {
  schema: string;
  name: string;
  structure: TableStructure;
  /** The structure fingerprint the profile is taken at. */
  fingerprint: string;
}

export interface TableProfilerOptions {
  /** Rows a sample of a large table aims at (clamped to 1k–10k). */
  sampleRows: number;
  /** Everything for this table (measuring included) must finish by this time (ms since epoch). */
  deadline: number;
  /** Cancels the table's statements at the engine. */
  signal?: AbortSignal;
  random?: () => number;
  now?: () => number;
}

export function clampSampleRows(rows: number): number {
  if (!Number.isFinite(rows)) return MIN_SAMPLE_ROWS;
  return Math.min(MAX_SAMPLE_ROWS, Math.max(MIN_SAMPLE_ROWS, Math.round(rows)));
}

/** One table's reads, each bounded by what is left of the table's budget. */
class TableReader {
  roundTrips = 0;
  rowsRead = 0;

  constructor(
    private readonly executor: ReadOnlyExecutor,
    private readonly table: SampledTable,
    private readonly options: TableProfilerOptions,
    private readonly now: () => number,
  ) {}

  async rows(sql: string, maxRows: number): Promise<unknown[][]> {
    const timeoutMs = Math.floor(this.options.deadline - this.now());
    if (timeoutMs <= 0) throw this.overBudget();
    if (this.options.signal?.aborted) throw new QuerentError('CANCELLED', `profiling of ${this.name} was cancelled`);
    this.roundTrips += 1;
    try {
      const result = await this.executor.query(sql, { timeoutMs, maxRows, maxBytes: MAX_SAMPLE_BYTES, signal: this.options.signal });
      return result.rows;
    } catch (error) {
      if (isQuerentError(error) && error.code === 'QUERY_TIMEOUT') throw this.overBudget();
      if (isQuerentError(error) && error.code === 'QUERY_CANCELLED' && this.options.signal?.aborted) {
        throw new QuerentError('CANCELLED', `profiling of ${this.name} was cancelled`);
      }
      throw error;
    }
  }

  async scalar(sql: string): Promise<number | null> {
    const rows = await this.rows(sql, 1);
    const value = rows[0]?.[0];
    if (value === null || value === undefined) return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }

  get name(): string {
    return `${this.table.schema}.${this.table.name}`;
  }

  private overBudget(): QuerentError {
    return new QuerentError('PROFILE_BUDGET_EXCEEDED', `profiling ${this.name} ran out of its time budget; nothing was written for it`, { table: this.name });
  }
}

export class TableProfiler {
  constructor(
    private readonly executor: ReadOnlyExecutor,
    private readonly sampling: DialectSampling,
  ) {}

  /** Estimate first (one catalog look-up); a count capped at SMALL_TABLE_ROWS + 1 only when that says small or nothing. */
  async measure(table: SampledTable, options: TableProfilerOptions): Promise<TableSize> {
    return this.measureWith(new TableReader(this.executor, table, options, options.now ?? Date.now), table);
  }

  private async measureWith(reader: TableReader, table: SampledTable): Promise<TableSize> {
    const estimate = await reader.scalar(this.sampling.rowEstimateSql(table)).catch((error: unknown) => {
      // A table the engine has no estimate for (SQLite WITHOUT ROWID) is counted instead; budget and cancel stop us.
      if (isQuerentError(error) && (error.code === 'PROFILE_BUDGET_EXCEEDED' || error.code === 'CANCELLED' || error.code.startsWith('CONNECTION_'))) throw error;
      return null;
    });
    if (estimate !== null && estimate > SMALL_TABLE_ROWS) return { estimate, small: false, rows: estimate, measure: estimate };
    const counted = (await reader.scalar(this.sampling.cappedCountSql(table, SMALL_TABLE_ROWS + 1))) ?? 0;
    if (counted <= SMALL_TABLE_ROWS) return { estimate, small: true, rows: counted, measure: counted };
    // Larger than the estimate said, or no estimate at all: the engine's second opinion, or at least what was counted.
    const fallback = this.sampling.fallbackRowEstimateSql(table);
    const scaled = fallback ? ((await reader.scalar(fallback.sql)) ?? 0) * fallback.scale : 0;
    const rows = Math.max(estimate ?? 0, scaled, counted);
    return { estimate, small: false, rows, measure: rows };
  }

  /** Profiles a table; `size` is passed when the caller already measured it (to decide whether to re-profile). */
  async profile(target: ProfileTarget, options: TableProfilerOptions, size?: TableSize): Promise<TableProfileResult> {
    const now = options.now ?? Date.now;
    const started = now();
    const table: SampledTable = { schema: target.schema, name: target.name };
    const reader = new TableReader(this.executor, table, options, now);
    const measured = size ?? (await this.measureWith(reader, table));
    const columns: SampleColumn[] = target.structure.columns.map((c) => ({ name: c.name, dataType: c.dataType }));
    const sampleRows = clampSampleRows(options.sampleRows);

    let rows: unknown[][];
    let method: SampleMethod;
    if (measured.small) {
      rows = await reader.rows(this.sampling.readAllSql(table, columns, SMALL_TABLE_ROWS + 1), SMALL_TABLE_ROWS + 1);
      method = 'full';
    } else {
      const keyBounds = await this.keyBounds(reader, table, target.structure);
      const request = { table, columns, rows: sampleRows, tableRows: measured.rows, keyBounds, attempt: 0, random: options.random ?? Math.random };
      let statement = this.sampling.sampleSql(request);
      rows = await reader.rows(statement.sql, sampleRows);
      // A page or vector sample of a table whose estimate is too high, or random keys in a key range with large gaps,
      // come back thin: one more try (four times the fraction; key ranges instead of keys).
      if (rows.length < Math.min(sampleRows, measured.rows) / 2 && RETRIED_METHODS.has(statement.method)) {
        statement = this.sampling.sampleSql({ ...request, attempt: 1 });
        rows = await reader.rows(statement.sql, sampleRows);
      }
      method = statement.method;
    }

    // A small table read whole gives its exact count even if rows came or went since it was counted.
    const complete = measured.small;
    const rowCount = complete ? rows.length : measured.rows;
    const statistics = columns.map((column, i) => ({
      name: column.name,
      statistics: computeColumnStatistics(
        rows.map((r) => r[i]),
        { kind: this.sampling.valueKind(column.dataType), complete, tableRows: rowCount },
      ),
    }));
    reader.rowsRead += rows.length;
    return {
      schema: target.schema,
      table: target.name,
      rowCount,
      rowCountExact: complete,
      rowEstimate: measured.measure,
      rowsSampled: rows.length,
      sampleMethod: method,
      columns: statistics,
      roundTrips: reader.roundTrips,
      rowsRead: reader.rowsRead,
      durationMs: now() - started,
    };
  }

  /** Key-range engines: the key's bounds, or null (then a head read) when the table has no usable key. */
  private async keyBounds(reader: TableReader, table: SampledTable, structure: TableStructure): Promise<KeyBounds | null> {
    if (this.sampling.largeTables !== 'key-range') return null;
    const column = this.sampling.samplingKey(structure);
    if (!column) return null;
    try {
      const [row] = await reader.rows(this.sampling.keyBoundsSql(table, column), 1);
      const [min, max] = [Number(row?.[0]), Number(row?.[1])];
      return Number.isSafeInteger(min) && Number.isSafeInteger(max) && max >= min ? { column, min, max } : null;
    } catch (error) {
      // No rowid (SQLite WITHOUT ROWID): read from the start instead.
      if (isQuerentError(error) && (error.code === 'UNKNOWN_COLUMN' || error.code === 'QUERY_FAILED')) return null;
      throw error;
    }
  }
}
