// Owns the LLM planner's few-shot examples: the earlier questions on the same database that ran and were not marked
// wrong (a person's corrected SQL wins over the plan's), the most similar to the new question first.
import type { AskRunRepository } from '../ask/ask-run';
import { canonicalStem, STOP_WORDS } from '../semantic/schema-words';

export interface PlanExample {
  question: string;
  sql: string;
  /** 0..1: how close the example's question is to the one asked. */
  similarity: number;
}

/** Where few-shot examples come from. */
export interface ExampleSource {
  similar(databaseId: string, question: string, k: number): Promise<PlanExample[]>;
}

export interface RunHistoryExampleOptions {
  /** Recent successful runs compared with the question. */
  pool: number;
  /** Below this similarity an earlier question is not an example. */
  minSimilarity: number;
}

export class RunHistoryExampleSource implements ExampleSource {
  private readonly options: RunHistoryExampleOptions;

  constructor(private readonly runs: Pick<AskRunRepository, 'successfulRuns'>, options: Partial<RunHistoryExampleOptions> = {}) {
    this.options = { pool: 200, minSimilarity: 0.2, ...options };
  }

  async similar(databaseId: string, question: string, k: number): Promise<PlanExample[]> {
    if (k <= 0) return [];
    const runs = await this.runs.successfulRuns(databaseId, this.options.pool);
    const seen = new Set<string>();
    const examples: PlanExample[] = [];
    // Newest first: of two runs of the same question, the newer (or corrected) one is the example.
    for (const run of runs) {
      const sql = run.correctedSql?.trim() || (run.plan?.kind === 'plan' ? run.plan.sql : null);
      if (!sql) continue;
      const key = normalizeQuestion(run.question);
      if (seen.has(key)) continue;
      seen.add(key);
      const similarity = questionSimilarity(question, run.question);
      if (similarity >= this.options.minSimilarity) examples.push({ question: run.question.trim(), sql, similarity });
    }
    return examples.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
}

function normalizeQuestion(question: string): string {
  return question.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function contentStems(question: string): Set<string> {
  const words = question.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return new Set(words.filter((w) => !STOP_WORDS.has(w)).map(canonicalStem));
}

function trigrams(text: string): Set<string> {
  const s = ` ${normalizeQuestion(text)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared;
}

/**
 * 0..1: shared content words (as canonical stems, so synonyms meet) as a Jaccard index, blended with shared letter
 * trigrams (typos, inflections the stemmer misses).
 */
export function questionSimilarity(a: string, b: string): number {
  const sa = contentStems(a);
  const sb = contentStems(b);
  const union = sa.size + sb.size - overlap(sa, sb);
  const words = union === 0 ? 0 : overlap(sa, sb) / union;
  const ta = trigrams(a);
  const tb = trigrams(b);
  const letters = ta.size + tb.size === 0 ? 0 : (2 * overlap(ta, tb)) / (ta.size + tb.size);
  return Math.round((0.7 * words + 0.3 * letters) * 1000) / 1000;
}
