// The English cue words of the offline planner, as data: comparisons, aggregates, superlatives, ordering, grouping,
// negation and set operations, each with what it means. Matching is on lower-case tokens; longest phrase wins.
import type { Token } from './question-lexer';
import type { AggregateFn, CompareOp } from './query-model';

export interface CuePhrase<T> {
  words: readonly string[];
  meaning: T;
}

export interface ComparatorMeaning {
  op: CompareOp | 'between';
  /** The cue comes after the number ("10 or more"). */
  postfix?: boolean;
  /** The comparative names its attribute ("older than" → age). */
  adjective?: string;
}

const cmp = (words: string, op: ComparatorMeaning['op'], extra: Partial<ComparatorMeaning> = {}): CuePhrase<ComparatorMeaning> => ({ words: words.split(' '), meaning: { op, ...extra } });

export const COMPARATORS: readonly CuePhrase<ComparatorMeaning>[] = [
  cmp('not equal to', '!='), cmp('other than', '!='), cmp('different from', '!='),
  cmp('no less than', '>='), cmp('not less than', '>='), cmp('no fewer than', '>='), cmp('not fewer than', '>='), cmp('at least', '>='),
  cmp('no more than', '<='), cmp('not more than', '<='), cmp('not higher than', '<='), cmp('not greater than', '<='), cmp('not larger than', '<='),
  cmp('not above', '<='), cmp('not over', '<='), cmp('not exceeding', '<='), cmp('at most', '<='), cmp('up to', '<='),
  cmp('not lower than', '>='), cmp('not below', '>='), cmp('not under', '>='), cmp('not smaller than', '>='),
  cmp('or more', '>=', { postfix: true }), cmp('or greater', '>=', { postfix: true }), cmp('or above', '>=', { postfix: true }),
  cmp('or higher', '>=', { postfix: true }), cmp('and above', '>=', { postfix: true }), cmp('or later', '>=', { postfix: true }), cmp('or after', '>=', { postfix: true }),
  cmp('or less', '<=', { postfix: true }), cmp('or fewer', '<=', { postfix: true }), cmp('or below', '<=', { postfix: true }),
  cmp('or lower', '<=', { postfix: true }), cmp('and below', '<=', { postfix: true }), cmp('or earlier', '<=', { postfix: true }), cmp('or before', '<=', { postfix: true }),
  cmp('more than', '>'), cmp('greater than', '>'), cmp('larger than', '>'), cmp('bigger than', '>'), cmp('higher than', '>'), cmp('longer than', '>', { adjective: 'long' }),
  cmp('heavier than', '>', { adjective: 'heavy' }), cmp('older than', '>', { adjective: 'old' }), cmp('later than', '>'), cmp('newer than', '>'), cmp('taller than', '>', { adjective: 'tall' }),
  cmp('above', '>'), cmp('over', '>'), cmp('exceeding', '>'), cmp('exceeds', '>'), cmp('exceed', '>'), cmp('after', '>'), cmp('beyond', '>'), cmp('greater', '>'), cmp('bigger', '>'), cmp('larger', '>'), cmp('higher', '>'),
  cmp('less than', '<'), cmp('fewer than', '<'), cmp('smaller than', '<'), cmp('lower than', '<'), cmp('shorter than', '<', { adjective: 'short' }),
  cmp('lighter than', '<', { adjective: 'light' }), cmp('younger than', '<', { adjective: 'young' }), cmp('earlier than', '<'), cmp('cheaper than', '<', { adjective: 'cheap' }),
  cmp('more expensive than', '>', { adjective: 'expensive' }),
  cmp('below', '<'), cmp('under', '<'), cmp('before', '<'), cmp('prior to', '<'), cmp('less', '<'), cmp('fewer', '<'), cmp('lower', '<'), cmp('smaller', '<'),
  cmp('since', '>='), cmp('from', '>=', { postfix: false }),
  cmp('equal to', '='), cmp('equals', '='), cmp('exactly', '='),
  cmp('between', 'between'),
];

export interface AggregateCue {
  fn: AggregateFn;
  /** Also a superlative ("highest X" may be MAX(X) or "the row with the highest X"). */
  superlative?: 'asc' | 'desc';
}

const agg = (words: string, fn: AggregateFn, superlative?: 'asc' | 'desc'): CuePhrase<AggregateCue> => ({ words: words.split(' '), meaning: { fn, superlative } });

