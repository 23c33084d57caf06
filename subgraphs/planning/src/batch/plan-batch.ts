// Owns batch planning: a JSON array of {question} planned against one database, one single-line SQL per question in
// order (an empty line for a clarification or no answer), with per-question timings for benchmarks.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { QuerentError } from '@querent/common';
import { OfflinePlanner } from '../planner/offline-planner';
import type { PlannerContext } from '../planner/planner-context';
import type { Planner, PlanResult } from '../planner/planner';

export interface BatchItem {
  question: string;
}

export interface BatchOutcome {
  lines: string[];
  results: PlanResult[];
  /** Milliseconds each plan took. */
  timings: number[];
}

/** Reads and checks a questions file: a JSON array of objects with a string `question`. */
export function readQuestions(file: string): BatchItem[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new QuerentError('BAD_INPUT', `cannot read the questions file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new QuerentError('BAD_INPUT', `the questions file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new QuerentError('BAD_INPUT', `the questions file ${file} must hold a JSON array of {"question": "…"}`);
  return parsed.map((item, i) => {
    if (!item || typeof item !== 'object' || typeof (item as { question?: unknown }).question !== 'string') {
      throw new QuerentError('BAD_INPUT', `item ${i} of ${file} has no "question" string`);
    }
    return { question: (item as { question: string }).question };
  });
}

/**
 * The planner batch runs use: the offline planner (the LLM planner takes over here once it exists and a key is set).
 * Batch output is compared with gold SQL that lists what a question names, so by default only the asked columns.
 */
export function batchPlanner(columns: 'asked' | 'with-measures' = 'asked'): Planner {
  return new OfflinePlanner({ columns });
}

/** One line per question: the SQL on one line, or nothing. */
export function batchLine(result: PlanResult): string {
  if (result.kind === 'plan') return result.sql.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return '';
}

export async function planBatch(items: BatchItem[], context: PlannerContext, planner: Planner = batchPlanner()): Promise<BatchOutcome> {
  const lines: string[] = [];
  const results: PlanResult[] = [];
  const timings: number[] = [];
  for (const item of items) {
    const started = performance.now();
    let result: PlanResult;
    try {
      result = await planner.plan(item.question, context);
    } catch (error) {
      result = { kind: 'unanswerable', reason: `planning failed: ${(error as Error).message}`, missing: [] };
    }
    timings.push(performance.now() - started);
    results.push(result);
    lines.push(batchLine(result));
  }
  return { lines, results, timings };
}
