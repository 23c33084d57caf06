// Owns the tests of the LLM planner against a loopback OpenAI-compatible fixture server (never a real key) over a
// real 2,000-table SQLite file: the pruned context in the prompt, few-shot examples from earlier runs, repair from the
// SQL guard's refusal and from the database's error through the ask workflow, the attempt budget, the offline
// fallback when the model is down, planner selection, and no API key in any error, explanation or log.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  createLogger, dialectForUrl, InProcessEventBus, isQuerentError, OpenAiLlmClient, type ReadOnlyExecutor, type Role,
} from '@querent/common';
import { checkSql as guardCheck } from '@querent/execution/dist/guard';
import { AskWorkflow } from '@querent/planning/dist/ask/ask-workflow';
import type { AskRunRecord, AskRunRepository } from '@querent/planning/dist/ask/ask-run';
import { DialectCatalogReader } from '@querent/planning/dist/catalog-access/dialect-catalog-reader';
import { PlanningContextBuilder } from '@querent/planning/dist/context/planning-context-builder';
import { pruneContext } from '@querent/planning/dist/context/llm-context-pruner';
import type { ExecutedRun, ExecutionPort, SqlCheck } from '@querent/planning/dist/execution-access/execution-port';
import { LlmPlanner } from '@querent/planning/dist/planner/llm-planner';
import { OfflinePlanner } from '@querent/planning/dist/planner/offline-planner';
import { selectPlanner } from '@querent/planning/dist/planner/planner-selection';
import type { PlanResult } from '@querent/planning/dist/planner/planner';
import { questionSimilarity, RunHistoryExampleSource } from '@querent/planning/dist/planner/run-history-examples';
import { DatabaseRouter } from '@querent/planning/dist/routing/database-router';
import { OpenAiFixtureServer, reply, type RecordedRequest } from './support/openai-fixture-server';

const API_KEY = 'sk-h8-planner-test-5f0c2a9e7b41d386SECRET';
const FILLER_TABLES = 1994;
const QUESTION = 'What is the total amount of orders from customers in France?';
const GOOD_SQL = "SELECT SUM(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'France'";

let dir: string;
let url: string;
let server: OpenAiFixtureServer;
let reader: DialectCatalogReader;
let executor: ReadOnlyExecutor;

