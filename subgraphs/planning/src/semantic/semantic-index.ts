// Owns the per-context index the semantic mapping reads: every table and column as word phrases (names, abbreviations,
// synonyms, comments), a value index from profiles, and the relationships by table. Built once per PlannerContext
// (cached by identity), so planning a question stays linear in its length.
import type { Relationship } from '@querent/common';
import type { PlannerColumn, PlannerContext, PlannerTable } from '../planner/planner-context';
import { GENERIC_WORDS } from './business-synonyms';
import { canonicalStem, identifierWords, splitIdentifier, stem, STOP_WORDS } from './schema-words';

export type ValueType = 'number' | 'text' | 'date' | 'boolean';

export interface IndexedTable {
  /** `schema.name` */
  key: string;
  schema: string;
  name: string;
  words: string[];
  stems: string[];
  comment: string | null;
  rowEstimate: number | null;
  columns: IndexedColumn[];
  primaryKey: IndexedColumn[];
  /** The column that names a row when a person asks for "the airline" or "which stadium": a name or title. */
  display: IndexedColumn | null;
  /** A table that mostly links two others (all its columns are keys). */
  isLinkTable: boolean;
  source: PlannerTable;
}

export interface IndexedColumn {
  key: string;
  table: IndexedTable;
  name: string;
  dataType: string;
  /** How values compare: numbers, text, dates or booleans. Text columns holding only numbers count as numbers. */
  type: ValueType;
  /** The declared type is text (literals are quoted where the engine cares). */
  declaredText: boolean;
  words: string[];
  stems: string[];
  /** The words without a leading copy of the table's name (`pet_age` in `pets` → "age"). */
  shortStems: string[];
  /** The name's own parts before abbreviations were expanded (`MPG` → "mpg"), when they differ. */
  rawStems: string[] | null;
  primaryKey: boolean;
  /** Part of a relationship, on either side. */
  isKey: boolean;
  unique: boolean;
  comment: string | null;
  source: PlannerColumn;
}

export type PhraseVia = 'name' | 'short' | 'part' | 'synonym' | 'comment';

export interface PhraseTarget {
  kind: 'table' | 'column';
  table: IndexedTable;
  column?: IndexedColumn;
  /** Share of the name's words the phrase covers. */
  coverage: number;
  via: PhraseVia;
}

export interface ValueHit {
  column: IndexedColumn;
  /** As stored. */
  value: string;
  count: number;
}

const NUMERIC_TYPE = /int|real|num|dec|float|double|money|serial|bit\b|year/i;
const DATE_TYPE = /date|time/i;
const BOOL_TYPE = /bool/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
const TABLE_PREFIXES = new Set(['ref', 'reference', 'tbl', 'tb', 'dim', 'fact', 'lkp', 'lu', 'lookup', 't']);

export function normalizeValue(value: string): string {
  return value.toLowerCase().replace(/\s+/g, ' ').trim();
}

function classify(column: PlannerColumn): { type: ValueType; declaredText: boolean } {
  const dt = column.dataType || '';
  if (BOOL_TYPE.test(dt)) return { type: 'boolean', declaredText: false };
  if (DATE_TYPE.test(dt)) return { type: 'date', declaredText: false };
  if (NUMERIC_TYPE.test(dt)) return { type: 'number', declaredText: false };
  const samples = [...(column.profile?.samples ?? []), ...(column.profile?.topValues ?? []).map((v) => v.value)].filter((v) => v !== null && v !== '');
  const patterns = column.profile?.patterns ?? [];
  if (patterns.some((p) => /date/i.test(p)) || (samples.length > 0 && samples.every((v) => ISO_DATE.test(String(v))))) return { type: 'date', declaredText: true };
  if (samples.length > 0 && samples.every((v) => NUMBER_TEXT.test(String(v).trim()))) return { type: 'number', declaredText: true };
  return { type: 'text', declaredText: true };
}

function contentStems(words: string[]): string[] {
  return words.filter((w) => !STOP_WORDS.has(w)).map(stem);
}

