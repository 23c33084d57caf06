// The SQL guard's speed over its security corpus (accepted and refused statements of the four dialects): each
// statement checked on its own after a warm-up pass, with the parser instances reused as in the service; a
// statement's figure is its median over the rounds. Exports
// measureGuard() for bench:execution; run alone (`node test/dist/bench/guard-bench.js`) it prints one line.
import { performance } from 'node:perf_hooks';
import { checkSql } from '@querent/execution/dist/guard';
import { loadSqlGuardCorpus } from '../support/sql-guard-corpus';

export interface GuardMeasurement {
  /** Statements in the corpus (each timed `rounds` times). */
  statements: number;
  /** Checks per second over all timed checks. */
  throughputPerSec: number;
  /** Percentiles over the statements of each statement's median time across the rounds (one preempted run on a
   *  busy machine does not move a statement's figure). */
  p50Ms: number;
  p95Ms: number;
  /** The 95th percentile over every single timed check, preemptions and GC pauses included. */
  samplesP95Ms: number;
  rounds: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const round3 = (value: number) => Number(value.toFixed(3));

export function measureGuard(rounds = Number(process.env.BENCH_GUARD_ROUNDS ?? 7)): GuardMeasurement {
  const corpus = loadSqlGuardCorpus();
  // Warm-up: loads each grammar once and lets the JIT settle, as a long-running service would be.
  for (let i = 0; i < 2; i++) for (const c of corpus) checkSql(c.dialect, c.sql);
  const perStatement: number[][] = corpus.map(() => []);
  const samples: number[] = [];
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    corpus.forEach((c, i) => {
      const started = performance.now();
      checkSql(c.dialect, c.sql);
      const elapsed = performance.now() - started;
      perStatement[i]!.push(elapsed);
      samples.push(elapsed);
      total += elapsed;
    });
  }
  const medians = perStatement.map((times) => percentile([...times].sort((a, b) => a - b), 0.5)).sort((a, b) => a - b);
  samples.sort((a, b) => a - b);
  return {
    statements: corpus.length,
    throughputPerSec: Math.round((samples.length / total) * 1000),
    p50Ms: round3(percentile(medians, 0.5)),
    p95Ms: round3(percentile(medians, 0.95)),
    samplesP95Ms: round3(percentile(samples, 0.95)),
    rounds,
  };
}

if (require.main === module) {
  const m = measureGuard();
  process.stdout.write(
    `bench guard statements=${m.statements} rounds=${m.rounds} throughput_per_s=${m.throughputPerSec} p50_ms=${m.p50Ms} p95_ms=${m.p95Ms} samples_p95_ms=${m.samplesP95Ms}\n`,
  );
}