/** A shop of 4 tables, 2 decoys and 1,994 filler tables: 2,000 tables in one SQLite file. */
function createBigDatabase(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, segment TEXT NOT NULL);
    CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, list_price REAL NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), order_date TEXT NOT NULL, status TEXT NOT NULL, amount REAL NOT NULL);
    CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL);
    CREATE TABLE warehouses (id INTEGER PRIMARY KEY, city TEXT, capacity INTEGER);
    CREATE TABLE employees (id INTEGER PRIMARY KEY, full_name TEXT, hired_on TEXT, salary REAL);
  `);
  const countries = ['France', 'Germany', 'Spain', 'Italy', 'Japan'];
  const insertCustomer = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?)');
  const insertOrder = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?)');
  const insertProduct = db.prepare('INSERT INTO products VALUES (?, ?, ?, ?)');
  const insertItem = db.prepare('INSERT INTO order_items VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    ['Furniture', 'Software', 'Office Supplies'].forEach((category, c) => {
      for (let i = 1; i <= 5; i++) insertProduct.run(c * 5 + i, `${category} item ${i}`, category, 10 * i);
    });
    for (let i = 1; i <= 50; i++) insertCustomer.run(i, `Customer ${i}`, countries[i % countries.length], i % 3 === 0 ? 'Enterprise' : 'SMB');
    for (let i = 1; i <= 400; i++) insertOrder.run(i, 1 + (i % 50), `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`, i % 7 === 0 ? 'cancelled' : 'delivered', 10 + (i % 90));
    for (let i = 1; i <= 800; i++) insertItem.run(i, 1 + (i % 400), 1 + (i % 15), 1 + (i % 4));
    for (let i = 0; i < FILLER_TABLES; i++) db.exec(`CREATE TABLE audit_log_${String(i).padStart(4, '0')} (id INTEGER PRIMARY KEY, event_code TEXT, payload TEXT)`);
  })();
  db.close();
}

/** The execution subgraph's contract over the real SQL guard and the real read-only SQLite executor. */
class SqliteExecution implements ExecutionPort {
  executed: string[] = [];
  checked: string[] = [];
  async checkSql(_databaseId: string, sql: string): Promise<SqlCheck> {
    this.checked.push(sql);
    const verdict = guardCheck('sqlite', sql);
    return { accepted: verdict.accepted, code: verdict.code, reason: verdict.reason };
  }
  async executeSql(_databaseId: string, sql: string, _question: string | null, _role: Role, signal: AbortSignal): Promise<ExecutedRun> {
    this.executed.push(sql);
    const id = `qr-${this.executed.length}`;
    try {
      const result = await executor.query(sql, { timeoutMs: 10_000, maxRows: 100, maxBytes: 1_000_000, signal });
      return { id, status: 'ok', rowCount: result.rows.length, truncated: result.truncated, durationMs: 1, columns: result.columns, rows: result.rows, error: null };
    } catch (error) {
      if (!isQuerentError(error)) throw error;
      return { id, status: 'error', rowCount: null, truncated: false, durationMs: 1, columns: [], rows: [], error: { code: error.code, message: error.message, details: error.details } };
    }
  }
}

class MemoryRuns implements AskRunRepository {
  readonly rows = new Map<string, AskRunRecord>();
  async save(run: AskRunRecord) { this.rows.set(run.id, structuredClone(run)); }
  async find(id: string) { return this.rows.get(id) ?? null; }
  async lastDatabaseOf() { return null; }
  async recordFeedback(id: string, correct: boolean, correctedSql: string | null) {
    const run = this.rows.get(id);
    if (!run) return null;
    run.feedbackCorrect = correct;
    run.correctedSql = correctedSql;
    return run;
  }
  async successfulRuns(databaseId: string, limit: number) {
    return [...this.rows.values()]
      .filter((r) => r.databaseId === databaseId && ((r.status === 'ANSWERED' && r.feedbackCorrect !== false) || r.correctedSql))
      .reverse()
      .slice(0, limit);
  }
  async feedbackRuns(databaseId: string, limit: number) {
    return [...this.rows.values()].filter((r) => r.databaseId === databaseId && r.feedbackCorrect !== null).reverse().slice(0, limit);
  }
}

function client(overrides: { timeoutMs?: number; baseUrl?: string } = {}): OpenAiLlmClient {
  return new OpenAiLlmClient({ apiKey: API_KEY, baseUrl: overrides.baseUrl ?? server.baseUrl, model: 'planner-model', timeoutMs: overrides.timeoutMs ?? 5_000, maxRetries: 0, retryBaseDelayMs: 1 });
}

function answer(sql: string, extra: Record<string, unknown> = {}) {
  return reply.chat(JSON.stringify({ sql, explanation: 'Adds up the order amounts of French customers.', tables: ['orders', 'customers'], clarification: null, suggestions: [], ...extra }));
}

const chats = (): RecordedRequest[] => server.requestsTo('/chat/completions');
const messagesOf = (request: RecordedRequest): { role: string; content: string }[] => request.body.messages;
const promptOf = (request: RecordedRequest): string => messagesOf(request).filter((m) => m.role === 'user').map((m) => m.content)[0];

async function contextFor(question: string) {
  const before = reader.tablesDescribed;
  const built = await new PlanningContextBuilder(reader).build(reader.databaseId, 'sqlite', question);
  return { built, described: reader.tablesDescribed - before };
}

function workflowWith(planner: ReturnType<typeof selectPlanner>, execution: ExecutionPort, runs: MemoryRuns, repairAttempts?: number, logger = createLogger('test', 'silent')) {
  return new AskWorkflow({
    router: new DatabaseRouter(reader, runs),
    contexts: new PlanningContextBuilder(reader),
    catalog: reader,
    planner,
    execution,
    services: { capabilitiesOf: async () => [] },
    runs,
    bus: new InProcessEventBus(),
    logger,
    repairAttempts,
  });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-llm-planner-'));
  const file = path.join(dir, 'shop.db');
  createBigDatabase(file);
  url = `sqlite://${file}`;
  reader = new DialectCatalogReader(url, { databaseId: 'db-shop', valuesPerColumn: 10 });
  executor = await dialectForUrl(url).openExecutor(url, { connectTimeoutMs: 5_000, poolSize: 1 });
  server = await OpenAiFixtureServer.start();
});

