// Owns what an LLM prompt learns about a database for one question: from the described PlannerContext it keeps the
// tables and columns the question points at (semantic mapping: names, synonyms, values, DataPoints, glossary, learned
// mappings; plus weaker word and adjective matches), the tables that join them, the keys those joins need, the
// relationships among what is kept, a few values of the kept text columns and the approved DataPoints that apply —
// never the whole schema of a large database — and renders it as compact CREATE-TABLE-like lines. A word read in
// several tables goes with the table the rest of the question is about; status columns whose values say a row does not
// count (cancelled, void, …) come along when the question measures transactions, since only a DataPoint would say so.
// Measured by test/bench/linking-recall.ts (schema-linking recall and context share, Spider open split and demo set).
import { RelationshipGraph, type DialectName, type Relationship } from '@querent/common';
import type { LinkedTerm } from '../planner/planner';
import type { PlannerContext, PlannerDataPoint, PlannerGlossaryEntry } from '../planner/planner-context';
import { lexQuestion, type Token } from '../planner/question-lexer';
import { adjectiveBase, AGGREGATE_WORDS, ATTRIBUTE_ADJECTIVES, EXCLUDED_STATUS_VALUE, GENERIC_WORDS, TRANSACTION_WORDS } from '../semantic/business-synonyms';
import { canonicalStem, identifierWords, stem, STOP_WORDS } from '../semantic/schema-words';
import { semanticIndexFor, type IndexedColumn, type IndexedTable, type SemanticIndex } from '../semantic/semantic-index';
import { SemanticMapper, type LinkCandidate, type Mention } from '../semantic/semantic-mapper';
import { rankTables } from './table-relevance';

export interface PruneOptions {
  /** Tables kept at most, bridges included. */
  maxTables: number;
  /** Columns kept at most over all kept tables (join keys are never dropped for it). */
  maxColumns: number;
  /** Values shown per kept text column (values the question names are always shown). */
  valuesPerColumn: number;
  /** A link below this score (0..1) selects no table on its own. */
  minLinkScore: number;
  /** A table of at most this many columns is kept whole: listing its few other columns costs little. */
  wholeTableColumns: number;
  /** A phrase's other readings are kept when they score at least this share of its best one (0..1]. */
  alternativesWithin: number;
}

export const DEFAULT_PRUNE_OPTIONS: PruneOptions = { maxTables: 8, maxColumns: 60, valuesPerColumn: 5, minLinkScore: 0.5, wholeTableColumns: 0, alternativesWithin: 0.8 };

export interface PrunedColumn {
  name: string;
  dataType: string;
  comment: string | null;
  primaryKey: boolean;
  /** The column it references, when it is the child side of a kept relationship. */
  references: { table: string; column: string } | null;
  /** Values to show: the ones the question names first, then the most frequent. */
  values: string[];
  /** Why it was kept. */
  why: string[];
}

export interface PrunedTable {
  schema: string;
  name: string;
  comment: string | null;
  rowEstimate: number | null;
  columns: PrunedColumn[];
  /** Columns the table has in the context (kept or not). */
  totalColumns: number;
  why: string[];
}

export interface PrunedContext {
  dialect: DialectName;
  tables: PrunedTable[];
  /** Relationships whose both ends are kept. */
  relationships: Relationship[];
  dataPoints: PlannerDataPoint[];
  glossary: PlannerGlossaryEntry[];
  /** The question's terms and what they were linked to (for the plan's linked terms). */
  linkedTerms: LinkedTerm[];
  columnsKept: number;
  /** Columns of all described tables (what was available before pruning). */
  columnsDescribed: number;
}

/** Words after which a question lists rows of the table it names, labelled by their names. */
const ENTITY_CUES = new Set(['which', 'who', 'whose', 'top', 'bottom', 'best', 'worst', 'each', 'per', 'by', 'every', 'biggest', 'largest', 'smallest', 'most', 'least', 'fewest']);

/** Words between a name and the value given for it ("named 'X'", "with code = 'X'"). */
const VALUE_GLUE = new Set(['named', 'called', 'titled', 'is', 'as', 'the', 'a', 'an', 'equal', 'equals', 'to', '=', ':']);
const NAMING_WORDS = new Set(['named', 'called', 'titled']);

/** Cues that count the phrase right after them ("the most employees") rather than list its rows. */
const COUNTING_CUES = new Set(['most', 'least', 'fewest']);

/** Time words: the question's time range is handled by its dated columns, not by comments that mention a year. */
const TIME_STEMS = new Set(['year', 'month', 'quarter', 'week', 'day', 'date', 'time', 'last', 'first', 'recent', 'today', 'annual', 'monthli', 'daili', 'weekli']);

/** Column evidence at or above this keeps the column in a kept table. */
const KEEP_COLUMN_SCORE = 0.44;

interface Evidence {
  score: number;
  why: Set<string>;
}

interface ColumnEvidence extends Evidence {
  values: Set<string>;
  /** A phrase of the question names the column itself (not a value of it, not a stray word). */
  named: boolean;
}

/** Question words that ask rather than name (they never select a column on their own). */
const QUESTION_WORDS = new Set([
  'what', 'which', 'who', 'whom', 'whose', 'where', 'when', 'how', 'many', 'much', 'show', 'list', 'find', 'give', 'return', 'tell', 'me',
  'display', 'get', 'there', 'do', 'does', 'did', 'have', 'has', 'had', 'was', 'were', 'that', 'this', 'these', 'those', 'than', 'more',
  'less', 'most', 'least', 'not', 'no', 'or', 'but', 'both', 'also', 'as', 'from', 'we', 'our', 'they', 'them', 'it', 'i', 'you', 'your',
  'my', 'about', 'between', 'over', 'under', 'above', 'below', 'after', 'before', 'sorted', 'sort', 'descending', 'ascending', 'different',
  'distinct', 'unique', 'average', 'total', 'sum', 'maximum', 'minimum', 'max', 'min', 'highest', 'lowest', 'largest', 'smallest', 'count',
  'number', 'same', 'only', 'some', 'can', 'will', 'would', 'all', 'any', 'each', 'every', 'other', 'one', 'two', 'three', 'greater',
  'fewer', 'least', 'at', 'order', 'ordered', 'along', 'together', 'respectively', 'corresponding', 'whole', 'include', 'including',
  'listed', 'shown', 'given', 'returned',
]);

