// Owns the checks of the demo BI question set (shape, capability coverage, every gold query answering on a freshly
// generated demo database) and the unit tests of the execution-accuracy comparer the accuracy benchmark uses.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Database from 'better-sqlite3';
import { generateDemoDatabase } from '@querent/catalog/dist/demo/demo-database';
import {
  DEMO_BI_ANCHOR_DATE,
  DEMO_BI_CAPABILITIES,
  loadDemoBiQuestions,
  type DemoBiCapability,
  type DemoBiQuestion,
} from './support/demo-bi-set';
import { openReadOnly, removeDistinctKeyword, resultsEqual, runReadOnly, scoreSet } from './support/execution-accuracy';

let workDir: string;
let dbPath: string;
let db: Database.Database;
let questions: DemoBiQuestion[];

before(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-demo-bi-'));
  dbPath = path.join(workDir, 'demo.db');
  generateDemoDatabase(dbPath);
  db = openReadOnly(dbPath);
  questions = loadDemoBiQuestions();
});

after(() => {
  db?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function rowsOf(sql: string): unknown[][] {
  const result = runReadOnly(db, sql);
  if (!result.ok) throw new Error(`${sql}: ${result.error}`);
  return result.rows;
}

/** Tables named after FROM or JOIN anywhere in the statement, subqueries included. */
function tablesOf(sql: string): Set<string> {
  return new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_]+)/gi)].map((m) => m[1].toLowerCase()));
}

describe('demo BI question set', () => {
  test('has at least 80 well-formed items with unique ids', () => {
    assert.ok(questions.length >= 80, `only ${questions.length} questions`);
    const ids = new Set<string>();
    for (const q of questions) {
      assert.match(q.id, /^demo-\d{3}$/);
      assert.ok(!ids.has(q.id), `duplicate id ${q.id}`);
      ids.add(q.id);
      assert.ok(q.question.trim().length > 10, `${q.id}: question too short`);
      assert.ok(!/[\r\n]/.test(q.sql) && /^SELECT /.test(q.sql), `${q.id}: gold SQL must be one SELECT line`);
      assert.ok(Array.isArray(q.capabilities) && q.capabilities.length > 0, `${q.id}: no capabilities`);
      for (const c of q.capabilities) assert.ok(c in DEMO_BI_CAPABILITIES, `${q.id}: unknown capability ${c}`);
    }
    assert.equal(new Set(questions.map((q) => q.question.toLowerCase())).size, questions.length, 'a question is repeated');
  });

  test('covers every capability at least three times', () => {
    const counts = new Map<string, number>();
    for (const q of questions) for (const c of q.capabilities) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const c of Object.keys(DEMO_BI_CAPABILITIES) as DemoBiCapability[]) {
      assert.ok((counts.get(c) ?? 0) >= 3, `capability ${c} is covered ${counts.get(c) ?? 0} times`);
    }
  });

  test('join tags match the tables each gold query reads', () => {
    for (const q of questions) {
      const tables = tablesOf(q.sql);
      const joinTags = q.capabilities.filter((c) => /^join_\d$/.test(c));
      assert.deepEqual(joinTags, tables.size > 1 ? [`join_${tables.size}`] : [], `${q.id} reads ${[...tables].join(', ')}`);
      const inferred = /JOIN orders o ON o\.id = rt\.order_id/.test(q.sql);
      assert.equal(q.capabilities.includes('join_inferred'), inferred, `${q.id}: join_inferred tag`);
    }
  });

  test("the relative ranges' anchor is still the data's latest order date", () => {
    assert.equal(rowsOf('SELECT MAX(order_date) FROM orders')[0][0], DEMO_BI_ANCHOR_DATE);
  });

  const goldRows = new Map<string, unknown[][]>();

  test('every gold query runs read-only on a fresh demo database and returns rows', () => {
    for (const q of questions) {
      const rows = rowsOf(q.sql);
      goldRows.set(q.id, rows);
      assert.ok(rows.length > 0, `${q.id} returns no rows`);
      assert.ok(rows.every((r) => r.every((v) => v !== null)), `${q.id} returns NULLs`);
    }
  });

  test('ORDER BY … LIMIT has no ties among the rows kept nor at the cut', () => {
    let checked = 0;
    for (const q of questions) {
      const m = /ORDER BY (\w+) (ASC|DESC) LIMIT (\d+)$/.exec(q.sql);
      if (!/\bLIMIT\b/.test(q.sql)) continue;
      assert.ok(m, `${q.id}: LIMIT without a single ORDER BY alias`);
      const [, alias, , limitText] = m;
      const limit = Number(limitText);
      const unlimited = q.sql.replace(/ LIMIT \d+$/, '');
      const column = db.prepare(unlimited).columns().findIndex((c) => c.name === alias);
      assert.ok(column >= 0, `${q.id}: ORDER BY ${alias} is not an output column`);
      const keys = rowsOf(unlimited).slice(0, limit + 1).map((r) => r[column]);
      for (let i = 1; i < keys.length; i++) assert.notEqual(keys[i], keys[i - 1], `${q.id}: tie at rank ${i}`);
      checked++;
    }
    assert.ok(checked >= 10, `only ${checked} ranked questions`);
  });

  test('no two gold answers are the same result, so a wrong query cannot pass as another question', () => {
    const results = questions.map((q) => ({ q, rows: goldRows.get(q.id) ?? rowsOf(q.sql), ordered: /\bORDER BY\b/.test(q.sql) }));
    for (let i = 0; i < results.length; i++) {
      for (let j = i + 1; j < results.length; j++) {
        const a = results[i];
        const b = results[j];
        assert.ok(!resultsEqual(a.rows, b.rows, a.ordered), `${a.q.id} and ${b.q.id} have the same answer`);
      }
    }
  });

  test('gold scored against itself is 100%', () => {
    const self = scoreSet(dbPath, questions, questions.map((q) => q.sql));
    assert.equal(self.total, questions.length);
    assert.equal(self.correct, questions.length, JSON.stringify(self.perItem.filter((r) => r.outcome !== 'correct')));
  });
});

