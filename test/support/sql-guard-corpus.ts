// Owns the SQL guard's security corpus (test/fixtures/sql-guard-corpus.json): its shape, its loader and its counts.
import fs from 'node:fs';
import path from 'node:path';
import type { DialectName } from '@querent/common';
import type { SqlRefusalCode } from '@querent/execution/dist/guard';
import { REPO_ROOT } from './processes';

export const SQL_GUARD_CORPUS_PATH = path.join(REPO_ROOT, 'test', 'fixtures', 'sql-guard-corpus.json');

export interface SqlGuardCase {
  dialect: DialectName;
  sql: string;
  expect: 'accept' | 'refuse';
  /** The refusal code expected when `expect` is refuse. */
  code?: SqlRefusalCode;
  /** Why the case is in the corpus: the attack or the benign form it stands for. */
  why: string;
  /** false: a refused statement the engine check must not send to the engine raw (it changes server or session
   *  state outside the database under test, e.g. SET, KILL, GRANT on MySQL, COPY TO PROGRAM). */
  raw?: boolean;
}

export function loadSqlGuardCorpus(): SqlGuardCase[] {
  return JSON.parse(fs.readFileSync(SQL_GUARD_CORPUS_PATH, 'utf8')) as SqlGuardCase[];
}

/** Counts per dialect and per verdict, e.g. { postgres: { accept: 72, refuse: 101 }, … }. */
export function corpusCounts(cases: readonly SqlGuardCase[]): Record<string, { accept: number; refuse: number }> {
  const counts: Record<string, { accept: number; refuse: number }> = {};
  for (const c of cases) {
    counts[c.dialect] ??= { accept: 0, refuse: 0 };
    counts[c.dialect]![c.expect]++;
  }
  return counts;
}
