// Owns turning an interpretation (slots) into a QueryModel: which table is the subject, which column each mention
// means (ranked by how the rest of the question hangs together), filters, grouping, ordering, HAVING, NOT IN,
// nested comparisons and set operations. General rules only; nothing here knows a particular database.
import { ATTRIBUTE_ADJECTIVES, BIRTH_LIKE } from '../semantic/business-synonyms';
import type { LinkCandidate, Mention } from '../semantic/semantic-mapper';
import { canonicalStem, stem } from '../semantic/schema-words';
import type { IndexedColumn, IndexedTable, SemanticIndex } from '../semantic/semantic-index';
import type { LinkedTerm } from './planner';
import { bestCandidate, isValueMention, schemaKind, type Interpretation, type NumberFilterSlot, type Ref, type ValueFilterSlot } from './question-interpreter';
import { columnExpr, emptyQuery, exprTables, conditionTables, sameExpr, type AggregateFn, type Condition, type Expr, type QueryModel } from './query-model';
import type { PlannerDataPoint } from './planner-context';
import type { RangeSpec } from './time-ranges';

export interface BuildOptions {
  /** List the measure a ranking or a HAVING condition is based on beside the labels (BI answers, charts). */
  showMeasures: boolean;
}

/** A relative range whose dates wait for the data's latest date in `column`; `conditions` are filled in then. */
export interface PendingRange {
  column: IndexedColumn;
  spec: RangeSpec;
  conditions: Extract<Condition, { kind: 'compare' }>[];
}

export interface BuiltQuery {
  /** The question never says which table it is about and several fit equally (→ a clarification). */
  ambiguousSubject: IndexedTable[] | null;
  pendingRanges: PendingRange[];
  query: QueryModel;
  subject: IndexedTable;
  linkedTerms: LinkedTerm[];
  /** 0..1 */
  confidence: number;
  /** Terms that were linked weakly or not at all. */
  weak: { term: string; alternatives: string[] }[];
  kind: string;
}

export class QueryBuildError extends Error {
  constructor(message: string, readonly missing: string[] = []) {
    super(message);
  }
}

type ColumnCandidate = Extract<LinkCandidate, { kind: 'column' }>;
type MetricCandidate = Extract<LinkCandidate, { kind: 'metric' }>;
type TableCandidate = Extract<LinkCandidate, { kind: 'table' }>;
type ValueCandidate = Extract<LinkCandidate, { kind: 'value' }>;

const YEAR_STEM = 'year';

export class QueryBuilder {
  private readonly relevance = new Map<IndexedTable, number>();
  private readonly resolved = new Map<Mention, IndexedColumn | IndexedTable>();
  private subject!: IndexedTable;
  private readonly linked: LinkedTerm[] = [];
  private readonly questionStems: Set<string>;
  private readonly questionCanon: Set<string>;
  private confidence = 1;
  private readonly weak: { term: string; alternatives: string[] }[] = [];

  private readonly pending: PendingRange[] = [];
  private ambiguousSubject: IndexedTable[] | null = null;
  private readonly options: BuildOptions;

  constructor(
    private readonly index: SemanticIndex,
    private readonly it: Interpretation,
    options: Partial<BuildOptions> = {},
  ) {
    this.options = { showMeasures: options.showMeasures ?? false };
    this.questionStems = new Set(it.tokens.filter((t) => t.kind === 'word').map((t) => t.stem));
    this.questionCanon = new Set(it.tokens.filter((t) => t.kind === 'word').map((t) => canonicalStem(t.lower)));
  }

  build(): BuiltQuery {
    this.scoreTables();
    this.subject = this.chooseSubject();
    const branches = this.it.setOperation || this.hasBranches() ? [0, 1] : [0];
    const main = this.buildBranch(0);
    if (branches.length > 1 && this.hasBranches()) {
      const second = this.buildBranch(1);
      const op = this.branchOp();
      main.setOperation = { op, query: second };
      // Set operations compare whole rows: both sides must select the same thing and sort only at the end.
      second.orderBy = [];
      second.limit = null;
    }
    return { ambiguousSubject: this.ambiguousSubject, pendingRanges: this.pending, query: main, subject: this.subject, linkedTerms: this.linked, confidence: Math.max(0, Math.min(1, this.confidence)), weak: this.weak, kind: this.kindOf(main) };
  }

  private hasBranches(): boolean {
    this.numberConditions([]);
    return this.it.valueFilters.some((v) => v.branch === 1) || this.it.numberFilters.some((n) => n.branch === 1) || this.it.having.some((h) => h.branch === 1);
  }

  private branchOp(): 'INTERSECT' | 'EXCEPT' | 'UNION' {
    if (this.forcedOp) return this.forcedOp;
    const words = this.it.tokens.map((t) => t.lower);
    const butNot = words.findIndex((w, i) => w === 'but' && words[i + 1] === 'not');
    if (butNot >= 0) return 'EXCEPT';
    return 'INTERSECT';
  }

  private kindOf(q: QueryModel): string {
    if (q.setOperation) return 'compare';
    if (q.limit !== null && q.orderBy.length) return 'top_n';
    if (q.groupBy.some((g) => g.kind === 'bucket')) return 'trend';
    if (q.groupBy.length) return 'group';
    if (q.select.some((s) => s.expr.kind === 'aggregate' && s.expr.fn === 'count')) return 'count';
    if (q.select.some((s) => s.expr.kind === 'aggregate' || s.expr.kind === 'metric')) return 'aggregate';
    return 'list';
  }

  // ------------------------------------------------------------------------------------------------ linking

  /** How much the question as a whole points at each table. */
  private scoreTables(): void {
    for (const m of this.it.mentions) {
      const perTable = new Map<IndexedTable, number>();
      for (const c of m.candidates) {
        const t = c.kind === 'table' ? c.table : c.kind === 'column' || c.kind === 'value' ? c.column.table : c.kind === 'metric' ? this.index.table(c.dataPoint.table.schema, c.dataPoint.table.table) : undefined;
        if (!t) continue;
        const s = c.score * (c.kind === 'table' ? 1.2 : 1);
        perTable.set(t, Math.max(perTable.get(t) ?? 0, s));
      }
      const best = Math.max(0, ...perTable.values());
      const top = [...perTable.values()].filter((v) => v >= best - 0.05).length || 1;
      for (const [t, s] of perTable) this.relevance.set(t, (this.relevance.get(t) ?? 0) + s / top);
    }
  }

  private rel(t: IndexedTable): number {
    return this.relevance.get(t) ?? 0;
  }

  /** The table a mention names, if it names one. */
  private tableOf(m: Mention): IndexedTable | null {
    const cached = this.resolved.get(m);
    if (cached && 'columns' in cached) return cached;
    const cands = m.candidates.filter((c): c is TableCandidate => c.kind === 'table');
    if (!cands.length) return null;
    const best = cands.reduce((a, b) => (this.tableScore(b) > this.tableScore(a) ? b : a));
    this.resolved.set(m, best.table);
    this.note(m.text, { kind: 'table', schema: best.table.schema, table: best.table.name }, best.score, best.reason);
    if (cands.length > 1) {
      const second = cands.filter((c) => c !== best).reduce((a, b) => (this.tableScore(b) > this.tableScore(a) ? b : a));
      if (this.tableScore(best) - this.tableScore(second) < 0.05) this.ambiguous(m.text, cands.map((c) => c.table.name));
    }
    return best.table;
  }

  private tableScore(c: TableCandidate): number {
    return c.score + 0.25 * this.rel(c.table);
  }

