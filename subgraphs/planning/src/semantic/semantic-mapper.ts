// Owns the semantic mapping service: the terms of a question linked to tables, columns, values and metrics, each with
// a confidence and a reason. Sources, strongest first: mappings learned from feedback, approved DataPoints and the
// glossary, exact and abbreviated names, the value index built from profiles, synonyms, stems and typos.
import type { LearnedMapping, PlannerDataPoint, PlannerGlossaryEntry } from '../planner/planner-context';
import type { LexedQuestion, Token } from '../planner/question-lexer';
import { GENERIC_WORDS } from './business-synonyms';
import { isLikelyTypo } from './string-similarity';
import { canonicalStem, singular, stem, STOP_WORDS } from './schema-words';
import { normalizeValue, type IndexedColumn, type IndexedTable, type PhraseTarget, type SemanticIndex } from './semantic-index';

export type LinkCandidate =
  | { kind: 'table'; table: IndexedTable; score: number; reason: string }
  | { kind: 'column'; column: IndexedColumn; score: number; reason: string }
  | { kind: 'value'; column: IndexedColumn; value: string; score: number; reason: string }
  | { kind: 'metric'; dataPoint: PlannerDataPoint; score: number; reason: string };

export interface Mention {
  /** Token span [start, end). */
  start: number;
  end: number;
  text: string;
  /** A quoted literal: a value even when no column is known to hold it. */
  quoted: boolean;
  /** Best first. */
  candidates: LinkCandidate[];
}

export interface MappingSources {
  dataPoints?: PlannerDataPoint[];
  glossary?: PlannerGlossaryEntry[];
  learned?: LearnedMapping[];
}

/** Words that never start or end a link on their own. */
/** Request verbs: grammar at the start of a question ("Return the names …"), nouns elsewhere ("each return reason"). */
const REQUEST_VERBS = new Set(['show', 'list', 'find', 'give', 'return', 'tell', 'display', 'get', 'count', 'order', 'sort', 'rank', 'report', 'name']);
const NOT_LINKABLE = new Set([
  ...STOP_WORDS, 'what', 'which', 'who', 'whom', 'whose', 'where', 'when', 'how', 'many', 'much', 'me', 'there', 'do', 'does', 'did', 'have', 'has', 'had', 'was', 'were', 'that', 'this', 'these', 'those',
  'than', 'more', 'less', 'most', 'least', 'not', 'no', 'or', 'but', 'both', 'either', 'also', 'as', 'from', 'into', 'we', 'our', 'they',
  'them', 'it', 'he', 'she', 'his', 'her', 'i', 'you', 'your', 'my', 'out', 'up', 'about', 'between', 'over', 'under', 'above', 'below', 'after',
  'before', 'order', 'ordered', 'sorted', 'sort', 'descending', 'ascending', 'different', 'distinct', 'unique', 'average', 'total', 'sum',
  'maximum', 'minimum', 'max', 'min', 'highest', 'lowest', 'largest', 'smallest', 'count', 'number', 'same', 'only', 'just', 'some',
  'can', 'will', 'would', 'should', 'could', 'may', 'if', 'so', 'then', 'top', 'bottom', 'first', 'last', 'than', 'like', 'such', 'ever',
  'never', 'yet', 'still', 'whether', 'whole', 'entire', 'overall', 'corresponding', 'respectively', 'along', 'together', 'well',
]);
/** Ordinary words that must never be read as a misspelt name ("count" is not "cont"). */
const NEVER_TYPO = new Set(['count', 'counts', 'total', 'number', 'numbers', 'average', 'amount', 'people', 'persons', 'person', 'other', 'others', 'often', 'times', 'items', 'those', 'these', 'their', 'there', 'where', 'which', 'while', 'whose', 'about', 'above', 'below', 'under', 'after', 'before', 'since', 'until', 'every', 'each', 'along', 'among', 'different', 'distinct', 'unique', 'order', 'sorted', 'ordered', 'descending', 'ascending', 'highest', 'lowest', 'largest', 'smallest', 'greatest', 'biggest', 'least', 'most', 'fewest', 'first', 'last', 'year', 'years', 'month', 'months', 'week', 'weeks', 'today', 'names', 'value', 'values', 'sorts', 'types', 'kinds', 'class', 'level', 'given', 'taken', 'known', 'shown', 'listed', 'having', 'being', 'doing', 'going', 'still', 'again', 'never', 'always', 'return', 'returns', 'please', 'could', 'would', 'should', 'might']);
const INNER_GLUE = new Set(['of', 'the', 'per', 'a', 'an']);
/** Words that are usually grammar but also begin or form column names (number_products, first_name, Average). */
const MAY_START_A_NAME = new Set(['number', 'first', 'last', 'date', 'average', 'total', 'max', 'min', 'maximum', 'minimum', 'count', 'highest', 'lowest', 'top', 'order', 'sum']);
/** Generic words that may still be a column on their own (name, id, code, type…): linked, but weakly. */
const WEAK_ALONE = new Set(['nam', 'id', 'code', 'type', 'number', 'date', 'detail', 'information', 'description', 'valu', 'year', 'time', 'titl']);