export function pruneContext(question: string, context: PlannerContext, options: Partial<PruneOptions> = {}): PrunedContext {
  const o = { ...DEFAULT_PRUNE_OPTIONS, ...options };
  const index = semanticIndexFor(context);
  const relevance = new RelevanceCollector(index, o.minLinkScore, o.alternativesWithin);
  relevance.fromMentions(question, context);
  relevance.fromWords(question);
  relevance.fromRanking(question, context);

  const kept = chooseTables(index, relevance, o.maxTables);
  keepExclusionStatuses(index, relevance, kept, question);
  const keptKeys = new Set(kept.map((t) => t.key));
  const relationships = preferSaidJoins(
    (context.relationships ?? []).filter((r) => keptKeys.has(`${r.fromSchema}.${r.fromTable}`) && keptKeys.has(`${r.toSchema}.${r.toTable}`)),
    question,
  );
  const dataPoints = (context.dataPoints ?? []).filter((dp) => keptKeys.has(`${dp.table.schema}.${dp.table.table}`) || relevance.metrics.has(dp));
  const glossary = (context.glossary ?? []).filter((g) => kept.some((t) => t.name.toLowerCase() === g.table.toLowerCase()));
  const tables = kept.map((t) => pruneColumns(t, relevance, relationships, dataPoints, kept.length, o));
  trimToBudget(tables, o.maxColumns);
  return {
    dialect: context.dialect,
    tables,
    relationships,
    dataPoints,
    glossary,
    linkedTerms: relevance.linkedTerms.filter((l) => !l.target.table || keptKeys.has(`${l.target.schema}.${l.target.table}`)),
    columnsKept: tables.reduce((n, t) => n + t.columns.length, 0),
    columnsDescribed: context.tables.reduce((n, t) => n + t.columns.length, 0),
  };
}

/** Gathers scored evidence for tables and columns from every source, strongest first. */
class RelevanceCollector {
  readonly tables = new Map<IndexedTable, Evidence>();
  /** Evidence strong enough to bring a table in. */
  readonly selecting = new Map<IndexedTable, Evidence>();
  readonly columns = new Map<IndexedColumn, ColumnEvidence>();
  readonly metrics = new Set<PlannerDataPoint>();
  readonly linkedTerms: LinkedTerm[] = [];
  /** The question names a year or a date: date-like columns of kept tables matter. */
  mentionsTime = false;
  /** Tables the question asks for rows of, by a cue right before their name ("which customers", "top 5 products",
   *  "by region"): the answer is labelled by what names their rows. */
  readonly listedTables = new Set<IndexedTable>();
  /** Look-up tables brought in for words nothing explains: their naming columns are kept. */
  readonly lookups = new Set<IndexedTable>();
  /** Tables selected by phrases that count rows, and by anything else. */
  private readonly countedSelections = new Set<IndexedTable>();
  private readonly otherSelections = new Set<IndexedTable>();
  /** The phrase being read counts rows. */
  private counting = false;
  /** Status columns whose "does not count" values a total of the question likely leaves out. */
  readonly exclusions = new Set<IndexedColumn>();
  /** Content words no link or name explains. */
  unexplained: string[] = [];
  /** Words a strong link already explained (the word pass skips them). */
  readonly explained = new Set<string>();

  constructor(private readonly index: SemanticIndex, private readonly minLinkScore: number, private readonly alternativesWithin: number) {}

  fromMentions(question: string, context: PlannerContext): void {
    const mapper = new SemanticMapper(this.index, { dataPoints: context.dataPoints, glossary: context.glossary, learned: context.learnedMappings });
    const lexed = lexQuestion(question);
    this.mentionsTime = lexed.tokens.some((t) => t.kind === 'number' && t.digits && t.number !== undefined && t.number >= 1900 && t.number <= 2100)
      || lexed.tokens.some((t) => /^(year|month|quarter|week|day|date|recent|latest|earliest|since|until|trend)/.test(t.lower));
    let mentions: Mention[];
    try {
      mentions = mapper.map(lexed);
    } catch {
      // The mapper must never cost the question its context: the word evidence below still applies.
      mentions = [];
    }
    const said = new Set(contentWords(question).flatMap((w) => wordForms(w)));
    const readings = mentions.map((mention, m) => {
      const top = mention.candidates[0]?.score ?? 0;
      // "average", "maximum", "number": asking words that happen to name a column (stadium.Average) select nothing.
      const generic = mentionIsGeneric(mention.text) || mentionAsks(mention.text);
      // Every candidate close to the best one: the prompt may carry an alternative the mapper ranked second.
      const plausible = completedFamilies(
        saidParallelValues(countedRows(mention.candidates.filter((c) => c.score >= Math.max(this.minLinkScore * 0.8, top * this.alternativesWithin)), mention, lexed.tokens, mentions[m + 1]), said),
        mention.text,
        said,
      ).slice(0, 12);
      const namedTables = plausible.flatMap((c) => (c.kind === 'table' ? [c.table] : []));
      const weak = plausible.map((c) => {
        if (generic || (mention.quoted === false && plausible.length > 6)) return true;
        if (c.kind !== 'column') return false;
        // "countries" names the table countries and car_makers.Country, the key that points at it (declared, inferred,
        // or named after it): the key is the same thing seen from its child and does not bring the child in.
        return namedTables.some((t) => t !== c.column.table && (this.referencedTables(c.column).includes(t.key) || sameWords(c.column.stems, t.stems)));
      });
      const selected = new Set(plausible.flatMap((c, i) => (!weak[i] && c.score >= this.minLinkScore ? [candidateTable(c)] : [])).filter((t): t is IndexedTable => t !== null));
      return { mention, top, plausible, weak, selected, settled: plausible.map(() => false), generic };
    });
    // An owned generic word is explained: the word pass does not read it in other tables' names again.
    for (const mention of ownedGenericReadings(lexed.tokens, readings)) for (const w of mention.text.toLowerCase().match(/[a-z0-9]+/g) ?? []) this.explained.add(w);
    this.settleAmbiguousReadings(readings);
    for (const { mention, top, plausible, weak, settled } of readings) {
      // "owned by students", "made by makers": "by" after a participle names who did it, not what the answer lists.
      // "which shop has the most employees" counts employees (the answer lists shops); "the most expensive products"
      // lists products: a quantity cue counts when nothing stands between it and the phrase.
      const cue = lexed.tokens.slice(Math.max(0, mention.start - 3), mention.start).some((t) => ENTITY_CUES.has(t.lower)
        && !(t.lower === 'by' && isParticiple(lexed.tokens[t.index - 1]?.lower))
        && !(COUNTING_CUES.has(t.lower) && t.index === mention.start - 1));
      // A literal counts as explained only when the value index holds it as typed (a near value may be another one).
      if (mention.quoted ? top >= 1 : top >= this.minLinkScore) for (const w of mention.text.toLowerCase().match(/[a-z0-9]+/g) ?? []) this.explained.add(w);
      this.counting = countsRows(lexed.tokens, mention);
      for (const [i, c] of plausible.entries()) {
        if (i === 0) this.linkedTerms.push(linkedTerm(mention.text, c));
        this.candidate(c, mention.text, weak[i], settled[i]);
        if (cue && c.kind === 'table' && c.score >= this.minLinkScore) this.listedTables.add(c.table);
      }
    }
    this.counting = false;
    this.valuesAfterNames(lexed.tokens, readings);
  }