  /** The column a mention names; `prefer` tables win ties (the subject, a table named next to it). */
  private columnOf(m: Mention, prefer: IndexedTable[] = [], near: IndexedTable | null = null): IndexedColumn | null {
    const cached = this.resolved.get(m);
    if (cached && !('columns' in cached)) return cached;
    let cands = m.candidates.filter((c): c is ColumnCandidate => c.kind === 'column');
    if (!cands.length) {
      // a table named where a column is expected: its display column
      const t = this.tableOf(m);
      return t ? t.display : null;
    }
    const qualified = this.qualifiedColumn(m);
    if (qualified) return this.remember(m, qualified, 0.9, `"${m.text}" of "${this.it.attachments.get(m)!.text}" is ${qualified.table.name}.${qualified.name}`);
    // "name of the stadium": the table named right after decides
    const attached = this.attachedTable(m);
    if (attached) {
      const generic = /^(name|names|title|titles)$/.test(m.text.toLowerCase());
      if (generic && attached.display && !attached.columns.some((c) => c.stems.join(' ') === 'nam' || c.shortStems.join(' ') === 'nam')) {
        return this.remember(m, attached.display, 0.8, `"${m.text}" of ${attached.name} is the column that names its rows, ${attached.display.name}`);
      }
      const inTable = cands.filter((c) => c.column.table === attached);
      if (inTable.length) cands = inTable;
      else if (cands.every((c) => c.score < 0.95)) {
        const viaWords = this.columnByWords(attached, m.text);
        if (viaWords) return this.remember(m, viaWords, 0.8, `"${m.text}" of ${attached.name}`);
      }
    }
    const mentionWords = new Set(m.text.toLowerCase().split(/\s+/).map(canonicalStem));
    // words of the column beyond the mention's that the question also uses ("winner" for winner_rank_points)
    const context = (c: ColumnCandidate): number =>
      c.column.stems.map(canonicalStem).filter((w) => !mentionWords.has(w) && this.questionCanon.has(w)).length +
      Math.min(2, commentStems(c.column).filter((w) => !mentionWords.has(w) && this.questionStems.has(w)).length) * 0.6;
    const score = (c: ColumnCandidate): number =>
      c.score + 0.2 * this.rel(c.column.table) + (prefer.includes(c.column.table) ? 0.35 : 0) + (this.subject === c.column.table && !near ? 0.2 : 0) + (near === c.column.table ? 0.3 : 0) - (c.column.isKey && !c.column.primaryKey ? 0.05 : 0) + 0.12 * context(c);
    const best = cands.reduce((a, b) => (score(b) > score(a) ? b : a));
    const others = cands.filter((c) => c !== best && c.column.table !== best.column.table);
    if (others.length && Math.max(...others.map(score)) > score(best) - 0.02 && best.score < 0.9) this.ambiguous(m.text, cands.map((c) => `${c.column.table.name}.${c.column.name}`));
    return this.remember(m, best.column, best.score, best.reason);
  }

  private remember(m: Mention, column: IndexedColumn, confidence: number, reason: string): IndexedColumn {
    this.resolved.set(m, column);
    this.note(m.text, { kind: 'column', schema: column.table.schema, table: column.table.name, column: column.name }, confidence, reason);
    return column;
  }

  /** "name of the stadium", "names of all singers": the table the interpreter attached to the word. */
  private attachedTable(m: Mention): IndexedTable | null {
    const next = this.it.attachments.get(m);
    if (!next || schemaKind(next) !== 'table') return null;
    return this.tableOf(next);
  }

  /** "name of the song": a column whose words hold both the word and its qualifier (Song_Name). */
  private qualifiedColumn(m: Mention): IndexedColumn | null {
    const next = this.it.attachments.get(m);
    if (!next || schemaKind(next) !== 'column') return null;
    const words = [...m.text.toLowerCase().split(/\s+/), ...next.text.toLowerCase().split(/\s+/)].filter((w) => !['the', 'of', 'a'].includes(w)).map(canonicalStem);
    const matches = this.index.tables.flatMap((t) => t.columns).filter((c) => words.every((w) => c.stems.some((s) => s === w || canonicalStem(s) === w)));
    if (!matches.length) return null;
    return matches.reduce((a, b) => (this.rel(b.table) > this.rel(a.table) ? b : a));
  }

  /** A column of `table` whose words match `text` ("name" → CountryName in countries). */
  private columnByWords(table: IndexedTable, text: string): IndexedColumn | null {
    const stems = text.toLowerCase().split(/\s+/).map(stem);
    const hit = table.columns.find((c) => stems.every((s) => c.stems.includes(s)));
    if (hit) return hit;
    if (stems.includes('nam') || stems.includes('titl')) return table.display;
    return null;
  }

  private note(term: string, target: LinkedTerm['target'], confidence: number, reason: string): void {
    if (this.linked.some((l) => l.term === term && JSON.stringify(l.target) === JSON.stringify(target))) return;
    this.linked.push({ term, target, confidence: Math.min(1, Math.round(confidence * 100) / 100), reason });
  }

  private ambiguous(term: string, alternatives: string[]): void {
    if (!this.weak.some((w) => w.term === term)) this.weak.push({ term, alternatives: [...new Set(alternatives)] });
    this.confidence -= 0.1;
  }

  // ------------------------------------------------------------------------------------------------ subject

  private chooseSubject(): IndexedTable {
    const it = this.it;
    const countRef = it.count?.ref;
    const onlyMetrics = it.projections.length > 0 && it.projections.every((p) => p.ref?.kind === 'metric') && !countRef && !it.groups.length;
    if (onlyMetrics) {
      const dp = this.metricOf((it.projections[0].ref as { mention: Mention }).mention);
      const t = dp ? this.index.table(dp.table.schema, dp.table.table) : undefined;
      if (t) return t;
    }
    if (countRef && countRef.kind === 'table') {
      const t = this.tableOf(countRef.mention);
      if (t) return t;
    }
    for (const p of [...it.projections].sort((a, b) => a.pos - b.pos)) {
      if (p.ref?.kind === 'table') {
        const t = this.tableOf(p.ref.mention);
        if (t) return t;
      }
    }
    // a table named in the head ("the names of the stadiums")
    const headTables = it.mentions.filter((m) => m.start >= it.headStart && m.start < it.headEnd && !isValueMention(m) && bestCandidate(m)?.kind === 'table');
    for (const m of headTables) {
      if (it.superlatives.some((s) => s.countTable === m) || it.having.some((h) => h.table === m) || it.notIns.some((n) => n.table === m)) continue;
      const t = this.tableOf(m);
      if (t) return t;
    }
    for (const p of [...it.projections].sort((a, b) => a.pos - b.pos)) {
      if (p.ref?.kind === 'column') {
        this.checkSubjectAmbiguity(p.ref.mention);
        const c = this.columnOf(p.ref.mention);
        if (c) return c.table;
      }
    }
    if (countRef && countRef.kind === 'column') {
      const c = this.columnOf(countRef.mention);
      if (c) return c.table;
    }
    const anyTable = it.mentions.find((m) => !isValueMention(m) && bestCandidate(m)?.kind === 'table' && !it.having.some((h) => h.table === m) && !it.notIns.some((n) => n.table === m) && !it.superlatives.some((s) => s.countTable === m));
    if (anyTable) {
      const t = this.tableOf(anyTable);
      if (t) return t;
    }
    const ranked = [...this.relevance.entries()].sort((a, b) => b[1] - a[1]);
    if (ranked.length) return ranked[0][0];
    const sales = this.salesVerb ? (this.index.context.dataPoints ?? []).find((d) => d.filter && d.filterTable) : undefined;
    const salesTable = sales ? this.index.table(sales.table.schema, sales.table.table) : undefined;
    if (salesTable) return salesTable;
    throw new QueryBuildError('nothing in the question names a table, a column or a value of this database', this.unknownWords());
  }

