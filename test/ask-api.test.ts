// Questions through the gateway on the embedded stack: the demo database answered end to end (plan → guard →
// read-only execution), progress over graphql-ws, feedback, the 2,000-table bound on what the first question reads,
// the re-plan after the schema moved, and bad input answered in words.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createLogger, loadSettings } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { graphql } from './support/processes';

let running: RunningQuerent;
let gql: string;
let dataDir: string;
let demoId: string;

const RUN_FIELDS = `id status question planner route { basis reason } plan { kind sql explanation clarification suggestions { text confidence } missing }
  steps { name status message } queryRun { id status rows rowCount } error { code message } database { id } feedbackCorrect correctedSql`;

async function q<T = any>(query: string, variables?: Record<string, unknown>, role?: string) {
  const result = await graphql<T>(gql, query, variables, role ? { 'x-querent-role': role } : {});
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data as T;
}

async function ask(question: string, extra: Record<string, unknown> = {}, role?: string) {
  const data = await q<{ ask: any }>(`mutation($input: AskInput!) { ask(input: $input) { ${RUN_FIELDS} } }`, { input: { question, ...extra } }, role);
  return data.ask;
}

async function addSqlite(name: string, file: string): Promise<string> {
  const data = await q<{ addDatabase: { id: string } }>('mutation($input: AddDatabaseInput!) { addDatabase(input: $input) { id } }', { input: { name, url: `sqlite://${file}` } });
  return data.addDatabase.id;
}

async function tablesRead(databaseId: string): Promise<number> {
  const data = await q<any>('query($id: ID!) { refreshRuns(databaseId: $id, first: 100) { edges { node { tablesRead } } } }', { id: databaseId });
  return data.refreshRuns.edges.reduce((sum: number, e: { node: { tablesRead: number } }) => sum + e.node.tablesRead, 0);
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-ask-'));
  running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('test', 'warn'));
  gql = running.gateway.graphqlUrl;
  demoId = (await q<any>('{ databases { id name } }')).databases.find((d: { name: string }) => d.name === 'demo').id;
});