  /**
   * A word read in several tables ("country" in airlines and airports) means the one the rest of the question is about:
   * when another phrase that reads in one table only selects one of them, the other readings bring nothing in. (Two
   * ambiguous phrases do not settle each other: "car models" may be about any table named for cars or models.)
   */
  private settleAmbiguousReadings(readings: { plausible: LinkCandidate[]; weak: boolean[]; settled: boolean[]; selected: Set<IndexedTable> }[]): void {
    for (const [m, r] of readings.entries()) {
      if (r.selected.size < 2) continue;
      const elsewhere = new Set(readings.flatMap((o, k) => (k === m || o.selected.size !== 1 ? [] : [...o.selected])));
      if (![...r.selected].some((t) => elsewhere.has(t))) continue;
      // A key that points at a selected table stays ("templates of the type CV": Templates.Template_Type_Code holds the
      // code of the selected Ref_Template_Types). The reverse is not needed: a selected table's key already holds what
      // the table it points at would add ("template id" of documents is Documents.Template_ID, not Templates).
      const consistent = new Set([...elsewhere].map((t) => t.key));
      const selectedKeys = new Set(consistent);
      r.plausible.forEach((c) => {
        if ((c.kind === 'column' || c.kind === 'value') && this.referencedTables(c.column).some((k) => selectedKeys.has(k))) consistent.add(c.column.table.key);
      });
      r.plausible.forEach((c, i) => {
        const t = candidateTable(c);
        if (t && !consistent.has(t.key)) r.weak[i] = r.settled[i] = true;
      });
    }
  }