  /**
   * "Show the names": the only thing named is a column several tables have, equally well, and nothing else in the
   * question (no table, value or other column) says which.
   */
  private checkSubjectAmbiguity(m: Mention): void {
    const it = this.it;
    const bare = it.mentions.length === 1 && !it.tokens.some((t) => t.kind === 'number' || t.kind === 'quoted') && !it.superlatives.length && !it.orders.length && !it.timeRanges.length && !it.timeBuckets.length && !it.groups.length;
    if (!bare) return;
    const cands = m.candidates.filter((c): c is ColumnCandidate => c.kind === 'column');
    const best = Math.max(...cands.map((c) => c.score));
    const top = cands.filter((c) => c.score >= best - 0.05).map((c) => c.column);
    // A key and the key it references hold the same values: not two different answers.
    const linked = (a: IndexedColumn, b: IndexedColumn) =>
      this.index.relationships.some((r) => r.fromColumns.length === 1 && ((r.fromTable === a.table.name && r.fromColumns[0] === a.name && r.toTable === b.table.name && r.toColumns[0] === b.name) || (r.fromTable === b.table.name && r.fromColumns[0] === b.name && r.toTable === a.table.name && r.toColumns[0] === a.name)));
    const distinct = top.filter((c, i) => !top.slice(0, i).some((d) => linked(c, d)));
    const tables = [...new Set(distinct.map((c) => c.table))];
    if (tables.length > 1) this.ambiguousSubject = tables;
  }

  private unknownWords(): string[] {
    const covered = new Set<number>();
    for (const m of this.it.mentions) for (let i = m.start; i < m.end; i++) covered.add(i);
    return this.it.tokens.filter((t, i) => t.kind === 'word' && !covered.has(i) && t.lower.length > 3 && /^[a-z]+$/.test(t.lower) && !COMMON_WORDS.has(t.lower)).map((t) => t.text);
  }

  // ------------------------------------------------------------------------------------------------ metrics

  private metricOf(m: Mention): PlannerDataPoint | null {
    const c = m.candidates.find((x): x is MetricCandidate => x.kind === 'metric');
    return c ? c.dataPoint : null;
  }

  private readonly metricFilters = new Set<string>();
  /** The question speaks of selling or buying. */
  private get salesVerb(): boolean {
    return this.it.tokens.some((t) => ['sell', 'buy', 'purchas', 'sale'].includes(t.stem) || ['sold', 'bought', 'selling', 'purchased'].includes(t.lower));
  }
  private usedMetric: PlannerDataPoint | null = null;

  /** A metric's expression, and its row filter once per query ("revenue" leaves out cancelled orders). */
  private metricExpr(m: Mention, where: Condition[]): Expr | null {
    const dp = this.metricOf(m);
    if (!dp) return null;
    const table = this.index.table(dp.table.schema, dp.table.table);
    if (!table) return null;
    this.usedMetric = dp;
    this.note(m.text, { kind: 'metric', schema: dp.table.schema, table: dp.table.table, value: dp.name }, 1, `"${m.text}" is the approved metric ${dp.name}: ${dp.sql}`);
    if (dp.filter && dp.filterTable && !this.metricFilters.has(`${dp.id}:${where.length}`)) {
      const filterTable = this.index.table(dp.filterTable.schema, dp.filterTable.table);
      const cond = filterTable ? parseSimpleFilter(dp.filter, filterTable, this.index) : null;
      if (cond) where.push(cond);
      else if (filterTable) where.push({ kind: 'raw', sql: dp.filter, table: filterTable });
      this.metricFilters.add(`${dp.id}:${where.length}`);
    }
    return { kind: 'metric', sql: dp.sql, table, name: dp.name };
  }

  // ------------------------------------------------------------------------------------------------ time

  /** The date column ranges and buckets apply to: the metric's own, else the subject's, else the query's tables'. */
  private dateColumn(tables: IndexedTable[]): IndexedColumn | null {
    if (this.usedMetric?.timeColumn) {
      const t = this.index.table(this.usedMetric.timeColumn.schema, this.usedMetric.timeColumn.table);
      const c = t ? this.index.column(t, this.usedMetric.timeColumn.column) : undefined;
      if (c) return c;
    }
    const parentsOf = (t: IndexedTable) => this.index.relationshipsOf(t).filter((r) => !r.via && r.fromTable === t.name && r.fromSchema === t.schema).map((r) => this.index.table(r.toSchema, r.toTable)).filter((x): x is IndexedTable => !!x);
    const ordered = [...new Set([this.subject, ...tables, ...[...this.relevance.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t), ...parentsOf(this.subject)])];
    for (const t of ordered) {
      const dates = t.columns.filter((c) => c.type === 'date' && !/birth|dob|expir|updat|modif|valid|end|due/.test(c.name.toLowerCase()));
      if (!dates.length) continue;
      const own = dates.find((c) => c.stems.some((s) => t.stems.includes(s)));
      return own ?? dates[0];
    }
    return null;
  }

  /** Tables reachable from `start` over relationships, nearest first (start excluded). */
  private nearbyTables(start: IndexedTable, hops: number): IndexedTable[] {
    const seen = new Set<IndexedTable>([start]);
    let frontier = [start];
    const out: IndexedTable[] = [];
    for (let h = 0; h < hops && frontier.length; h++) {
      const next: IndexedTable[] = [];
      for (const t of frontier) {
        for (const r of this.index.relationshipsOf(t)) {
          if (r.via || r.cardinality === 'MANY_TO_MANY') continue;
          for (const other of [this.index.table(r.fromSchema, r.fromTable), this.index.table(r.toSchema, r.toTable)]) {
            if (other && !seen.has(other)) {
              seen.add(other);
              next.push(other);
              out.push(other);
            }
          }
        }
      }
      frontier = next;
    }
    return out;
  }

  /** `column >= from AND column < day after to`, resolved now (absolute) or once the anchor is known (relative). */
  private rangeConditions(column: IndexedColumn, spec: RangeSpec): Condition[] {
    const lower: Extract<Condition, { kind: 'compare' }> = { kind: 'compare', left: columnExpr(column), op: '>=', right: '', date: true };
    const upper: Extract<Condition, { kind: 'compare' }> = { kind: 'compare', left: columnExpr(column), op: '<', right: '', date: true };
    this.pending.push({ column, spec, conditions: [lower, upper] });
    return [lower, upper];
  }

  // ------------------------------------------------------------------------------------------------ refs

  private refColumn(ref: Ref, prefer: IndexedTable[] = [], condition = false): IndexedColumn | null {
    if (ref.kind === 'column') {
      // "a cat that is age 3", "students that have an age above 20": the table named just before decides
      const near = condition ? this.tableNear(ref.mention.start) : null;
      return this.columnOf(ref.mention, near ? [near] : [this.subject, ...prefer], near);
    }
    if (ref.kind === 'table') {
      const t = this.tableOf(ref.mention);
      return t ? t.display : null;
    }
    if (ref.kind === 'attribute') {
      const near = this.tableNear(ref.pos);
      return this.attributeColumn(ref.adjective, near ? [near, ...prefer] : prefer, near);
    }
    return null;
  }

  /** "youngest" → age (or birth date, read backwards): the subject's column first, then the question's tables. */
  private attributeColumn(adjective: string, prefer: IndexedTable[] = [], first: IndexedTable | null = null): IndexedColumn | null {
    const spec = ATTRIBUTE_ADJECTIVES[adjective];
    if (!spec) return null;
    const tables = [...(first ? [first] : []), this.subject, ...prefer, ...[...this.relevance.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t)];
    for (const word of spec.attribute) {
      const s = stem(word);
      for (const t of tables) {
        const c = t.columns.find((col) => col.stems.includes(s) && col.type !== 'text') ?? t.columns.find((col) => col.stems.includes(s));
        if (c) {
          this.note(adjective, { kind: 'column', schema: t.schema, table: t.name, column: c.name }, 0.8, `"${adjective}" is about ${word}`);
          return c;
        }
      }
    }
    return null;
  }

  /** The table of the nearest table or value mention before `pos` ("students who are older than 20" → students). */
  private tableNear(pos: number): IndexedTable | null {
    let best: Mention | null = null;
    for (const m of this.it.mentions) {
      if (m.end > pos || pos - m.end > 6) continue;
      const kind = isValueMention(m) ? 'value' : schemaKind(m);
      if (kind !== 'table' && kind !== 'value') continue;
      if (!best || m.end > best.end) best = m;
    }
    if (!best) return null;
    if (isValueMention(best)) {
      const v = best.candidates.find((c): c is ValueCandidate => c.kind === 'value');
      return v ? v.column.table : null;
    }
    return this.tableOf(best);
  }

