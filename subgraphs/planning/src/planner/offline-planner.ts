// The offline planner: deterministic, no key, no network. A compiler pipeline — screen → lex → link (semantic mapping)
// → interpret (intent and slots) → build the query model → join over the relationship graph → write SQL for the
// dialect — that answers with a plan, a clarification with ranked suggestions, or what is missing.
import { sqlEmitterFor } from '@querent/common';
import { SemanticMapper } from '../semantic/semantic-mapper';
import { semanticIndexFor, type SemanticIndex } from '../semantic/semantic-index';
import { canonicalStem, readableName } from '../semantic/schema-words';
import { joinResolverFor } from './join-resolver';
import { explainQuery, intentOf } from './plan-explainer';
import type { PlannerContext } from './planner-context';
import type { JoinStep, Planner, PlanResult } from './planner';
import { QueryBuildError, QueryBuilder } from './query-builder';
import { interpretQuestion } from './question-interpreter';
import { lexQuestion, type Token } from './question-lexer';
import type { Mention } from '../semantic/semantic-mapper';
import { screenQuestion } from './question-screening';
import { SqlWriter } from './sql-writer';
import { nextDay, resolveRange } from './time-ranges';
import type { PendingRange } from './query-builder';

export interface OfflinePlannerOptions {
  /** Below this confidence the planner asks instead of guessing (0..1). */
  clarifyBelow?: number;
  /**
   * `with-measures` (default): rankings and HAVING lists also show the measure they are based on ("top 5 customers
   * by revenue" lists each customer's revenue), which charts need. `asked`: exactly the columns the question names.
   */
  columns?: 'with-measures' | 'asked';
}

const mappers = new WeakMap<SemanticIndex, SemanticMapper>();

export class OfflinePlanner implements Planner {
  private readonly clarifyBelow: number;
  private readonly showMeasures: boolean;

  constructor(options: OfflinePlannerOptions = {}) {
    this.clarifyBelow = options.clarifyBelow ?? 0.35;
    this.showMeasures = (options.columns ?? 'with-measures') === 'with-measures';
  }

  async plan(question: string, context: PlannerContext): Promise<PlanResult> {
    const screened = screenQuestion(question);
    if (screened.answer) return screened.answer;
    const index = semanticIndexFor(context);
    let mapper = mappers.get(index);
    if (!mapper) {
      mapper = new SemanticMapper(index, { dataPoints: context.dataPoints, glossary: context.glossary, learned: context.learnedMappings });
      mappers.set(index, mapper);
    }
    const lexed = lexQuestion(question);
    const mentions = mapper.map(lexed);
    // "How much did we sell this month?" names no table, but selling is what the approved sales metric measures
    const sells = lexed.tokens.some((t) => ['sell', 'buy', 'sale'].includes(t.stem) || ['sold', 'bought'].includes(t.lower)) && (context.dataPoints ?? []).some((d) => d.filter);
    if (!sells && !mentions.some((m) => m.candidates.length && m.candidates[0].score >= 0.5) && !mentions.some((m) => m.quoted)) {
      return this.nothingLinked(lexed.tokens.filter((t) => t.kind === 'word').map((t) => t.text), index);
    }
    const unknown = unknownNames(lexed.tokens, mentions);
    if (unknown.length) {
      return {
        kind: 'unanswerable',
        reason: `This database has nothing called ${unknown.map((w) => `"${w}"`).join(' or ')}: no table, column or stored value matches ${unknown.length > 1 ? 'them' : 'it'}.`,
        missing: unknown,
      };
    }
    const interpretation = interpretQuestion(lexed, mentions);
    let built;
    try {
      built = new QueryBuilder(index, interpretation, { showMeasures: this.showMeasures }).build();
    } catch (error) {
      if (error instanceof QueryBuildError) return { kind: 'unanswerable', reason: error.message, missing: error.missing };
      throw error;
    }
    if (built.ambiguousSubject) {
      const term = built.linkedTerms[0]?.term ?? 'that';
      return {
        kind: 'clarification',
        question: `Which ${term} do you mean: ${built.ambiguousSubject.map((t) => `of ${readableName(t.name)}`).join(' or ')}?`,
        suggestions: built.ambiguousSubject.slice(0, 5).map((t, i) => ({ text: `${question.replace(/[?.!\s]+$/, '')} of ${readableName(t.name)}`, confidence: Math.round((0.5 - i * 0.05) * 100) / 100 })),
        reason: `"${term}" is in ${built.ambiguousSubject.length} tables and the question does not say which`,
      };
    }
    if (built.confidence < this.clarifyBelow && built.weak.length) {
      const w = built.weak[0];
      return {
        kind: 'clarification',
        question: `Did you mean ${w.alternatives.slice(0, 3).map((a) => `"${a}"`).join(' or ')} by "${w.term}"?`,
        suggestions: w.alternatives.slice(0, 5).map((a, i) => ({ text: question.replace(new RegExp(escapeRegExp(w.term), 'i'), readableName(a.split('.').pop() ?? a)), confidence: Math.round((0.6 - i * 0.1) * 100) / 100 })),
        reason: `"${w.term}" could mean several things in this database`,
      };
    }
    const timeRange = await this.resolveRanges(built.pendingRanges, context);
    const words = new Set(lexed.tokens.filter((t) => t.kind === 'word').map((t) => canonicalStem(t.lower)));
    const writer = new SqlWriter(sqlEmitterFor(context.dialect), joinResolverFor(index, words));
    let written;
    try {
      written = writer.write(built.query);
    } catch (error) {
      const tables = built.query.tables.map((t) => t.name);
      return { kind: 'unanswerable', reason: `The question needs ${tables.join(', ')}, but no known relationship connects them.`, missing: [`a relationship between ${tables.join(' and ')}`] };
    }
    const joinPath: JoinStep[] = written.joinPath.joins.map((j) => ({ fromTable: j.left.table, fromColumns: j.leftColumns, toTable: j.right.table, toColumns: j.rightColumns }));
    return {
      kind: 'plan',
      intent: { ...intentOf(built.query, built.kind), timeRange },
      linkedTerms: built.linkedTerms,
      tables: written.joinPath.tables.length ? written.joinPath.tables.map((t) => t.table) : built.query.tables.map((t) => t.name),
      joinPath,
      sql: written.sql,
      dialect: context.dialect,
      explanation: explainQuery(built.query),
      confidence: Math.round(built.confidence * 100) / 100,
    };
  }

