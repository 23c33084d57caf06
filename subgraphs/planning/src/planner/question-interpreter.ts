// Owns intent and slot parsing: the tokens and linked mentions of a question become slots — what is asked (projection,
// aggregates), filters on values and numbers, grouping, ordering, superlatives, HAVING, nesting (above average, NOT IN)
// and set operations — by general English rules over cue words. No SQL here; the query builder turns slots into a model.
import { adjectiveBase, ATTRIBUTE_ADJECTIVES } from '../semantic/business-synonyms';
import { singular } from '../semantic/english-stemmer';
import type { LinkCandidate, Mention } from '../semantic/semantic-mapper';
import {
  AGGREGATES, ASC_WORDS, CLAUSE_WORDS, COMPARATORS, cueAt, cueEndingAt, DESC_WORDS, DISTINCT_WORDS, END_LIKE_WORDS, GROUP_WORDS,
  LIKE_WORDS, NEGATION_WORDS, ORDER_WORDS, START_LIKE_WORDS, SUPERLATIVE_WORDS, type ComparatorMeaning,
} from './question-cues';
import type { LexedQuestion, Token } from './question-lexer';
import type { AggregateFn, CompareOp } from './query-model';
import { findTimeBuckets, findTimeRanges, type TimeBucketSlot, type TimeRangeSlot } from './time-ranges';

export type Ref =
  | { kind: 'column'; mention: Mention }
  | { kind: 'table'; mention: Mention }
  | { kind: 'attribute'; adjective: string; pos: number }
  | { kind: 'metric'; mention: Mention };

export interface ProjectionSlot {
  /** null: every column (`*`). */
  ref: Ref | null;
  fn?: AggregateFn;
  distinct?: boolean;
  pos: number;
}

export interface CountSlot {
  /** What is counted: a table (rows), a column (values), or nothing said (the subject's rows). */
  ref: Ref | null;
  distinct: boolean;
  pos: number;
}

export interface NumberFilterSlot {
  /** Written with a % sign. */
  percent?: boolean;
  ref: Ref | null;
  op: CompareOp | 'between';
  values: number[];
  /** The number looks like a year and no column was named: a year or date column is meant. */
  yearLike: boolean;
  pos: number;
  branch: number;
  /** How it joins the filter before it in the same branch. */
  connector: 'and' | 'or';
  negated: boolean;
}

export interface ValueFilterSlot {
  mention: Mention;
  op: '=' | '!=' | 'like';
  likePattern?: string;
  /** A column named next to the value ("city Aberdeen", "with code 'AKO'"). */
  near: Mention | null;
  pos: number;
  branch: number;
  connector: 'and' | 'or';
}

export interface HavingSlot {
  fn: AggregateFn;
  /** null: COUNT(*) of the rows of `table` (or of the subject). */
  ref: Ref | null;
  table: Mention | null;
  op: CompareOp | 'between';
  values: number[];
  pos: number;
  branch: number;
}

export interface SuperlativeSlot {
  /** null with `count`: order by how many rows (of `countTable`) each group has. */
  ref: Ref | null;
  count: boolean;
  countTable: Mention | null;
  /** An aggregate inside the ordering ("highest average attendance" when the column repeats per row). */
  fn?: AggregateFn;
  direction: 'asc' | 'desc';
  limit: number;
  pos: number;
  /** Part of what is asked ("What is the highest age") rather than a condition ("the singer with the highest age"). */
  inHead: boolean;
  word: string;
  /** Ranked "by" a measure ("top 5 products by units sold"): per group, the measure adds up. */
  by?: boolean;
}

export interface OrderSlot {
  ref: Ref | null;
  count?: boolean;
  fn?: AggregateFn;
  direction: 'asc' | 'desc';
  pos: number;
}

export interface GroupSlot {
  ref: Ref;
  pos: number;
}

export interface NotInSlot {
  /** The related table that must have no matching row. */
  table: Mention | null;
  /** Every table named in the negated clause, in order (the first that is not the subject is the related one). */
  tables: Mention[];
  column: Mention | null;
  start: number;
  end: number;
  numberFilters: NumberFilterSlot[];
  valueFilters: ValueFilterSlot[];
}

export interface NestedCompareSlot {
  ref: Ref | null;
  op: CompareOp;
  fn: AggregateFn;
  /** Filters that apply inside the subquery ("…than the minimum staff of museums opened after 2010"). */
  innerNumberFilters: NumberFilterSlot[];
  pos: number;
}

export interface Interpretation {
  tokens: Token[];
  mentions: Mention[];
  headStart: number;
  headEnd: number;
  projections: ProjectionSlot[];
  count: CountSlot | null;
  numberFilters: NumberFilterSlot[];
  valueFilters: ValueFilterSlot[];
  having: HavingSlot[];
  superlatives: SuperlativeSlot[];
  orders: OrderSlot[];
  groups: GroupSlot[];
  notIns: NotInSlot[];
  nested: NestedCompareSlot[];
  distinct: boolean;
  limit: number | null;
  setOperation: 'INTERSECT' | 'EXCEPT' | 'UNION' | null;
  /** Mentions no slot used (context: they still pick tables and columns). */
  unused: Mention[];
  /** Cue words that fixed the meaning, for the explanation. */
  notes: string[];
  /** Question words the planner did not understand and that look like content (for "missing" answers). */
  unknownWords: string[];
  /** "name of the stadium": a mention and the mention that qualifies it. */
  attachments: Map<Mention, Mention>;
  /** Numbers that read as years, with the table named just before them ("a concert in 2014"). */
  yearTables: Map<NumberFilterSlot, Mention>;
  timeRanges: TimeRangeSlot[];
  timeBuckets: TimeBucketSlot[];
  /** "When was …": the answer is a date. */
  asksWhen: boolean;
}

const SKIPPABLE = new Set(['the', 'a', 'an', 'of', 'all', 'any', 'its', 'their', 'his', 'her', 'that', 'those', 'these', 'this', 'some', 'each', 'is', 'are', 'was', 'were', 'be', 'been', 'in', 'on', 'for', 'to', 'with', 'by', 'as', 'has', 'have', 'had', 'do', 'does', 'did', 'total', 'overall', 'whole', 'amount', 'number', 'value', 'level']);
const YEAR_MIN = 1000;
const YEAR_MAX = 2200;

export function bestCandidate(m: Mention, kind?: LinkCandidate['kind']): LinkCandidate | undefined {
  return kind ? m.candidates.find((c) => c.kind === kind) : m.candidates[0];
}

export function hasKind(m: Mention, kind: LinkCandidate['kind'], min = 0): boolean {
  return m.candidates.some((c) => c.kind === kind && c.score >= min);
}

/** The kind this mention most likely is, when read as a schema reference (value mentions excluded). */
export function schemaKind(m: Mention): 'column' | 'table' | 'metric' | null {
  const best = m.candidates.find((c) => c.kind !== 'value');
  if (!best) return null;
  if (best.kind === 'column' && best.column.isKey && !best.column.primaryKey) {
    // "countries" names the countries table, not car_makers.Country, the key that points at it
    const table = m.candidates.find((c) => c.kind === 'table' && c.score >= best.score - 0.05);
    if (table) return 'table';
  }
  return best.kind as 'column' | 'table' | 'metric';
}

export function isValueMention(m: Mention): boolean {
  if (m.quoted) return true;
  const best = m.candidates[0];
  if (!best || best.kind !== 'value') return false;
  // A word that is both a value and a good schema name ("course" the table vs a course called "Course") reads as schema
  // when the schema link is strong.
  const schema = m.candidates.find((c) => c.kind !== 'value');
  return !schema || schema.score < best.score + 0.1;
}

export class QuestionInterpreter {
  private readonly tokens: Token[];
  private readonly mentionAt: (Mention | undefined)[];
  private readonly used = new Set<Mention>();
  private readonly usedToken: boolean[];
  private readonly out: Interpretation;
  private readonly mentions: Mention[];
  private readonly timeRanges: TimeRangeSlot[];
  /** "name of the song": the mention a generic word is qualified by. */
  private readonly attachments = new Map<Mention, Mention>();