  /** old/young on a birth date or opening year reads backwards: the oldest was born first. */
  private attributeDirection(adjective: string, column: IndexedColumn, direction: 'asc' | 'desc'): 'asc' | 'desc' {
    if ((adjective === 'old' || adjective === 'young') && (column.type === 'date' || BIRTH_LIKE.test(column.name.toLowerCase()) || column.stems.includes(YEAR_STEM) || column.stems.includes('dat'))) {
      return direction === 'asc' ? 'desc' : 'asc';
    }
    return direction;
  }

  /** A column holding years or dates, for "in 2014", "after 1980". */
  private yearColumn(prefer: IndexedTable[], first: IndexedTable | null = null): IndexedColumn | null {
    const tables = [...new Set([...(first ? [first] : []), this.subject, ...prefer, ...[...this.relevance.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t), ...this.nearbyTables(this.subject, 3)])];
    // nearest table first; in each, a year column, else a date column (births and expiries only when asked about)
    const birthAsked = this.it.tokens.some((t) => /^(born|birth|founded|opened|established)/.test(t.lower));
    const usable = (col: IndexedColumn) => birthAsked || !/birth|dob|expir|updat|modif|valid|due/.test(col.name.toLowerCase());
    for (const t of tables) {
      const c =
        t.columns.find((col) => col.stems.includes(YEAR_STEM) && col.type !== 'text' && usable(col)) ??
        t.columns.find((col) => col.stems.includes(YEAR_STEM) && usable(col)) ??
        t.columns.find((col) => col.type === 'date' && usable(col));
      if (c) return c;
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ branches

  private buildBranch(branch: number): QueryModel {
    const it = this.it;
    const subject = this.subject;
    const q = emptyQuery([subject]);
    const extraTables: IndexedTable[] = [];
    const use = (...tables: (IndexedTable | null | undefined)[]): void => {
      for (const t of tables) if (t && !extraTables.includes(t)) extraTables.push(t);
    };

    // ---- projection
    const metricWhere: Condition[] = [];
    const trendOrder: QueryModel['orderBy'] = [];
    this.metricFilters.clear();
    // "units sold", "customers who bought": a sale is what the approved sales metric counts (its row filter and date)
    const salesMetric = this.salesVerb ? (this.index.context.dataPoints ?? []).find((d) => d.filter && d.filterTable) ?? null : null;
    if (salesMetric && !this.usedMetric) this.usedMetric = salesMetric;
    const plain: Expr[] = [];
    const aggregates: Expr[] = [];
    const superlatives = [...it.superlatives];
    for (const p of [...it.projections].sort((a, b) => a.pos - b.pos)) {
      if (!p.ref) {
        q.select.push({ expr: { kind: 'star' } });
        continue;
      }
      if (p.ref.kind === 'metric') {
        const e = this.metricExpr(p.ref.mention, metricWhere);
        if (e && !aggregates.some((a) => sameExpr(a, e))) aggregates.push(e);
        continue;
      }
      const col = this.refColumn(p.ref);
      if (!col) continue;
      use(col.table);
      if (p.fn) aggregates.push({ kind: 'aggregate', fn: p.fn, arg: columnExpr(col), distinct: p.distinct && p.fn === 'count' });
      else if (!plain.some((e) => e.kind === 'column' && e.column === col)) plain.push(columnExpr(col));
    }
    if (it.count) {
      const ref = it.count.ref;
      if (ref && ref.kind === 'column') {
        const col = this.refColumn(ref);
        if (col) {
          use(col.table);
          // "how many countries" over customers: different countries, not rows
          const attribute = col.type === 'text' && !col.unique && !col.isKey && col !== col.table.display;
          const distinct = it.count.distinct || attribute;
          aggregates.unshift(distinct ? { kind: 'aggregate', fn: 'count', arg: columnExpr(col), distinct: true } : { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } });
        }
      } else {
        const t = ref && ref.kind === 'table' ? this.tableOf(ref.mention) : null;
        use(t);
        if (t && it.count.distinct && t !== subject) {
          // "how many different templates do documents use": distinct references to that table
          const fk = this.foreignKeyTo(subject, t);
          aggregates.unshift({ kind: 'aggregate', fn: 'count', arg: fk ? columnExpr(fk) : { kind: 'star' }, distinct: !!fk });
        } else if (t && it.count.distinct && t.primaryKey.length === 1) {
          // "how many different customers placed an order": each customer once, however many rows join
          aggregates.unshift({ kind: 'aggregate', fn: 'count', arg: columnExpr(t.primaryKey[0]), distinct: true });
        } else {
          aggregates.unshift({ kind: 'aggregate', fn: 'count', arg: { kind: 'star' } });
        }
      }
    }

    // ---- superlatives: ORDER BY … LIMIT, or MAX/MIN when the head asks for the extreme value itself
    const groups: Expr[] = [];
    // time buckets first: "which month had the highest sales" ranks months
    if (it.timeBuckets.length) {
      const slotMetric = it.mentions.find((m) => this.metricOf(m) && (it.superlatives.some((x) => x.ref && 'mention' in x.ref && x.ref.mention === m) || it.projections.some((x) => x.ref && 'mention' in x.ref && x.ref.mention === m) || it.having.some((x) => x.ref && 'mention' in x.ref && x.ref.mention === m)));
      if (slotMetric) this.usedMetric = this.metricOf(slotMetric);
      const date = this.dateColumn(extraTables);
      if (date) {
        use(date.table);
        for (const b of it.timeBuckets) {
          const bucket: Expr = { kind: 'bucket', column: date, unit: b.unit };
          if (!groups.some((g) => sameExpr(g, bucket))) groups.push(bucket);
          if (!plain.some((p) => sameExpr(p, bucket))) plain.unshift(bucket);
          if (b.trend) trendOrder.push({ expr: bucket, direction: 'asc' });
        }
      }
    }
    for (const g of it.groups) {
      const col = g.ref.kind === 'table' ? null : this.refColumn(g.ref);
      if (g.ref.kind === 'table') {
        const t = this.tableOf(g.ref.mention);
        if (!t) continue;
        // "the average shipping cost per order": the rows measured are orders already, so "per order" is the unit
        const perWord = it.tokens[g.pos]?.lower === 'per';
        if (perWord && aggregates.length && aggregates.every((a) => a.kind === 'aggregate' && a.fn !== 'count' && a.arg.kind === 'column' && a.arg.column.table === t)) continue;
        use(t);
        const key = t.primaryKey[0] ?? t.display;
        if (key) groups.push(columnExpr(key));
        if (t.display && !plain.some((e) => e.kind === 'column' && e.column.table === t)) plain.push(columnExpr(t.display));
      } else if (col) {
        use(col.table);
        groups.push(columnExpr(col));
        if (!plain.some((e) => sameExpr(e, columnExpr(col)))) plain.push(columnExpr(col));
      }
    }

    for (const s of superlatives) {
      if (s.count) {
        const countTable = s.countTable ? this.tableOf(s.countTable) : null;
        use(countTable);
        if (s.ref) {
          // "the most common hometown": group by the column itself
          const col = this.refColumn(s.ref);
          if (col) {
            use(col.table);
            if (!groups.some((g) => sameExpr(g, columnExpr(col)))) groups.push(columnExpr(col));
            if (!plain.length && !aggregates.length) plain.push(columnExpr(col));
          }
        } else if (!groups.length) {
          groups.push(...this.groupKeyFor(plain, countTable));
        }
        const countExpr: Expr = { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } };
        q.orderBy.push({ expr: countExpr, direction: s.direction });
        q.limit = s.limit;
        if (this.options.showMeasures && !aggregates.some((a) => sameExpr(a, countExpr))) aggregates.push(countExpr);
        continue;
      }
      if (!s.ref) continue;
      if (s.ref.kind === 'metric') {
        const e = this.metricExpr(s.ref.mention, metricWhere);
        if (!e) continue;
        if (!groups.length) groups.push(...this.groupKeyFor(plain, null));
        if (!groups.length && !plain.length && s.inHead) {
          aggregates.push(e);
          continue;
        }
        q.orderBy.push({ expr: e, direction: s.direction });
        q.limit = s.limit;
        if (this.options.showMeasures && !aggregates.some((a) => sameExpr(a, e))) aggregates.push(e);
        continue;
      }
      const col = this.refColumn(s.ref);
      if (!col) continue;
      use(col.table);
      const direction = s.ref.kind === 'attribute' ? this.attributeDirection(s.ref.adjective, col, s.direction) : s.direction;
      if (col.table !== subject && (aggregates.length > 0 || it.count) && !groups.length && !s.inHead) {
        // "the number of concerts in the stadium with the highest capacity": the extreme row is found first
        const link = this.directLink(subject, col.table);
        if (link) {
          const inner = emptyQuery([col.table]);
          inner.select = [{ expr: columnExpr(link.remote) }];
          inner.orderBy = [{ expr: columnExpr(col), direction }];
          inner.limit = s.limit;
          q.where.push({ kind: 'in', left: columnExpr(link.local), query: inner, negated: false });
          continue;
        }
      }
      const onlyThis = plain.every((e) => e.kind === 'column' && e.column === col);
      const asAggregate =
        (s.inHead && s.ref.kind !== 'attribute' && (groups.length > 0 || onlyThis) && !plain.some((e) => e.kind === 'column' && e.column === col)) ||
        (s.ref.kind === 'attribute' && groups.length > 0 && !it.count) ||
        (s.ref.kind === 'attribute' && s.inHead && plain.length > 0 && onlyThis && !aggregates.length);
      if (asAggregate && s.ref.kind === 'attribute') {
        const i = plain.findIndex((e) => e.kind === 'column' && e.column === col);
        if (i >= 0) plain.splice(i, 1);
      }
      if (asAggregate) {
        aggregates.push({ kind: 'aggregate', fn: direction === 'desc' ? 'max' : 'min', arg: columnExpr(col) });
        continue;
      }
      if (s.inHead && !plain.some((e) => e.kind === 'column' && e.column === col)) plain.push(columnExpr(col));
      // "the 10 best-selling products by units sold": each product's units add up
      const perGroup = (!!s.by || (!!salesMetric && s.ref.kind === 'column')) && !s.fn && col.table !== subject && col.type === 'number' && plain.length > 0 && plain.every((e) => e.kind !== 'column' || e.column.table !== col.table) && s.ref.kind === 'column' && !col.isKey && this.isChildOf(col.table, subject);
      if (perGroup && !groups.length) groups.push(...this.groupKeyFor(plain, null));
      const expr: Expr = s.fn ? { kind: 'aggregate', fn: s.fn, arg: columnExpr(col) } : perGroup ? { kind: 'aggregate', fn: 'sum', arg: columnExpr(col) } : columnExpr(col);
      if (expr.kind === 'aggregate' && !groups.length) groups.push(...this.groupKeyFor(plain, null));
      if ((perGroup || expr.kind === 'aggregate') && this.options.showMeasures && !aggregates.some((a) => sameExpr(a, expr))) aggregates.push(expr);
      q.orderBy.push({ expr, direction });
      q.limit = s.limit;
      if (this.options.showMeasures && expr.kind === 'column' && !plain.some((p) => sameExpr(p, expr)) && !aggregates.length) plain.push(expr);
    }
    // "What is the maximum horsepower and the make of …": an extreme value beside plain columns means that row
    if (aggregates.length === 1 && aggregates[0].kind === 'aggregate' && ['max', 'min'].includes(aggregates[0].fn) && plain.length && !groups.length && !q.orderBy.length && !it.count) {
      const a = aggregates[0];
      if (a.kind === 'aggregate' && a.arg.kind === 'column') {
        plain.unshift(a.arg);
        q.orderBy.push({ expr: a.arg, direction: a.fn === 'max' ? 'desc' : 'asc' });
        q.limit = 1;
        aggregates.length = 0;
      }
    }

    // ---- ordering
    for (const o of it.orders) {
      if (!o.ref) {
        const first = plain[0] ?? aggregates[0];
        if (first) q.orderBy.push({ expr: first, direction: o.direction });
        continue;
      }
      if (o.ref.kind === 'table' && aggregates.length) {
        q.orderBy.push({ expr: aggregates[0], direction: o.direction });
        continue;
      }
      const col = this.refColumn(o.ref);
      if (!col) continue;
      use(col.table);
      const direction = o.ref.kind === 'attribute' ? this.attributeDirection(o.ref.adjective, col, o.direction) : o.direction;
      const agg = aggregates.find((a) => a.kind === 'aggregate' && a.arg.kind === 'column' && a.arg.column === col);
      q.orderBy.push({ expr: agg ?? columnExpr(col), direction });
    }

    // ---- HAVING
    const having = it.having.filter((h) => h.branch === branch || (h.branch === 0 && branch === 1 && false));
    for (const h of having) {
      const countTable = h.table ? this.tableOf(h.table) : null;
      use(countTable);
      if (!groups.length) groups.push(...this.groupKeyFor(plain, countTable));
      let expr: Expr = { kind: 'aggregate', fn: h.fn, arg: { kind: 'star' } };
      if (h.ref?.kind === 'metric') expr = this.metricExpr(h.ref.mention, metricWhere) ?? expr;
      else if (h.ref) {
        const col = this.refColumn(h.ref);
        if (col) {
          use(col.table);
          expr = { kind: 'aggregate', fn: h.fn, arg: columnExpr(col) };
        }
      }
      q.having.push(this.numberCondition(expr, h.op, h.values, null));
      if (this.options.showMeasures && !aggregates.some((a) => sameExpr(a, expr))) aggregates.push(expr);
    }

    // ---- filters
    const where: Condition[] = [];
    const filterItems: { pos: number; connector: 'and' | 'or'; cond: Condition }[] = [];
    for (const v of it.valueFilters.filter((x) => x.branch === branch || (branch === 1 && x.branch === 0 && !this.sameColumnAsBranchOne(x)))) {
      const cond = this.valueCondition(v);
      if (!cond) continue;
      use(...conditionTables(cond));
      filterItems.push({ pos: v.pos, connector: v.connector, cond });
    }
    const numberConds = this.numberConditions(extraTables);
    for (const { slot: n, cond } of numberConds) {
      if (!(n.branch === branch || (branch === 1 && n.branch === 0 && !numberConds.some((o) => o.slot.branch === 1 && sameLeft(o.cond, cond))))) continue;
      use(...conditionTables(cond));
      filterItems.push({ pos: n.pos, connector: n.connector, cond });
    }
    filterItems.sort((a, b) => a.pos - b.pos);
    // "made by General Motors or weighing more than 3500": the word between two conditions joins them
    for (let i = 1; i < filterItems.length; i++) {
      const between = it.tokens.slice(filterItems[i - 1].pos + 1, filterItems[i].pos).map((t) => t.lower);
      if (between.includes('or') && !between.includes('and') && !between.includes('both')) filterItems[i].connector = 'or';
    }
    for (const f of filterItems) {
      const prev = where[where.length - 1];
      if (f.connector === 'or' && prev) {
        where[where.length - 1] = prev.kind === 'or' ? { kind: 'or', items: [...prev.items, f.cond] } : { kind: 'or', items: [prev, f.cond] };
      } else {
        where.push(f.cond);
      }
    }
    q.where = [...q.where, ...metricWhere, ...where];
    // ---- time: ranges on the date column, buckets as groups
    if (!q.orderBy.length) q.orderBy.push(...trendOrder);
    if (it.timeRanges.length || it.asksWhen) {
      const date = this.dateColumn([...extraTables, ...q.where.flatMap(conditionTables)]);
      if (date) {
        use(date.table);
        for (const r of it.timeRanges) q.where.push(...this.rangeConditions(date, r.spec));
        if (it.asksWhen && !aggregates.length && plain.every((e) => groups.some((g) => sameExpr(g, e)) || (e.kind === 'column' && e.column === e.column.table.display))) {
          for (let i = plain.length - 1; i >= 0; i--) if (!groups.some((g) => sameExpr(g, plain[i]))) plain.splice(i, 1);
          // "When was our first order placed?": the earliest (or latest) date itself
          const words = it.tokens.map((t) => t.lower);
          const latest = words.some((w) => ['last', 'latest', 'newest', 'recent', 'most'].includes(w));
          const earliest = words.some((w) => ['first', 'earliest', 'oldest'].includes(w));
          aggregates.push(latest || earliest ? { kind: 'aggregate', fn: latest ? 'max' : 'min', arg: columnExpr(date) } : columnExpr(date));
          q.orderBy = q.orderBy.filter((o) => !(o.expr.kind === 'column' && o.expr.column.type === 'date'));
          if (latest || earliest) q.limit = null;
        }
      }
    }

    // ---- NOT IN
    for (const n of it.notIns) {
      const cond = this.notInCondition(n);
      if (cond) q.where.push(cond);
    }

    // ---- nested comparisons
    for (const n of it.nested) {
      const col = n.ref ? this.refColumn(n.ref) : null;
      if (!col) continue;
      use(col.table);
      const inner = emptyQuery([col.table]);
      inner.select.push({ expr: { kind: 'aggregate', fn: n.fn, arg: columnExpr(col) } });
      for (const f of n.innerNumberFilters) {
        const c = this.numberFilterCondition(f, [col.table]);
        if (c && conditionTables(c).every((t) => t === col.table)) inner.where.push(c);
      }
      q.where.push({ kind: 'compareSubquery', left: columnExpr(col), op: n.op, query: inner });
    }

    // ---- assemble select and grouping
    // "the average weight and year for each year": a grouped column is listed as it is, not aggregated
    for (let i = aggregates.length - 1; i >= 0; i--) {
      const a = aggregates[i];
      if (a.kind === 'aggregate' && a.fn !== 'count' && a.arg.kind === 'column' && groups.some((g) => sameExpr(g, a.arg))) {
        aggregates.splice(i, 1);
        if (!plain.some((p) => sameExpr(p, a.arg))) plain.push(a.arg);
      }
    }
    if (it.tokens[0]?.lower === 'how' && it.tokens[1]?.lower === 'much' && !aggregates.length && !plain.length && salesMetric) {
      const m = this.index.table(salesMetric.table.schema, salesMetric.table.table);
      if (m) {
        aggregates.push({ kind: 'metric', sql: salesMetric.sql, table: m, name: salesMetric.name });
        this.metricFilters.add(salesMetric.id);
        const ft = this.index.table(salesMetric.filterTable!.schema, salesMetric.filterTable!.table);
        const cond = ft ? parseSimpleFilter(salesMetric.filter!, ft, this.index) : null;
        if (cond) q.where.push(cond);
      }
    }
    // "How much did we refund …": the amount summed
    if (it.tokens[0]?.lower === 'how' && it.tokens[1]?.lower === 'much' && !aggregates.length && !q.orderBy.length) {
      const money = plain.filter((e): e is Extract<Expr, { kind: 'column' }> => e.kind === 'column' && e.column.type === 'number' && !e.column.isKey);
      if (money.length === 1 && plain.length === 1) {
        plain.length = 0;
        aggregates.push({ kind: 'aggregate', fn: 'sum', arg: money[0] });
      }
    }
    // "the refunds per customer segment": an amount from rows under the group adds up
    if (groups.length && !aggregates.length) {
      const groupTables = new Set(groups.flatMap(exprTables));
      for (let i = plain.length - 1; i >= 0; i--) {
        const e = plain[i];
        if (e.kind === 'column' && e.column.type === 'number' && !e.column.isKey && !groupTables.has(e.column.table) && !groups.some((g) => sameExpr(g, e))) {
          plain.splice(i, 1);
          aggregates.push({ kind: 'aggregate', fn: 'sum', arg: e });
        }
      }
    }
    // a time series of nothing in particular counts rows: "the monthly trend of returns"
    if (!aggregates.length && groups.some((g) => g.kind === 'bucket')) aggregates.push({ kind: 'aggregate', fn: 'count', arg: { kind: 'star' } });
    if (it.asksWhen) {
      for (let i = plain.length - 1; i >= 0; i--) {
        const e = plain[i];
        if (e.kind === 'column' && e.column.type !== 'date' && e.column === e.column.table.display) plain.splice(i, 1);
      }
    }
    const hasAggregate = aggregates.length > 0;
    if (hasAggregate && !groups.length && plain.length && !q.orderBy.length) {
      // "names of teachers and how many courses they teach": group by what is listed beside the aggregate
      groups.push(...this.groupKeyFor(plain, null));
    }
    q.select = [...q.select, ...plain.map((e) => ({ expr: e })), ...aggregates.map((e) => ({ expr: e }))];
    if (!q.select.length) {
      const display = subject.display;
      q.select.push({ expr: display ? columnExpr(display) : { kind: 'star' } });
    }
    q.groupBy = groups;
    // "Which countries do our customers come from?": a list of a category-like attribute lists each value once
    const categories = plain.length > 0 && plain.every((e) => e.kind === 'column' && isCategory(e.column));
    q.distinct = (it.distinct || (categories && !q.limit)) && !hasAggregate && !groups.length;
    if (it.limit !== null && q.limit === null && q.orderBy.length) q.limit = it.limit;
    if (it.limit !== null && q.limit === null && !q.orderBy.length && aggregates.length === 0) q.limit = it.limit;

    // ---- tables
    const tables = [subject];
    for (const e of [...q.select.map((s) => s.expr), ...q.groupBy, ...q.orderBy.map((o) => o.expr)]) for (const t of exprTables(e)) if (!tables.includes(t)) tables.push(t);
    for (const c of [...q.where, ...q.having]) for (const t of conditionTables(c)) if (!tables.includes(t)) tables.push(t);
    for (const t of extraTables) if (!tables.includes(t)) tables.push(t);
    if (salesMetric && !this.metricFilters.size) {
      const filterTable = this.index.table(salesMetric.filterTable!.schema, salesMetric.filterTable!.table);
      const base = this.index.table(salesMetric.table.schema, salesMetric.table.table);
      const touches = filterTable && base && (tables.includes(base) || tables.includes(filterTable));
      const cond = touches ? parseSimpleFilter(salesMetric.filter!, filterTable!, this.index) : null;
      if (cond) {
        q.where.push(cond);
        if (!tables.includes(filterTable!)) tables.push(filterTable!);
      }
    }
    // "students who have a pet": a table named in a condition, with nothing else said about it, must have a match
    for (const m of it.mentions) {
      if (isValueMention(m) || schemaKind(m) !== 'table' || it.projections.some((p) => p.ref && 'mention' in p.ref && p.ref.mention === m) || it.notIns.some((n) => n.table === m || (m.start >= n.start && m.end <= n.end))) continue;
      const best = m.candidates.find((c): c is TableCandidate => c.kind === 'table');
      if (!best || best.score < 0.9) continue;
      const t = this.tableOf(m);
      if (t && !tables.includes(t) && !it.nested.length) tables.push(t);
    }
    q.tables = tables;
    return q;
  }

