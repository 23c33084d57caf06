// The LLM planner: a question and a context pruned from the schema memory (plus few-shot examples from similar past
// runs) go to an OpenAI-compatible chat model in JSON mode; its SQL is checked by the execution subgraph's SQL guard
// and repaired with the guard's reason — or, through `repair`, with the database's error — within a bounded number of
// attempts. When the model cannot be reached the offline planner answers and the explanation says so.
import { asQuerentError, DIALECTS, QuerentError, type LlmClient, type LlmMessage, type Logger } from '@querent/common';
import { pruneContext, renderPrunedContext, type PruneOptions, type PrunedContext } from '../context/llm-context-pruner';
import type { SqlCheck } from '../execution-access/execution-port';
import type { PlannerContext } from './planner-context';
import type { JoinStep, PlanIntent, Planner, PlanResult } from './planner';
import { MAX_QUESTION_CHARS, screenQuestion } from './question-screening';
import type { ExampleSource, PlanExample } from './run-history-examples';

/** The execution subgraph's SQL guard, as the planner sees it (ExecutionPort.checkSql fits). */
export interface SqlGuardPort {
  checkSql(databaseId: string, sql: string): Promise<SqlCheck>;
}

export interface LlmPlannerOptions {
  llm: LlmClient;
  /** Answers when the model cannot be reached or keeps answering nonsense (the offline planner). */
  fallback: Planner;
  /** Checks each statement before it is returned; without it (or without a databaseId) statements go unchecked. */
  guard?: SqlGuardPort | null;
  examples?: ExampleSource | null;
  /** Model calls after the first within one `plan` or `repair` (QUERENT_LLM_REPAIR_ATTEMPTS). */
  repairAttempts?: number;
  /** Few-shot examples per prompt. */
  exampleCount?: number;
  prune?: Partial<PruneOptions>;
  temperature?: number;
  maxTokens?: number;
  logger?: Logger;
}

/** What the model is asked to answer with. */
interface ModelAnswer {
  sql: string;
  explanation: string;
  tables: string[];
  clarification: string | null;
  suggestions: string[];
}

/** Model failures that mean "no model right now": the offline planner takes the question. */
const UNREACHABLE = new Set(['LLM_UNAVAILABLE', 'LLM_TIMEOUT']);

export class LlmPlanner implements Planner {
  private readonly repairAttempts: number;

  constructor(private readonly options: LlmPlannerOptions) {
    this.repairAttempts = Math.max(0, Math.floor(options.repairAttempts ?? 2));
  }

  /** Model calls one `plan` or `repair` makes at most. */
  get maxCallsPerPlan(): number {
    return 1 + this.repairAttempts;
  }

  async plan(question: string, context: PlannerContext): Promise<PlanResult> {
    const early = this.screen(question);
    if (early) return early;
    return this.converse(question, context, null);
  }

  async repair(question: string, context: PlannerContext, previousSql: string, error: { code: string; message: string }): Promise<PlanResult> {
    const early = this.screen(question);
    if (early) return early;
    return this.converse(question, context, { sql: previousSql, error });
  }

  /** Empty, too long, or SQL already: answered without a model (pasted SQL goes to the guard unchanged). */
  private screen(question: string): PlanResult | null {
    const q = typeof question === 'string' ? question.trim() : '';
    const screened = screenQuestion(question).answer;
    // A question in another language is left to the model, which reads it; the offline planner would refuse it.
    if (screened && (screened.kind === 'sql' || q === '' || q.length > MAX_QUESTION_CHARS)) return screened;
    return null;
  }