  /** Relative ranges become literal dates, anchored to the latest date in their column (profile max, else asked). */
  private async resolveRanges(pending: PendingRange[], context: PlannerContext): Promise<{ from: string; to: string; label: string } | null> {
    let first: { from: string; to: string; label: string } | null = null;
    for (const p of pending) {
      let anchor: string | null = p.column.source.profile?.max != null ? String(p.column.source.profile.max) : null;
      if (!anchor && p.spec.kind !== 'absolute' && context.latestDate) {
        anchor = await context.latestDate({ schema: p.column.table.schema, table: p.column.table.name }, p.column.name);
      }
      const range = resolveRange(p.spec, anchor);
      const [lower, upper] = p.conditions;
      if (range.from) lower.right = range.from;
      else Object.assign(lower, { kind: 'null', left: lower.left, negated: true });
      if (range.to) upper.right = nextDay(range.to);
      else Object.assign(upper, { kind: 'null', left: upper.left, negated: true });
      if (!first && range.from && range.to) first = { from: range.from, to: range.to, label: range.label };
    }
    return first;
  }

  private nothingLinked(words: string[], index: SemanticIndex): PlanResult {
    const content = words.filter((w) => w.length > 3);
    const suggestions = index.tables.slice(0, 5).map((t, i) => ({ text: `How many ${readableName(t.name)} are there?`, confidence: Math.round((0.3 - i * 0.04) * 100) / 100 }));
    if (!content.length) return { kind: 'clarification', question: 'What would you like to know?', suggestions, reason: 'the question names nothing in this database' };
    return {
      kind: 'unanswerable',
      reason: `Nothing in this database matches ${content.slice(0, 4).map((w) => `"${w}"`).join(', ')}; its tables are ${index.tables.slice(0, 8).map((t) => t.name).join(', ')}${index.tables.length > 8 ? ', …' : ''}.`,
      missing: content.slice(0, 4),
    };
  }
}

const KNOWN_CAPITALIZED = new Set(['i', 'q1', 'q2', 'q3', 'q4', 'h1', 'h2', 'ytd', 'usd', 'eur', 'gbp', 'id', 'ids', 'sql', 'ok', 'vs', 'mr', 'mrs', 'ms', 'dr', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/**
 * Proper names the question asks about that nothing in the database holds ("revenue from Mars"): a capitalized word,
 * not the first of a sentence, after a preposition, that no mention covers. A guess would silently drop the condition.
 */
function unknownNames(tokens: Token[], mentions: Mention[]): string[] {
  const covered = new Set<number>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) covered.add(i);
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' || covered.has(i) || !/^[A-Z][a-z]+$/.test(t.text) || KNOWN_CAPITALIZED.has(t.lower)) continue;
    if (['.', '?', '!', ';'].includes(tokens[i - 1].text)) continue;
    const prev = tokens[i - 1].lower;
    const prev2 = tokens[i - 2]?.lower;
    if (!['from', 'in', 'at', 'for', 'to', 'by'].includes(prev) && !(['the'].includes(prev) && ['from', 'in', 'at', 'for', 'to'].includes(prev2 ?? ''))) continue;
    // a name of several words ("United States") is reported whole
    let j = i + 1;
    while (j < tokens.length && tokens[j].kind === 'word' && /^[A-Z]/.test(tokens[j].text) && !covered.has(j)) j++;
    out.push(tokens.slice(i, j).map((x) => x.text).join(' '));
    i = j - 1;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