describe('execution-accuracy comparer', () => {
  const one = (gold: string, prediction: string | null, options = {}) =>
    scoreSet(dbPath, [{ id: 'x', sql: gold }], [prediction], options).perItem[0];

  test('permuted columns are equal; a different width is not', () => {
    const gold = 'SELECT channel, COUNT(*) FROM orders GROUP BY channel';
    assert.equal(one(gold, 'SELECT COUNT(*) AS n, channel FROM orders GROUP BY channel').outcome, 'correct');
    assert.equal(one(gold, 'SELECT channel, COUNT(*), 1 FROM orders GROUP BY channel').outcome, 'wrong');
    assert.equal(one(gold, 'SELECT channel FROM orders GROUP BY channel').outcome, 'wrong');
    assert.ok(resultsEqual([[1, 'a', 2], [3, 'b', 4]], [[2, 1, 'a'], [4, 3, 'b']], true));
    // One permutation for every row, not one per row.
    assert.ok(!resultsEqual([[1, 2], [3, 4]], [[2, 1], [3, 4]], false));
  });

  test('bags differ when multiplicities differ, and filters change the answer', () => {
    assert.ok(!resultsEqual([[1], [1], [2]], [[1], [2], [2]], false));
    assert.ok(resultsEqual([[1], [1], [2]], [[1], [2], [1]], false));
    assert.ok(!resultsEqual([[1], [2]], [[1], [2], [2]], false));
    assert.equal(
      one("SELECT COUNT(*) FROM customers WHERE country = 'Germany'", "SELECT COUNT(*) FROM customers WHERE country = 'France'").outcome,
      'wrong',
    );
    assert.ok(resultsEqual([], [], true));
  });

  test('row order matters only when the gold query has ORDER BY', () => {
    const asc = 'SELECT channel, COUNT(*) FROM orders GROUP BY channel ORDER BY channel';
    const desc = 'SELECT channel, COUNT(*) FROM orders GROUP BY channel ORDER BY channel DESC';
    const unordered = 'SELECT channel, COUNT(*) FROM orders GROUP BY channel';
    assert.equal(one(asc, desc).outcome, 'wrong');
    assert.equal(one(asc, asc).outcome, 'correct');
    assert.equal(one(unordered, desc).outcome, 'correct');
  });

  test('numbers match within a relative tolerance; types and real differences do not', () => {
    const avg = 'SELECT AVG(refund_amount) FROM returns';
    assert.equal(one(avg, 'SELECT SUM(refund_amount) / COUNT(*) FROM returns').outcome, 'correct');
    assert.equal(one(avg, 'SELECT ROUND(AVG(refund_amount)) FROM returns').outcome, 'wrong');
    assert.ok(resultsEqual([[0.1 + 0.2]], [[0.3]], false));
    assert.ok(resultsEqual([[3, 'x']], [[3.0000000001, 'x']], false));
    assert.ok(!resultsEqual([[2024]], [['2024']], false));
    assert.ok(!resultsEqual([[1000]], [[1001]], false));
  });

  test('DISTINCT is kept unless asked to be removed, as evaluate.py does by default', () => {
    const gold = 'SELECT COUNT(DISTINCT country) FROM customers';
    const pred = 'SELECT COUNT(country) FROM customers';
    assert.equal(one(gold, pred).outcome, 'wrong');
    assert.equal(one(gold, pred, { removeDistinct: true }).outcome, 'correct');
    // Only the keyword goes; a quoted 'distinct' stays.
    assert.equal(removeDistinctKeyword("SELECT DISTINCT a FROM t WHERE b = 'distinct'"), "SELECT  a FROM t WHERE b = 'distinct'");
  });

  test('failing, writing and missing predictions are not correct, and the database stays untouched', () => {
    const gold = 'SELECT COUNT(*) FROM orders';
    assert.equal(one(gold, 'SELECT COUNT(*) FROM no_such_table').outcome, 'error');
    assert.equal(one(gold, 'DELETE FROM orders').outcome, 'error');
    assert.equal(one(gold, 'SELECT 1; SELECT 2').outcome, 'error');
    assert.equal(one(gold, null).outcome, 'skipped');
    assert.equal(one(gold, '   ').outcome, 'skipped');
    assert.equal(one('SELECT nope FROM orders', gold).outcome, 'gold_error');
    assert.equal(one(gold, 'SELECT id FROM order_items', { maxRows: 1000 }).outcome, 'error');
    assert.equal(rowsOf(gold)[0][0], 60000);
    assert.equal(one(gold, 'SELECT  COUNT(*)  FROM orders WHERE id > = 1').outcome, 'correct');
  });
});