  /**
   * "airline 'JetBlue Airways'", "with abbreviation 'UAL'", "the museum named Plaza Museum": a literal or a capitalized
   * name right after a phrase naming a text column (or a table, after named/called/titled) is a value of that column
   * (of the table's naming column): it is explained, and no look-up table is brought in to hold it.
   */
  private valuesAfterNames(tokens: Token[], readings: { mention: Mention; top: number; plausible: LinkCandidate[] }[]): void {
    const covering = (k: number) => readings.find((r) => r.mention.start <= k && k < r.mention.end);
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i];
      if (!(t.kind === 'quoted' || (t.kind === 'word' && /^[A-Z]/.test(t.text)))) continue;
      const own = covering(i);
      if (own && (own.mention.quoted ? own.plausible.length > 0 : own.top >= this.minLinkScore)) continue;
      let k = i - 1;
      let naming = false;
      while (k >= 0) {
        const before = tokens[k];
        const capitalizedRun = before.kind === 'word' && /^[A-Z]/.test(before.text) && !covering(k);
        if (!capitalizedRun && !VALUE_GLUE.has(before.lower)) break;
        if (NAMING_WORDS.has(before.lower)) naming = true;
        k--;
      }
      // The phrase may hold the glue itself ("museum named" reads museum.Name).
      const named = k >= 0 ? covering(k) : covering(i - 1);
      if (!named) continue;
      const columns = named.plausible.flatMap((c) => (c.kind === 'column' && c.column.type === 'text' ? [c.column] : []));
      if (naming && columns.length === 0) columns.push(...named.plausible.flatMap((c) => (c.kind === 'table' && c.table.display ? [c.table.display] : [])));
      if (columns.length === 0) continue;
      for (const c of columns) this.addColumn(c, 0.6, `the question gives a value of it ("${t.text}")`, false).named = true;
      for (const w of t.text.toLowerCase().match(/[a-z0-9]+/g) ?? []) this.explained.add(w);
    }
  }

  /**
   * Weaker evidence from the words no strong link explained: a word of a table's or column's name (a column counts
   * by the share of its name the question covers, every question word counting), a word of a column's comment when no
   * name in the context has it ("revenue" in a comment saying how revenue is computed), the attribute an adjective is
   * about ("youngest"), and a word inside a compound name ("towns" in `Hometown`).
   */
  fromWords(question: string): void {
    const all = contentWords(question);
    const open = all.filter((w) => !this.explained.has(w));
    const forms = (words: string[]) => new Set(words.flatMap((w) => wordForms(w)));
    const allForms = forms(all);
    const openForms = forms(open);
    const openStems = new Set(open.flatMap((w) => wordForms(w, false)));
    const measureForms = open.some((w) => TRANSACTION_WORDS.has(w)) ? new Set([...openForms, ...wordForms('revenue')]) : openForms;
    const measureNamed = (t: IndexedTable) => t.columns.some((c) => c.type === 'number' && !c.isKey && (this.columns.get(c)?.score ?? 0) >= KEEP_COLUMN_SCORE);
    const attributes = new Set<string>();
    for (const w of question.toLowerCase().match(/[a-z]+/g) ?? []) {
      const adjective = adjectiveBase(w);
      if (adjective) for (const a of ATTRIBUTE_ADJECTIVES[adjective.base].attribute) attributes.add(stem(a));
    }
    const named = new Set(this.index.tables.flatMap((t) => [...t.stems, ...t.columns.flatMap((c) => c.stems)]).map(canonicalStem));
    const matched = new Set<string>();
    for (const table of this.index.tables) {
      const tableHit = table.stems.filter((s) => saidIn(s, openForms));
      if (tableHit.some((s) => !isGenericStem(s))) this.addTable(table, 0.45, `its name has the word "${tableHit[0]}"`, true);
      // A word said in part of the names of three or more columns ("won" in every winner_* column, "names" in
      // winner_name, loser_name and tourney_name) speaks of none of them in particular: only the columns whose whole
      // name the question says count.
      const partly = new Map<string, number>();
      for (const column of table.columns) {
        if (column.stems.every((s) => saidIn(s, allForms))) continue;
        for (const s of new Set(column.stems.filter((x) => saidIn(x, openForms)))) partly.set(s, (partly.get(s) ?? 0) + 1);
      }
      for (const column of table.columns) {
        const hits = column.stems.filter((s) => saidIn(s, allForms));
        const fresh = hits.filter((s) => saidIn(s, openForms));
        if (fresh.length > 0) {
          const specific = fresh.filter((s) => !GENERIC_WORDS.has(s) && !isGenericStem(s));
          const coverage = hits.length / column.stems.length;
          fresh.forEach((s) => matched.add(s));
          if (coverage < 1 && fresh.every((s) => (partly.get(s) ?? 0) >= 3)) continue;
          this.addColumn(column, 0.3 + 0.3 * coverage, `the question says "${hits.join(' ')}"`, specific.length > 0 && coverage >= 0.5);
        } else {
          const inside = column.stems.find((s) => s.length >= 6 && [...openForms].some((f) => f.length >= 4 && f !== s && (s.startsWith(f) || s.endsWith(f))));
          if (inside) this.addColumn(column, 0.45, `its name contains a word of the question ("${inside}")`, false);
        }
        // A comment counts by the question's own words, and by their synonyms only for a measure: "revenue = quantity *
        // unit_price" answers "sales", "Unique identifier of the sales region" does not answer "revenue".
        // "how much did we sell" speaks of revenue too (sell, bought, purchased are not in the revenue synonyms), unless
        // the question names a measure of the table already ("units sold": quantity).
        const measure = column.type === 'number' && !column.isKey;
        const forms = measure && !measureNamed(table) ? measureForms : openForms;
        const commentHit = commentStems(column.comment).find((s) => (measure ? saidIn(s, forms) : openStems.has(s)) && !named.has(canonicalStem(s)) && !isGenericStem(s) && !TIME_STEMS.has(s));
        if (commentHit) this.addColumn(column, 0.45, `its comment speaks of "${commentHit}"`, true);
        const attribute = column.stems.find((s) => attributes.has(s));
        if (attribute) this.addColumn(column, 0.45, `an adjective of the question is about ${attribute}`, false);
      }
    }
    // Words nothing in the described tables explains ("france" when the country list is not in the value sample).
    const valueLike = valueLikeWords(question);
    this.unexplained = open.filter((w) => valueLike.has(w) && !/^\d+$/.test(w) && w.length > 2 && !wordForms(w).some((f) => matched.has(f) || named.has(canonicalStem(f))) && adjectiveBase(w) === null);
  }

  /** The level-2 ranking (names, comments, DataPoints) brings in a table that holds a metric the question names. */
  fromRanking(question: string, context: PlannerContext): void {
    const ranking = rankTables(question, context.tables.map((t) => ({ schema: t.schema, name: t.name, kind: 'TABLE', rowEstimate: t.rowEstimate ?? null, comment: t.comment ?? null })), context.dataPoints ?? []);
    for (const r of ranking) {
      if (r.score <= 0) continue;
      const table = this.index.table(r.table.schema, r.table.name);
      if (table) this.addTable(table, Math.min(0.9, 0.3 + r.score / 10), r.reason, /holds the metric/.test(r.reason));
    }
  }

  /** `settled`: the rest of the question put the reading aside (a value found there then selects nothing either). */
  private candidate(c: LinkCandidate, text: string, weak: boolean, settled = false): void {
    const selects = !weak && c.score >= this.minLinkScore;
    switch (c.kind) {
      case 'table':
        this.addTable(c.table, c.score, c.reason, selects);
        return;
      case 'column':
        this.addColumn(c.column, c.score, c.reason, selects).named ||= c.score >= this.minLinkScore;
        return;
      case 'value': {
        const evidence = this.addColumn(c.column, c.score, c.reason, selects || (!settled && c.score >= this.minLinkScore));
        evidence.values.add(c.value);
        return;
      }
      case 'metric': {
        this.metrics.add(c.dataPoint);
        for (const ref of [c.dataPoint.table, c.dataPoint.filterTable].filter((r): r is { schema: string; table: string } => Boolean(r))) {
          const table = this.index.table(ref.schema, ref.table);
          if (!table) continue;
          this.addTable(table, c.score, `"${text}" is the approved metric ${c.dataPoint.name}`, true);
          const expression = `${c.dataPoint.sql} ${ref === c.dataPoint.filterTable ? c.dataPoint.filter ?? '' : ''}`.toLowerCase();
          for (const column of table.columns) {
            if (new RegExp(`\\b${escapeRegExp(column.name.toLowerCase())}\\b`).test(expression)) this.addColumn(column, c.score, `used by the metric ${c.dataPoint.name}`, false);
          }
        }
      }
    }
  }

  /** The tables a column points at as the child side of a relationship. */
  private referencedTables(column: IndexedColumn): string[] {
    return this.index
      .relationshipsOf(column.table)
      .filter((r) => `${r.fromSchema}.${r.fromTable}` === column.table.key && r.fromColumns.includes(column.name))
      .map((r) => `${r.toSchema}.${r.toTable}`);
  }

  private addTable(table: IndexedTable, score: number, why: string, selects: boolean): void {
    add(this.tables, table, score, why);
    if (selects) this.select(table, score, why);
  }

  private select(table: IndexedTable, score: number, why: string): void {
    add(this.selecting, table, score, why);
    (this.counting ? this.countedSelections : this.otherSelections).add(table);
  }

  /** A table selected only by phrases that count its rows ("at least two courses", "how many pets"). */
  onlyCounted(table: IndexedTable): boolean {
    return this.countedSelections.has(table) && !this.otherSelections.has(table);
  }

  addColumn(column: IndexedColumn, score: number, why: string, selects: boolean): ColumnEvidence {
    let evidence = this.columns.get(column);
    if (!evidence) {
      evidence = { score: 0, why: new Set(), values: new Set(), named: false };
      this.columns.set(column, evidence);
    }
    evidence.score = Math.max(evidence.score, score);
    evidence.why.add(why);
    add(this.tables, column.table, score * 0.9, `its column ${column.name}: ${why}`);
    if (selects) this.select(column.table, score * 0.9, `its column ${column.name}: ${why}`);
    return evidence;
  }
}

/**
 * "winners" reads every winner_* column of matches by a part of its name: of such a family (three or more columns of a
 * table), only the members whose other words the question says too are kept ("rank of winners" → winner_rank), and the
 * one that names the rows (winner_name) — not the ten others.
 */
function completedFamilies(candidates: LinkCandidate[], text: string, said: Set<string>): LinkCandidate[] {
  const own = new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).flatMap((w) => wordForms(w)));
  const partial = (c: LinkCandidate): c is Extract<LinkCandidate, { kind: 'column' }> => c.kind === 'column' && !c.column.stems.every((s) => saidIn(s, own));
  const families = new Map<IndexedTable, number>();
  for (const c of candidates) if (partial(c)) families.set(c.column.table, (families.get(c.column.table) ?? 0) + 1);
  return candidates.filter((c) => {
    if (!partial(c) || families.get(c.column.table)! < 3) return true;
    const rest = c.column.stems.filter((s) => !saidIn(s, own));
    return rest.every((s) => saidIn(s, said)) || (rest.length === 1 && rest[0] === 'nam');
  });
}

/**
 * "flights arriving at airport 'AHD'": a value found in parallel columns of one table (SourceAirport, DestAirport) is
 * read in those whose own words the question says ("arriving" is a destination word); when it says none, in all.
 */
