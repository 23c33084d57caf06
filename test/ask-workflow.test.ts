// The ask workflow's orchestration with its ports filled in: routing with reasons, the progressive context (only the
// best candidates' structure is read), step events, clarifications, refusals, one re-plan on schema drift,
// cancellation and bad input. End-to-end runs through the gateway live in ask-api.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, InProcessEventBus, TOPICS, type Relationship, type WorkflowProgressPayload } from '@querent/common';
import { AskWorkflow } from '@querent/planning/dist/ask/ask-workflow';
import type { AskRunRecord, AskRunRepository } from '@querent/planning/dist/ask/ask-run';
import type { CatalogDatabaseSummary, CatalogReader, CatalogTableSummary, DescribedTables } from '@querent/planning/dist/catalog-access/catalog-reader';
import { PlanningContextBuilder } from '@querent/planning/dist/context/planning-context-builder';
import { DatabaseRouter, mentionedDatabase } from '@querent/planning/dist/routing/database-router';
import type { ExecutedRun, ExecutionPort, SqlCheck } from '@querent/planning/dist/execution-access/execution-port';
import type { Planner, PlanResult } from '@querent/planning/dist/planner/planner';
import type { PlannerContext } from '@querent/planning/dist/planner/planner-context';

const SHOP: CatalogDatabaseSummary = { id: 'db-shop', name: 'shop', dialect: 'sqlite', isDefault: true, description: null, tags: [] };
const HR: CatalogDatabaseSummary = { id: 'db-hr', name: 'hr_db', dialect: 'postgres', isDefault: false, description: null, tags: ['people'] };

/** A catalog of two databases; the shop has 2,000 tables besides the few a question is about. Counts what is described. */
class FakeCatalog implements CatalogReader {
  described: string[] = [];
  refreshed: { schema: string | null; table: string | null }[] = [];
  private readonly tableLists: Record<string, CatalogTableSummary[]> = {
    'db-shop': [
      ...['customers', 'orders', 'order_items', 'products'].map((name) => ({ schema: 'main', name, kind: 'TABLE', rowEstimate: 1000, comment: null })),
      ...Array.from({ length: 2000 }, (_, i) => ({ schema: 'main', name: `audit_log_${String(i).padStart(4, '0')}`, kind: 'TABLE', rowEstimate: 10, comment: null })),
    ],
    'db-hr': ['employees', 'departments', 'salaries'].map((name) => ({ schema: 'public', name, kind: 'TABLE', rowEstimate: 100, comment: null })),
  };

  async databases() { return [SHOP, HR]; }
  async schemas(id: string) { return [{ name: id === 'db-hr' ? 'public' : 'main', isDefault: true }]; }
  async tables(id: string) { return this.tableLists[id] ?? []; }
  async describe(_id: string, schema: string, names: readonly string[]): Promise<DescribedTables> {
    this.described.push(...names);
    const tables = names.map((name) => ({ schema, name, columns: [{ name: 'id', dataType: 'INTEGER', primaryKey: true }, { name: `${name}_ref_id`, dataType: 'INTEGER', primaryKey: false }] }));
    const declared: Relationship[] = names.includes('orders')
      ? [{ fromSchema: schema, fromTable: 'orders', fromColumns: ['customer_id'], toSchema: schema, toTable: 'customers', toColumns: ['id'], source: 'DECLARED', confidence: 1, cardinality: 'ONE_TO_MANY' }]
      : [];
    return { tables, declared };
  }
  inferredAsked = 0;
  async inferredRelationships() { this.inferredAsked += 1; return []; }
  async dataPoints() { return []; }
  refreshChanges: number | null = 1;
  async refresh(_id: string, schema: string | null, table: string | null) { this.refreshed.push({ schema, table }); return { changeCount: this.refreshChanges }; }
}

class MemoryRuns implements AskRunRepository {
  readonly rows = new Map<string, AskRunRecord>();
  async save(run: AskRunRecord) { this.rows.set(run.id, structuredClone(run)); }
  async find(id: string) { return this.rows.get(id) ?? null; }
  async lastDatabaseOf(conversationId: string) {
    const runs = [...this.rows.values()].filter((r) => r.conversationId === conversationId && r.databaseId);
    return runs.at(-1)?.databaseId ?? null;
  }
  async recordFeedback() { return null; }
  async successfulRuns() { return []; }
  async feedbackRuns() { return []; }
}

class ScriptedExecution implements ExecutionPort {
  executed: string[] = [];
  /** Errors to answer with, one per call, before succeeding. */
  failures: { code: string; message: string }[] = [];
  delayMs = 0;
  async checkSql(_id: string, sql: string): Promise<SqlCheck> {
    return /drop/i.test(sql) ? { accepted: false, code: 'SQL_NOT_READ_ONLY', reason: 'DROP writes' } : { accepted: true, code: 'ACCEPTED', reason: 'ok' };
  }
  async executeSql(_id: string, sql: string, _q: string | null, _role: string, signal: AbortSignal): Promise<ExecutedRun> {
    this.executed.push(sql);
    if (this.delayMs) await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, this.delayMs);
      signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('aborted')); });
    });
    const failure = this.failures.shift();
    return { id: `qr-${this.executed.length}`, status: failure ? 'error' : 'ok', rowCount: failure ? null : 1, truncated: false, durationMs: 3, columns: [{ name: 'n', type: 'INTEGER' }], rows: failure ? [] : [[42]], error: failure ?? null };
  }
}