export class SemanticIndex {
  readonly tables: IndexedTable[] = [];
  readonly tableByKey = new Map<string, IndexedTable>();
  readonly columnByKey = new Map<string, IndexedColumn>();
  /** Phrase key (content stems joined by a space) → what it names. */
  readonly phrases = new Map<string, PhraseTarget[]>();
  /** Same, keyed by synonym-group stems; weaker. */
  readonly synonymPhrases = new Map<string, PhraseTarget[]>();
  readonly values = new Map<string, ValueHit[]>();
  /** Longest value in words, to bound the span search. */
  maxValueWords = 1;
  readonly vocabulary = new Set<string>();
  /** Yes/no columns by the stem of what they flag: is_active → "activ". */
  readonly flags = new Map<string, IndexedColumn[]>();
  readonly relationships: Relationship[];
  readonly relationshipsByTable = new Map<string, Relationship[]>();

  constructor(readonly context: PlannerContext) {
    this.relationships = context.relationships ?? [];
    for (const t of context.tables) this.addTable(t);
    // Many-to-many pairs name no columns of their own sides; the link table's own relationships carry the keys.
    for (const r of this.relationships.filter((x) => !x.via && x.cardinality !== 'MANY_TO_MANY')) {
      const from = `${r.fromSchema}.${r.fromTable}`;
      const to = `${r.toSchema}.${r.toTable}`;
      for (const k of [from, to]) {
        const list = this.relationshipsByTable.get(k) ?? [];
        list.push(r);
        this.relationshipsByTable.set(k, list);
      }
      r.fromColumns.forEach((c) => this.markKey(from, c));
      r.toColumns.forEach((c) => this.markKey(to, c));
    }
    for (const t of this.tables) {
      t.isLinkTable = t.columns.length > 0 && t.columns.length <= 4 && t.columns.filter((c) => c.isKey || c.primaryKey).length >= t.columns.length - 1 && t.columns.filter((c) => c.isKey).length >= 2;
      t.display = this.displayColumn(t);
    }
    this.indexPhrases();
    for (const t of this.tables) {
      for (const c of t.columns) {
        const parts = splitIdentifier(c.name);
        const prefixed = parts.length >= 2 && ['is', 'has', 'can', 'was'].includes(parts[0]);
        const values = (c.source.profile?.topValues ?? []).map((v) => v.value);
        const min = c.source.profile?.min;
        const max = c.source.profile?.max;
        const zeroOne = (values.length > 0 && values.every((v) => ['0', '1', 'true', 'false'].includes(String(v).toLowerCase()))) || (min != null && max != null && Number(min) === 0 && Number(max) === 1);
        const binary = c.type === 'boolean' || zeroOne || /\b(0, 1|0,1)\b/.test(c.comment ?? '') || /bool|bit|tinyint\(1\)/i.test(c.dataType);
        // "is_active", or a one-word adjective column holding 0/1 ("active")
        if (!(prefixed && (binary || c.type === 'number')) && !(parts.length === 1 && binary && /(ive|ed|able|ible|ent|ant)$/.test(parts[0]))) continue;
        const key = stem(prefixed ? parts.slice(1).join('_') : parts[0]);
        const list = this.flags.get(key) ?? [];
        list.push(c);
        this.flags.set(key, list);
      }
    }
  }

  private markKey(tableKey: string, column: string): void {
    const c = this.columnByKey.get(`${tableKey}.${column}`.toLowerCase());
    if (c) c.isKey = true;
  }

