// Owns execution accuracy for question sets with gold SQL over one SQLite file: the result comparison of
// ../shared/bench/spider/evaluate.py (test-suite-sql-eval semantics) in TypeScript, over a read-only handle.
//
// Same as evaluate.py: results are bags of rows; the prediction's columns may be permuted (one permutation for
// all rows); row order matters only when the gold query has ORDER BY; two empty results are equal; a different
// row count or width is wrong; "> =" etc. are normalised; a prediction that fails, writes or returns more than
// maxRows rows is an error. Deliberate differences:
// - numbers compare within a relative tolerance (both sides rounded to NUMERIC_SIGNIFICANT_DIGITS significant
//   digits), so SUM over floats in another order, or AVG versus SUM/COUNT, still match;
// - DISTINCT is kept by default, because "distinct" is a capability the demo set measures; pass
//   `removeDistinct: true` for evaluate.py's default;
// - better-sqlite3 has no progress handler, so there is no per-query time limit: a runaway prediction blocks.
import Database from 'better-sqlite3';

/** 7 significant digits: values whose relative difference is below ~1e-6 compare equal. */
export const NUMERIC_SIGNIFICANT_DIGITS = 7;
const DEFAULT_MAX_ROWS = 200_000;

export interface GoldItem {
  id: string;
  sql: string;
}

export type Outcome = 'correct' | 'wrong' | 'error' | 'skipped' | 'gold_error';

export interface ItemScore {
  id: string;
  outcome: Outcome;
  goldRows?: number;
  predRows?: number;
  error?: string;
}

export interface SetScore {
  correct: number;
  total: number;
  perItem: ItemScore[];
}

export interface ScoreOptions {
  /** Strip DISTINCT from both queries before running them, as evaluate.py does by default. */
  removeDistinct?: boolean;
  /** A query returning more rows than this is an execution error. */
  maxRows?: number;
}

type Row = unknown[];
type RunResult = { ok: true; rows: Row[] } | { ok: false; error: string };

// The tokenizer of evaluate.py: quoted strings and identifiers stay whole so DISTINCT is only removed as a keyword.
const TOKEN = /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*|\s+|./gs;

export function postprocessSql(sql: string): string {
  return sql.replace(/> =/g, '>=').replace(/< =/g, '<=').replace(/! =/g, '!=');
}

export function removeDistinctKeyword(sql: string): string {
  return (sql.match(TOKEN) ?? []).filter((t) => t.toLowerCase() !== 'distinct').join('');
}

export function orderMatters(goldSql: string): boolean {
  return /\border\s+by\b/i.test(goldSql);
}

/** A value as a comparison key: numbers rounded to the tolerance, each tagged with its type so 2024 ≠ '2024'. */
function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `n:${String(value)}`;
    const rounded = Number(value.toPrecision(NUMERIC_SIGNIFICANT_DIGITS));
    return `n:${String(Object.is(rounded, -0) ? 0 : rounded)}`;
  }
  if (typeof value === 'bigint') return `n:${String(Number(Number(value).toPrecision(NUMERIC_SIGNIFICANT_DIGITS)))}`;
  if (typeof value === 'string') return `s:${value}`;
  if (Buffer.isBuffer(value)) return `b:${value.toString('base64')}`;
  return `o:${String(value)}`;
}

function rowKey(keys: readonly string[]): string {
  return JSON.stringify(keys);
}

/** A row with its column order forgotten (evaluate.py's _row_as_bag). */
function rowAsBag(keys: readonly string[]): string {
  return rowKey([...keys].sort());
}

function counter(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, n] of a) if (b.get(k) !== n) return false;
  return true;
}