  /** Number filters as conditions; a comparison with no column of its own takes the one before it ("above 40 and below 30"). */
  private numberConditions(prefer: IndexedTable[]): { slot: NumberFilterSlot; cond: Condition }[] {
    if (this.numberCache) return this.numberCache;
    const out: { slot: NumberFilterSlot; cond: Condition }[] = [];
    let previous: Expr | null = null;
    for (const n of this.it.numberFilters) {
      let cond = this.numberFilterCondition(n, prefer);
      if (!cond && !n.ref && !n.yearLike && previous) cond = this.numberCondition(previous, n.op, n.values, null);
      if (!cond) continue;
      if ('left' in cond) previous = cond.left;
      out.push({ slot: n, cond });
    }
    // Contradictory bounds on one column joined by "and" describe two different rows: each goes to its own branch.
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1];
      const b = out[i];
      if (b.slot.connector !== 'and' || a.slot.branch !== b.slot.branch || !sameLeft(a.cond, b.cond)) continue;
      if (contradicts(a.cond, b.cond)) {
        b.slot.branch = 1;
        this.forcedOp = 'INTERSECT';
      }
    }
    this.numberCache = out;
    return out;
  }

  private numberCache: { slot: NumberFilterSlot; cond: Condition }[] | null = null;
  private forcedOp: 'INTERSECT' | null = null;

  private sameColumnAsBranchOne(v: ValueFilterSlot): boolean {
    const col = this.valueColumn(v);
    return this.it.valueFilters.some((x) => x.branch === 1 && this.valueColumn(x) === col);
  }

  /** What to group by so a count per row of the subject (or per listed value) comes out. */
  private groupKeyFor(plain: Expr[], countTable: IndexedTable | null): Expr[] {
    const subject = this.subject;
    const plainCols = plain.filter((e): e is Extract<Expr, { kind: 'column' }> => e.kind === 'column').map((e) => e.column);
    const identifying = plainCols.length > 0 && plainCols.every((c) => c.table === subject && (c.unique || c === subject.display || c.primaryKey));
    // "students who have more than one pet": one group per student, whatever is listed about them
    const subjectNamed = this.it.mentions.some((m) => !isValueMention(m) && schemaKind(m) === 'table' && this.tableOf(m) === subject);
    const ofSubject = plainCols.every((c) => c.table === subject);
    if (subject.primaryKey.length === 1 && (identifying || plainCols.length === 0 || (subjectNamed && ofSubject && countTable && countTable !== subject)) && countTable !== subject) return [columnExpr(subject.primaryKey[0])];
    if (plainCols.length) return plainCols.map(columnExpr);
    if (subject.primaryKey.length) return subject.primaryKey.map(columnExpr);
    return subject.display ? [columnExpr(subject.display)] : [];
  }

  /** `child` has rows that belong to `parent` (directly or through one table in between). */
  private isChildOf(child: IndexedTable, parent: IndexedTable): boolean {
    const parents = (t: IndexedTable) => this.index.relationshipsOf(t).filter((r) => !r.via && r.fromTable === t.name && r.fromSchema === t.schema).map((r) => this.index.table(r.toSchema, r.toTable)).filter((x): x is IndexedTable => !!x);
    const direct = parents(child);
    return direct.includes(parent) || direct.some((p) => parents(p).includes(parent));
  }

  private foreignKeyTo(from: IndexedTable, to: IndexedTable): IndexedColumn | null {
    for (const r of this.index.relationshipsOf(from)) {
      if (r.via || r.cardinality === 'MANY_TO_MANY') continue;
      if (r.fromTable === from.name && r.toTable === to.name && r.fromColumns.length === 1) return this.index.column(from, r.fromColumns[0]) ?? null;
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ conditions

  private valueColumn(v: ValueFilterSlot): IndexedColumn | null {
    const cached = this.resolved.get(v.mention);
    if (cached && !('columns' in cached)) return cached;
    const cands = v.mention.candidates.filter((c): c is ValueCandidate => c.kind === 'value');
    const nearCols = v.near ? v.near.candidates.filter((c): c is ColumnCandidate => c.kind === 'column').map((c) => c.column) : [];
    if (!cands.length) {
      // a quoted literal no profile holds: the column named next to it, else a text column of the subject
      const col = nearCols[0] ?? (v.near ? this.columnOf(v.near) : null) ?? this.literalColumn(v);
      if (col) this.remember(v.mention, col, 0.5, `"${v.mention.text}" compared with ${col.table.name}.${col.name} (named next to it)`);
      return col;
    }
    const window = new Set(this.it.tokens.slice(Math.max(0, v.mention.start - 4), v.mention.end + 3).filter((t) => t.kind === 'word').map((t) => canonicalStem(t.lower)));
    const score = (c: ValueCandidate): number => {
      let s = c.score + 0.25 * this.rel(c.column.table);
      if (nearCols.includes(c.column)) s += 1;
      if (c.column.table === this.subject) s += 0.3;
      const colWords = c.column.stems.map((x) => canonicalStem(x));
      if (colWords.some((w) => window.has(w))) s += 0.3;
      else if (colWords.some((w) => this.questionCanon.has(w))) s += 0.1;
      if (c.column.primaryKey) s -= 0.05;
      return s;
    };
    const best = cands.reduce((a, b) => (score(b) > score(a) ? b : a));
    this.resolved.set(v.mention, best.column);
    this.note(v.mention.text, { kind: 'value', schema: best.column.table.schema, table: best.column.table.name, column: best.column.name, value: best.value }, best.score, best.reason);
    return best.column;
  }

  private literalColumn(v: ValueFilterSlot): IndexedColumn | null {
    const text = this.subject.columns.filter((c) => c.type === 'text' && !c.isKey);
    const words = new Set(this.it.tokens.slice(Math.max(0, v.mention.start - 5), v.mention.start).map((t) => t.stem));
    return text.find((c) => c.stems.some((s) => words.has(s))) ?? this.subject.display ?? text[0] ?? null;
  }

  private valueCondition(v: ValueFilterSlot): Condition | null {
    const col = this.valueColumn(v);
    if (!col) return null;
    const value = v.mention.candidates.find((c): c is ValueCandidate => c.kind === 'value' && c.column === col)?.value ?? (v.mention.quoted ? this.it.tokens[v.mention.start].text : v.mention.text);
    if (v.op === 'like') return { kind: 'like', left: columnExpr(col), pattern: v.likePattern ?? `%${value}%`, negated: false };
    const typed = v.mention.quoted ? this.it.tokens[v.mention.start].text : v.mention.text;
    if (v.mention.quoted && value.toLowerCase().trim() !== typed.toLowerCase().trim() && value.toLowerCase().includes(typed.toLowerCase().trim())) {
      // a quoted fragment of stored values ("'Hey' in its name"): a substring match
      return { kind: 'like', left: columnExpr(col), pattern: `%${typed.trim()}%`, negated: v.op === '!=' };
    }
    const literal = col.type === 'number' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    return { kind: 'compare', left: columnExpr(col), op: v.op, right: literal };
  }

  private numberFilterCondition(n: NumberFilterSlot, prefer: IndexedTable[]): Condition | null {
    let col: IndexedColumn | null = n.ref ? this.refColumn(n.ref, prefer, true) : null;
    if (col && col.type === 'text' && n.ref?.kind === 'table') col = null;
    if (!col && n.yearLike) {
      const near = this.it.yearTables.get(n);
      const nearTable = near ? this.tableOf(near) : null;
      col = this.yearColumn(nearTable ? [nearTable, ...prefer] : prefer, nearTable);
      if (!col || (this.usedMetric?.timeColumn && !col.stems.includes(YEAR_STEM))) col = this.dateColumn(prefer) ?? col;
    }
    if (!col) return null;
    if (n.yearLike && col.type === 'date') {
      // a year on a date column is a date range (the column's index stays usable)
      const first = Math.min(...n.values);
      const last = Math.max(...n.values);
      const from = `${first}-01-01`;
      const after = `${last + 1}-01-01`;
      const ge = (v: string): Condition => ({ kind: 'compare', left: columnExpr(col!), op: '>=', right: v, date: true });
      const lt = (v: string): Condition => ({ kind: 'compare', left: columnExpr(col!), op: '<', right: v, date: true });
      switch (n.op) {
        case '>':
          return ge(`${first + 1}-01-01`);
        case '>=':
          return ge(from);
        case '<':
          return lt(from);
        case '<=':
          return lt(`${first + 1}-01-01`);
        case '!=':
          return { kind: 'or', items: [lt(from), ge(`${first + 1}-01-01`)] };
        default:
          return { kind: 'and', items: [ge(from), lt(after)] };
      }
    }
    const cond = this.numberCondition(columnExpr(col), n.op, n.values, col, n.percent);
    if (n.negated && cond.kind === 'compare' && cond.op === '=') cond.op = '!=';
    return cond;
  }

  private numberCondition(left: Expr, op: NumberFilterSlot['op'], values: number[], col: IndexedColumn | null, percent = false): Condition {
    // "20%" on a column holding fractions (0..1) is 0.2
    const max = col?.source.profile?.max;
    if (percent && col && max !== null && max !== undefined && Number(max) <= 1) values = values.map((v) => v / 100);
    if (op === 'between') return { kind: 'between', left, low: Math.min(values[0], values[1] ?? values[0]), high: Math.max(values[0], values[1] ?? values[0]) };
    return { kind: 'compare', left, op, right: values[0] };
  }

  private notInCondition(n: Interpretation['notIns'][number]): Condition | null {
    const subject = this.subject;
    const otherTable = n.tables.map((m) => this.tableOf(m)).find((t) => t && t !== subject) ?? null;
    const valueTable = n.valueFilters.length ? this.valueColumn(n.valueFilters[0])?.table ?? null : null;
    const related = otherTable ?? (n.table ? this.tableOf(n.table) : n.column ? this.columnOf(n.column)?.table ?? null : valueTable);
    if (!related || related === subject) {
      // "whose hometown is not X", "does not own a cat" on the subject's own column: the value, negated
      const v = n.valueFilters[0];
      if (!v) return null;
      const cond = this.valueCondition({ ...v, op: v.op === 'like' ? 'like' : '!=' });
      if (cond && cond.kind === 'like') cond.negated = true;
      return cond;
    }
    const key = subject.primaryKey[0] ?? null;
    const inner = emptyQuery([related]);
    for (const v of n.valueFilters) {
      const c = this.valueCondition(v);
      if (c) inner.where.push(c);
    }
    for (const f of n.numberFilters) {
      const c = this.numberFilterCondition(f, [related]);
      if (c) inner.where.push(c);
    }
    const innerTables = [related, ...inner.where.flatMap(conditionTables)];
    const direct = this.directLink(subject, related);
    if (direct && innerTables.every((t) => t === related)) {
      inner.tables = [related];
      inner.select = [{ expr: columnExpr(direct.remote) }];
      return { kind: 'in', left: columnExpr(direct.local), query: inner, negated: true };
    }
    if (!key) return null;
    inner.tables = [subject, ...new Set(innerTables)];
    inner.select = [{ expr: columnExpr(key) }];
    return { kind: 'in', left: columnExpr(key), query: inner, negated: true };
  }

  /** A relationship between the two tables with one column on each side: local (subject) and remote columns. */
  private directLink(local: IndexedTable, remote: IndexedTable): { local: IndexedColumn; remote: IndexedColumn } | null {
    for (const r of this.index.relationshipsOf(local)) {
      if (r.fromColumns.length !== 1 || r.via || r.cardinality === 'MANY_TO_MANY') continue;
      if (r.fromTable === remote.name && r.toTable === local.name) {
        const l = this.index.column(local, r.toColumns[0]);
        const rc = this.index.column(remote, r.fromColumns[0]);
        if (l && rc) return { local: l, remote: rc };
      }
      if (r.fromTable === local.name && r.toTable === remote.name) {
        const l = this.index.column(local, r.fromColumns[0]);
        const rc = this.index.column(remote, r.toColumns[0]);
        if (l && rc) return { local: l, remote: rc };
      }
    }
    return null;
  }
}

/** `status NOT IN ('cancelled')`, `status <> 'x'`, `flag = 1` over one table, as a typed condition; null otherwise. */
function parseSimpleFilter(sql: string, table: IndexedTable, index: SemanticIndex): Condition | null {
  const m = /^\s*"?([A-Za-z_][\w]*)"?\s*(NOT\s+IN|IN|=|<>|!=)\s*(.+?)\s*$/i.exec(sql);
  if (!m) return null;
  const column = index.column(table, m[1]);
  if (!column) return null;
  const literal = (text: string): string | number | null => {
    const t = text.trim();
    if (/^'(?:[^']|'')*'$/.test(t)) return t.slice(1, -1).replace(/''/g, "'");
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    return null;
  };
  const op = m[2].toUpperCase().replace(/\s+/g, ' ');
  if (op === 'IN' || op === 'NOT IN') {
    const inner = /^\((.*)\)$/.exec(m[3].trim());
    if (!inner) return null;
    const values = inner[1].split(/,(?=(?:[^']*'[^']*')*[^']*$)/).map(literal);
    if (values.some((v) => v === null)) return null;
    return { kind: 'inList', left: columnExpr(column), values: values as (string | number)[], negated: op === 'NOT IN' };
  }
  const value = literal(m[3]);
  if (value === null) return null;
  return { kind: 'compare', left: columnExpr(column), op: op === '=' ? '=' : '!=', right: value };
}

const commentCache = new WeakMap<IndexedColumn, string[]>();

/** Content-word stems of a column's comment. */
function commentStems(column: IndexedColumn): string[] {
  let stems = commentCache.get(column);
  if (!stems) {
    stems = (column.comment ?? '').toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 3 && !['this', 'that', 'with', 'from', 'only', 'also', 'when', 'than', 'each', 'every', 'which', 'there'].includes(w)).map(stem);
    commentCache.set(column, stems);
  }
  return stems;
}

/** A low-cardinality text column (country, status, segment): far fewer values than rows. */
function isCategory(column: IndexedColumn): boolean {
  const distinct = column.source.profile?.distinctCount;
  const rows = column.table.rowEstimate;
  return column.type === 'text' && !column.isKey && !column.unique && distinct != null && rows != null && rows >= 8 && distinct * 2 <= rows;
}

function sameLeft(a: Condition, b: Condition): boolean {
  return 'left' in a && 'left' in b && sameExpr(a.left, b.left);
}

/** Two comparisons no single value satisfies (x > 40 and x < 30). */
function contradicts(a: Condition, b: Condition): boolean {
  const bounds = (c: Condition): { lo: number; hi: number } | null => {
    if (c.kind === 'compare' && typeof c.right === 'number') {
      if (c.op === '>' || c.op === '>=') return { lo: c.right, hi: Infinity };
      if (c.op === '<' || c.op === '<=') return { lo: -Infinity, hi: c.right };
      if (c.op === '=') return { lo: c.right, hi: c.right };
    }
    if (c.kind === 'between' && typeof c.low === 'number' && typeof c.high === 'number') return { lo: c.low, hi: c.high };
    return null;
  };
  const x = bounds(a);
  const y = bounds(b);
  if (!x || !y) return false;
  return Math.max(x.lo, y.lo) > Math.min(x.hi, y.hi);
}

const COMMON_WORDS = new Set(['what', 'which', 'show', 'list', 'find', 'give', 'many', 'much', 'with', 'from', 'that', 'have', 'there', 'their', 'they', 'this', 'these', 'those', 'were', 'does', 'each', 'every', 'more', 'less', 'than', 'most', 'least', 'total', 'number', 'average', 'please', 'about', 'into', 'only', 'also', 'some', 'them', 'been', 'being', 'will', 'would', 'should', 'could', 'other', 'same', 'tell', 'return', 'display', 'count', 'different', 'distinct', 'order', 'ordered', 'sorted', 'descending', 'ascending', 'where', 'when', 'whose', 'while', 'along', 'between', 'above', 'below', 'after', 'before', 'over', 'under', 'highest', 'lowest', 'largest', 'smallest', 'maximum', 'minimum', 'name', 'names', 'both', 'either', 'neither', 'year', 'years', 'month', 'months', 'quarter', 'week', 'days', 'today', 'last', 'first', 'next', 'previous', 'this', 'trend', 'show', 'give', 'compare', 'versus', 'breakdown', 'split', 'least', 'fewest', 'any', 'all', 'exist', 'exists', 'listed']);