  private async converse(question: string, context: PlannerContext, failed: { sql: string; error: { code: string; message: string } } | null): Promise<PlanResult> {
    const pruned = pruneContext(question, context, this.options.prune);
    const examples = await this.examplesFor(context, question);
    const messages: LlmMessage[] = [
      { role: 'system', content: systemPrompt(context.dialect) },
      { role: 'user', content: userPrompt(question, pruned, examples) },
    ];
    if (failed) {
      messages.push({ role: 'assistant', content: JSON.stringify({ sql: failed.sql }) });
      messages.push({ role: 'user', content: `Running that SQL failed: ${failed.error.code}: ${failed.error.message}\nReturn the corrected JSON object.` });
    }
    let lastProblem = '';
    for (let call = 1; call <= this.maxCallsPerPlan; call++) {
      let content: string;
      try {
        const answer = await this.options.llm.chat(messages, { temperature: this.options.temperature ?? 0, maxTokens: this.options.maxTokens ?? 1200, responseFormat: 'json' });
        content = answer.content;
        this.options.logger?.debug('llm plan answer', { call, promptTokens: answer.usage.promptTokens, completionTokens: answer.usage.completionTokens });
      } catch (error) {
        const failure = asQuerentError(error);
        if (UNREACHABLE.has(failure.code)) return this.offline(question, context, failure);
        if (failure.code !== 'LLM_BAD_RESPONSE') throw failure;
        lastProblem = failure.message;
        messages.push({ role: 'user', content: `${failure.message}. Answer with the JSON object only.` });
        continue;
      }
      const parsed = parseAnswer(content);
      if (typeof parsed === 'string') {
        lastProblem = parsed;
        messages.push({ role: 'assistant', content }, { role: 'user', content: `${parsed}. Answer with the JSON object described, nothing else.` });
        continue;
      }
      if (!parsed.sql) {
        if (parsed.clarification) {
          return { kind: 'clarification', question: parsed.clarification, suggestions: parsed.suggestions.slice(0, 5).map((text, i) => ({ text, confidence: Math.round((0.6 - i * 0.1) * 100) / 100 })), reason: parsed.explanation || 'the question can be read more than one way' };
        }
        return { kind: 'unanswerable', reason: parsed.explanation || 'The language model found nothing in this database that answers the question.', missing: [] };
      }
      const verdict = await this.check(context, parsed.sql);
      if (verdict && !verdict.accepted) {
        lastProblem = `the SQL guard refused it: ${verdict.reason} (${verdict.code})`;
        messages.push({ role: 'assistant', content }, { role: 'user', content: `The SQL guard refused that statement: ${verdict.reason} (${verdict.code}). Return the corrected JSON object.` });
        continue;
      }
      return this.toPlan(parsed, pruned, context, call - 1 + (failed ? 1 : 0));
    }
    if (/refused/.test(lastProblem)) {
      return { kind: 'unanswerable', reason: `The language model's SQL was not accepted after ${this.maxCallsPerPlan} attempt(s): ${lastProblem}.`, missing: [] };
    }
    return this.offline(question, context, new QuerentError('LLM_BAD_RESPONSE', `the language model gave no usable answer in ${this.maxCallsPerPlan} attempt(s) (${lastProblem})`));
  }

  private async examplesFor(context: PlannerContext, question: string): Promise<PlanExample[]> {
    if (!this.options.examples || !context.databaseId) return [];
    try {
      return await this.options.examples.similar(context.databaseId, question, this.options.exampleCount ?? 3);
    } catch (error) {
      this.options.logger?.warn('few-shot examples unavailable', { error: asQuerentError(error).message });
      return [];
    }
  }

  private async check(context: PlannerContext, sql: string): Promise<SqlCheck | null> {
    if (!this.options.guard || !context.databaseId) return null;
    return this.options.guard.checkSql(context.databaseId, sql);
  }

  /** The offline planner's answer, saying why the model did not answer. */
  private async offline(question: string, context: PlannerContext, why: QuerentError): Promise<PlanResult> {
    this.options.logger?.warn('llm planner fell back to the offline planner', { code: why.code, error: why.message });
    const note = `The language model was not available (${why.code}: ${why.message}); the offline planner answered instead.`;
    const result = await this.options.fallback.plan(question, context);
    switch (result.kind) {
      case 'plan':
        return { ...result, explanation: `${note} ${result.explanation}` };
      case 'clarification':
        return { ...result, reason: `${note} ${result.reason}` };
      case 'unanswerable':
        return { ...result, reason: `${note} ${result.reason}` };
      case 'sql':
        return { ...result, reason: `${note} ${result.reason}` };
    }
  }

