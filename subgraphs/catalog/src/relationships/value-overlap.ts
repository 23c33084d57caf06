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

/** Words that carry meaning for matching: lower case, singular, reference suffixes dropped. */
function meaningfulWords(name: string): string[] {
  return identifierWords(name).filter((w) => !REFERENCE_SUFFIXES[w]).map(singular);
}

/** Shared words between a child column and a parent table or its key; an abbreviation (`addr`, `cust`) counts half. */
function similarity(columnWords: readonly string[], parentWords: readonly string[]): number {
  let score = 0;
  for (const w of columnWords) {
    if (parentWords.includes(w)) score += 1;
    else if (w.length >= 3 && parentWords.some((x) => x.length > w.length && x.startsWith(w))) score += 0.5;
  }
  return score;
}

interface ParentKey {
  ref: ColumnRef;
  table: TableStructure;
  type: string;
  family: ReturnType<typeof keyTypeFamily>;
  words: string[];
  order: string;
}

/** Parent keys indexed by word (and sorted words for abbreviations) and, for text and UUID keys, by type. */
interface ParentKeyIndex {
  byWord: Map<string, ParentKey[]>;
  words: string[];
  /** Text and UUID keys by their spelled type (identical type), and by family (compatible), in name order. */
  byType: Map<string, ParentKey[]>;
  byFamily: Map<string, ParentKey[]>;
}

const typeSpelling = (t: string) => t.trim().toLowerCase();

function parentKeyIndex(tables: readonly TableStructure[]): ParentKeyIndex {
  const keys: ParentKey[] = [];
  for (const table of tables) {
    if (table.kind !== 'TABLE') continue;
    const pk = singlePrimaryKey(table);
    const type = pk ? columnType(table, pk) ?? '' : '';
    if (!pk || !isKeyType(type)) continue;
    const ref = { schema: table.schema, table: table.name, column: pk };
    keys.push({ ref, table, type, family: keyTypeFamily(type), words: [...new Set([...meaningfulWords(table.name), ...meaningfulWords(pk)])], order: refOrder(ref) });
  }
  keys.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const index: ParentKeyIndex = { byWord: new Map(), words: [], byType: new Map(), byFamily: new Map() };
  for (const key of keys) {
    for (const w of key.words) index.byWord.set(w, [...(index.byWord.get(w) ?? []), key]);
    if (key.family === 'text' || key.family === 'uuid') {
      index.byType.set(typeSpelling(key.type), [...(index.byType.get(typeSpelling(key.type)) ?? []), key]);
      index.byFamily.set(key.family, [...(index.byFamily.get(key.family) ?? []), key]);
    }
  }
  index.words = [...index.byWord.keys()].sort();
  return index;
}

/** A word more parent keys than this share (`entity`, `tbl`) tells them apart no better than no word at all. */
const MAX_PARENTS_PER_WORD = 25;

/** Parent keys sharing a word with the column, or holding a word the column's word abbreviates. */
function parentsByWords(columnWords: readonly string[], index: ParentKeyIndex): Set<ParentKey> {
  const found = new Set<ParentKey>();
  const add = (keys: ParentKey[] | undefined) => {
    if (keys && keys.length <= MAX_PARENTS_PER_WORD) for (const key of keys) found.add(key);
  };
  for (const w of columnWords) {
    add(index.byWord.get(w));
    if (w.length < 3) continue;
    // Binary search for the first word starting with w; every word with that prefix follows it.
    let lo = 0;
    let hi = index.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index.words[mid] < w) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < index.words.length && index.words[i].startsWith(w) && i - lo < MAX_PARENTS_PER_WORD; i += 1) add(index.byWord.get(index.words[i]));
  }
  return found;
}

/**
 * Child → parent pairs value overlap may find although no name links them, bounded so that a schema of thousands of
 * tables costs at most `limit` measures (and a few map look-ups per column to choose them). A child is a key-typed
 * column that looks like a reference (a reference suffix, or it leads an index), is not its table's own
 * single-column key and is not in `taken` (already related). A parent is another base table's single-column primary
 * key of a compatible type. Integer keys pair only when the names share a word or an abbreviation (small integers
 * are in every integer key, so data alone proves little); text and UUID keys pair on type. Best pairs first:
 * similarity, identical type, names; at most PARENTS_PER_CHILD per child.
 */
export function unnamedPairs(tables: readonly TableStructure[], taken: ReadonlySet<string>, limit: number): UnnamedPair[] {
  const index = parentKeyIndex(tables);
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
      const columnWords = meaningfulWords(column.name);
      const candidates = parentsByWords(columnWords, index);
      // Text and UUID keys also pair on type alone: the first few of identical type, then of the same family.
      const family = keyTypeFamily(column.dataType);
      const byType = [...(index.byType.get(typeSpelling(column.dataType)) ?? []), ...(family === 'unknown' ? [...(index.byFamily.get('text') ?? []), ...(index.byFamily.get('uuid') ?? [])] : index.byFamily.get(family) ?? [])];
      let typed = 0;
      for (const key of byType) {
        if (typed > 2 * PARENTS_PER_CHILD) break;
        if (key.table === child || candidates.has(key)) continue;
        candidates.add(key);
        typed += 1;
      }
      const options: UnnamedPair[] = [];
      for (const key of candidates) {
        if (key.table === child) continue;
        const match = compareKeyTypes(column.dataType, key.type);
        if (match === 'incompatible') continue;
        const score = similarity(columnWords, key.words);
        if (score === 0 && key.family !== 'text' && key.family !== 'uuid') continue;
        options.push({ child: { schema: child.schema, table: child.name, column: column.name }, parent: key.ref, similarity: score, typeIdentical: match === 'identical' });
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