  constructor(lexed: LexedQuestion, mentions: Mention[]) {
    this.tokens = lexed.tokens;
    const ranges = findTimeRanges(lexed.tokens);
    const inRange = (m: Mention) => ranges.some((r) => m.start < r.end && m.end > r.start);
    this.mentions = compoundNouns(lexed.tokens, demoteCueWords(lexed.tokens, mentions.filter((m) => !inRange(m))), this.attachments);
    mentions = this.mentions;
    this.timeRanges = ranges;
    this.mentionAt = new Array(this.tokens.length).fill(undefined);
    for (const m of mentions) for (let i = m.start; i < m.end; i++) this.mentionAt[i] = m;
    this.usedToken = new Array(this.tokens.length).fill(false);
    this.out = {
      tokens: this.tokens, mentions, headStart: 0, headEnd: this.tokens.length, projections: [], count: null, numberFilters: [], valueFilters: [],
      having: [], superlatives: [], orders: [], groups: [], notIns: [], nested: [], distinct: false, limit: null, setOperation: null, unused: [], notes: [], unknownWords: [],
      attachments: this.attachments, yearTables: new Map(), timeRanges: [], timeBuckets: [], asksWhen: false,
    };
  }

  interpret(): Interpretation {
    this.findTime();
    this.findHead();
    this.findAttachments();
    this.findSetOperation();
    this.findNegatedRelations();
    this.findNestedComparisons();
    this.findValueFilters(this.out.valueFilters, 0, this.tokens.length);
    this.findNumbers(0, this.tokens.length, this.out.numberFilters, this.out.having);
    this.findOrdering();
    this.findSuperlatives();
    this.findGrouping();
    this.findAggregates();
    this.findProjection();
    this.out.distinct = this.tokens.slice(0, this.out.headEnd).some((t) => DISTINCT_WORDS.has(t.lower));
    this.out.unused = this.mentions.filter((m) => !this.used.has(m));
    return this.out;
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private tok(i: number): Token | undefined {
    return this.tokens[i];
  }

  private is(i: number, ...words: string[]): boolean {
    const t = this.tokens[i];
    return !!t && words.includes(t.lower);
  }

  private use(m: Mention | null | undefined): void {
    if (m) this.used.add(m);
  }

  private useTokens(from: number, to: number): void {
    for (let i = from; i < to; i++) this.usedToken[i] = true;
  }

  /** The next mention at or after `i`, skipping only filler words; null when something else comes first. */
  private mentionAfter(i: number, maxSkip = 3, skip: ReadonlySet<string> = SKIPPABLE): Mention | null {
    let skipped = 0;
    for (let k = i; k < this.tokens.length; k++) {
      const m = this.mentionAt[k];
      if (m) return m.start === k ? m : null;
      if (!skip.has(this.tokens[k].lower) || ++skipped > maxSkip) return null;
    }
    return null;
  }

  /** The mention ending right before `i` (exclusive), skipping filler words. */
  private mentionBefore(i: number, maxSkip = 2, skip: ReadonlySet<string> = SKIPPABLE): Mention | null {
    let skipped = 0;
    for (let k = i - 1; k >= 0; k--) {
      const m = this.mentionAt[k];
      if (m) return m;
      if (!skip.has(this.tokens[k].lower) || ++skipped > maxSkip) return null;
    }
    return null;
  }

  /** A column reading of the mention when it has one ("rank" is both the rankings table and a rank column). */
  private columnRef(m: Mention): Ref | null {
    const col = m.candidates.find((c) => c.kind === 'column' && c.score >= 0.5);
    if (col && schemaKind(m) === 'table') return { kind: 'column', mention: m };
    return this.refOf(m);
  }

  private refOf(m: Mention): Ref | null {
    const kind = schemaKind(m);
    if (!kind) return null;
    return { kind, mention: m } as Ref;
  }

  /** An adjective naming an attribute at token i ("youngest", "older", "heavy"). */
  private adjectiveAt(i: number): { base: string; degree: string } | null {
    const t = this.tokens[i];
    if (!t || t.kind !== 'word' || this.mentionAt[i]) return null;
    if (t.lower === 'aged' || t.lower === 'age') return null;
    return adjectiveBase(t.lower);
  }

  // ------------------------------------------------------------------------------------------------ head

  /** The head is what the question asks for: from after the question words to the first condition word. */
  private findHead(): void {
    const t = this.tokens;
    let start = 0;
    while (start < t.length && !(this.mentionAt[start] && !isValueMention(this.mentionAt[start]!)) && (t[start].kind === 'punct' || /^(what|which|who|whom|whose|where|when|how|list|show|find|give|return|tell|display|get|me|us|is|are|was|were|the|all|of|please|provide|identify|report|retrieve|select|compute|calculate|can|could|you|i|want|to|know|see)$/.test(t[start].lower))) {
      if (t[start].lower === 'how' && this.is(start + 1, 'many', 'much')) break;
      start++;
    }
    let seenMention = false;
    let end = t.length;
    for (let i = start; i < t.length; i++) {
      if (this.mentionAt[i]) {
        seenMention = true;
        i = this.mentionAt[i]!.end - 1;
        continue;
      }
      const w = t[i].lower;
      if (!seenMention) continue;
      if (CLAUSE_WORDS.has(w) || NEGATION_WORDS.has(w) || ['is', 'are', 'was', 'were', 'do', 'does', 'did', 'whose'].includes(w) || cueAt(t, i, COMPARATORS)) {
        if (w === 'than') continue;
        end = i;
        break;
      }
      if (t[i].kind === 'punct' && t[i].text !== ',') {
        end = i;
        break;
      }
    }
    // "How many different customers placed an order in 2024": what follows the counted noun is a condition
    if (t[start]?.lower === 'how' && this.is(start + 1, 'many')) {
      let k = start + 2;
      while (k < t.length && k < end && (!this.mentionAt[k] || isValueMention(this.mentionAt[k]!))) k++;
      if (this.mentionAt[k] && k < end) end = this.mentionAt[k]!.end;
    }
    this.out.headStart = start;
    this.out.headEnd = end;
  }

  // ------------------------------------------------------------------------------------------------ time

  /** Ranges and buckets; a unit word that names a column ("year" in a table with a year column) is that column. */
  private findTime(): void {
    this.out.timeRanges = this.timeRanges;
    for (const r of this.timeRanges) this.useTokens(r.start, r.end);
    const buckets = findTimeBuckets(this.tokens, new Set());
    this.out.timeBuckets = buckets.filter((b) => {
      for (let i = b.start; i < b.end; i++) {
        const m = this.mentionAt[i];
        if (m && m.candidates.some((c) => c.kind === 'column' && (c.score >= 0.9 || c.column.stems.includes(this.tokens[i].stem)))) return false;
      }
      return true;
    });
    for (const b of this.out.timeBuckets) if (b.start >= 0) this.useTokens(b.start, b.end);
    this.out.asksWhen = this.tokens[0]?.lower === 'when' || (this.tokens[0]?.lower === 'on' && this.tokens[1]?.lower === 'what' && ['date', 'day'].includes(this.tokens[2]?.lower ?? ''));
  }

  // ------------------------------------------------------------------------------------------------ attachments

  /** "the name of the stadium", "names of all singers", "the release year of the song": X qualifies the word before. */
  private findAttachments(): void {
    const t = this.tokens;
    // "For each continent, list its id, name, …": "its" points back at the last table named
    for (const m of this.mentions) {
      if (isValueMention(m) || schemaKind(m) !== 'column' || !this.is(m.start - 1, 'its', 'their')) continue;
      const owner = [...this.mentions].reverse().find((x) => x.end <= m.start && !isValueMention(x) && schemaKind(x) === 'table');
      if (!owner) continue;
      this.attachments.set(m, owner);
      let q = this.mentions.indexOf(m) + 1;
      while (q < this.mentions.length) {
        const next = this.mentions[q];
        const between = t.slice(this.mentions[q - 1].end, next.start).map((x) => x.lower);
        if (!between.every((w) => [',', 'and'].includes(w)) || isValueMention(next) || schemaKind(next) !== 'column') break;
        this.attachments.set(next, owner);
        q++;
      }
    }
    for (const m of this.mentions) {
      if (isValueMention(m) || schemaKind(m) !== 'column') continue;
      let k = m.end;
      if (!this.is(k, 'of', 'for')) continue;
      k++;
      while (this.is(k, 'the', 'all', 'each', 'every', 'a', 'an', 'those', 'these', 'its', 'their')) k++;
      const x = this.mentionAt[k];
      if (!x || x.start !== k || isValueMention(x)) continue;
      // "the number of products of each …" stays a grouping; a generic word ("name of each continent") attaches
      if ((t[k - 1]?.lower === 'each' || t[k - 1]?.lower === 'every') && !/^(name|names|id|ids|title|titles|code|codes)$/.test(t[m.start].lower)) continue;
      this.attachments.set(m, x);
      if (schemaKind(x) === 'column') this.use(x);
      // "the ids and names of the battles": the qualifier applies to the whole list before it
      let prev = this.mentions.indexOf(m) - 1;
      let gapStart = m.start;
      while (prev >= 0) {
        const p = this.mentions[prev];
        const between = t.slice(p.end, gapStart).map((x) => x.lower);
        if (!between.length || !between.every((w) => [',', 'and', 'the', 'its', 'their'].includes(w)) || isValueMention(p) || schemaKind(p) !== 'column' || this.attachments.has(p)) break;
        this.attachments.set(p, x);
        gapStart = p.start;
        prev--;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ set operations

  /** "both X and Y", "X but not Y", "X or has Y": filters in two branches combined by INTERSECT / EXCEPT / UNION. */
  private findSetOperation(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      if (t[i].lower === 'both') {
        // "both A and B": when A and B are alternatives of one column, a row cannot have both, so each gets a query.
        const andAt = t.findIndex((x, k) => k > i && x.lower === 'and');
        if (andAt > 0) this.out.notes.push(`"both … and …" asks for what the two share`);
        if (andAt > 0) this.branchAt = { op: 'INTERSECT', at: andAt };
        return;
      }
      if (t[i].lower === 'but' && this.is(i + 1, 'not')) {
        this.branchAt = { op: 'EXCEPT', at: i };
        this.out.notes.push(`"but not" removes what the second part matches`);
        return;
      }
    }
  }

  private branchAt: { op: 'INTERSECT' | 'EXCEPT' | 'UNION'; at: number } | null = null;

  private branchOf(pos: number): number {
    return this.branchAt && pos >= this.branchAt.at ? 1 : 0;
  }

  // ------------------------------------------------------------------------------------------------ NOT IN

  /** "without any concert", "who do not have a cat", "never won", "not used by any document". */
  private findNegatedRelations(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      const w = t[i].lower;
      let regionStart = -1;
      if (w === 'without' || w === 'never' || w === 'none') regionStart = i + 1;
      else if (w === 'except') regionStart = this.is(i + 1, 'for') ? i + 2 : i + 1;
      else if (w === 'no' && !this.is(i + 1, 'more', 'less', 'fewer', 'longer', 'later', 'earlier', 'higher', 'lower', 'greater', 'larger', 'smaller', 'bigger')) regionStart = i + 1;
      else if (w === 'not' && !cueAt(t, i, COMPARATORS) && !this.is(i + 1, 'equal') && !(i > 0 && this.is(i - 1, 'but'))) regionStart = i + 1;
      else if (w === 'not' && i > 0 && this.is(i - 1, 'but') && !this.branchAt) regionStart = i + 1;
      if (regionStart < 0) continue;
      // The region runs to the end of the clause.
      let end = t.length;
      for (let k = regionStart; k < t.length; k++) {
        if ((t[k].kind === 'punct' && t[k].text !== '\'') || (['and', 'but', 'or', 'who', 'which', 'whose', 'while'].includes(t[k].lower) && k > regionStart + 1)) {
          end = k;
          break;
        }
      }
      const inRegion = this.mentions.filter((m) => m.start >= regionStart && m.end <= end);
      // "not 'Boril'" or "not in 'USA'": a plain != on a value, handled with the value filters.
      const firstSchema = inRegion.find((m) => !isValueMention(m));
      const valueOnly = inRegion.find((m) => isValueMention(m));
      // "does not have a cat": only a value, whose table decides (the builder turns it into != when it is the subject's own)
      if (!firstSchema && !(valueOnly && (w === 'not' || w === 'never' || w === 'no') && this.tokens.slice(regionStart, valueOnly.start).some((x) => ['have', 'has', 'own', 'owns', 'had', 'any', 'a', 'an'].includes(x.lower)))) continue;
      const tables = inRegion.filter((m) => !isValueMention(m) && schemaKind(m) === 'table');
      const table = tables[0] ?? null;
      const column = table || !firstSchema ? null : firstSchema;
      const slot: NotInSlot = { table, column, start: regionStart, end, numberFilters: [], valueFilters: [], tables };
      this.use(table);
      this.use(column);
      this.findValueFilters(slot.valueFilters, regionStart, end);
      this.findNumbers(regionStart, end, slot.numberFilters, []);
      this.useTokens(i, end);
      this.out.notIns.push(slot);
      this.out.notes.push(`"${t[i].text}" keeps only rows with no matching ${(table ?? column ?? valueOnly)!.text}`);
      i = end;
    }
  }

  // ------------------------------------------------------------------------------------------------ nesting

  /** "above the average age", "older than average", "more than the minimum staff of …". */
  private findNestedComparisons(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      const c = cueAt(t, i, COMPARATORS);
      if (!c || c.meaning.op === 'between' || c.meaning.postfix) continue;
      let k = c.end;
      while (this.is(k, 'the', 'a', 'an', 'that', 'of', '-')) k++;
      const fnWord = t[k]?.lower;
      const fn: AggregateFn | null = fnWord === 'average' || fnWord === 'mean' || fnWord === 'avg' ? 'avg' : fnWord === 'minimum' || fnWord === 'min' || fnWord === 'lowest' || fnWord === 'smallest' ? 'min' : fnWord === 'maximum' || fnWord === 'max' || fnWord === 'highest' || fnWord === 'largest' ? 'max' : null;
      if (!fn) continue;
      if (this.mentionAt[k] && !['average', 'mean'].includes(fnWord)) continue;
      // the column: after the aggregate word, else before the comparator, else the comparative's own attribute
      let ref: Ref | null = null;
      let after = this.mentionAt[k] && this.mentionAt[k]!.start === k && fnWord !== 'average' ? null : this.mentionAfter(k + 1, 2);
      if (after && schemaKind(after) === 'table') {
        const next = this.mentionAfter(after.end, 1);
        if (next && schemaKind(next) === 'column') after = next;
      }
      if (after && !isValueMention(after)) ref = this.columnRef(after);
      const before = this.mentionBefore(i, 3);
      if (!ref && before && !isValueMention(before)) ref = this.refOf(before);
      if (!ref && c.meaning.adjective) ref = { kind: 'attribute', adjective: c.meaning.adjective, pos: i };
      if (!ref) {
        const adj = this.adjectiveAt(i);
        if (adj) ref = { kind: 'attribute', adjective: adj.base, pos: i };
      }
      if (ref && 'mention' in ref) this.use(ref.mention);
      if (after) this.use(after);
      // "books cost more than the average price": the word before the comparison is what is compared
      if (before && before.end >= i - 1 && schemaKind(before) === 'column' && !isValueMention(before)) this.use(before);
      const op = c.meaning.op as CompareOp;
      const slot: NestedCompareSlot = { ref, op, fn, innerNumberFilters: [], pos: i };
      let end = (after ? after.end : k + 1);
      // "… of all museums opened after 2010": filters that describe the compared set.
      if (fn !== 'avg' || this.is(end, 'of', 'for', 'among')) {
        let stop = t.length;
        for (let q = end; q < t.length; q++) if (t[q].kind === 'punct' || t[q].lower === 'and') { stop = q; break; }
        this.findNumbers(end, stop, slot.innerNumberFilters, []);
        if (slot.innerNumberFilters.length) end = stop;
      }
      this.useTokens(i, end);
      this.out.nested.push(slot);
      this.out.notes.push(`compares with the ${fn === 'avg' ? 'average' : fn === 'min' ? 'minimum' : 'maximum'}`);
    }
  }

  // ------------------------------------------------------------------------------------------------ values

  private findValueFilters(into: ValueFilterSlot[], from: number, to: number): void {
    const t = this.tokens;
    let last: ValueFilterSlot | null = null;
    for (const m of this.mentions) {
      if (m.start < from || m.end > to || this.used.has(m) || !isValueMention(m)) continue;
      if (this.usedToken[m.start]) continue;
      let op: ValueFilterSlot['op'] = '=';
      let likePattern: string | undefined;
      // look back over a few words for negation and substring cues
      const back = t.slice(Math.max(from, m.start - 4), m.start).map((x) => x.lower);
      const backNear = t.slice(Math.max(from, m.start - 2), m.start).map((x) => x.lower);
      const valueText = m.quoted ? t[m.start].text : m.text;
      if (back.some((w) => LIKE_WORDS.has(w)) || (m.quoted && !m.candidates.some((c) => c.kind === 'value' && c.score >= 0.9) && back.some((w) => ['with', 'has', 'having'].includes(w)) && back.includes('word'))) {
        op = 'like';
        likePattern = `%${valueText}%`;
      } else if (back.some((w) => START_LIKE_WORDS.has(w))) {
        op = 'like';
        likePattern = `${valueText}%`;
      } else if (back.some((w) => END_LIKE_WORDS.has(w))) {
        op = 'like';
        likePattern = `%${valueText}`;
      } else if (backNear.includes('not') || backNear.includes('except') || backNear.includes('excluding') || (back.includes('other') && back.includes('than')) || backNear.includes('no')) {
        op = '!=';
      }
      const near = this.columnNear(m, from, to);
      const connector: 'and' | 'or' = last && t.slice(last.mention.end, m.start).some((x) => x.lower === 'or') ? 'or' : 'and';
      const slot: ValueFilterSlot = { mention: m, op, likePattern, near, pos: m.start, branch: this.branchOf(m.start), connector };
      this.use(m);
      if (near) this.use(near);
      into.push(slot);
      last = slot;
    }
  }

  /** A column named right next to a value: "city Aberdeen", "Aberdeen city", "named X", "with code 'AKO'". */
  private columnNear(m: Mention, from: number, to: number): Mention | null {
    const before = this.mentionBefore(m.start, 2, new Set(['the', 'a', 'of', 'is', 'was', 'as', 'named', 'called', 'titled', 'equal', 'to', 'with']));
    const valueCols = new Set(m.candidates.filter((c) => c.kind === 'value').map((c) => (c as { column: unknown }).column));
    const fits = (x: Mention | null): boolean => !!x && x.start >= from && x.end <= to && !isValueMention(x) && x.candidates.some((c) => c.kind === 'column' && (valueCols.size === 0 || valueCols.has(c.column)));
    if (fits(before)) return before;
    const after = this.mentionAfter(m.end, 1, new Set(['the']));
    if (fits(after) && !this.is(m.end, 'of')) return after;
    return null;
  }

  // ------------------------------------------------------------------------------------------------ numbers

  /** Numbers: comparisons ("more than 4 cylinders", "age above 20"), HAVING ("more than 10 matches"), years, limits. */
  private findNumbers(from: number, to: number, filters: NumberFilterSlot[], having: HavingSlot[]): void {
    const t = this.tokens;
    for (let i = from; i < to; i++) {
      const tok = t[i];
      if (tok.kind !== 'number' || this.usedToken[i] || this.mentionAt[i]) continue;
      // limits: "top 5", "first 3", "the 3 youngest", "5 most"
      const rankingNoun = this.is(i - 1, 'which', 'what', 'the', 'our', 'my', 'these') && this.mentionAt[i + 1] && !isValueMention(this.mentionAt[i + 1]!) && this.hasSuperlative();
      if (this.is(i - 1, 'top', 'first', 'bottom', 'last') || rankingNoun || (this.isSuperlativeAt(i + 1) && !this.is(i - 1, 'than', 'least', 'most'))) {
        this.out.limit = tok.number!;
        this.usedToken[i] = true;
        continue;
      }
      if (tok.lower === 'once' || tok.lower === 'twice') {
        // "more than once" counts rows per group
      }
      let op: CompareOp | 'between' = '=';
      let adjective: string | undefined;
      let cueStart = i;
      const values = [tok.number!];
      let end = i + 1;
      // comparator before the number, maybe with the column between ("above age 20")
      let k = i;
      let between: Mention | null = null;
      const m0 = this.mentionBefore(i, 0);
      if (m0 && !isValueMention(m0) && m0.end === i) {
        between = m0;
        k = m0.start;
      }
      while (k > from && this.is(k - 1, 'the', 'a', 'an', 'of', 'is', 'are', 'was', 'were', 'aged', 'age', 'with', 'than')) {
        if (this.is(k - 1, 'than') && cueEndingAt(t, k, COMPARATORS)) break;
        k--;
      }
      let cue = cueEndingAt(t, k, COMPARATORS) ?? (this.is(k - 1, 'than') ? this.comparativeBefore(k - 1) : null);
      // "a greater weight than 10", "more horsepower than 150": the column sits inside the comparative
      if (!cue && this.is(i - 1, 'than') && this.mentionAt[i - 2] && !isValueMention(this.mentionAt[i - 2]!)) {
        const inner = this.mentionAt[i - 2]!;
        const word = t[inner.start - 1];
        const op: CompareOp | null = word && ['greater', 'more', 'larger', 'bigger', 'higher', 'longer'].includes(word.lower) ? '>' : word && ['less', 'fewer', 'smaller', 'lower', 'shorter'].includes(word.lower) ? '<' : null;
        if (op) {
          cue = { start: inner.start - 1, meaning: { op }, words: [word.lower] };
          between = inner;
        }
      }
      if (cue && !cue.meaning.postfix) {
        op = cue.meaning.op;
        adjective = cue.meaning.adjective;
        cueStart = cue.start;
        if (op === '>=' && cue.words[0] === 'from' && !(values[0] >= YEAR_MIN && values[0] <= YEAR_MAX)) {
          op = '=';
          cueStart = i;
        }
        if (!adjective) {
          const a = this.adjectiveAt(cue.start) ?? (cue.start > 0 ? this.adjectiveAt(cue.start) : null);
          if (a && a.degree === 'comparative') adjective = a.base;
        }
      } else if (!cue) {
        between = null;
      }
      // postfix comparator: "10 or more"
      const post = cueAt(t, i + 1, COMPARATORS);
      let postEnd = i + 1;
      if (post && post.meaning.postfix) {
        op = post.meaning.op;
        postEnd = post.end;
      }
      if (op === 'between' || (this.is(i + 1, 'and', 'to') && t[i + 2]?.kind === 'number' && (this.is(cueStart - 1, 'between') || this.is(i - 1, 'from')))) {
        if (t[i + 2]?.kind === 'number') {
          op = 'between';
          values.push(t[i + 2].number!);
          this.usedToken[i + 2] = true;
          end = i + 3;
          postEnd = end;
        }
      }
      // alternatives: "32 or 33", "2014 or 2015"; "both 2014 and 2015" splits branches
      const alternatives: number[] = [];
      let q = postEnd;
      while (op === '=' && this.is(q, 'or', ',') && t[q + 1]?.kind === 'number') {
        alternatives.push(t[q + 1].number!);
        this.usedToken[q + 1] = true;
        q += 2;
      }
      if (alternatives.length) postEnd = q;
      // what the number is about: a column between cue and number ("above age 20"), a noun after it ("4 cylinders",
      // "10 matches"), a column before it ("weight is heavier than 10"), or the comparative's own attribute
      let ref: Ref | null = between && !isValueMention(between) ? this.refOf(between) : null;
      let target: Mention | null = between;
      let countOf: Mention | null = null;
      if (!ref) {
        const after = this.mentionAfter(postEnd, 2, new Set(['the', 'of', 'different', 'distinct', 'in', 'worth']));
        if (after && !isValueMention(after) && !this.used.has(after) && schemaKind(after) === 'metric' && cue) {
          // "more than 20 million in revenue"
          having.push({ fn: 'sum', ref: { kind: 'metric', mention: after }, table: null, op, values, pos: i, branch: this.branchOf(i) });
          this.use(after);
          this.useTokens(Math.min(cueStart, i), after.end);
          continue;
        }
        if (after && !isValueMention(after) && !this.used.has(after) && schemaKind(after) !== 'metric' && after.start <= postEnd + 1) {
          if (schemaKind(after) === 'table' || this.isNameColumn(after)) countOf = after;
          else if (!this.numberFits(after, tok)) {
            // "in 2025" next to a text column: not a value of it
          } else {
            ref = this.refOf(after);
            target = after;
          }
        } else if (this.is(postEnd, 'years', 'year') && this.is(postEnd + 1, 'old')) {
          ref = { kind: 'attribute', adjective: 'old', pos: i };
          this.useTokens(postEnd, postEnd + 2);
        }
      }
      if (!ref && !countOf) {
        const before = this.mentionBefore(cue ? cueStart : i, 3, new Set(['is', 'are', 'was', 'were', 'of', 'the', 'a', 'with', 'has', 'have', 'had', 'been', 'value', 'equal', 'to', 'in', 'being', 'that', 'which', 'weighing', 'aged']));
        if (before && !isValueMention(before) && schemaKind(before) === 'column' && !this.isNameColumn(before) && this.numberFits(before, tok)) {
          ref = this.refOf(before);
          target = before;
        } else if (before && !isValueMention(before) && schemaKind(before) === 'metric' && cue && !(tok.digits && tok.number! >= YEAR_MIN && tok.number! <= YEAR_MAX)) {
          // "revenue above 1,000,000": a condition on the metric
          having.push({ fn: 'sum', ref: { kind: 'metric', mention: before }, table: null, op, values, pos: i, branch: this.branchOf(i) });
          this.use(before);
          this.useTokens(Math.min(cueStart, i), Math.max(end, postEnd));
          continue;
        }
      }
      if (!ref && !countOf && adjective) ref = { kind: 'attribute', adjective, pos: i };
      if (!ref && !countOf) {
        const a = this.adjectiveAt(i + 1);
        if (a) ref = { kind: 'attribute', adjective: a.base, pos: i };
        const prevWord = t[cueStart - 1]?.lower;
        if (!ref && (prevWord === 'aged' || t[i - 1]?.lower === 'aged')) ref = { kind: 'attribute', adjective: 'old', pos: i };
        if (!ref && (prevWord === 'weighing' || t[i - 1]?.lower === 'weighing' || prevWord === 'weigh' || prevWord === 'weighed')) ref = { kind: 'attribute', adjective: 'heavy', pos: i };
      }
      if (ref && ref.kind === 'column' && target && tok.digits && tok.number! >= 1900 && tok.number! <= 2100 && this.is(i - 1, 'in', 'during', 'since', 'of', 'for') && !this.is(i - 1, 'than')) {
        const c = target.candidates.find((x) => x.kind === 'column');
        if (c && c.kind === 'column' && c.column.type !== 'date' && !c.column.stems.includes('year')) {
          ref = null;
          target = null;
        }
      }
      const yearLike = !ref && !countOf && tok.digits === true && values.every((v) => Number.isInteger(v) && v >= YEAR_MIN && v <= YEAR_MAX);
      // "more than once" / "more than 3 times": counts per group
      const times = this.is(postEnd, 'times', 'time') || tok.lower === 'once' || tok.lower === 'twice';
      const branch = this.branchOf(i);
      const aggBefore = target && target.start > 0 ? cueEndingAt(t, this.skipBack(target.start), AGGREGATES) : null;
      if (ref && ref.kind === 'column' && aggBefore && aggBefore.meaning.fn !== 'count' && cue && target) {
        having.push({ fn: aggBefore.meaning.fn, ref, table: null, op, values, pos: i, branch: this.branchOf(i) });
        this.use(target);
        this.useTokens(aggBefore.start, Math.max(end, postEnd));
        continue;
      }
      if ((countOf || times) && (cue || op !== '=')) {
        having.push({ fn: 'count', ref: null, table: countOf, op, values, pos: i, branch });
        this.use(countOf);
        if (countOf) end = Math.max(end, countOf.end);
      } else if (countOf) {
        continue;
      } else if (ref || yearLike || cue) {
        const negated = this.is(cueStart - 1, 'not') && op === '=';
        const prev = filters[filters.length - 1];
        const connector: 'and' | 'or' = prev && t.slice(prev.pos, cueStart).some((x) => x.lower === 'or') ? 'or' : 'and';
        const slot: NumberFilterSlot = { ref, op, values, yearLike, pos: i, branch, connector, negated, percent: tok.percent };
        filters.push(slot);
        if (yearLike) {
          const near = this.tableBefore(cueStart, 5);
          if (near) this.out.yearTables.set(slot, near);
        }
        for (const alt of alternatives) {
          const altSlot: NumberFilterSlot = { ref, op: '=', values: [alt], yearLike, pos: i, branch, connector: 'or', negated };
          filters.push(altSlot);
          if (this.out.yearTables.has(slot)) this.out.yearTables.set(altSlot, this.out.yearTables.get(slot)!);
        }
        if (target) this.use(target);
      } else {
        continue;
      }
      this.useTokens(Math.min(cueStart, i), Math.max(end, postEnd));
    }
  }

  /** Back over articles before `i` (exclusive): the index where an aggregate word would end. */
  private skipBack(i: number): number {
    let k = i;
    while (k > 0 && this.is(k - 1, 'the', 'a', 'an')) k--;
    return k;
  }

  /** A number can be a value of (or a bound on) the column: numeric, dated, or a text column holding that number. */
  private numberFits(m: Mention, tok: Token): boolean {
    const c = m.candidates.find((x) => x.kind !== 'value');
    if (!c || c.kind !== 'column') return true;
    if (c.column.type === 'number' || c.column.type === 'date' || c.column.type === 'boolean') return true;
    const values = [...(c.column.source.profile?.topValues ?? []).map((v) => v.value), ...(c.column.source.profile?.samples ?? [])];
    return values.length === 0 || values.includes(String(tok.number));
  }

  /** A text column that names rows ("3 manufacturers" linked to car_makers.Maker): counting it counts its table. */
  private isNameColumn(m: Mention): boolean {
    const c = m.candidates.find((x) => x.kind !== 'value');
    return !!c && c.kind === 'column' && c.column.type === 'text' && (c.column.table.display === c.column || c.column.stems.some((s) => c.column.table.stems.includes(s)));
  }

  /** The nearest table mention ending at most `window` tokens before `i`. */
  private tableBefore(i: number, window: number): Mention | null {
    for (let k = i - 1; k >= Math.max(0, i - window); k--) {
      const m = this.mentionAt[k];
      if (m && !isValueMention(m) && schemaKind(m) === 'table') return m;
    }
    return null;
  }

  /** "heavier than", "more expensive than": a comparative just before `than` at `thanAt`. */
  private comparativeBefore(thanAt: number): { start: number; meaning: ComparatorMeaning; words: readonly string[] } | null {
    const a = this.adjectiveAt(thanAt - 1);
    if (!a) return null;
    const dir = ATTRIBUTE_ADJECTIVES[a.base].direction;
    return { start: thanAt - 1, meaning: { op: dir === 'desc' ? '>' : '<', adjective: a.base }, words: [this.tokens[thanAt - 1].lower, 'than'] };
  }

  private hasSuperlative(): boolean {
    return this.tokens.some((t, k) => SUPERLATIVE_WORDS.has(t.lower) || ['best', 'worst'].some((w) => t.lower.startsWith(w)) || (this.adjectiveAt(k)?.degree === 'superlative'));
  }

  private isSuperlativeAt(i: number): boolean {
    const t = this.tokens[i];
    if (!t) return false;
    if (SUPERLATIVE_WORDS.has(t.lower)) return true;
    const a = this.adjectiveAt(i);
    return !!a && a.degree === 'superlative';
  }

  // ------------------------------------------------------------------------------------------------ ordering

  private findOrdering(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      const w = t[i].lower;
      if (!ORDER_WORDS.has(w) || this.usedToken[i]) continue;
      if ((w === 'rank' || w === 'ranked') && this.mentionAt[i]) continue;
      if (this.mentionAt[i] && !this.is(i + 1, 'by', 'of') && !ASC_WORDS.has(t[i - 1]?.lower ?? '') && !DESC_WORDS.has(t[i - 1]?.lower ?? '') && !this.is(i - 1, 'in', 'the')) continue;
      // the clause: "ordered by X", "in descending order of X", "sorted by X from high to low"
      let clauseStart = i;
      while (clauseStart > 0 && (ASC_WORDS.has(t[clauseStart - 1].lower) || DESC_WORDS.has(t[clauseStart - 1].lower) || this.is(clauseStart - 1, 'in', 'the', 'an', 'and', 'by'))) clauseStart--;
      let clauseEnd = i + 1;
      let ref: Ref | null = null;
      let direction: 'asc' | 'desc' = 'asc';
      let k = i + 1;
      while (k < t.length && this.is(k, 'by', 'of', 'the', 'in', 'on', 'according', 'to', 'their', 'its', 'them', 'results', 'result', 'it', 'all')) k++;
      const m = this.mentionAt[k];
      if (m && !isValueMention(m)) {
        ref = this.refOf(m);
        this.use(m);
        clauseEnd = m.end;
      } else {
        // "sort … by their age", or the order comes before: "by age in descending order"
        const before = this.mentionBefore(clauseStart, 2, new Set(['by', 'the', 'their', 'its', 'of']));
        if (before && !isValueMention(before) && this.tokens.slice(before.end, clauseStart).some((x) => x.lower === 'by')) {
          ref = this.refOf(before);
          this.use(before);
        } else {
          const adj = this.adjectiveAt(k) ?? this.adjectiveAt(k + 1);
          if (adj) ref = { kind: 'attribute', adjective: adj.base, pos: k };
        }
      }
      const window = t.slice(clauseStart, Math.min(t.length, clauseEnd + 8)).map((x) => x.lower);
      if (window.some((x) => DESC_WORDS.has(x))) direction = 'desc';
      const fromTo = window.indexOf('from');
      if (fromTo >= 0 && window.indexOf('to', fromTo) > fromTo) {
        const a = window.slice(fromTo + 1, window.indexOf('to', fromTo)).filter((x) => !['the', 'a'].includes(x));
        const first = a[0];
        if (['high', 'highest', 'large', 'largest', 'most', 'big', 'biggest', 'greatest', 'z', 'new', 'newest', 'latest', 'recent'].includes(first)) direction = 'desc';
        const adj = first ? adjectiveBase(first) : null;
        if (adj) {
          const dir = ATTRIBUTE_ADJECTIVES[adj.base].direction;
          direction = dir;
          if (!ref) ref = { kind: 'attribute', adjective: adj.base, pos: i };
        }
      }
      this.useTokens(clauseStart, clauseEnd);
      this.out.orders.push({ ref, direction, pos: i });
    }
    // "from the oldest to the youngest" without an order word
    for (let i = 0; i < t.length - 2; i++) {
      if (t[i].lower !== 'from' || this.usedToken[i]) continue;
      let k = i + 1;
      if (this.is(k, 'the')) k++;
      const a = this.adjectiveAt(k);
      const toAt = t.findIndex((x, j) => j > k && x.lower === 'to');
      const b = toAt > 0 ? this.adjectiveAt(this.is(toAt + 1, 'the') ? toAt + 2 : toAt + 1) : null;
      if (a && b && a.base !== b.base) {
        this.out.orders.push({ ref: { kind: 'attribute', adjective: a.base, pos: k }, direction: ATTRIBUTE_ADJECTIVES[a.base].direction, pos: i });
        this.useTokens(i, toAt + 3);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ superlatives

  private findSuperlatives(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      if (this.usedToken[i] || this.mentionAt[i]) continue;
      const w = t[i].lower;
      const adj = this.adjectiveAt(i);
      let isWord = SUPERLATIVE_WORDS.has(w);
      if (!isWord && !(adj && adj.degree === 'superlative')) continue;
      if (this.rankedBy(i, w, isWord || adj?.degree === 'superlative' ? (['most', 'highest', 'largest', 'biggest', 'greatest', 'maximum', 'max', 'best', 'top', 'longest'].includes(w) || (adj ? ATTRIBUTE_ADJECTIVES[adj.base].direction === 'desc' : false) ? 'desc' : 'asc') : 'desc')) continue;
      if (isWord && adj && adj.degree === 'superlative') {
        // "longest match" is about duration; "longest distance" names its column
        const next = this.mentionAfter(i + 1, 2);
        if (!next || schemaKind(next) !== 'column') isWord = false;
      }
      if ((w === 'most' || w === 'least') && this.adjectiveAt(i + 1)) {
        // "most expensive": the adjective's attribute
        const a2 = this.adjectiveAt(i + 1)!;
        const dir = ATTRIBUTE_ADJECTIVES[a2.base].direction;
        this.pushSuperlative({ ref: { kind: 'attribute', adjective: a2.base, pos: i }, count: false, countTable: null, direction: w === 'most' ? dir : dir === 'asc' ? 'desc' : 'asc', limit: this.out.limit ?? 1, pos: i, inHead: this.inHead(i), word: w });
        this.useTokens(i, i + 2);
        continue;
      }
      let direction: 'asc' | 'desc' = ['most', 'highest', 'largest', 'biggest', 'greatest', 'maximum', 'max', 'best', 'top', 'longest'].includes(w) ? 'desc' : 'asc';
      if (adj && !isWord) {
        direction = ATTRIBUTE_ADJECTIVES[adj.base].direction;
        this.pushSuperlative({ ref: { kind: 'attribute', adjective: adj.base, pos: i }, count: false, countTable: null, direction, limit: this.out.limit ?? 1, pos: i, inHead: false, word: w });
        this.useTokens(i, i + 1);
        continue;
      }
      const request = this.laterRequest();
      if (['maximum', 'minimum', 'max', 'min'].includes(w) && (this.inHead(i) || (request && i >= request[0] && i < request[1]))) {
        const next = this.mentionAfter(i + 1, 2);
        if (next && schemaKind(next) === 'column' && !isValueMention(next)) continue;
      }
      // what the superlative is about
      let k = i + 1;
      let fn: AggregateFn | undefined;
      let countWords = false;
      let unknown = 0;
      while (k < t.length && (this.mentionAt[k] && isValueMention(this.mentionAt[k]!) ? ((k = this.mentionAt[k]!.end - 1), true) : !this.mentionAt[k]) && (this.mentionAt[k] || SKIPPABLE.has(t[k].lower) || ['common', 'frequent', 'often', 'popular', 'times', 'frequently', 'commonly', 'average', 'total', 'sum', 'count'].includes(t[k].lower) || (t[k].kind === 'word' && !CLAUSE_WORDS.has(t[k].lower) && !NEGATION_WORDS.has(t[k].lower) && !['in', 'at', 'of', 'among', 'from', 'for', 'by', 'on', 'and', 'or', 'to'].includes(t[k].lower) && ++unknown <= 1)) && k - i <= 5) {
        if (t[k].lower === 'number' || t[k].lower === 'count' || t[k].lower === 'amount') countWords = true;
        if (t[k].lower === 'average') fn = 'avg';
        if (t[k].lower === 'total' || t[k].lower === 'sum') fn = 'sum';
        if (['common', 'frequent', 'often', 'popular', 'frequently', 'commonly', 'times'].includes(t[k].lower)) countWords = true;
        k++;
      }
      const m = this.mentionAt[k]?.start === k ? this.mentionAt[k]! : null;
      const limit = this.out.limit ?? 1;
      if (m && !isValueMention(m) && !this.used.has(m)) {
        const kind = schemaKind(m);
        const columnFirst = kind === 'table' && m.candidates.some((c) => c.kind === 'column' && c.score >= 0.9) && !['most', 'least', 'fewest'].includes(w);
        if (kind === 'table' && !columnFirst) {
          this.pushSuperlative({ ref: null, count: true, countTable: m, direction, limit, pos: i, inHead: this.inHead(i), word: w });
        } else if (countWords && (t.slice(i + 1, k).some((x) => ['common', 'frequent', 'popular', 'often', 'frequently', 'commonly'].includes(x.lower)))) {
          // "the most common hometown": group by the column, order by how often
          this.pushSuperlative({ ref: this.refOf(m), count: true, countTable: null, direction, limit, pos: i, inHead: this.inHead(i), word: w });
        } else {
          this.pushSuperlative({ ref: this.columnRef(m), count: false, countTable: null, fn, direction: this.inverted(m, direction), limit, pos: i, inHead: this.inHead(i), word: w });
        }
        this.use(m);
        this.useTokens(i, m.end);
        continue;
      }
      // "… the most" / "most times" / "most often": rows per group
      const rest = t.slice(i + 1, k).map((x) => x.lower);
      const pluralNoun = t[k] && t[k].kind === 'word' && !this.mentionAt[k] && /s$/.test(t[k].lower) && (!t[k + 1] || t[k + 1].kind === 'punct');
      if (countWords || pluralNoun || rest.includes('times') || k >= t.length || t[k]?.kind === 'punct' || ['in', 'at', 'of', 'among', 'from'].includes(t[k]?.lower ?? '')) {
        if (['most', 'least', 'fewest'].includes(w)) {
          this.pushSuperlative({ ref: null, count: true, countTable: null, direction, limit, pos: i, inHead: this.inHead(i), word: w });
          this.useTokens(i, k);
          continue;
        }
      }
      // superlative before the noun it ranks by, after the noun: "which model has the largest horsepower" handled above;
      // "the one with the highest" + nothing: leave it
    }
  }

  /** "top 5 customers by revenue", "the biggest client by revenue": ranked by what follows "by". */
  private rankedBy(i: number, w: string, direction: 'asc' | 'desc'): boolean {
    if (!['top', 'bottom', 'best', 'worst', 'biggest', 'largest', 'smallest', 'highest', 'lowest', 'most', 'least', 'greatest'].includes(w)) return false;
    const byAt = this.tokens.findIndex((x, q) => q > i && x.lower === 'by' && !this.usedToken[q] && !this.is(q - 1, 'ordered', 'sorted', 'order', 'sort', 'ranked'));
    const byMention = byAt > 0 && byAt - i <= 6 ? this.mentionAfter(byAt + 1, 2) : null;
    if (!byMention || isValueMention(byMention)) return false;
    const kind = schemaKind(byMention);
    if (kind !== 'metric' && kind !== 'column') return false;
    this.pushSuperlative({ ref: kind === 'metric' ? { kind: 'metric', mention: byMention } : this.columnRef(byMention), count: false, countTable: null, direction, limit: this.out.limit ?? 1, pos: i, inHead: false, word: w, by: true });
    this.use(byMention);
    this.useTokens(i, i + 1);
    this.useTokens(byAt, byMention.end);
    return true;
  }

  private inverted(m: Mention, direction: 'asc' | 'desc'): 'asc' | 'desc' {
    const last = m.text.toLowerCase().split(/\s+/).pop() ?? '';
    return /^(rank|ranks|ranking|rankings|position|place|seed)$/.test(last) ? (direction === 'asc' ? 'desc' : 'asc') : direction;
  }

  private pushSuperlative(s: SuperlativeSlot): void {
    this.out.superlatives.push(s);
  }

  private inHead(i: number): boolean {
    return i >= this.out.headStart && i < this.out.headEnd;
  }

  // ------------------------------------------------------------------------------------------------ grouping

  private findGrouping(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      const w = t[i].lower;
      if (this.usedToken[i]) continue;
      let m: Mention | null = null;
      if (GROUP_WORDS.has(w) || (w === 'by' && !this.is(i - 1, 'ordered', 'sorted', 'order', 'sort', 'ranked'))) {
        m = this.mentionAfter(i + 1, 3, new Set(['of', 'the', 'different', 'distinct', 'unique', 'their', 'its', 'individual', 'single', 'type', 'kind']));
      } else if (w === 'for' && this.is(i + 1, 'different', 'all', 'the')) {
        let k = i + 1;
        while (this.is(k, 'all', 'the', 'different', 'distinct', 'number', 'of', 'kinds', 'types')) k++;
        if (t.slice(i + 1, k).some((x) => DISTINCT_WORDS.has(x.lower))) {
          m = this.mentionAt[k]?.start === k ? this.mentionAt[k]! : null;
          if (m) this.useTokens(i, k);
        }
      } else if (w === 'across' || w === 'in') {
        continue;
      }
      if (!m || isValueMention(m)) continue;
      if (w === 'by') {
        // "owned by students", "made by": a verb's agent, not a grouping; grouping "by" follows a measure.
        const prev = t[i - 1];
        if (!prev || /ed$/.test(prev.lower) || ['made', 'sold', 'won', 'taught', 'held', 'written', 'built', 'given', 'played', 'done', 'run', 'lost', 'bought', 'paid', 'them', 'it'].includes(prev.lower)) continue;
        if (schemaKind(m) === 'table' && !this.hasMeasure()) continue;
      }
      if (w === 'every' && !this.hasAggregateCue()) continue;
      const ref = this.refOf(m);
      if (!ref) continue;
      this.out.groups.push({ ref, pos: i });
      this.use(m);
      this.useTokens(i, m.end);
      // "by channel and status", "per country and segment"
      let q = m.end;
      while (this.is(q, 'and', ',') && !this.is(q + 1, 'the', 'what', 'how', 'which', 'also')) {
        const next = this.mentionAfter(q + 1, 1, new Set(['the', 'each', 'per', 'by']));
        if (!next || isValueMention(next) || this.used.has(next) || schemaKind(next) === 'metric') break;
        const r2 = this.refOf(next);
        if (!r2) break;
        this.out.groups.push({ ref: r2, pos: next.start });
        this.use(next);
        this.useTokens(q, next.end);
        q = next.end;
      }
    }
  }

  /** A measure is asked for: a count, an aggregate word or a metric. */
  private hasMeasure(): boolean {
    return this.hasAggregateCue() || this.mentions.some((m) => schemaKind(m) === 'metric');
  }

  private hasAggregateCue(): boolean {
    return this.tokens.some((x, i) => !this.mentionAt[i] && (['number', 'count', 'average', 'total', 'sum', 'maximum', 'minimum', 'max', 'min', 'avg', 'mean'].includes(x.lower) || (x.lower === 'how' && this.is(i + 1, 'many', 'much'))));
  }

  // ------------------------------------------------------------------------------------------------ aggregates

  private findAggregates(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      if (this.usedToken[i] || (this.mentionAt[i] && this.mentionAt[i]!.start !== i)) continue;
      if (this.mentionAt[i]) continue;
      const cue = cueAt(t, i, AGGREGATES);
      if (!cue) continue;
      if (cue.meaning.superlative && !['maximum', 'max', 'minimum', 'min'].includes(cue.words[0])) continue;
      if (cue.words[0] === 'count' && this.is(i + 1, 'the') && this.is(i + 2, 'number')) continue;
      // coordinated aggregates: "average, minimum, and maximum age"
      const fns: AggregateFn[] = [cue.meaning.fn];
      let k = cue.end;
      for (;;) {
        let q = k;
        while (this.is(q, ',', 'and', 'the', 'or')) q++;
        const next = q > k ? cueAt(t, q, AGGREGATES) : null;
        if (!next || next.meaning.fn === 'count' || this.mentionAt[q]) break;
        fns.push(next.meaning.fn);
        k = next.end;
      }
      let distinct = false;
      let unknownWords = 0;
      while (k < t.length && !this.mentionAt[k] && (SKIPPABLE.has(t[k].lower) || DISTINCT_WORDS.has(t[k].lower) || (fns[0] !== 'count' && t[k].kind === 'word' && !CLAUSE_WORDS.has(t[k].lower) && !['in', 'at', 'for', 'from', 'by', 'per', 'and', 'or', 'to'].includes(t[k].lower) && ++unknownWords <= 1))) {
        if (DISTINCT_WORDS.has(t[k].lower)) distinct = true;
        k++;
      }
      let m = this.mentionAt[k]?.start === k ? this.mentionAt[k]! : null;
      if (fns.length === 1 && fns[0] === 'count') {
        // "how many Enterprise customers", "how many active products": past values and adjectives to the noun
        let q = k;
        let steps = 0;
        while (q < t.length && steps < 3) {
          const here = this.mentionAt[q];
          if (here && here.start === q && !isValueMention(here)) break;
          if (here && isValueMention(here)) q = here.end;
          else if (t[q].kind === 'word' && !CLAUSE_WORDS.has(t[q].lower) && !['in', 'of', 'at', 'from', 'by', 'for', 'per', 'did', 'do', 'does', 'are', 'is', 'were', 'was', 'have', 'has', 'we'].includes(t[q].lower)) q++;
          else break;
          steps++;
        }
        const noun = this.mentionAt[q]?.start === q ? this.mentionAt[q]! : null;
        if ((!m || isValueMention(m)) && noun && !isValueMention(noun) && schemaKind(noun) === 'table') m = noun;
      }
      if (fns.length === 1 && fns[0] === 'count') {
        const ref = m && !isValueMention(m) ? this.refOf(m) : null;
        if (ref && ref.kind === 'column' && m && isQuantityColumn(m) && (cue.words.includes('total') || /^(quantit|unit|qty|volum|amount)/.test(m.candidates.find((c) => c.kind === 'column' && c.column === (m!.candidates.find((x) => x.kind !== 'value') as { column?: unknown })?.column)?.kind === 'column' ? stemsOf(m) : ''))) {
          this.out.projections.push({ ref, fn: 'sum', pos: i });
          this.use(m);
          this.useTokens(i, m.end);
          continue;
        }
        if (!this.out.count) this.out.count = { ref, distinct, pos: i };
        else if (ref && !this.out.count.ref) this.out.count.ref = ref;
        if (ref) this.use(m);
        this.useTokens(i, m && ref ? m.end : k);
        continue;
      }
      if (fns.includes('sum') && m && schemaKind(m) === 'table' && cue.words[0] === 'total') {
        // "total number of …" handled as count; "total orders" means how many
        if (!this.out.count) this.out.count = { ref: this.refOf(m), distinct, pos: i };
        this.use(m);
        this.useTokens(i, m.end);
        continue;
      }
      if (!m || isValueMention(m)) {
        // "What is the average and maximum capacity" — handled when a column follows; an aggregate word alone stays a word
        continue;
      }
      const ref = this.columnRef(m);
      if (!ref || ref.kind === 'table') continue;
      // "the total number of tours" where tours is a quantity column: a sum
      for (const fn of fns) this.out.projections.push({ ref, fn, distinct, pos: i });
      this.use(m);
      this.useTokens(i, m.end);
      // "average and maximum age of X and Y": more columns coordinated after the first
      let q = m.end;
      while (this.is(q, ',', 'and') && this.mentionAt[q + 1] && !this.used.has(this.mentionAt[q + 1]!) && schemaKind(this.mentionAt[q + 1]!) === 'column' && !isValueMention(this.mentionAt[q + 1]!) && this.inHead(q + 1)) {
        const m2 = this.mentionAt[q + 1]!;
        for (const fn of fns) this.out.projections.push({ ref: this.refOf(m2), fn, distinct, pos: q + 1 });
        this.use(m2);
        q = m2.end;
      }
    }
    // "how many … does each X have" / "count": a count with no noun counts the subject's rows
  }