/** Words for values stored as codes: "female students" → sex = 'F'. */
const CODED_WORDS: Record<string, string[]> = {
  female: ['f', 'female', 'w', 'woman'], females: ['f', 'female'], women: ['f', 'female', 'w'], woman: ['f', 'female', 'w'], girls: ['f', 'female'],
  male: ['m', 'male', 'man'], males: ['m', 'male'], men: ['m', 'male'], man: ['m', 'male'], boys: ['m', 'male'],
  yes: ['y', 'yes', 't', 'true', '1'], no: ['n', 'no', 'f', 'false', '0'],
  left: ['l', 'left'], right: ['r', 'right'],
};

const DEMONYMS: Record<string, string> = {
  french: 'france', german: 'germany', italian: 'italy', spanish: 'spain', british: 'uk', english: 'england', american: 'usa',
  japanese: 'japan', chinese: 'china', canadian: 'canada', mexican: 'mexico', european: 'europe', asian: 'asia', african: 'africa',
  australian: 'australia', indian: 'india', brazilian: 'brazil', russian: 'russia', korean: 'korea', swedish: 'sweden', dutch: 'netherlands',
  irish: 'ireland', scottish: 'scotland', swiss: 'switzerland', polish: 'poland', greek: 'greece', turkish: 'turkey', portuguese: 'portugal',
};

interface SpanLink {
  start: number;
  end: number;
  contentWords: number;
  candidates: LinkCandidate[];
  quoted: boolean;
}

export class SemanticMapper {
  private readonly metricPhrases = new Map<string, PlannerDataPoint[]>();
  private readonly glossaryPhrases = new Map<string, PlannerGlossaryEntry[]>();
  private readonly learnedPhrases = new Map<string, LearnedMapping[]>();

  constructor(
    private readonly index: SemanticIndex,
    sources: MappingSources = {},
  ) {
    for (const dp of sources.dataPoints ?? []) {
      for (const term of [dp.name, ...dp.synonyms]) {
        addPhrase(this.metricPhrases, term, dp);
        addPhrase(this.metricPhrases, term, dp, canonicalStem);
      }
    }
    for (const g of sources.glossary ?? []) addPhrase(this.glossaryPhrases, g.term, g);
    for (const m of sources.learned ?? []) addPhrase(this.learnedPhrases, m.term, m);
  }

