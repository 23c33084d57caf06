// `npm run bench:accuracy`: execution accuracy of the offline planner. Not a test: it prints figures and exits 0 even
// when a target is missed (non-zero only when something could not run).
//  - Spider open split (../shared/bench/spider, or QUERENT_TEST_SHARED_DIR/bench/spider): every database is read with
//    the plan:batch code (structure, inferred relationships, value sample), every question planned with
//    `columns: 'asked'` (Spider's gold lists exactly the columns a question names), and the predictions scored by the
//    split's own evaluate.py.
//  - The demo BI set (test/fixtures/demo-bi-questions.json) over a freshly generated demo database, with the catalog's
//    generated metrics taken as approved (initialize(autoApprove) does the same) and the planner's default
//    `columns: 'with-measures'` (the set's gold lists the measure beside each ranked label), scored by
//    test/support/execution-accuracy.ts; plus plan latency p50/p95 on that set.
//  - Schema-linking recall of the LLM planner's pruned context (test/bench/linking-recall.ts).
// Targets (issue 5): Spider ≥ 50%, demo ≥ 90%, plan p95 ≤ 50 ms, linking recall ≥ 97% at ≤ 20% context share.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoDatabase } from '@querent/catalog/dist/demo/demo-database';
import { databaseUrl, readLiveContext } from '@querent/planning/dist/batch/live-planner-context';
import { planBatch } from '@querent/planning/dist/batch/plan-batch';
import { OfflinePlanner } from '@querent/planning/dist/planner/offline-planner';
import type { PlanResult } from '@querent/planning/dist/planner/planner';
import { loadDemoBiQuestions } from '../support/demo-bi-set';
import { scoreSet } from '../support/execution-accuracy';
import { SHARED_DIR } from '../support/shared-data';
import { printLinkingRecall } from './linking-recall';
import { progress } from './bench-report';

interface SpiderItem {
  db_id: string;
  question: string;
  query: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function outcomeCounts(results: PlanResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k}=${n}`).join(' ');
}

async function spider(workDir: string): Promise<void> {
  const dir = path.join(SHARED_DIR, 'bench', 'spider');
  const questionsFile = path.join(dir, 'dev_open.json');
  if (!fs.existsSync(questionsFile)) {
    console.log(`bench accuracy set=spider skipped (no ${questionsFile})`);
    return;
  }
  const items = JSON.parse(fs.readFileSync(questionsFile, 'utf8')) as SpiderItem[];
  const predictions = new Array<string>(items.length).fill('');
  const results: PlanResult[] = [];
  const planner = new OfflinePlanner({ columns: 'asked' });
  for (const db of [...new Set(items.map((x) => x.db_id))]) {
    const file = path.join(dir, 'database', db, `${db}.sqlite`);
    progress(`spider: ${db}`);
    const live = await readLiveContext(databaseUrl(file));
    try {
      const indexes = items.map((x, i) => [x, i] as const).filter(([x]) => x.db_id === db);
      const outcome = await planBatch(indexes.map(([x]) => ({ question: x.question })), live.context, planner);
      indexes.forEach(([, i], k) => {
        predictions[i] = outcome.lines[k];
      });
      results.push(...outcome.results);
    } finally {
      await live.close();
    }
  }
  const predFile = path.join(workDir, 'spider-pred.txt');
  fs.writeFileSync(predFile, predictions.map((l) => `${l}\n`).join(''));
  const report = execFileSync('python3', [path.join(dir, 'evaluate.py'), '--questions', questionsFile, '--predictions', predFile, '--out', path.join(workDir, 'spider-eval.json')], { encoding: 'utf8' });
  process.stdout.write(report);
  const m = /execution accuracy: ([\d.]+)% \((\d+)\/(\d+)\)/.exec(report);
  if (!m) throw new Error('evaluate.py printed no accuracy line');
  console.log(`planner outcomes on spider: ${outcomeCounts(results)}`);
  console.log(`bench accuracy set=spider ex=${m[1]}% (${m[2]}/${m[3]})`);
}

async function demo(workDir: string): Promise<void> {
  const questions = loadDemoBiQuestions();
  const dbPath = path.join(workDir, 'demo.db');
  progress('demo: generating the demo database');
  generateDemoDatabase(dbPath);
  progress('demo: reading it (structure, relationships, value sample, generated metrics)');
  const live = await readLiveContext(databaseUrl(dbPath), { dataPoints: 'generated' });
  let outcome;
  try {
    outcome = await planBatch(questions.map((q) => ({ question: q.question })), live.context, new OfflinePlanner());
  } finally {
    await live.close();
  }
  const score = scoreSet(dbPath, questions.map((q) => ({ id: q.id, sql: q.sql })), outcome.lines);
  const byCapability = new Map<string, { correct: number; total: number }>();
  questions.forEach((q, i) => {
    for (const c of q.capabilities) {
      const entry = byCapability.get(c) ?? { correct: 0, total: 0 };
      entry.total++;
      if (score.perItem[i].outcome === 'correct') entry.correct++;
      byCapability.set(c, entry);
    }
  });
  console.log('demo BI set by capability:');
  for (const [c, e] of [...byCapability].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${c.padEnd(22)} ${e.correct}/${e.total}`);
  const missed = score.perItem.filter((r) => r.outcome !== 'correct').map((r) => `${r.id}:${r.outcome}`);
  if (missed.length) console.log(`demo misses: ${missed.join(' ')}`);
  console.log(`planner outcomes on demo: ${outcomeCounts(outcome.results)}`);
  const sorted = [...outcome.timings].sort((a, b) => a - b);
  console.log(`bench accuracy set=demo ex=${((100 * score.correct) / score.total).toFixed(1)}% (${score.correct}/${score.total})`);
  console.log(`bench plan latency set=demo p50=${percentile(sorted, 0.5).toFixed(1)}ms p95=${percentile(sorted, 0.95).toFixed(1)}ms (n=${sorted.length})`);
}

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-accuracy-'));
  try {
    await spider(workDir);
    await demo(workDir);
    progress('linking recall of the LLM planner context');
    await printLinkingRecall();
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