/** A planner that answers from a script and records the contexts it was given. */
class ScriptedPlanner implements Planner {
  contexts: PlannerContext[] = [];
  constructor(private readonly answer: (question: string) => PlanResult) {}
  async plan(question: string, context: PlannerContext) {
    this.contexts.push(context);
    return this.answer(question);
  }
}

const countPlan = (sql: string): PlanResult => ({
  kind: 'plan', intent: { kind: 'count', measures: ['count'], dimensions: [], filters: [] }, linkedTerms: [], tables: ['orders'], joinPath: [], sql, dialect: 'sqlite', explanation: 'Counts the orders.', confidence: 0.9,
});

function setup(answer: (q: string) => PlanResult = () => countPlan('SELECT count(*) FROM orders'), capabilities: string[] = []) {
  const catalog = new FakeCatalog();
  const runs = new MemoryRuns();
  const execution = new ScriptedExecution();
  const planner = new ScriptedPlanner(answer);
  const bus = new InProcessEventBus();
  const events: WorkflowProgressPayload[] = [];
  void bus.subscribe(TOPICS.WORKFLOW_PROGRESS, (e) => { events.push(e); });
  const workflow = new AskWorkflow({
    router: new DatabaseRouter(catalog, runs),
    contexts: new PlanningContextBuilder(catalog),
    catalog,
    planner: () => ({ planner, kind: 'offline' }),
    execution,
    services: { capabilitiesOf: async () => capabilities },
    runs,
    bus,
    logger: createLogger('test', 'silent'),
  });
  return { catalog, runs, execution, planner, events, workflow };
}

const ask = (workflow: AskWorkflow, question: string, extra: { databaseId?: string; conversationId?: string; role?: 'viewer' | 'analyst' | 'admin' } = {}) =>
  workflow.ask({ question, databaseId: extra.databaseId, conversationId: extra.conversationId }, { user: 'tester', wait: true, role: extra.role ?? 'analyst' });