  private toPlan(answer: ModelAnswer, pruned: PrunedContext, context: PlannerContext, repairs: number): PlanResult {
    const sql = oneLine(answer.sql);
    const known = pruned.tables.map((t) => t.name);
    const named = answer.tables.map((t) => known.find((k) => k.toLowerCase() === t.toLowerCase().split('.').pop())).filter((t): t is string => Boolean(t));
    const used = known.filter((t) => new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(t)}([^A-Za-z0-9_]|$)`, 'i').test(sql));
    const tables = [...new Set([...named, ...used])];
    const joinPath: JoinStep[] = pruned.relationships
      .filter((r) => tables.includes(r.fromTable) && tables.includes(r.toTable) && r.fromTable !== r.toTable)
      .filter((r) => r.fromColumns.every((c) => new RegExp(`\\b${escapeRegExp(c)}\\b`, 'i').test(sql)))
      .map((r) => ({ fromTable: r.fromTable, fromColumns: r.fromColumns, toTable: r.toTable, toColumns: r.toColumns }));
    const linkedTerms = pruned.linkedTerms.filter((l) => !l.target.table || tables.includes(l.target.table));
    return {
      kind: 'plan',
      intent: intentOfSql(sql),
      linkedTerms,
      tables,
      joinPath,
      sql,
      dialect: context.dialect,
      explanation: answer.explanation || 'The language model wrote this query.',
      confidence: Math.max(0.3, Math.round((0.8 - 0.15 * repairs) * 100) / 100),
    };
  }
}

function systemPrompt(dialect: PlannerContext['dialect']): string {
  const label = DIALECTS[dialect]?.label ?? dialect;
  return [
    `You turn a business question about a ${label} database into one SQL query.`,
    'Rules:',
    '- Use only the tables, columns and joins of the schema given; it is everything relevant that is known about the database.',
    `- Write exactly one read-only statement (SELECT, or WITH … SELECT) in ${label} syntax, without a trailing semicolon. Never change data.`,
    '- When the schema lists an approved metric for what the question asks, use its definition and its filter.',
    '- Compare text with the values shown for a column, spelled the same way.',
    '- Answer relative dates ("last quarter") from the data\'s own latest dates, not from today\'s date.',
    '- If the question cannot be answered from this schema, or can be read several ways, leave "sql" empty and ask back in "clarification", with up to three rephrased questions in "suggestions".',
    'Answer with one JSON object and nothing else:',
    '{"sql": "…", "explanation": "one or two plain sentences for a non-technical reader", "tables": ["…"], "clarification": null, "suggestions": []}',
  ].join('\n');
}

function userPrompt(question: string, pruned: PrunedContext, examples: PlanExample[]): string {
  const parts = [`Schema (the part relevant to this question):\n${renderPrunedContext(pruned)}`];
  if (examples.length) {
    parts.push(`Questions answered correctly before on this database:\n${examples.map((e) => `Q: ${e.question}\nSQL: ${oneLine(e.sql)}`).join('\n\n')}`);
  }
  parts.push(`Question: ${question.trim()}`);
  return parts.join('\n\n');
}

/** The model's JSON as a ModelAnswer, or what is wrong with it. */
function parseAnswer(content: string): ModelAnswer | string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return 'The answer was not JSON';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'The answer was not a JSON object';
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string' && i.trim() !== '').map((i) => i.trim()) : []);
  const sql = text(v.sql).replace(/;\s*$/, '').trim();
  const clarification = text(v.clarification) || null;
  if (!sql && !clarification && !text(v.explanation)) return 'The answer had neither "sql" nor "clarification"';
  return { sql, explanation: text(v.explanation), tables: list(v.tables), clarification, suggestions: list(v.suggestions) };
}

/** One line: newlines outside string literals become spaces. */
function oneLine(sql: string): string {
  let out = '';
  let quote: string | null = null;
  for (const ch of sql.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else if (/\s/.test(ch)) {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      out += ch;
    }
  }
  return out.trim();
}

/** What the statement does, read from its clauses (the model is not asked to describe its intent twice). */
export function intentOfSql(sql: string): PlanIntent {
  const s = sql.replace(/'(?:[^']|'')*'/g, "''");
  const measures = [...s.matchAll(/\b(count|sum|avg|min|max)\s*\(\s*(distinct\s+)?([^()]*?)\s*\)/gi)].map((m) => `${m[1].toLowerCase()}(${m[2] ? 'distinct ' : ''}${m[3]})`);
  const group = /\bgroup\s+by\s+(.+?)(\bhaving\b|\border\s+by\b|\blimit\b|\)|$)/i.exec(s);
  const dimensions = group ? group[1].split(',').map((d) => d.trim()).filter(Boolean) : [];
  const where = /\bwhere\s+(.+?)(\bgroup\s+by\b|\bhaving\b|\border\s+by\b|\blimit\b|$)/i.exec(s);
  const order = /\border\s+by\s+(.+?)(\blimit\b|$)/i.exec(s);
  const limit = /\blimit\s+(\d+)/i.exec(s);
  const kind = limit && order ? 'top_n' : dimensions.length ? 'group' : measures.length === 1 && measures[0].startsWith('count') ? 'count' : measures.length ? 'aggregate' : 'list';
  return {
    kind,
    measures: [...new Set(measures)],
    dimensions,
    filters: where ? [where[1].trim()] : [],
    orderBy: order ? order[1].trim() : null,
    limit: limit ? Number(limit[1]) : null,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