/** Column permutations p (prediction column p[i] → gold column i) whose column bags match, each distinct one once. */
function* candidatePermutations(gold: string[][], pred: string[][], limit = 200_000): Generator<number[]> {
  const width = gold[0].length;
  const goldBags = Array.from({ length: width }, (_, i) => counter(gold.map((r) => r[i])));
  const predColumns = Array.from({ length: width }, (_, j) => pred.map((r) => r[j]));
  const predBags = predColumns.map((c) => counter(c));
  const allowed = goldBags.map((bag) => predBags.flatMap((predBag, j) => (sameCounts(bag, predBag) ? [j] : [])));
  const used = new Array<boolean>(width).fill(false);
  const perm = new Array<number>(width).fill(-1);
  let produced = 0;
  function* place(i: number): Generator<number[]> {
    if (produced > limit) return;
    if (i === width) {
      produced++;
      yield [...perm];
      return;
    }
    // Prediction columns with identical contents are interchangeable: try one of them.
    const tried = new Set<string>();
    for (const j of allowed[i]) {
      const content = rowKey(predColumns[j]);
      if (used[j] || tried.has(content)) continue;
      tried.add(content);
      used[j] = true;
      perm[i] = j;
      yield* place(i + 1);
      used[j] = false;
    }
  }
  yield* place(0);
}

/** True when `pred` denotes the same answer as `gold` (evaluate.py's result_eq, with the numeric tolerance). */
export function resultsEqual(gold: readonly Row[], pred: readonly Row[], ordered: boolean): boolean {
  if (gold.length === 0 && pred.length === 0) return true;
  if (gold.length !== pred.length) return false;
  const width = gold[0].length;
  if (pred[0].length !== width) return false;
  const g = gold.map((r) => r.map(valueKey));
  const p = pred.map((r) => r.map(valueKey));
  // Necessary condition: the same rows once column order is forgotten.
  const gBags = g.map(rowAsBag);
  const pBags = p.map(rowAsBag);
  if (ordered ? gBags.some((b, i) => b !== pBags[i]) : !sameCounts(counter(gBags), counter(pBags))) return false;
  const goldRows = g.map(rowKey);
  const goldCounts = ordered ? undefined : counter(goldRows);
  for (const perm of candidatePermutations(g, p)) {
    const permuted = p.map((r) => rowKey(perm.map((j) => r[j])));
    if (ordered ? permuted.every((r, i) => r === goldRows[i]) : sameCounts(goldCounts!, counter(permuted))) return true;
  }
  return false;
}

export function runReadOnly(db: Database.Database, sql: string, maxRows = DEFAULT_MAX_ROWS): RunResult {
  try {
    const statement = db.prepare(sql);
    if (!statement.reader) return { ok: false, error: 'not a query that returns rows' };
    const rows: Row[] = [];
    for (const row of statement.raw().iterate() as IterableIterator<Row>) {
      rows.push(row);
      if (rows.length > maxRows) return { ok: false, error: `more than ${maxRows} result rows` };
    }
    return { ok: true, rows };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function openReadOnly(dbPath: string): Database.Database {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma('query_only = 1');
  return db;
}

/**
 * Scores `predictions` (same order as `items`; null or '' means no answer) against the gold SQL of each item on
 * the SQLite database at `dbPath`, opened read-only.
 */
export function scoreSet(
  dbPath: string,
  items: readonly GoldItem[],
  predictions: ReadonlyArray<string | null | undefined>,
  options: ScoreOptions = {},
): SetScore {
  if (predictions.length !== items.length) {
    throw new RangeError(`scoreSet: ${predictions.length} predictions for ${items.length} items`);
  }
  const prepare = (sql: string): string => {
    const normalised = postprocessSql(sql);
    return options.removeDistinct ? removeDistinctKeyword(normalised) : normalised;
  };
  const db = openReadOnly(dbPath);
  try {
    const perItem = items.map((item, i): ItemScore => {
      const prediction = predictions[i]?.trim();
      if (!prediction) return { id: item.id, outcome: 'skipped' };
      const goldSql = prepare(item.sql);
      const gold = runReadOnly(db, goldSql, options.maxRows);
      if (!gold.ok) return { id: item.id, outcome: 'gold_error', error: gold.error };
      const pred = runReadOnly(db, prepare(prediction), options.maxRows);
      if (!pred.ok) return { id: item.id, outcome: 'error', goldRows: gold.rows.length, error: pred.error };
      const same = resultsEqual(gold.rows, pred.rows, orderMatters(goldSql));
      return { id: item.id, outcome: same ? 'correct' : 'wrong', goldRows: gold.rows.length, predRows: pred.rows.length };
    });
    return { correct: perItem.filter((r) => r.outcome === 'correct').length, total: items.length, perItem };
  } finally {
    db.close();
  }
}