after(async () => {
  await server?.close();
  await reader?.close();
  await executor?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => server.reset());

describe('LLM planner', () => {
  it('sends a context pruned from a 2,000-table database: the relevant tables, their join and sample values, nothing unrelated', async () => {
    const { built, described } = await contextFor(QUESTION);
    assert.ok(described <= 20, `the builder described ${described} tables`);
    const execution = new SqliteExecution();
    const planner = new LlmPlanner({ llm: client(), fallback: new OfflinePlanner(), guard: execution });
    server.scriptChat(answer(GOOD_SQL));
    const result = await planner.plan(QUESTION, built.context);

    assert.equal(result.kind, 'plan');
    assert.ok(result.kind === 'plan');
    assert.equal(result.sql, GOOD_SQL);
    assert.deepEqual([...result.tables].sort(), ['customers', 'orders']);
    assert.deepEqual(result.joinPath, [{ fromTable: 'orders', fromColumns: ['customer_id'], toTable: 'customers', toColumns: ['id'] }]);
    assert.ok(result.linkedTerms.some((t) => t.target.kind === 'value' && t.target.value === 'France' && t.target.column === 'country'), 'France is linked to customers.country');
    assert.deepEqual(execution.checked, [GOOD_SQL], 'the guard checked the statement once');

    assert.equal(chats().length, 1);
    const body = chats()[0].body;
    assert.equal(body.model, 'planner-model');
    assert.deepEqual(body.response_format, { type: 'json_object' });
    const prompt = promptOf(chats()[0]);
    assert.match(prompt, /CREATE TABLE customers \(/);
    assert.match(prompt, /CREATE TABLE orders \(/);
    assert.match(prompt, /customer_id INTEGER REFERENCES customers\(id\)/);
    assert.match(prompt, /amount REAL/);
    assert.match(prompt, /country TEXT.*values: 'France'/, 'the kept text column shows its values, the named one first');
    assert.match(prompt, /orders\.customer_id = customers\.id/);
    assert.match(prompt, /Question: What is the total amount of orders from customers in France\?/);
    assert.doesNotMatch(prompt, /audit_log|warehouses|employees|salary|capacity/, 'no unrelated table or column');
    assert.ok((prompt.match(/CREATE TABLE/g) ?? []).length <= 4, prompt);
    assert.ok(prompt.length < 3000, `the prompt is ${prompt.length} characters`);
  });

  it('prunes to the tables that join what the question names, with only their join keys, and brings a dated table for time', async () => {
    const columnsOf = (pruned: ReturnType<typeof pruneContext>, table: string) => pruned.tables.find((t) => t.name === table)?.columns.map((c) => c.name);
    const q1 = 'Which products were ordered by customers in Germany?';
    const p1 = pruneContext(q1, (await contextFor(q1)).built.context);
    assert.deepEqual(p1.tables.map((t) => t.name).sort(), ['customers', 'order_items', 'orders', 'products']);
    assert.deepEqual(columnsOf(p1, 'order_items'), ['order_id', 'product_id'], 'a bridge carries its join keys only');
    assert.deepEqual(columnsOf(p1, 'orders'), ['id', 'customer_id']);
    assert.ok(columnsOf(p1, 'customers')!.includes('country') && columnsOf(p1, 'products')!.includes('name'), 'the filtered column and the listed rows\' label');
    assert.equal(p1.relationships.length, 3);
    assert.ok(!columnsOf(p1, 'customers')!.includes('segment') && !columnsOf(p1, 'products')!.includes('list_price'), 'columns the question does not need stay out');
    assert.ok(!columnsOf(p1, 'customers')!.includes('name'), '"ordered by customers" names who ordered; the answer lists products, not customers');
    assert.equal(p1.columnsDescribed, 17);
    assert.equal(p1.columnsKept, 8);

    const q2 = 'How many units of Furniture products were sold per month?';
    const p2 = pruneContext(q2, (await contextFor(q2)).built.context);
    assert.deepEqual(p2.tables.map((t) => t.name).sort(), ['order_items', 'orders', 'products']);
    assert.ok(columnsOf(p2, 'orders')!.includes('order_date'), 'the order lines are dated by their order');
    assert.ok(columnsOf(p2, 'order_items')!.includes('quantity'));
    assert.ok(columnsOf(p2, 'orders')!.includes('status'), 'units sold: the status whose "cancelled" rows a total usually leaves out comes along');
    assert.ok(p2.tables.find((t) => t.name === 'products')!.columns.find((c) => c.name === 'category')!.values.includes('Furniture'));
  });

  it('carries few-shot examples from similar earlier runs on the same database; a corrected SQL wins over the plan', async () => {
    const runs = new MemoryRuns();
    const execution = new SqliteExecution();
    const workflow = workflowWith(selectPlanner({ llm: client(), offline: new OfflinePlanner(), guard: execution, examples: new RunHistoryExampleSource(runs) }), execution, runs);
    const ask = (question: string) => workflow.ask({ question, databaseId: 'db-shop' }, { user: 'tester', wait: true, role: 'analyst' });

    const firstSql = "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'Germany'";
    server.scriptChat(answer(firstSql));
    const first = await ask('How many orders came from customers in Germany?');
    assert.equal(first.status, 'ANSWERED');
    assert.equal(first.plannerKind, 'llm');
    assert.doesNotMatch(promptOf(chats()[0]), /Questions answered correctly before/, 'no examples before any run');

    server.scriptChat(answer('SELECT name FROM products ORDER BY list_price DESC LIMIT 3'));
    assert.equal((await ask('Which are the three most expensive products?')).status, 'ANSWERED');

    const spainSql = "SELECT SUM(amount) FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'Spain')";
    const correctedSpain = "SELECT SUM(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'Spain' AND o.status <> 'cancelled'";
    server.scriptChat(answer(spainSql));
    const spain = await ask('What is the total amount of orders from customers in Spain?');
    assert.equal(spain.status, 'ANSWERED');
    await runs.recordFeedback(spain.id, false, correctedSpain);

    server.reset();
    server.scriptChat(answer(GOOD_SQL));
    const run = await ask(QUESTION);
    assert.equal(run.status, 'ANSWERED');
    const prompt = promptOf(chats()[0]);
    assert.match(prompt, /Questions answered correctly before on this database:/);
    assert.ok(prompt.includes(`Q: What is the total amount of orders from customers in Spain?\nSQL: ${correctedSpain}`), prompt);
    assert.ok(!prompt.includes(spainSql), 'the plan a person corrected is not an example');
    assert.ok(prompt.includes(`SQL: ${firstSql}`));
    assert.ok(prompt.indexOf('Q: What is the total amount of orders from customers in Spain?') < prompt.indexOf('Q: How many orders came from customers in Germany?'), 'the most similar example comes first');
    assert.doesNotMatch(prompt, /most expensive products/, 'an unrelated question is no example');
    assert.ok(questionSimilarity(QUESTION, 'What is the total amount of orders from customers in Spain?') > questionSimilarity(QUESTION, 'Which are the three most expensive products?'));
  });

  it('repairs SQL the guard refused, with the refusal reason in the next prompt', async () => {
    const { built } = await contextFor(QUESTION);
    const execution = new SqliteExecution();
    const planner = new LlmPlanner({ llm: client(), fallback: new OfflinePlanner(), guard: execution, repairAttempts: 2 });
    server.scriptChat(answer("DELETE FROM orders WHERE status = 'cancelled'"), answer(GOOD_SQL));
    const result = await planner.plan(QUESTION, built.context);
    assert.equal(result.kind, 'plan');
    assert.equal(result.kind === 'plan' && result.sql, GOOD_SQL);
    assert.equal(chats().length, 2);
    const refusal = guardCheck('sqlite', "DELETE FROM orders WHERE status = 'cancelled'");
    assert.equal(refusal.accepted, false);
    const second = messagesOf(chats()[1]);
    assert.equal(second.at(-2)?.role, 'assistant', 'the refused answer goes back as the model\'s turn');
    assert.match(second.at(-2)!.content, /DELETE FROM orders/);
    assert.ok(second.at(-1)!.content.includes(refusal.reason) && second.at(-1)!.content.includes(refusal.code), second.at(-1)!.content);
    assert.ok(result.kind === 'plan' && result.confidence < 0.8, 'a repaired plan is less sure');
  });

  it('keeps to the attempt budget when every answer is refused, and says why', async () => {
    const { built } = await contextFor(QUESTION);
    const planner = new LlmPlanner({ llm: client(), fallback: new OfflinePlanner(), guard: new SqliteExecution(), repairAttempts: 2 });
    for (let i = 0; i < 5; i++) server.scriptChat(answer(`UPDATE customers SET name = 'x${i}'`));
    const result = await planner.plan(QUESTION, built.context);
    assert.equal(chats().length, 3, '1 call + 2 repairs');
    assert.equal(result.kind, 'unanswerable');
    assert.match(result.kind === 'unanswerable' ? result.reason : '', /not accepted after 3 attempt\(s\).*guard refused/);

    server.reset();
    const none = new LlmPlanner({ llm: client(), fallback: new OfflinePlanner(), guard: new SqliteExecution(), repairAttempts: 0 });
    for (let i = 0; i < 3; i++) server.scriptChat(answer('DROP TABLE orders'));
    assert.equal((await none.plan(QUESTION, built.context)).kind, 'unanswerable');
    assert.equal(chats().length, 1, 'no repair with a budget of 0');
  });

  it('repairs from the database\'s error through the ask workflow, within the workflow\'s repair budget', async () => {
    const runs = new MemoryRuns();
    const execution = new SqliteExecution();
    const planner = selectPlanner({ llm: client(), offline: new OfflinePlanner(), guard: execution, repairAttempts: 2 });
    const ambiguous = 'SELECT id, SUM(amount) FROM orders JOIN customers ON orders.customer_id = customers.id GROUP BY customers.id';
    const fixed = 'SELECT customers.id, SUM(orders.amount) FROM orders JOIN customers ON orders.customer_id = customers.id GROUP BY customers.id';
    server.scriptChat(answer(ambiguous), answer(fixed));
    const run = await workflowWith(planner, execution, runs, 2).ask({ question: 'What is the total order amount per customer?', databaseId: 'db-shop' }, { user: 'tester', wait: true, role: 'analyst' });

    assert.equal(run.status, 'ANSWERED', JSON.stringify(run.error));
    assert.deepEqual(execution.executed, [ambiguous, fixed]);
    assert.equal(run.plan?.kind === 'plan' && run.plan.sql, fixed);
    const repairPrompt = messagesOf(chats()[1]);
    assert.match(repairPrompt.at(-1)!.content, /QUERY_FAILED: .*ambiguous column name: id/);
    assert.ok(repairPrompt.at(-2)!.content.includes(ambiguous));
    assert.deepEqual(run.steps.map((s) => `${s.name}:${s.status}`), ['route:DONE', 'plan:DONE', 'validate:DONE', 'execute:FAILED', 'plan:DONE', 'validate:DONE', 'execute:DONE', 'chart:SKIPPED', 'insight:SKIPPED']);

    // Every answer fails at the database: 1 plan + 2 repairs, then the run reports the error.
    server.reset();
    const failing = new SqliteExecution();
    for (let i = 0; i < 6; i++) server.scriptChat(answer(ambiguous));
    const failed = await workflowWith(selectPlanner({ llm: client(), offline: new OfflinePlanner(), guard: failing, repairAttempts: 2 }), failing, runs, 2)
      .ask({ question: 'What is the total order amount per customer?', databaseId: 'db-shop' }, { user: 'tester', wait: true, role: 'analyst' });
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error?.code, 'QUERY_FAILED');
    assert.equal(failing.executed.length, 3);
    assert.equal(chats().length, 3);

    // The offline planner has no repair: its failing SQL is reported at once (the workflow's behaviour before).
    const offlineExecution = new SqliteExecution();
    const offline = { plan: async (): Promise<PlanResult> => ({ kind: 'plan', intent: { kind: 'list', measures: [], dimensions: [], filters: [] }, linkedTerms: [], tables: ['orders'], joinPath: [], sql: ambiguous, dialect: 'sqlite', explanation: 'x', confidence: 1 }) };
    const plain = await workflowWith(() => ({ planner: offline, kind: 'offline' }), offlineExecution, runs, 2).ask({ question: 'orders per customer', databaseId: 'db-shop' }, { user: 'tester', wait: true, role: 'analyst' });
    assert.equal(plain.status, 'FAILED');
    assert.equal(offlineExecution.executed.length, 1);
  });

  it('falls back to the offline planner when the model is down or too slow, and says so', async () => {
    const { built } = await contextFor(QUESTION);
    const offline = new OfflinePlanner();
    const expected = await offline.plan(QUESTION, built.context);

    server.scriptChat(reply.error(503, 'overloaded'));
    const down = await new LlmPlanner({ llm: client(), fallback: offline, guard: new SqliteExecution() }).plan(QUESTION, built.context);
    assert.equal(down.kind, expected.kind);
    if (down.kind === 'plan' && expected.kind === 'plan') {
      assert.equal(down.sql, expected.sql);
      assert.match(down.explanation, /^The language model was not available \(LLM_UNAVAILABLE: .*\); the offline planner answered instead\./);
    } else {
      assert.match(JSON.stringify(down), /The language model was not available \(LLM_UNAVAILABLE/);
    }

    server.reset();
    server.scriptChat(reply.hang());
    const slow = await new LlmPlanner({ llm: client({ timeoutMs: 300 }), fallback: offline }).plan(QUESTION, built.context);
    assert.match(JSON.stringify(slow), /The language model was not available \(LLM_TIMEOUT/);

    // Nothing listening at all.
    const closed = await OpenAiFixtureServer.start();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const unreachable = await new LlmPlanner({ llm: client({ baseUrl: deadUrl }), fallback: offline }).plan(QUESTION, built.context);
    assert.equal(unreachable.kind, expected.kind);
    assert.match(JSON.stringify(unreachable), /LLM_UNAVAILABLE/);
  });

  it('never shows the API key: not in a fallback explanation, a run, an error or a log line', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'debug', (line) => lines.push(line));
    const runs = new MemoryRuns();
    const execution = new SqliteExecution();
    const planner = selectPlanner({ llm: client(), offline: new OfflinePlanner(), guard: execution, logger });
    server.scriptChat(reply.error(401, `Incorrect API key provided: ${API_KEY}`));
    const run = await workflowWith(planner, execution, runs, 2, logger).ask({ question: QUESTION, databaseId: 'db-shop' }, { user: 'tester', wait: true, role: 'analyst' });
    assert.equal(chats()[0].headers.authorization, `Bearer ${API_KEY}`, 'the key was sent to the endpoint');
    assert.match(JSON.stringify(run), /LLM_UNAVAILABLE/);
    const everything = JSON.stringify(run) + lines.join('\n');
    assert.ok(!everything.includes(API_KEY) && !everything.includes(API_KEY.slice(3, 20)), 'no key anywhere');
    assert.ok(lines.some((l) => /fell back to the offline planner/.test(l)), 'the fallback is logged');

    // A bad answer (not JSON at all, then JSON without SQL) is retried, then the offline planner answers.
    server.reset();
    server.scriptChat(reply.chat('here is your sql: SELECT 1'), reply.chat('{"note": "nothing"}'), reply.chat('{"also": "nothing"}'));
    const bad = await new LlmPlanner({ llm: client(), fallback: new OfflinePlanner(), repairAttempts: 2 }).plan(QUESTION, (await contextFor(QUESTION)).built.context);
    assert.equal(chats().length, 3);
    assert.match(JSON.stringify(bad), /LLM_BAD_RESPONSE/);
    assert.ok(!JSON.stringify(bad).includes(API_KEY));
  });

  it('answers a clarification from the model, and passes pasted SQL to the guard untouched without asking the model', async () => {
    const { built } = await contextFor('Show the best customers');
    const planner = new LlmPlanner({ llm: client(), fallback: new OfflinePlanner() });
    server.scriptChat(reply.chat(JSON.stringify({ sql: '', explanation: '"best" can mean most orders or most amount', tables: [], clarification: 'Best by number of orders or by total amount?', suggestions: ['Which customers placed the most orders?', 'Which customers have the highest total order amount?'] })));
    const clarification = await planner.plan('Show the best customers', built.context);
    assert.equal(clarification.kind, 'clarification');
    assert.ok(clarification.kind === 'clarification' && clarification.suggestions.length === 2 && clarification.suggestions[0].confidence > clarification.suggestions[1].confidence);

    server.reset();
    const pasted = await planner.plan('SELECT * FROM customers', built.context);
    assert.deepEqual(pasted.kind === 'sql' && pasted.sql, 'SELECT * FROM customers');
    assert.equal(chats().length, 0);
  });

  it('is chosen only when a model is configured', async () => {
    const offline = new OfflinePlanner();
    const none = selectPlanner({ llm: null, offline })();
    assert.equal(none.kind, 'offline');
    assert.equal(none.planner, offline);
    const chosen = selectPlanner({ llm: client(), offline })();
    assert.equal(chosen.kind, 'llm');
    assert.ok(chosen.planner instanceof LlmPlanner);
    assert.equal(typeof chosen.planner.repair, 'function');
  });
});