  private addTable(t: PlannerTable): void {
    const words = identifierWords(t.name);
    const table: IndexedTable = {
      key: `${t.schema}.${t.name}`,
      schema: t.schema,
      name: t.name,
      words,
      stems: contentStems(words),
      comment: t.comment ?? null,
      rowEstimate: t.rowEstimate ?? null,
      columns: [],
      primaryKey: [],
      display: null,
      isLinkTable: false,
      source: t,
    };
    const rows = t.rowEstimate ?? null;
    for (const c of t.columns) {
      const cw = identifierWords(c.name);
      const stems = contentStems(cw);
      let shortStems = stems;
      // Drop a leading copy of the table's name (or its last word): pet_age in pets, AirportCode in airports.
      for (const prefix of [table.stems, table.stems.slice(-1)]) {
        if (prefix.length && prefix.length < stems.length && prefix.every((s, i) => stems[i] === s)) {
          shortStems = stems.slice(prefix.length);
          break;
        }
      }
      const raw = contentStems(splitIdentifier(c.name));
      const cls = classify(c);
      const distinct = c.profile?.distinctCount ?? null;
      const column: IndexedColumn = {
        key: `${table.key}.${c.name}`,
        table,
        name: c.name,
        dataType: c.dataType,
        type: cls.type,
        declaredText: cls.declaredText,
        words: cw,
        stems,
        shortStems,
        rawStems: raw.join(' ') !== stems.join(' ') ? raw : null,
        primaryKey: c.primaryKey,
        isKey: c.primaryKey,
        unique: c.primaryKey || (distinct !== null && rows !== null && rows > 0 && distinct >= rows),
        comment: c.comment ?? null,
        source: c,
      };
      table.columns.push(column);
      if (c.primaryKey) table.primaryKey.push(column);
      this.columnByKey.set(column.key.toLowerCase(), column);
      this.indexValues(column);
    }
    this.tables.push(table);
    this.tableByKey.set(table.key.toLowerCase(), table);
  }