function saidParallelValues(candidates: LinkCandidate[], said: Set<string>): LinkCandidate[] {
  const values = candidates.filter((c): c is Extract<LinkCandidate, { kind: 'value' }> => c.kind === 'value');
  const says = (c: Extract<LinkCandidate, { kind: 'value' }>) => c.column.stems.some((s) => !isGenericStem(s) && !c.column.table.stems.includes(s) && !values.every((o) => o.column.stems.includes(s)) && saidIn(s, said));
  const byTable = new Map<IndexedTable, Extract<LinkCandidate, { kind: 'value' }>[]>();
  for (const c of values) byTable.set(c.column.table, [...(byTable.get(c.column.table) ?? []), c]);
  const drop = new Set<LinkCandidate>();
  for (const group of byTable.values()) if (group.length > 1 && group.some(says)) group.filter((c) => !says(c)).forEach((c) => drop.add(c));
  return candidates.filter((c) => !drop.has(c));
}

/**
 * "the number of flights" counts the rows of flights; it does not ask for flights.FlightNo, the column named for the
 * table's own noun and "number". Such a reading becomes a reading of the table, whether the phrase was read whole or
 * "number" alone before "of flights". ("number of products" in shops still reads shop.Number_products: that column is
 * named for another noun.)
 */
function countedRows(candidates: LinkCandidate[], mention: Mention, tokens: Token[], next: Mention | undefined): LinkCandidate[] {
  const words = mention.text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  if (!['number', 'numbers', 'count'].includes(words[0] ?? '')) return candidates;
  let counted: Set<IndexedTable>;
  if (words.length >= 3 && words[1] === 'of') {
    counted = new Set(candidates.flatMap((c) => (c.kind === 'column' ? [c.column.table] : [])));
  } else if (words.length === 1 && next && tokens.slice(mention.end, next.start).every((t) => ['of', 'the', 'all'].includes(t.lower)) && tokens[mention.end]?.lower === 'of') {
    counted = new Set(next.candidates.flatMap((c) => (c.kind === 'table' ? [c.table] : [])));
  } else return candidates;
  const out: LinkCandidate[] = [];
  for (const c of candidates) {
    const own = c.kind === 'column' && counted.has(c.column.table) && c.column.stems.length >= 2 && c.column.stems.includes('number')
      && c.column.stems.filter((s) => s !== 'number').every((s) => c.column.table.stems.includes(s));
    if (!own) out.push(c);
    else if (words.length > 1 && !out.some((o) => o.kind === 'table' && o.table === c.column.table)) {
      out.push({ kind: 'table', table: c.column.table, score: c.score, reason: `"${mention.text}" counts the rows of ${c.column.table.name}` });
    }
  }
  return out;
}

/** Words between a generic word and the phrase that owns it ("names of all the stadiums", "ids and names of …"). */
const OWNER_GLUE = new Set(['of', 'the', 'a', 'an', 'all', 'and', ',', 'each', 'every', 'those', 'these', 'its', 'their']);

/**
 * "names of the stadiums", "the ids and names of the battles": a generic word (name, id, code) followed by "of" and a
 * phrase naming a table reads only in that table, not in every kept table that has a name column.
 */
function ownedGenericReadings(tokens: Token[], readings: { mention: Mention; plausible: LinkCandidate[]; weak: boolean[]; settled: boolean[]; generic: boolean }[]): Mention[] {
  const owned: Mention[] = [];
  for (const [m, r] of readings.entries()) {
    if (!r.generic) continue;
    const tables = new Set(r.plausible.map(candidateTable).filter((t): t is IndexedTable => t !== null));
    if (tables.size < 2) continue;
    // Over "and" and commas ("the name and rank points of the winner"), the owner is the first phrase after "of".
    let end = r.mention.end;
    let owner: (typeof readings)[number] | undefined;
    for (const next of readings.slice(m + 1)) {
      const gap = tokens.slice(end, next.mention.start);
      if (!gap.every((t) => OWNER_GLUE.has(t.lower))) break;
      if (gap.some((t) => t.lower === 'of')) {
        if (!next.generic) owner = next;
        break;
      }
      end = next.mention.end;
    }
    if (!owner) continue;
    // The owner's tables: those it names, else those its columns are in ("name of the winner": matches.winner_*).
    const named = owner.plausible.flatMap((c) => (c.kind === 'table' ? [c.table] : []));
    const tablesOwned = new Set(named.length > 0 ? named : owner.plausible.map(candidateTable).filter((t): t is IndexedTable => t !== null));
    if (tablesOwned.size === 0 || ![...tables].some((t) => tablesOwned.has(t))) continue;
    const keep = r.plausible.map((c) => {
      const t = candidateTable(c);
      return t === null || tablesOwned.has(t);
    });
    r.plausible = r.plausible.filter((_, i) => keep[i]);
    r.weak = r.weak.filter((_, i) => keep[i]);
    r.settled = r.settled.filter((_, i) => keep[i]);
    owned.push(r.mention);
  }
  return owned;
}

/** Whether a table has a key pointing at another. */
function linksTo(index: SemanticIndex, from: IndexedTable, to: IndexedTable): boolean {
  return index.relationshipsOf(from).some((r) => `${r.fromSchema}.${r.fromTable}` === from.key && `${r.toSchema}.${r.toTable}` === to.key);
}

/** Words before a phrase that count its rows: how many, number of, count of, most, least, fewest, at least two … */
function countsRows(tokens: Token[], mention: Mention): boolean {
  const before = tokens.slice(Math.max(0, mention.start - 4), mention.start).map((t) => t.lower).filter((w) => !['the', 'a', 'an', 'different', 'distinct'].includes(w));
  return /\b(how many|number of|count of|most|least|fewest|(than|least|most) (\d+|one|two|three|four|five|ten))$/.test(before.join(' '));
}

/** The table a reading is in (a metric's is its own table). */
function candidateTable(c: LinkCandidate): IndexedTable | null {
  return c.kind === 'table' ? c.table : c.kind === 'metric' ? null : c.column.table;
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((s, i) => canonicalStem(s) === canonicalStem(b[i]));
}

function add<K>(map: Map<K, Evidence>, key: K, score: number, why: string): void {
  const evidence = map.get(key) ?? { score: 0, why: new Set<string>() };
  // The best link counts fully, each further one a little: two mentions of a table beat one.
  evidence.score = Math.max(evidence.score, score) + Math.min(evidence.score, score) * 0.1;
  evidence.why.add(why);
  map.set(key, evidence);
}

/**
 * The tables to keep: those the question selects, best first, then the tables that connect them over the
 * relationship graph; with nothing selected, the best-scored tables (never every table of a large context).
 */