  // ------------------------------------------------------------------------------------------------ projection

  /** A sentence after the first that starts with a request verb ("List the name and id."): its token span. */
  private laterRequest(): [number, number] | null {
    const t = this.tokens;
    for (let i = 1; i < t.length; i++) {
      if (!['?', '.', ';'].includes(t[i - 1].text)) continue;
      let k = i;
      while (this.is(k, 'only', 'just', 'please', 'also', 'and')) k++;
      if (!this.is(k, 'list', 'show', 'give', 'return', 'find', 'tell', 'display', 'provide', 'include')) continue;
      let end = t.length;
      for (let q = k + 1; q < t.length; q++) if (['?', '.', ';'].includes(t[q].text)) { end = q; break; }
      return [k + 1, end];
    }
    return null;
  }

  /** "of the stadiums", "for all singers", "by each maker": the noun is what the question is about, not what it lists. */
  private afterPreposition(start: number): boolean {
    let k = start - 1;
    const skippable = (q: number): boolean => {
      const m = this.mentionAt[q];
      if (m) return isValueMention(m);
      const w = this.tokens[q].lower;
      return ['the', 'all', 'each', 'every', 'a', 'an', 'different', 'distinct', 'those', 'these', 'its', 'their', 'our', 'my', 'your', 'some', 'any', 'unique', 'most', 'least', 'very'].includes(w) || SUPERLATIVE_WORDS.has(w) || !!this.adjectiveAt(q);
    };
    while (k >= 0 && skippable(k)) k--;
    return k >= 0 && ['of', 'for', 'by', 'in', 'from', 'on', 'at', 'among', 'across', 'with', 'about', 'to', 'between', 'into', 'per'].includes(this.tokens[k].lower);
  }