  private indexValues(column: IndexedColumn): void {
    const profile = column.source.profile;
    if (!profile) return;
    const seen = new Map<string, ValueHit>();
    for (const tv of profile.topValues ?? []) {
      if (tv.value === null || tv.value === undefined) continue;
      seen.set(String(tv.value), { column, value: String(tv.value), count: tv.count });
    }
    for (const s of profile.samples ?? []) {
      if (s === null || s === undefined || seen.has(String(s))) continue;
      seen.set(String(s), { column, value: String(s), count: 1 });
    }
    for (const hit of seen.values()) {
      const key = normalizeValue(hit.value);
      if (!key || key.length > 80) continue;
      const list = this.values.get(key) ?? [];
      list.push(hit);
      this.values.set(key, list);
      this.maxValueWords = Math.max(this.maxValueWords, Math.min(10, key.split(/[\s,.;:()'-]+/).filter(Boolean).length + 2));
    }
  }

  private displayColumn(t: IndexedTable): IndexedColumn | null {
    const text = t.columns.filter((c) => c.type === 'text' && !c.isKey);
    const tableStem = t.stems[t.stems.length - 1];
    return (
      text.find((c) => c.stems.length === 1 && c.stems[0] === tableStem) ??
      text.find((c) => c.shortStems.length === 1 && c.shortStems[0] === 'nam') ??
      text.find((c) => c.stems.join(' ') === 'nam') ??
      text.find((c) => c.stems.includes('nam') && !c.stems.includes('first') && !c.stems.includes('last')) ??
      text.find((c) => c.stems.includes('nam')) ??
      text.find((c) => c.stems.includes('titl')) ??
      text.find((c) => c.stems.includes(tableStem)) ??
      text.find((c) => /^(label|descript|model|make|cod|abbrevi)/.test(c.stems.join(' '))) ??
      (t.primaryKey.length === 1 && t.columns.some((c) => c.type === 'date') ? t.primaryKey[0] : undefined) ??
      text[0] ??
      t.primaryKey[0] ??
      t.columns[0] ??
      null
    );
  }

  private add(map: Map<string, PhraseTarget[]>, stems: string[], target: PhraseTarget): void {
    if (!stems.length) return;
    const key = stems.join(' ');
    const list = map.get(key) ?? [];
    const existing = list.find((x) => x.kind === target.kind && x.table === target.table && x.column === target.column);
    if (existing) {
      if (target.coverage > existing.coverage || (target.coverage === existing.coverage && rank(target.via) < rank(existing.via))) {
        existing.coverage = target.coverage;
        existing.via = target.via;
      }
      return;
    }
    list.push(target);
    map.set(key, list);
  }

  private addWithSubphrases(stems: string[], base: Omit<PhraseTarget, 'coverage' | 'via'>, fullVia: PhraseVia): void {
    stems.forEach((s) => this.vocabulary.add(s));
    this.add(this.phrases, stems, { ...base, coverage: 1, via: fullVia });
    this.add(this.synonymPhrases, stems.map(canonicalStem), { ...base, coverage: 0.9, via: 'synonym' });
    for (let len = stems.length - 1; len >= 1; len--) {
      for (let i = 0; i + len <= stems.length; i++) {
        const sub = stems.slice(i, i + len);
        if (len === 1 && GENERIC_WORDS.has(sub[0])) continue;
        const coverage = len / stems.length;
        this.add(this.phrases, sub, { ...base, coverage, via: 'part' });
        this.add(this.synonymPhrases, sub.map(canonicalStem), { ...base, coverage: coverage * 0.9, via: 'synonym' });
      }
    }
  }

  private indexPhrases(): void {
    for (const t of this.tables) {
      this.addWithSubphrases(t.stems, { kind: 'table', table: t }, 'name');
      // A comment that starts by naming the rows ("order lines: one row per product …") is another name for the table.
      const lead = /^([A-Za-z][A-Za-z ]{2,40}?)\s*[:;,(–-]/.exec(t.comment ?? '');
      if (lead) {
        const stems = contentStems(lead[1].toLowerCase().split(/\s+/));
        if (stems.length && stems.length <= 4) this.add(this.phrases, stems, { kind: 'table', table: t, coverage: 0.95, via: 'comment' });
      }
      if (t.stems.length > 1 && TABLE_PREFIXES.has(t.words[0])) {
        this.addWithSubphrases(t.stems.slice(1), { kind: 'table', table: t }, 'name');
      }
      for (const c of t.columns) {
        this.addWithSubphrases(c.stems, { kind: 'column', table: t, column: c }, 'name');
        if (c.shortStems !== c.stems) this.addWithSubphrases(c.shortStems, { kind: 'column', table: t, column: c }, 'short');
        if (c.rawStems) this.addWithSubphrases(c.rawStems, { kind: 'column', table: t, column: c }, 'name');
        // "stadium name", "singer age": the table's words in front of the column's own.
        const qualified = [...t.stems, ...c.shortStems];
        if (c.shortStems === c.stems || qualified.length !== c.stems.length) {
          this.add(this.phrases, qualified, { kind: 'column', table: t, column: c, coverage: 1, via: 'name' });
          if (t.stems.length > 1) this.add(this.phrases, [...t.stems.slice(-1), ...c.shortStems], { kind: 'column', table: t, column: c, coverage: 1, via: 'name' });
        }
        // Generic words are weak alone, but "name" and "id" must still reach the column named exactly that.
        for (const s of [c.stems, c.shortStems]) {
          if (s.length === 1 && GENERIC_WORDS.has(s[0])) this.vocabulary.add(s[0]);
        }
      }
    }
  }

  table(schema: string, name: string): IndexedTable | undefined {
    return this.tableByKey.get(`${schema}.${name}`.toLowerCase()) ?? this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  column(table: IndexedTable, name: string): IndexedColumn | undefined {
    return table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  }

  relationshipsOf(table: IndexedTable): Relationship[] {
    return this.relationshipsByTable.get(table.key) ?? [];
  }
}

function rank(via: PhraseVia): number {
  return ['name', 'short', 'part', 'synonym', 'comment'].indexOf(via);
}

const cache = new WeakMap<PlannerContext, SemanticIndex>();

/** The index of a context, built on first use and kept as long as the context object lives. */
export function semanticIndexFor(context: PlannerContext): SemanticIndex {
  let index = cache.get(context);
  if (!index) {
    index = new SemanticIndex(context);
    cache.set(context, index);
  }
  return index;
}