function chooseTables(index: SemanticIndex, relevance: RelevanceCollector, maxTables: number): IndexedTable[] {
  const byScore = (m: Map<IndexedTable, Evidence>) => [...m.entries()].sort((a, b) => b[1].score - a[1].score || (b[0].rowEstimate ?? 0) - (a[0].rowEstimate ?? 0)).map(([t]) => t);
  let chosen = byScore(relevance.selecting).slice(0, maxTables);
  if (chosen.length === 0) chosen = byScore(relevance.tables).slice(0, Math.min(3, maxTables));
  if (chosen.length === 0) chosen = [...index.tables].sort((a, b) => (b.rowEstimate ?? 0) - (a.rowEstimate ?? 0)).slice(0, Math.min(3, maxTables));
  // "teachers who teach at least two courses": a table the question only counts, linked to a chosen one through a link
  // table (course_arrange), is counted by the link table's rows; the link table stands in for it.
  chosen = chosen.flatMap((t) => {
    if (!relevance.onlyCounted(t)) return [t];
    const link = index.tables.find((l) => l.isLinkTable && l !== t && linksTo(index, l, t) && chosen.some((other) => other !== t && other !== l && linksTo(index, l, other)));
    if (!link) return [t];
    return chosen.includes(link) ? [] : [link];
  });
  // A word nothing explains may be a value of a look-up table the chosen ones point at ("makers in france" →
  // countries): those parents come along with the columns that name their rows.
  if (relevance.unexplained.length > 0) {
    const have = new Set(chosen.map((t) => t.key));
    const chosenKeys = new Set(have);
    for (const r of index.relationships) {
      const parent = index.table(r.toSchema, r.toTable);
      if (!parent || have.has(parent.key) || !chosenKeys.has(`${r.fromSchema}.${r.fromTable}`)) continue;
      if (!parent.columns.some(mayHoldUnseenValue)) continue;
      have.add(parent.key);
      chosen.push(parent);
      relevance.lookups.add(parent);
    }
  }
  // A question about a time needs a date: when no chosen table has one, the nearest table that has one comes along
  // ("monthly revenue" over order lines dated by their order).
  const dated = (t: IndexedTable) => t.columns.some((c) => c.type === 'date' || c.stems.includes('year'));
  if (relevance.mentionsTime && chosen.length > 0 && !chosen.some(dated)) {
    // Breadth first over the relationships, a few hops at most (the join path brings the tables between); at each
    // distance parents before children: a line's date is its order's date.
    const seen = new Set(chosen.map((t) => t.key));
    let frontier = chosen;
    for (let hop = 0; hop < 3 && frontier.length > 0; hop++) {
      const keys = new Set(frontier.map((t) => t.key));
      const next = index.relationships.flatMap((r) => {
        const from = `${r.fromSchema}.${r.fromTable}`;
        const to = `${r.toSchema}.${r.toTable}`;
        if (keys.has(from) && !seen.has(to)) return [{ table: index.table(r.toSchema, r.toTable), rank: 0 }];
        if (keys.has(to) && !seen.has(from)) return [{ table: index.table(r.fromSchema, r.fromTable), rank: 1 }];
        return [];
      }).filter((n): n is { table: IndexedTable; rank: number } => n.table !== undefined).sort((a, b) => a.rank - b.rank);
      const nearest = next.find((n) => dated(n.table))?.table;
      if (nearest) {
        chosen.push(nearest);
        break;
      }
      frontier = next.map((n) => n.table).filter((t) => !seen.has(t.key) && seen.add(t.key));
    }
  }
  if (chosen.length < 2 || index.relationships.length === 0) return chosen;
  const graph = new RelationshipGraph(index.relationships);
  const keys = new Set(chosen.map((t) => t.key));
  const path = graph.joinPath(chosen.map((t) => ({ schema: t.schema, table: t.name })));
  const bridges: IndexedTable[] = [];
  if (path) {
    for (const ref of path.tables) {
      const table = index.table(ref.schema, ref.table);
      if (table && !keys.has(table.key)) {
        keys.add(table.key);
        bridges.push(table);
      }
    }
  } else {
    // Not all connected: connect each table to the best one where a path exists.
    for (const t of chosen.slice(1)) {
      const pair = graph.joinPath([{ schema: chosen[0].schema, table: chosen[0].name }, { schema: t.schema, table: t.name }]);
      for (const ref of pair?.tables ?? []) {
        const table = index.table(ref.schema, ref.table);
        if (table && !keys.has(table.key)) {
          keys.add(table.key);
          bridges.push(table);
        }
      }
    }
  }
  // Bridges are kept even past maxTables: without them the chosen tables cannot be joined.
  return [...chosen, ...bridges];
}

/**
 * Rows whose status says they do not count (cancelled orders, void invoices, test accounts) are commonly left out of
 * totals, and only an approved DataPoint would otherwise say so. When the question measures transactions — a word of
 * buying or selling, or a total or mean of a measure it names — the low-cardinality status columns holding such values,
 * in a kept table or in a table a kept one belongs to (its parent: an order line's order), come along with their table.
 */
function keepExclusionStatuses(index: SemanticIndex, relevance: RelevanceCollector, kept: IndexedTable[], question: string): void {
  const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
  const transaction = words.some((w) => TRANSACTION_WORDS.has(w));
  const aggregate = words.some((w) => AGGREGATE_WORDS.has(w));
  if (!transaction && !aggregate) return;
  const measured = (t: IndexedTable) => t.columns.some((c) => c.type === 'number' && !c.isKey && (relevance.columns.get(c)?.score ?? 0) >= KEEP_COLUMN_SCORE);
  for (const base of kept.filter((t) => transaction || measured(t))) {
    const parents = index.relationshipsOf(base).filter((r) => `${r.fromSchema}.${r.fromTable}` === base.key).map((r) => index.table(r.toSchema, r.toTable));
    for (const owner of [base, ...parents]) {
      if (!owner) continue;
      const statuses = owner.columns.filter(isExclusionStatus);
      if (statuses.length === 0) continue;
      if (!kept.includes(owner)) kept.push(owner);
      statuses.forEach((c) => relevance.exclusions.add(c));
    }
  }
}

/** A status-like column (few distinct values) holding a "does not count" value, or a yes/no flag named for one (is_deleted). */
function isExclusionStatus(c: IndexedColumn): boolean {
  const profile = c.source.profile;
  const values = (profile?.topValues ?? []).map((v) => String(v.value));
  if (values.length === 0 || c.isKey) return false;
  const binary = values.every((v) => ['0', '1', 'true', 'false', 't', 'f'].includes(v.toLowerCase()));
  if (binary) return c.words.some((w) => EXCLUDED_STATUS_VALUE.test(w));
  const few = profile?.distinctCount != null ? profile.distinctCount <= 12 : values.length <= 12;
  return c.type === 'text' && few && values.some((v) => EXCLUDED_STATUS_VALUE.test(v));
}