  private findProjection(): void {
    const { headStart, headEnd } = this.out;
    const t = this.tokens;
    const allWords = t.slice(headStart, headEnd).map((x) => x.lower);
    if ((allWords.includes('information') || allWords.includes('details') || allWords.includes('everything')) && allWords.includes('all') && !this.out.projections.length) {
      this.out.projections.push({ ref: null, pos: headStart });
    }
    // "… and how old are they?", "how much does it weigh?": an attribute asked by its adjective or verb
    for (let i = 0; i < t.length - 1; i++) {
      if (t[i].lower !== 'how' || this.usedToken[i + 1]) continue;
      const adj = adjectiveBase(t[i + 1].lower);
      const weigh = t[i + 1].lower === 'much' && t.slice(i + 2, i + 6).some((x) => /^weigh/.test(x.lower));
      if (adj && adj.degree === 'positive' && !['many', 'much'].includes(t[i + 1].lower)) this.out.projections.push({ ref: { kind: 'attribute', adjective: adj.base, pos: i }, pos: i });
      else if (weigh) this.out.projections.push({ ref: { kind: 'attribute', adjective: 'heavy', pos: i }, pos: i });
    }
    // "Which makers designed more than 3 models? List full name and the id.": a later request names the output
    const request = this.laterRequest();
    const [from, to] = request ?? [headStart, headEnd];
    for (const m of this.mentions) {
      if (this.used.has(m) || m.start < from || m.start >= to || isValueMention(m)) continue;
      const ref = this.refOf(m);
      if (!ref) continue;
      if (ref.kind === 'table' && this.afterPreposition(m.start)) continue;
      if (ref.kind === 'table' && m.end - m.start === 1 && /(ed)$/.test(this.tokens[m.start].lower)) continue;
      const prev = this.mentionAt[m.start - 1];
      if (ref.kind === 'table' && prev && !isValueMention(prev) && this.out.projections.some((p) => p.ref && 'mention' in p.ref && p.ref.mention === prev) && singular(this.tokens[m.end - 1].lower) !== this.tokens[m.end - 1].lower) continue;
      this.out.projections.push({ ref, pos: m.start });
      this.use(m);
    }
  }
}