describe('ask workflow', () => {
  it('answers through route, plan, validate and execute; says chart and insight are not available yet', async () => {
    const { workflow, events, execution } = setup();
    const run = await ask(workflow, 'How many orders do we have?');
    assert.equal(run.status, 'ANSWERED');
    assert.equal(run.queryRunId, 'qr-1');
    assert.deepEqual(execution.executed, ['SELECT count(*) FROM orders']);
    assert.deepEqual(run.steps.map((s) => `${s.name}:${s.status}`), ['route:DONE', 'plan:DONE', 'validate:DONE', 'execute:DONE', 'chart:SKIPPED', 'insight:SKIPPED']);
    assert.match(run.steps[4].message, /visualization service does not provide charts yet/);
    assert.equal(run.route?.basis, 'default', 'the default database also has the best tables for it');
    assert.equal(run.databaseId, SHOP.id);
    await new Promise((r) => setImmediate(r));
    const mine = events.filter((e) => e.runId === run.id);
    assert.deepEqual(mine.slice(0, 2).map((e) => `${e.step}:${e.status}`), ['route:RUNNING', 'route:DONE']);
    assert.equal(mine.at(-1)?.runStatus, 'ANSWERED', 'the last event carries the final status');
  });

  it('reads the structure of at most 20 of 2,004 tables, and the ones the question is about', async () => {
    const { workflow, catalog, planner } = setup();
    await ask(workflow, 'Which customers placed the most orders?', { databaseId: SHOP.id });
    assert.ok(catalog.described.length <= 20, `described ${catalog.described.length} tables`);
    assert.ok(catalog.described.includes('orders') && catalog.described.includes('customers'));
    assert.ok(!catalog.described.some((t) => t.startsWith('audit_log')), 'no unrelated table is described');
    assert.equal(planner.contexts[0].relationships.length, 1, 'the declared key between the two is in the context');
    assert.equal(catalog.inferredAsked, 0, 'no whole-schema inference on a 2,004-table schema');
  });

  it('routes by explicit id, by a mentioned database, by the conversation, and otherwise by relevance or the default', async () => {
    const { workflow } = setup();
    assert.equal((await ask(workflow, 'how many employees?', { databaseId: SHOP.id })).route?.basis, 'explicit');
    const mentioned = await ask(workflow, 'in hr_db, how many rows?', { conversationId: 'c1' });
    assert.equal(mentioned.route?.basis, 'mention');
    assert.equal(mentioned.databaseId, HR.id);
    const followUp = await ask(workflow, 'and how many orders?', { conversationId: 'c1' });
    assert.equal(followUp.route?.basis, 'conversation');
    assert.equal(followUp.databaseId, HR.id);
    const relevant = await ask(workflow, 'average salaries of employees per department');
    assert.equal(relevant.route?.basis, 'relevance');
    assert.equal(relevant.databaseId, HR.id);
    assert.match(relevant.route?.reason ?? '', /salaries|employees|departments/);
    const fallback = await ask(workflow, 'how many widgets?');
    assert.equal(fallback.route?.basis, 'default');
    assert.equal(fallback.databaseId, SHOP.id);
    assert.equal(mentionedDatabase('what is in the people database', [SHOP, HR])?.id, HR.id, 'a tag after "in the" names a database');
    assert.equal(mentionedDatabase('how many people work here', [SHOP, HR]), null, 'a tag word alone is not a mention');
  });

  it('stops at a clarification or an unanswerable question without validating or running anything', async () => {
    const { workflow, execution } = setup((q) =>
      q.includes('Mars')
        ? { kind: 'unanswerable', reason: 'Nothing about Mars is in this database.', missing: ['Mars'] }
        : { kind: 'clarification', question: 'Which date do you mean?', suggestions: [{ text: 'order date', confidence: 0.6 }], reason: 'two date columns' },
    );
    const clarified = await ask(workflow, 'orders by date');
    assert.equal(clarified.status, 'NEEDS_CLARIFICATION');
    assert.equal(clarified.plan?.kind, 'clarification');
    assert.deepEqual(clarified.steps.filter((s) => s.status === 'SKIPPED').map((s) => s.name), ['validate', 'execute', 'chart', 'insight']);
    assert.equal((await ask(workflow, 'revenue from Mars')).status, 'UNANSWERABLE');
    assert.deepEqual(execution.executed, []);
  });

  it('refuses what the guard refuses, and pasted SQL from a viewer, without running it', async () => {
    const { workflow, execution } = setup((q) => ({ kind: 'sql', sql: q, reason: 'pasted SQL' }));
    const refused = await ask(workflow, 'DROP TABLE orders');
    assert.equal(refused.status, 'REFUSED');
    assert.equal(refused.error?.code, 'SQL_NOT_READ_ONLY');
    const viewer = await ask(workflow, 'SELECT * FROM customers', { role: 'viewer' });
    assert.equal(viewer.status, 'REFUSED');
    assert.equal(viewer.error?.code, 'FORBIDDEN');
    assert.deepEqual(execution.executed, []);
    const analyst = await ask(workflow, 'SELECT * FROM customers');
    assert.equal(analyst.status, 'ANSWERED');
  });

  it('re-reads the catalog once and plans again when the database names an unknown table; a second drift fails', async () => {
    const { workflow, execution, catalog, planner } = setup();
    execution.failures = [{ code: 'UNKNOWN_TABLE', message: 'no such table: orders' }];
    const recovered = await ask(workflow, 'How many orders?');
    assert.equal(recovered.status, 'ANSWERED');
    assert.equal(execution.executed.length, 2);
    assert.equal(planner.contexts.length, 2, 'planned twice');
    assert.deepEqual(catalog.refreshed, [{ schema: 'main', table: null }]);

    execution.failures = [{ code: 'UNKNOWN_COLUMN', message: 'no such column: x' }, { code: 'UNKNOWN_COLUMN', message: 'no such column: x' }];
    const failed = await ask(workflow, 'How many orders?');
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error?.code, 'UNKNOWN_COLUMN');
    assert.equal(catalog.refreshed.length, 2, 'one refresh per run, never a loop');
  });

  it('cancels a running question', async () => {
    const { workflow, execution } = setup();
    execution.delayMs = 5_000;
    const started = await workflow.ask({ question: 'How many orders?' }, { user: 'tester', wait: false, role: 'analyst' });
    assert.equal(started.status, 'RUNNING');
    while (execution.executed.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(workflow.cancel(started.id), true);
    const finished = await workflow.settled(started.id);
    assert.equal(finished?.status, 'CANCELLED');
    assert.equal(finished?.steps.find((s) => s.name === 'execute')?.status, 'CANCELLED');
    assert.equal(workflow.cancel(started.id), false, 'a finished run cannot be cancelled');
  });

  it('answers bad input with a typed explanation, never a bare error', async () => {
    const { workflow, execution } = setup();
    const empty = await ask(workflow, '   ');
    assert.equal(empty.status, 'UNANSWERABLE');
    assert.equal(empty.error?.code, 'BAD_INPUT');
    assert.match(empty.error?.message ?? '', /empty/);
    const long = await ask(workflow, 'how many orders '.repeat(200));
    assert.equal(long.status, 'UNANSWERABLE');
    assert.match(long.error?.message ?? '', /limit is 2000/);
    assert.deepEqual(execution.executed, []);
  });
});