function pruneColumns(table: IndexedTable, relevance: RelevanceCollector, relationships: Relationship[], dataPoints: PlannerDataPoint[], keptTables: number, o: PruneOptions): PrunedTable {
  const reasons = new Map<IndexedColumn, string[]>();
  const keep = (c: IndexedColumn, why: string) => reasons.set(c, [...(reasons.get(c) ?? []), why]);
  for (const c of table.columns) {
    const evidence = relevance.columns.get(c);
    if (evidence && evidence.score >= KEEP_COLUMN_SCORE) keep(c, [...evidence.why][0]);
  }
  for (const c of table.columns) if (relevance.exclusions.has(c)) keep(c, 'its values say which rows do not count');
  const references = new Map<string, { table: string; column: string }>();
  for (const r of relationships) {
    if (r.fromSchema === table.schema && r.fromTable === table.name) {
      r.fromColumns.forEach((name, i) => {
        const c = table.columns.find((x) => x.name === name);
        if (!c) return;
        keep(c, `joins ${r.toTable}`);
        references.set(c.name, { table: r.toTable, column: r.toColumns[i] });
      });
    }
    if (r.toSchema === table.schema && r.toTable === table.name) {
      for (const name of r.toColumns) {
        const c = table.columns.find((x) => x.name === name);
        if (c) keep(c, `joined from ${r.fromTable}`);
      }
    }
  }
  for (const dp of dataPoints) {
    if (dp.table.schema !== table.schema || dp.table.table !== table.name) continue;
    const expression = `${dp.sql} ${dp.filter ?? ''}`.toLowerCase();
    for (const c of table.columns) if (new RegExp(`\\b${escapeRegExp(c.name.toLowerCase())}\\b`).test(expression)) keep(c, `used by the metric ${dp.name}`);
  }
  // A kept column whose comment names another column ("revenue is quantity * unit_price") brings it along.
  for (const c of [...reasons.keys()]) {
    const comment = c.comment?.toLowerCase();
    if (!comment) continue;
    for (const other of table.columns) if (!reasons.has(other) && other.name.length > 2 && new RegExp(`\\b${escapeRegExp(other.name.toLowerCase())}\\b`).test(comment)) keep(other, `named in the comment of ${c.name}`);
  }
  // A table that no kept relationship joins shows its primary key: a join or a count per row may need it.
  // "Which customers…", "top 5 products", "revenue by region": the answer is labelled by what names a row.
  // Only when the question names none of the table's own columns: "which airports … city" asks for the city.
  const saysAColumn = table.columns.some((c) => {
    const evidence = relevance.columns.get(c);
    // A value the question filters on ("from Japan") or a stray word does not say what to show.
    // A number it names is a measure or a filter ("which products have a list price above …"), not the label.
    return !c.isKey && c.type === 'text' && evidence !== undefined && evidence.named;
  });
  if (table.display && relevance.listedTables.has(table) && !saysAColumn) keep(table.display, 'names the rows');
  if (relevance.lookups.has(table)) for (const c of table.columns) if (mayHoldUnseenValue(c)) keep(c, `may hold ${relevance.unexplained.map((w) => `"${w}"`).join(', ')}`);
  const joined = relationships.some((r) => (r.fromSchema === table.schema && r.fromTable === table.name) || (r.toSchema === table.schema && r.toTable === table.name));
  if (keptTables > 1 && !joined) for (const c of table.primaryKey) keep(c, 'primary key');
  if (relevance.mentionsTime) for (const c of table.columns) if (c.type === 'date' || c.stems.includes('year')) keep(c, 'the question is about a time');
  if (table.columns.length <= o.wholeTableColumns) for (const c of table.columns) if (!reasons.has(c)) keep(c, 'small table');
  const columns: PrunedColumn[] = table.columns
    .filter((c) => reasons.has(c))
    .map((c) => {
      const named = [...(relevance.columns.get(c)?.values ?? [])];
      const profile = c.source.profile;
      const frequent = c.type === 'text' ? [...(profile?.topValues ?? []).map((v) => String(v.value)), ...(profile?.samples ?? []).map(String)] : [];
      const values = [...new Set([...named, ...frequent])].slice(0, Math.max(o.valuesPerColumn, named.length));
      return { name: c.name, dataType: c.dataType, comment: c.comment, primaryKey: c.primaryKey, references: references.get(c.name) ?? null, values, why: reasons.get(c)! };
    });
  const evidence = relevance.tables.get(table);
  return {
    schema: table.schema,
    name: table.name,
    comment: table.comment,
    rowEstimate: table.rowEstimate,
    columns,
    totalColumns: table.columns.length,
    why: evidence ? [...evidence.why] : ['connects the tables the question is about'],
  };
}

/**
 * When two tables join more than one way (flights → airports by source and by destination), the ways whose column
 * words the question uses ("arriving" → destination) are kept; when it uses none of them, all are.
 */
function preferSaidJoins(relationships: Relationship[], question: string): Relationship[] {
  const forms = new Set(contentWords(question).flatMap((w) => wordForms(w)));
  const pair = (r: Relationship) => [`${r.fromSchema}.${r.fromTable}`, `${r.toSchema}.${r.toTable}`].sort().join('|');
  const byPair = new Map<string, Relationship[]>();
  for (const r of relationships) byPair.set(pair(r), [...(byPair.get(pair(r)) ?? []), r]);
  return relationships.filter((r) => {
    const ways = byPair.get(pair(r))!;
    if (ways.length < 2) return true;
    // The words the ways share with the table they point at ("airport" in SourceAirport → airports) tell none apart.
    const says = (x: Relationship) => {
      const target = new Set(identifierWords(x.toTable).map(stem));
      return x.fromColumns.flatMap((c) => identifierWords(c)).map(stem).some((s) => !isGenericStem(s) && !target.has(s) && saidIn(s, forms));
    };
    return !ways.some(says) || says(r);
  });
}

/** Drops the weakest non-key columns until the context fits the column budget. */
function trimToBudget(tables: PrunedTable[], maxColumns: number): void {
  let total = tables.reduce((n, t) => n + t.columns.length, 0);
  if (total <= maxColumns) return;
  const droppable = tables
    .flatMap((t) => t.columns.map((c) => ({ t, c })))
    .filter(({ c }) => !c.why.some((w) => w.startsWith('join')) && !c.values.length)
    .reverse();
  for (const { t, c } of droppable) {
    if (total <= maxColumns) break;
    t.columns = t.columns.filter((x) => x !== c);
    total--;
  }
}

/**
 * Words that read like a value rather than a verb or a noun of the schema: quoted, capitalized inside the sentence,
 * or right after "in", "from", "at" or "of" ("makers in france") — never an -ed or -ing form written in lower case.
 */