after(async () => {
  await running?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('ask through the gateway', () => {
  it('answers a question on the demo database with the rows the database really holds', async () => {
    const run = await ask('How many orders are there?');
    assert.equal(run.status, 'ANSWERED', JSON.stringify(run));
    assert.equal(run.planner, 'offline');
    assert.equal(run.database.id, demoId);
    assert.match(run.plan.sql, /count\(\*\)/i);
    const db = new Database(path.join(dataDir, 'demo.db'), { readonly: true });
    const truth = (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
    db.close();
    assert.deepEqual(run.queryRun.rows, [[truth]]);
    assert.deepEqual(run.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`), ['route:DONE', 'plan:DONE', 'validate:DONE', 'execute:DONE', 'chart:SKIPPED', 'insight:SKIPPED']);

    const stored = await q<any>(`query($id: ID!) { askRun(id: $id) { ${RUN_FIELDS} } }`, { id: run.id });
    assert.equal(stored.askRun.status, 'ANSWERED');
    assert.equal(stored.askRun.queryRun.id, run.queryRun.id, 'the run links to the execution subgraph’s QueryRun');
    const history = await q<any>('query($id: ID!) { queryHistory(databaseId: $id, first: 5) { edges { node { id question } } } }', { id: demoId });
    assert.ok(history.queryHistory.edges.some((e: any) => e.node.id === run.queryRun.id && e.node.question === 'How many orders are there?'), 'history keeps the question');

    const feedback = await q<any>(`mutation($id: ID!) { recordFeedback(runId: $id, correct: false, correctedSql: "SELECT count(*) FROM orders WHERE status <> 'cancelled'") { ${RUN_FIELDS} } }`, { id: run.id });
    assert.equal(feedback.recordFeedback.feedbackCorrect, false);
    assert.match(feedback.recordFeedback.correctedSql, /cancelled/);
  });

  it('streams each step over workflowProgress for a run id the client chose', async () => {
    const runId = crypto.randomUUID();
    const ws = createClient({ url: running.gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const events: { step: string; status: string; runStatus: string }[] = [];
    try {
      const finished = new Promise<void>((resolve, reject) => {
        ws.subscribe<{ workflowProgress: { step: string; status: string; runStatus: string } }>(
          { query: 'subscription($id: ID!) { workflowProgress(runId: $id) { step status runStatus message } }', variables: { id: runId } },
          {
            next: ({ data }) => {
              if (!data) return;
              events.push(data.workflowProgress);
              if (data.workflowProgress.runStatus !== 'RUNNING') resolve();
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await new Promise((r) => setTimeout(r, 300));
      const started = await q<any>('mutation($input: AskInput!) { ask(input: $input, wait: false) { id status } }', { input: { question: 'How many customers are there?', runId } });
      assert.equal(started.ask.id, runId);
      await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error('no final event in 20 s')), 20_000))]);
    } finally {
      await ws.dispose();
    }
    const seen = events.map((e) => `${e.step}:${e.status}`);
    for (const step of ['route:RUNNING', 'route:DONE', 'plan:DONE', 'validate:DONE', 'execute:DONE', 'insight:SKIPPED']) assert.ok(seen.includes(step), `${step} in ${seen.join(', ')}`);
    assert.equal(events.at(-1)?.runStatus, 'ANSWERED');
    const reuse = await graphql(gql, 'mutation($input: AskInput!) { ask(input: $input) { id } }', { input: { question: 'again', runId } });
    assert.equal(reuse.errors?.[0]?.extensions?.code, 'BAD_INPUT', 'a run id cannot be reused');
  });

  it('reads the structure of at most 20 tables of a 2,000-table database for its first question', async () => {
    const file = path.join(dataDir, 'wide.db');
    const db = new Database(file);
    db.exec('BEGIN');
    for (let i = 0; i < 1996; i++) db.exec(`CREATE TABLE metric_${String(i).padStart(4, '0')} (id INTEGER PRIMARY KEY, label TEXT, value REAL, measured_at TEXT)`);
    db.exec(`CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE warehouses (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(id), name TEXT NOT NULL, capacity INTEGER);
      CREATE TABLE shipments (id INTEGER PRIMARY KEY, warehouse_id INTEGER REFERENCES warehouses(id), shipped_at TEXT, weight REAL);
      CREATE TABLE carriers (id INTEGER PRIMARY KEY, name TEXT);
      INSERT INTO regions VALUES (1, 'North'), (2, 'South');
      INSERT INTO warehouses VALUES (1, 1, 'Oslo', 100), (2, 2, 'Seville', 80), (3, 1, 'Bergen', 50);
      INSERT INTO shipments VALUES (1, 1, '2025-01-02', 10.5), (2, 1, '2025-01-03', 3), (3, 2, '2025-01-04', 7);`);
    db.exec('COMMIT');
    db.close();
    const id = await addSqlite('wide', file);
    const run = await ask('How many warehouses are there?', { databaseId: id });
    assert.equal(run.status, 'ANSWERED', JSON.stringify(run));
    assert.deepEqual(run.queryRun.rows, [[3]]);
    const read = await tablesRead(id);
    console.log(`# first question on a 2,000-table database read the structure of ${read} table(s)`);
    assert.ok(read >= 1 && read <= 20, `the first question read ${read} tables`);
  });

  it('re-reads the catalog and plans again when a table was renamed under its memory', async () => {
    const file = path.join(dataDir, 'drift.db');
    const db = new Database(file);
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 10), (2, 20), (3, 5);");
    db.close();
    const id = await addSqlite('drift', file);
    assert.equal((await ask('How many invoices are there?', { databaseId: id })).status, 'ANSWERED');
    const writer = new Database(file);
    writer.exec('ALTER TABLE invoices RENAME TO invoice_records');
    writer.close();
    const run = await ask('How many invoices are there?', { databaseId: id });
    assert.equal(run.status, 'ANSWERED', JSON.stringify(run));
    assert.match(run.plan.sql, /invoice_records/);
    assert.deepEqual(run.queryRun.rows, [[3]]);
    const plans = run.steps.filter((s: { name: string }) => s.name === 'plan');
    assert.equal(plans.length, 2, 'planned once more after the drift');
    assert.equal(run.steps.filter((s: { name: string; status: string }) => s.name === 'execute' && s.status === 'FAILED').length, 1);
  });

  it('answers bad input in words: empty, too long, unknown subject, another language, pasted SQL by role', async () => {
    const empty = await ask('  ');
    assert.equal(empty.status, 'UNANSWERABLE');
    assert.equal(empty.error.code, 'BAD_INPUT');
    const long = await ask('how many orders '.repeat(300));
    assert.equal(long.status, 'UNANSWERABLE');
    assert.match(long.error.message, /limit/);
    const mars = await ask('revenue from Mars');
    assert.ok(['UNANSWERABLE', 'NEEDS_CLARIFICATION'].includes(mars.status), mars.status);
    assert.ok((mars.plan?.explanation ?? mars.plan?.clarification ?? '').length > 0, 'says what is missing');
    const french = await ask('Combien de commandes avons-nous passées ?');
    assert.ok(['UNANSWERABLE', 'NEEDS_CLARIFICATION', 'ANSWERED'].includes(french.status));
    assert.ok(french.plan, 'a plan, a clarification or an explanation');
    const viewerSql = await ask('SELECT count(*) FROM orders', {}, 'viewer');
    assert.equal(viewerSql.status, 'REFUSED');
    assert.equal(viewerSql.error.code, 'FORBIDDEN');
    const hostile = await ask('DELETE FROM orders', {}, 'analyst');
    assert.equal(hostile.status, 'REFUSED');
    assert.match(hostile.error.code, /^SQL_/);
    const planOnly = await q<any>('query { plan(question: "How many products are there?") { kind sql } }');
    assert.equal(planOnly.plan.kind, 'PLAN');
  });
});
