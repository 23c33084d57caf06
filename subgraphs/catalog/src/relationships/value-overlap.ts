// Value overlap: the share of a child column's distinct values (from a bounded sample of its rows) that the parent key
// holds, measured with one read-only statement per pair; and the bounded set of unnamed pairs worth measuring.
import type { ReadOnlyExecutor, TableStructure } from '@querent/common';
import type { OverlapMeasure } from './inferred-relationship';
import { compareKeyTypes, isKeyType, keyTypeFamily } from './key-types';
import { identifierWords, REFERENCE_SUFFIXES, type ColumnRef } from './naming-heuristics';
import { singular } from './inflector';
import { columnType, indexedColumns, singlePrimaryKey, uniqueColumns } from './table-keys';

/** Measures one child → parent pair; the port value-overlap inference runs through. */
export interface OverlapMeter {
  measure(child: ColumnRef, parent: ColumnRef): Promise<OverlapMeasure>;
}

/** Child rows read per measure: the sample is the first rows the engine hands out, so the cost is bounded. */
export const OVERLAP_SAMPLE_ROWS = 5000;

/**
 * One portable statement (PostgreSQL, MySQL/MariaDB, SQLite, DuckDB): distinct non-null values of the first
 * `sampleRows` child rows, and how many of them the parent column holds. Each look-up is an EXISTS on the parent
 * key, which is indexed when it is a primary or unique key.
 */
export function overlapSql(child: ColumnRef, parent: ColumnRef, quote: (name: string) => string, sampleRows = OVERLAP_SAMPLE_ROWS): string {
  const rows = Math.max(1, Math.floor(sampleRows));
  const childTable = `${quote(child.schema)}.${quote(child.table)}`;
  const parentTable = `${quote(parent.schema)}.${quote(parent.table)}`;
  return [
    'SELECT COUNT(*) AS sampled,',
    `  COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM ${parentTable} p WHERE p.${quote(parent.column)} = s.v) THEN 1 ELSE 0 END), 0) AS matched`,
    `FROM (SELECT DISTINCT r.v FROM (SELECT c.${quote(child.column)} AS v FROM ${childTable} c WHERE c.${quote(child.column)} IS NOT NULL LIMIT ${rows}) r) s`,
  ].join('\n');
}

export interface SqlOverlapMeterOptions {
  timeoutMs: number;
  sampleRows?: number;
  signal?: AbortSignal;
}

/** OverlapMeter over a read-only executor. */
export class SqlOverlapMeter implements OverlapMeter {
  constructor(
    private readonly executor: ReadOnlyExecutor,
    private readonly quote: (name: string) => string,
    private readonly options: SqlOverlapMeterOptions,
  ) {}

  async measure(child: ColumnRef, parent: ColumnRef): Promise<OverlapMeasure> {
    const result = await this.executor.query(overlapSql(child, parent, this.quote, this.options.sampleRows), {
      timeoutMs: this.options.timeoutMs,
      maxRows: 1,
      maxBytes: 4096,
      signal: this.options.signal,
    });
    const row = result.rows[0] ?? [0, 0];
    const sampled = Number(row[0] ?? 0);
    const matched = Number(row[1] ?? 0);
    return { sampled, matched, ratio: sampled > 0 ? Math.round((matched / sampled) * 10000) / 10000 : null };
  }
}

export interface UnnamedPair {
  child: ColumnRef;
  parent: ColumnRef;
  /** Words (or abbreviations) the child column shares with the parent table or key: 0 when none. */
  similarity: number;
  typeIdentical: boolean;
}

/** Pairs measured per child column at most, best first. */
export const PARENTS_PER_CHILD = 3;

function looksLikeReference(table: TableStructure, column: string, indexed: Set<string>): boolean {
  const words = identifierWords(column);
  const last = words[words.length - 1] ?? '';
  return Boolean(REFERENCE_SUFFIXES[last]) || (words.length === 1 && last.length > 4 && last.endsWith('id')) || indexed.has(column);
}

/** Shared words between a child column and a parent table or its key; an abbreviation (`addr`, `cust`) counts. */
function similarity(columnWords: string[], parentWords: string[]): number {
  const a = columnWords.filter((w) => !REFERENCE_SUFFIXES[w]).map(singular);
  const b = parentWords.filter((w) => !REFERENCE_SUFFIXES[w]).map(singular);
  let score = 0;
  for (const w of a) {
    if (b.includes(w)) score += 1;
    else if (w.length >= 3 && b.some((x) => x.length > w.length && x.startsWith(w))) score += 0.5;
  }
  return score;
}

/**
 * Child → parent pairs value overlap may find although no name links them, bounded so that a schema of thousands of
 * tables costs at most `limit` measures. A child is a key-typed column that looks like a reference (a reference
 * suffix, or it leads an index), is not its table's own single-column key and is not in `taken` (already related).
 * A parent is another base table's single-column primary key of a compatible type. Integer keys pair only when the
 * names share a word or an abbreviation (small integers are in every integer key, so data alone proves little);
 * text and UUID keys pair on type. Best pairs first: similarity, identical type, names.
 */
export function unnamedPairs(tables: readonly TableStructure[], taken: ReadonlySet<string>, limit: number): UnnamedPair[] {
  const parents = tables
    .filter((t) => t.kind === 'TABLE')
    .map((t) => ({ table: t, pk: singlePrimaryKey(t) }))
    .filter((p): p is { table: TableStructure; pk: string } => p.pk !== null && isKeyType(columnType(p.table, p.pk) ?? ''));
  const pairs: UnnamedPair[] = [];
  for (const child of tables) {
    if (child.kind !== 'TABLE') continue;
    const indexed = indexedColumns(child);
    const ownKeys = uniqueColumns(child);
    const pk = singlePrimaryKey(child);
    for (const column of child.columns) {
      if (taken.has(`${child.schema}\u0000${child.name}\u0000${column.name}`)) continue;
      if (column.name === pk || !isKeyType(column.dataType) || !looksLikeReference(child, column.name, indexed)) continue;
      if (ownKeys.has(column.name) && keyTypeFamily(column.dataType) === 'integer') continue; // its own surrogate key
      const columnWords = identifierWords(column.name);
      const options: UnnamedPair[] = [];
      for (const parent of parents) {
        if (parent.table === child) continue;
        const parentType = columnType(parent.table, parent.pk) ?? '';
        const match = compareKeyTypes(column.dataType, parentType);
        if (match === 'incompatible') continue;
        const score = similarity(columnWords, [...identifierWords(parent.table.name), ...identifierWords(parent.pk)]);
        const family = keyTypeFamily(parentType);
        if (score === 0 && family !== 'text' && family !== 'uuid') continue;
        options.push({
          child: { schema: child.schema, table: child.name, column: column.name },
          parent: { schema: parent.table.schema, table: parent.table.name, column: parent.pk },
          similarity: score,
          typeIdentical: match === 'identical',
        });
      }
      options.sort(comparePairs);
      pairs.push(...options.slice(0, PARENTS_PER_CHILD));
    }
  }
  return pairs.sort(comparePairs).slice(0, Math.max(0, limit));
}

function comparePairs(a: UnnamedPair, b: UnnamedPair): number {
  return (
    b.similarity - a.similarity ||
    Number(b.typeIdentical) - Number(a.typeIdentical) ||
    refOrder(a.child).localeCompare(refOrder(b.child)) ||
    refOrder(a.parent).localeCompare(refOrder(b.parent))
  );
}

function refOrder(ref: ColumnRef): string {
  return `${ref.schema}.${ref.table}.${ref.column}`;
}