function stemsOf(m: Mention): string {
  const c = m.candidates.find((x) => x.kind === 'column');
  return c && c.kind === 'column' ? c.column.stems.join(' ') : '';
}

/** A numeric, non-key column counting something ("tours", "number of products"). */
function isQuantityColumn(m: Mention): boolean {
  const c = m.candidates.find((x) => x.kind !== 'value');
  return !!c && c.kind === 'column' && c.column.type === 'number' && !c.column.isKey && !c.column.primaryKey;
}

/**
 * Two nouns side by side: "product price" is the price of products (the table qualifies the column), "sales channel"
 * is a channel (a metric word in front of a noun only modifies it).
 */
function compoundNouns(tokens: Token[], mentions: Mention[], attachments: Map<Mention, Mention>): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const a = mentions[i];
    const b = mentions[i + 1];
    if (b && a.end === b.start && !a.quoted && !b.quoted && !isValueMention(a) && !isValueMention(b)) {
      const aKind = schemaKind(a);
      const bKind = schemaKind(b);
      // a modifier noun is singular ("product price", "customer segment"); "Which products cost …" is a subject and a verb
      const lastWord = tokens[a.end - 1].lower;
      const genericB = b.end - b.start === 1 && /^(name|names|id|ids|code|codes|type|types|number|title|titles)$/.test(tokens[b.start].lower);
      const tableThenColumn = (aKind === 'table' || (genericB && a.candidates.some((c) => c.kind === 'table' && c.score >= 0.9))) && bKind === 'column' && (genericB || !a.candidates.some((c) => c.kind === 'column' && c.score >= 0.9)) && singular(lastWord) === lastWord;
      if ((aKind === 'metric' && (bKind === 'column' || bKind === 'table')) || tableThenColumn) {
        // one noun phrase: the second noun's meaning over both words
        const merged: Mention = { ...b, start: a.start, text: `${a.text} ${b.text}` };
        if (tableThenColumn) attachments.set(merged, a);
        out.push(merged);
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

const CUE_WORDS = new Set(['average', 'mean', 'avg', 'maximum', 'minimum', 'max', 'min', 'highest', 'lowest', 'largest', 'smallest', 'biggest', 'greatest', 'total', 'sum', 'count', 'number', 'top', 'most', 'least', 'best', 'worst']);

/** A column named like a cue word ("Average", "Highest") is the cue when another column follows it: "highest average
 *  attendance", "average, minimum and maximum age". */
function demoteCueWords(tokens: Token[], mentions: Mention[]): Mention[] {
  const byStart = new Map(mentions.map((m) => [m.start, m]));
  return mentions.filter((m) => {
    if (m.end - m.start !== 1 || m.quoted || !CUE_WORDS.has(tokens[m.start].lower)) return true;
    // "the number of players": a cue, not the column match_num
    if (['number', 'count', 'total', 'sum', 'average'].includes(tokens[m.start].lower) && tokens[m.end]?.lower === 'of' && !m.candidates.some((c) => c.score >= 0.95)) return false;
    let k = m.end;
    while (k < tokens.length && (['the', 'of', ',', 'and', 'or', 'amount', 'number'].includes(tokens[k].lower) || (CUE_WORDS.has(tokens[k].lower) && !byStart.has(k)))) k++;
    const next = byStart.get(k);
    if (next && next.candidates.some((c) => c.kind === 'column' || c.kind === 'metric')) return false;
    // "average, minimum and maximum age": a cue word in a list of cue words
    return !(next && CUE_WORDS.has(tokens[next.start].lower) && next.end - next.start === 1);
  });
}

export function interpretQuestion(lexed: LexedQuestion, mentions: Mention[]): Interpretation {
  return new QuestionInterpreter(lexed, mentions).interpret();
}