  /** Every linked span of the question, non-overlapping, in question order. */
  map(lexed: LexedQuestion): Mention[] {
    const tokens = lexed.tokens;
    const spans: SpanLink[] = [];
    for (const t of tokens) if (t.kind === 'quoted') spans.push({ start: t.index, end: t.index + 1, contentWords: 99, candidates: this.quotedCandidates(t.text), quoted: true });
    const maxLen = Math.max(6, this.index.maxValueWords);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].kind === 'quoted' || tokens[i].kind === 'punct') continue;
      for (let j = i + 1; j <= Math.min(tokens.length, i + maxLen); j++) {
        const last = tokens[j - 1];
        if (last.kind === 'quoted') break;
        const candidates = [...this.valueCandidates(lexed, i, j), ...this.schemaCandidates(tokens, i, j)];
        if (!candidates.length) continue;
        candidates.sort((a, b) => b.score - a.score);
        spans.push({ start: i, end: j, contentWords: tokens.slice(i, j).filter((t) => t.kind !== 'punct' && !STOP_WORDS.has(t.lower)).length, candidates, quoted: false });
      }
    }
    // Longest first, then strongest; a span overlapping one already taken is dropped.
    spans.sort((a, b) => Number(b.quoted) - Number(a.quoted) || b.contentWords - a.contentWords || b.candidates[0].score - a.candidates[0].score);
    const taken = new Array<boolean>(tokens.length).fill(false);
    const mentions: Mention[] = [];
    for (const s of spans) {
      if (s.candidates.length && s.candidates[0].score < 0.4 && !s.quoted) continue;
      let free = true;
      for (let k = s.start; k < s.end; k++) if (taken[k]) free = false;
      if (!free) continue;
      for (let k = s.start; k < s.end; k++) taken[k] = true;
      mentions.push({ start: s.start, end: s.end, text: s.quoted ? tokens[s.start].text : lexed.text.slice(tokens[s.start].start, tokens[s.end - 1].end), quoted: s.quoted, candidates: s.candidates });
    }
    return mentions.sort((a, b) => a.start - b.start);
  }

  private quotedCandidates(text: string): LinkCandidate[] {
    const key = normalizeValue(text);
    const exact = this.index.values.get(key);
    if (exact?.length) return exact.map((h) => ({ kind: 'value' as const, column: h.column, value: h.value, score: 1, reason: `the value "${h.value}" is in ${h.column.table.name}.${h.column.name}` }));
    // Near misses: a stored value that contains the literal, or differs by a typo.
    const near: LinkCandidate[] = [];
    if (key.length >= 3) {
      for (const [stored, hits] of this.index.values) {
        if (stored.includes(key) || (stored.length >= 4 && key.includes(stored) && stored.length >= key.length - 3) || isLikelyTypo(key, stored)) {
          for (const h of hits) near.push({ kind: 'value', column: h.column, value: h.value, score: stored.includes(key) ? 0.6 : 0.7, reason: `"${text}" is close to the value "${h.value}" in ${h.column.table.name}.${h.column.name}` });
        }
        if (near.length > 40) break;
      }
    }
    return near.sort((a, b) => b.score - a.score);
  }

  private valueCandidates(lexed: LexedQuestion, i: number, j: number): LinkCandidate[] {
    const tokens = lexed.tokens;
    if (j - i === 1 && tokens[i].kind === 'word') {
      const flags = this.index.flags.get(tokens[i].stem);
      if (flags) return flags.map((c) => ({ kind: 'value' as const, column: c, value: '1', score: 1.05, reason: `"${tokens[i].text}" is the flag ${c.table.name}.${c.name}` }));
    }
    const first = tokens[i];
    const last = tokens[j - 1];
    if (last.kind === 'punct' && last.text !== ')') return [];
    if (first.kind === 'number' && j - i === 1) return [];
    const words = tokens.slice(i, j);
    if (words.every((t) => NOT_LINKABLE.has(t.lower) || t.kind === 'punct')) return [];
    if (NOT_LINKABLE.has(first.lower) && first.kind === 'word') return [];
    if (REQUEST_VERBS.has(first.lower) && (i === 0 || ['please', '.', '?', ';'].includes(tokens[i - 1].lower))) return [];
    const surface = normalizeValue(lexed.text.slice(first.start, last.end));
    let hits = this.index.values.get(surface);
    let reasonNote = '';
    let score = j - i > 1 ? 0.92 : /^[A-Z]/.test(first.text) && first.index > 0 ? 0.85 : 0.75;
    if (!hits && j - i === 1 && CODED_WORDS[first.lower] && first.lower !== 'no' && first.lower !== 'yes') {
      // a coded value in a column named for what it codes (sex, gender, hand, flag)
      for (const code of CODED_WORDS[first.lower]) {
        const coded = (this.index.values.get(code) ?? []).filter((h) => /sex|gender|hand|side|flag/.test(h.column.name.toLowerCase()));
        if (coded.length) {
          hits = coded;
          reasonNote = ` ("${first.text}" is stored as ${code.toUpperCase()})`;
          score = 0.8;
          break;
        }
      }
    }
    if (!hits && j - i === 1) {
      const single = singular(first.lower);
      const demonym = DEMONYMS[first.lower];
      if (single !== first.lower && this.index.values.get(single)) {
        hits = this.index.values.get(single);
        reasonNote = ' (singular)';
        score -= 0.05;
      } else if (demonym && this.index.values.get(demonym)) {
        hits = this.index.values.get(demonym);
        reasonNote = ` (${first.text} → ${demonym})`;
        score -= 0.05;
      }
    }
    if (!hits) return [];
    // A generic word ("name", "type") stored as a value somewhere (a data dictionary) is still the word.
    if (j - i === 1 && (GENERIC_WORDS.has(first.lower) || GENERIC_WORDS.has(singular(first.lower)))) score *= 0.6;
    if (j - i === 1 && first.lower.length < 2) {
      // A one-letter value ("L", "F") only right beside a word of its column: "L hand", "sex F".
      const near = [tokens[i - 1], tokens[j]].filter(Boolean).map((t) => stem(t.lower));
      hits = hits.filter((h) => h.column.stems.some((s) => near.includes(s)));
      if (!hits.length) return [];
    }
    return hits.map((h) => ({ kind: 'value' as const, column: h.column, value: h.value, score, reason: `the value "${h.value}" is in ${h.column.table.name}.${h.column.name}${reasonNote}` }));
  }

  private schemaCandidates(tokens: Token[], i: number, j: number): LinkCandidate[] {
    const span = tokens.slice(i, j);
    if (span.some((t) => t.kind !== 'word')) return [];
    // Only these glue words may sit inside a name ("number of staff", "miles per gallon"); "players for each hand" is two things.
    if (span.slice(1, -1).some((t) => STOP_WORDS.has(t.lower) && !INNER_GLUE.has(t.lower))) return [];
    const perInside = span.slice(1, -1).some((t) => t.lower === 'per');
    if (NOT_LINKABLE.has(span[0].lower) && !MAY_START_A_NAME.has(span[0].lower)) return [];
    if (REQUEST_VERBS.has(span[0].lower) && (i === 0 || ['please', '.', '?', ';'].includes(tokens[i - 1].lower))) return [];
    if (NOT_LINKABLE.has(span[span.length - 1].lower) && !MAY_START_A_NAME.has(span[span.length - 1].lower)) return [];
    const content = span.filter((t) => !STOP_WORDS.has(t.lower));
    const stems = content.map((t) => stem(t.lower));
    const key = stems.join(' ');
    const out: LinkCandidate[] = [];
    const phrase = (targets: PhraseTarget[] | undefined, weight: number, how: string): void => {
      for (const target of targets ?? []) {
        let score = weight * (target.via === 'short' ? 0.92 : target.via === 'part' ? 0.35 + 0.5 * target.coverage : target.coverage);
        if (stems.length === 1 && WEAK_ALONE.has(stems[0])) score *= 0.7;
        const text = span.map((t) => t.text).join(' ');
        if (target.kind === 'table') out.push({ kind: 'table', table: target.table, score, reason: `"${text}" ${how} the table ${target.table.name}` });
        else out.push({ kind: 'column', column: target.column!, score, reason: `"${text}" ${how} the column ${target.table.name}.${target.column!.name}` });
      }
    };
    phrase(this.index.phrases.get(key), 1, 'names');
    // Synonyms always count, so "units" reaches quantity even though unit_price holds the word itself.
    const exact = new Set(out.map((c) => (c.kind === 'column' ? c.column : c.kind === 'table' ? c.table : null)));
    const before = out.length;
    phrase(this.index.synonymPhrases.get(stems.map(canonicalStem).join(' ')), 0.85, 'is a synonym of a word in');
    for (let k = out.length - 1; k >= before; k--) {
      const c = out[k];
      const target = c.kind === 'column' ? c.column : c.kind === 'table' ? c.table : null;
      if (exact.has(target) || (before > 0 && c.score < 0.7)) out.splice(k, 1);
    }
    if (perInside) {
      for (let k = out.length - 1; k >= 0; k--) {
        const c = out[k];
        if (c.kind !== 'column' || !c.column.words.includes('per')) out.splice(k, 1);
      }
    }
    if (!out.length && stems.length === 1 && stems[0].length >= 5 && !this.index.vocabulary.has(stems[0]) && !NOT_LINKABLE.has(span[0].lower) && !MAY_START_A_NAME.has(span[0].lower) && !NEVER_TYPO.has(span[0].lower)) {
      for (const v of this.index.vocabulary) {
        if (v.length >= 4 && isLikelyTypo(stems[0], v)) phrase(this.index.phrases.get(v), 0.8, 'looks like a typo of a word in');
      }
    }
    const metrics = new Set([...(this.metricPhrases.get(key) ?? []), ...(this.metricPhrases.get(stems.map(canonicalStem).join(' ')) ?? [])]);
    for (const dp of metrics) out.push({ kind: 'metric', dataPoint: dp, score: 1.05, reason: `"${span.map((t) => t.text).join(' ')}" is the approved metric ${dp.name}` });
    for (const g of this.glossaryPhrases.get(key) ?? []) {
      const table = this.index.table(g.schema ?? '', g.table) ?? this.index.tables.find((t) => t.name.toLowerCase() === g.table.toLowerCase());
      if (!table) continue;
      const column = g.column ? this.index.column(table, g.column) : undefined;
      const why = `the glossary defines "${g.term}"`;
      if (column && g.value != null) out.push({ kind: 'value', column, value: g.value, score: 1.05, reason: why });
      else if (column) out.push({ kind: 'column', column, score: 1.05, reason: why });
      else out.push({ kind: 'table', table, score: 1.05, reason: why });
    }
    for (const m of this.learnedPhrases.get(key) ?? []) {
      const table = this.index.table(m.schema, m.table);
      if (!table) continue;
      const column = m.column ? this.index.column(table, m.column) : undefined;
      const why = `learned from feedback on earlier questions ("${m.term}")`;
      const score = 0.9 + 0.2 * m.confidence;
      if (column && m.value != null) out.push({ kind: 'value', column, value: m.value, score, reason: why });
      else if (column) out.push({ kind: 'column', column, score, reason: why });
      else out.push({ kind: 'table', table, score, reason: why });
    }
    return out;
  }
}

function addPhrase<T>(map: Map<string, T[]>, term: string, item: T, stemmer: (w: string) => string = stem): void {
  const stems = term
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP_WORDS.has(w))
    .map(stemmer);
  if (!stems.length) return;
  const key = stems.join(' ');
  const list = map.get(key) ?? [];
  if (list.includes(item)) return;
  list.push(item);
  map.set(key, list);
}