function valueLikeWords(question: string): Set<string> {
  const out = new Set<string>();
  for (const q of question.match(/'[^']+'|"[^"]+"/g) ?? []) for (const w of q.toLowerCase().match(/[a-z0-9]+/g) ?? []) out.add(w);
  const tokens = [...question.matchAll(/[A-Za-z0-9]+/g)].map((m) => m[0]);
  tokens.forEach((t, i) => {
    const lower = t.toLowerCase();
    if (i > 0 && /^[A-Z]/.test(t)) out.add(lower);
    else if (i > 0 && ['in', 'from', 'at', 'of'].includes(tokens[i - 1].toLowerCase()) && !/(ed|ing)$/.test(lower)) out.add(lower);
  });
  return out;
}

function contentWords(question: string): string[] {
  return [...new Set((question.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP_WORDS.has(w) && !QUESTION_WORDS.has(w) && w.length > 1))];
}

/** A word's stems, with the inflections the stemmer keeps ("aged", "ids") taken off, and its synonym group's stem. */
function wordForms(word: string, synonyms = true): string[] {
  const bare = [word, word.replace(/ed$/, ''), word.replace(/d$/, ''), word.replace(/s$/, '')].filter((w) => w.length > 1);
  return [...new Set(bare.flatMap((w) => (synonyms ? [stem(w), canonicalStem(w)] : [stem(w)])))];
}

function saidIn(nameStem: string, forms: Set<string>): boolean {
  return forms.has(nameStem) || forms.has(canonicalStem(nameStem));
}

function mentionAsks(text: string): boolean {
  const words = (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP_WORDS.has(w));
  return words.length > 0 && words.every((w) => QUESTION_WORDS.has(w));
}

function mentionIsGeneric(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return content.length > 0 && content.every((w) => GENERIC_WORDS.has(w) || isGenericStem(stem(w)));
}

function isGenericStem(s: string): boolean {
  return ['nam', 'id', 'code', 'typ', 'type', 'number', 'date', 'detail', 'information', 'valu', 'titl', 'descript'].includes(s);
}

function commentStems(comment: string | null): string[] {
  if (!comment) return [];
  return (comment.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => !STOP_WORDS.has(w) && w.length > 2 && !QUESTION_WORDS.has(w)).map(stem);
}

function linkedTerm(text: string, c: LinkCandidate): LinkedTerm {
  const confidence = Math.round(Math.min(1, c.score) * 100) / 100;
  switch (c.kind) {
    case 'table':
      return { term: text, target: { kind: 'table', schema: c.table.schema, table: c.table.name }, confidence, reason: c.reason };
    case 'column':
      return { term: text, target: { kind: 'column', schema: c.column.table.schema, table: c.column.table.name, column: c.column.name }, confidence, reason: c.reason };
    case 'value':
      return { term: text, target: { kind: 'value', schema: c.column.table.schema, table: c.column.table.name, column: c.column.name, value: c.value }, confidence, reason: c.reason };
    case 'metric':
      return { term: text, target: { kind: 'metric', schema: c.dataPoint.table.schema, table: c.dataPoint.table.table }, confidence, reason: c.reason };
  }
}

/**
 * A text column that may hold a value the value index has not seen: one whose profile lists only some of its values
 * (or that has no profile). A column whose every value is known would have matched the word already.
 */
function mayHoldUnseenValue(c: IndexedColumn): boolean {
  if (c.type !== 'text' || c.isKey) return false;
  const profile = c.source.profile;
  if (!profile || profile.distinctCount == null) return true;
  const known = new Set([...(profile.topValues ?? []).map((v) => String(v.value)), ...(profile.samples ?? []).map(String)]);
  return profile.distinctCount > known.size;
}

/** A past participle before "by": owned, raised, taught, built, sold, won … */
function isParticiple(word: string | undefined): boolean {
  return word !== undefined && (/[a-z]{2,}(ed|en)$/.test(word) || ['built', 'sold', 'made', 'won', 'held', 'run', 'taught', 'bought', 'led', 'paid', 'hit', 'kept', 'caught', 'found', 'brought', 'sent', 'spent'].includes(word));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function ident(name: string): string {
  return PLAIN_IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  const cut = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return `'${cut.replace(/'/g, "''").replace(/[\r\n]+/g, ' ')}'`;
}

/** The pruned context as prompt text: one CREATE-TABLE-like block per table, then relationships, metrics and terms. */
export function renderPrunedContext(pruned: PrunedContext): string {
  const lines: string[] = [];
  for (const t of pruned.tables) {
    const about = [t.rowEstimate !== null ? `~${t.rowEstimate} rows` : null, t.comment].filter(Boolean).join('; ');
    const name = t.schema && t.schema !== 'main' ? `${ident(t.schema)}.${ident(t.name)}` : ident(t.name);
    lines.push(`CREATE TABLE ${name} (${about ? ` -- ${about}` : ''}`);
    for (const [i, c] of t.columns.entries()) {
      const parts = [`  ${ident(c.name)} ${c.dataType || 'ANY'}`];
      if (c.primaryKey) parts.push('PRIMARY KEY');
      if (c.references) parts.push(`REFERENCES ${ident(c.references.table)}(${ident(c.references.column)})`);
      const comma = i < t.columns.length - 1 || t.columns.length < t.totalColumns ? ',' : '';
      const notes = [c.comment?.replace(/[.;\s]+$/, ''), c.values.length ? `values: ${c.values.map(literal).join(', ')}` : null].filter(Boolean).join('; ');
      lines.push(`${parts.join(' ')}${comma}${notes ? ` -- ${notes}` : ''}`);
    }
    if (t.columns.length < t.totalColumns) lines.push(`  -- ${t.totalColumns - t.columns.length} more column(s) not relevant to this question`);
    lines.push(');');
  }
  if (pruned.relationships.length) {
    lines.push('-- Joins:');
    for (const r of pruned.relationships) {
      const on = r.fromColumns.map((c, i) => `${ident(r.fromTable)}.${ident(c)} = ${ident(r.toTable)}.${ident(r.toColumns[i])}`).join(' AND ');
      lines.push(`--   ${on}${r.source === 'DECLARED' ? '' : ` (inferred, confidence ${r.confidence.toFixed(2)})`}`);
    }
  }
  if (pruned.dataPoints.length) {
    lines.push('-- Approved metrics (use these definitions):');
    for (const dp of pruned.dataPoints) {
      const filter = dp.filter ? ` WHERE ${dp.filter}${dp.filterTable ? ` (on ${dp.filterTable.table})` : ''}` : '';
      const synonyms = dp.synonyms.length ? `; also called ${dp.synonyms.join(', ')}` : '';
      lines.push(`--   ${dp.name} = ${dp.sql} FROM ${dp.table.table}${filter}${synonyms}${dp.description ? `; ${dp.description}` : ''}`);
    }
  }
  if (pruned.glossary.length) {
    lines.push('-- Glossary:');
    for (const g of pruned.glossary) lines.push(`--   "${g.term}" means ${[g.table, g.column].filter(Boolean).join('.')}${g.value ? ` = ${literal(g.value)}` : ''}${g.description ? ` (${g.description})` : ''}`);
  }
  return lines.join('\n');
}
