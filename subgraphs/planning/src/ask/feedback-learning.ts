// Turns feedback on ask runs into mappings the semantic layer uses: a run judged correct confirms the terms it linked;
// a corrected SQL teaches which column a quoted value of the question lives in, and which table an unlinked word
// meant when the correction brought in exactly one new table.
import type { LearnedMapping } from '../planner/planner-context';
import type { FeedbackStore } from '../semantic/feedback-store';
import type { AskRunRecord, AskRunRepository } from './ask-run';

/** Feedback runs read to learn from, newest first. */
const FEEDBACK_WINDOW = 500;
const CONFIRMED = 0.7;
const VALUE_FROM_CORRECTION = 0.9;
const TABLE_FROM_CORRECTION = 0.6;
const STOP = new Set(['the', 'a', 'an', 'of', 'for', 'in', 'on', 'at', 'to', 'by', 'and', 'with', 'how', 'many', 'much', 'what', 'which', 'who', 'is', 'are', 'was', 'were', 'show', 'list', 'me', 'all', 'each', 'per', 'total', 'number', 'count', 'average', 'from', 'there', 'do', 'does', 'did', 'have', 'has', 'we', 'our']);

export function learnFromRun(run: AskRunRecord): LearnedMapping[] {
  const plan = run.plan?.kind === 'plan' ? run.plan : null;
  if (run.feedbackCorrect === true && plan) {
    return plan.linkedTerms
      .filter((t) => t.target.table && (t.target.kind === 'table' || t.target.kind === 'column' || t.target.kind === 'value'))
      .map((t) => ({
        term: t.term.toLowerCase(),
        schema: t.target.schema ?? 'main',
        table: t.target.table as string,
        column: t.target.column ?? null,
        value: t.target.value === undefined ? null : String(t.target.value),
        confidence: CONFIRMED,
      }));
  }
  if (run.feedbackCorrect !== false || !run.correctedSql) return [];
  const corrected = run.correctedSql;
  const learned: LearnedMapping[] = [];
  const schema = plan?.linkedTerms.find((t) => t.target.schema)?.target.schema ?? 'main';
  const question = run.question.toLowerCase();
  // `table.column = 'Value'` or `column = 'Value'` where the question says the value: the value lives there.
  for (const m of corrected.matchAll(/(?:(\w+)\.)?(\w+)\s*(?:=|<>|!=|\blike\b|\bin\s*\()\s*'((?:[^']|'')+)'/gi)) {
    const value = m[3].replace(/''/g, "'");
    if (!question.includes(value.toLowerCase().replace(/%/g, ''))) continue;
    const table = m[1] ?? tablesOf(corrected)[0];
    if (table) learned.push({ term: value.toLowerCase().replace(/%/g, ''), schema, table, column: m[2], value, confidence: VALUE_FROM_CORRECTION });
  }
  const before = new Set((plan?.tables ?? []).map((t) => t.toLowerCase()));
  const added = tablesOf(corrected).filter((t) => !before.has(t.toLowerCase()));
  if (added.length === 1) {
    const linked = new Set((plan?.linkedTerms ?? []).flatMap((t) => t.term.toLowerCase().split(/\s+/)));
    for (const word of question.match(/[a-z][a-z0-9_]+/g) ?? []) {
      if (STOP.has(word) || linked.has(word) || learned.some((l) => l.term.includes(word))) continue;
      learned.push({ term: word, schema, table: added[0], column: null, value: null, confidence: TABLE_FROM_CORRECTION });
    }
  }
  return learned;
}

/** Table names after FROM and JOIN, unquoted, in order. */
function tablesOf(sql: string): string[] {
  const names: string[] = [];
  for (const m of sql.matchAll(/\b(?:from|join)\s+(?:"?\w+"?\.)?["`[]?(\w+)["`\]]?/gi)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** FeedbackStore over the ask runs: feedback lives on the run; mappings are learned from the latest feedback runs. */
export class AskRunFeedbackStore implements FeedbackStore {
  constructor(private readonly runs: AskRunRepository) {}

  async recordFeedback(runId: string, correct: boolean, correctedSql?: string | null): Promise<void> {
    await this.runs.recordFeedback(runId, correct, correctedSql ?? null);
  }

  async learnedMappings(databaseId: string): Promise<LearnedMapping[]> {
    const merged = new Map<string, LearnedMapping>();
    for (const run of await this.runs.feedbackRuns(databaseId, FEEDBACK_WINDOW)) {
      for (const mapping of learnFromRun(run)) {
        const key = [mapping.term, mapping.schema, mapping.table, mapping.column ?? '', mapping.value ?? ''].join('\u0000');
        const prior = merged.get(key);
        // Repeated confirmations strengthen a mapping, up to 1.
        merged.set(key, prior ? { ...prior, confidence: Math.min(1, prior.confidence + 0.1) } : mapping);
      }
    }
    return [...merged.values()].sort((a, b) => b.confidence - a.confidence || a.term.localeCompare(b.term));
  }
}