export const AGGREGATES: readonly CuePhrase<AggregateCue>[] = [
  agg('the total number of', 'count'), agg('total number of', 'count'), agg('the number of', 'count'), agg('number of', 'count'), agg('count of', 'count'),
  agg('how many', 'count'), agg('count', 'count'), agg('amount of', 'count'),
  agg('average', 'avg'), agg('mean', 'avg'), agg('avg', 'avg'),
  agg('sum of', 'sum'), agg('total', 'sum'), agg('sum', 'sum'), agg('combined', 'sum'),
  agg('maximum', 'max', 'desc'), agg('max', 'max', 'desc'), agg('highest', 'max', 'desc'), agg('largest', 'max', 'desc'), agg('biggest', 'max', 'desc'),
  agg('greatest', 'max', 'desc'), agg('most', 'max', 'desc'), agg('top', 'max', 'desc'), agg('best', 'max', 'desc'), agg('longest', 'max', 'desc'),
  agg('minimum', 'min', 'asc'), agg('min', 'min', 'asc'), agg('lowest', 'min', 'asc'), agg('smallest', 'min', 'asc'), agg('least', 'min', 'asc'),
  agg('fewest', 'min', 'asc'), agg('worst', 'min', 'asc'), agg('bottom', 'min', 'asc'), agg('shortest', 'min', 'asc'),
];

/** Words that make an aggregate a superlative over rows ("the airline with the most flights"). */
export const SUPERLATIVE_WORDS = new Set(['most', 'least', 'fewest', 'highest', 'lowest', 'largest', 'smallest', 'biggest', 'greatest', 'maximum', 'minimum', 'max', 'min', 'best', 'worst', 'top', 'bottom', 'longest', 'shortest']);

export const ORDER_WORDS = new Set(['order', 'ordered', 'sort', 'sorted', 'sorting', 'ordering', 'rank', 'ranked', 'arrange']);
export const DESC_WORDS = new Set(['descending', 'decreasing', 'desc', 'reverse', 'reversed', 'descend']);
export const ASC_WORDS = new Set(['ascending', 'increasing', 'asc', 'alphabetical', 'alphabetically', 'lexicographic', 'ascend', 'chronological']);
export const DISTINCT_WORDS = new Set(['distinct', 'different', 'unique']);
export const GROUP_WORDS = new Set(['each', 'per', 'every']);
export const NEGATION_WORDS = new Set(['not', 'no', 'never', 'without', 'none', 'nobody', 'neither', 'nor']);
export const QUESTION_STARTS = new Set(['what', 'which', 'who', 'whom', 'whose', 'where', 'when', 'how', 'list', 'show', 'find', 'give', 'return', 'tell', 'display', 'get', 'count', 'name', 'identify', 'report', 'compute', 'calculate', 'select', 'provide', 'retrieve', 'please', 'i', 'can', 'could', 'in', 'for', 'among', 'of', 'is', 'are', 'do', 'does', 'did']);
/** Words that end the head of a question (what is asked) and begin a condition on it. */
export const CLAUSE_WORDS = new Set(['who', 'whose', 'that', 'which', 'where', 'whom', 'when', 'with', 'without', 'having', 'has', 'have', 'had', 'than', 'whether', 'if', 'but', 'while', 'whereas']);
/** "like", "containing": substring matches. */
export const LIKE_WORDS = new Set(['contain', 'contains', 'containing', 'contained', 'include', 'includes', 'including', 'substring', 'like', 'letter', 'word', 'phrase', 'string', 'mention', 'mentions', 'mentioning']);
export const START_LIKE_WORDS = new Set(['start', 'starts', 'starting', 'begin', 'begins', 'beginning', 'prefix']);
export const END_LIKE_WORDS = new Set(['end', 'ends', 'ending', 'suffix']);

/** The longest cue phrase starting at token `i`, or null. */
export function cueAt<T>(tokens: readonly Token[], i: number, cues: readonly CuePhrase<T>[]): { end: number; meaning: T; words: readonly string[] } | null {
  let best: { end: number; meaning: T; words: readonly string[] } | null = null;
  for (const cue of cues) {
    const n = cue.words.length;
    if (i + n > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < n; k++) if (tokens[i + k].lower !== cue.words[k]) { ok = false; break; }
    if (ok && (!best || n > best.words.length)) best = { end: i + n, meaning: cue.meaning, words: cue.words };
  }
  return best;
}

/** The cue phrase ending just before token `end` (exclusive), longest first. */
export function cueEndingAt<T>(tokens: readonly Token[], end: number, cues: readonly CuePhrase<T>[]): { start: number; meaning: T; words: readonly string[] } | null {
  let best: { start: number; meaning: T; words: readonly string[] } | null = null;
  for (const cue of cues) {
    const n = cue.words.length;
    const start = end - n;
    if (start < 0) continue;
    let ok = true;
    for (let k = 0; k < n; k++) if (tokens[start + k].lower !== cue.words[k]) { ok = false; break; }
    if (ok && (!best || n > best.words.length)) best = { start, meaning: cue.meaning, words: cue.words };
  }
  return best;
}
