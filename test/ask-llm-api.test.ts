// The LLM planner wired into the running system: with OPENAI_API_KEY and OPENAI_BASE_URL pointing at a loopback
// OpenAI-compatible fixture (never a real key), ask plans through the model with a pruned context, runs the SQL, and
// repairs it from the database's error; the key appears in no response.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadSettings } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { graphql } from './support/processes';
import { OpenAiFixtureServer, reply } from './support/openai-fixture-server';

const KEY = 'sk-test-never-real-3f9a';
let running: RunningQuerent;
let fixture: OpenAiFixtureServer;
let dataDir: string;

before(async () => {
  fixture = await OpenAiFixtureServer.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-llm-'));
  running = await startEmbedded(
    loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000', OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `http://127.0.0.1:${fixture.port}/v1`, QUERENT_EMBEDDING_MODEL: 'none' }),
    createLogger('test', 'warn'),
  );
});

after(async () => {
  await running?.close();
  await fixture?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('plans with the model, repairs from the database error, and runs the repaired SQL', async () => {
  fixture.scriptChat(
    // First answer names a column that does not exist; the database says so and the planner asks again.
    reply.chat(JSON.stringify({ sql: 'SELECT COUNT(*) FROM orders WHERE order_state = \'cancelled\'', explanation: 'Counts cancelled orders.', tables: ['orders'] })),
    reply.chat(JSON.stringify({ sql: "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'", explanation: 'Counts cancelled orders.', tables: ['orders'] })),
  );
  const result = await graphql(running.gateway.graphqlUrl, 'mutation { ask(input: {question: "How many orders were cancelled?"}) { status planner plan { sql explanation } queryRun { rows } steps { name status message } error { code message } } }');
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const run = result.data.ask;
  assert.equal(run.planner, 'llm');
  assert.equal(run.status, 'ANSWERED', JSON.stringify(run));
  assert.match(run.plan.sql, /status = 'cancelled'/);
  assert.ok(Number(run.queryRun.rows[0][0]) > 0);
  const chats = fixture.requestsTo('/chat/completions');
  assert.equal(chats.length, 2, 'one plan and one repair');
  const firstPrompt = JSON.stringify(chats[0].body.messages);
  assert.match(firstPrompt, /orders/);
  assert.ok(!/data_dictionary\b[\s\S]*product_categories\b[\s\S]*regions\b[\s\S]*returns\b/.test(firstPrompt) || firstPrompt.length < 20_000, 'the context is pruned, not the whole schema');
  assert.match(JSON.stringify(chats[1].body.messages), /order_state/, 'the repair prompt carries the database error');
  assert.equal(chats[0].headers.authorization, `Bearer ${KEY}`);
  assert.ok(!JSON.stringify(result).includes(KEY), 'the key is in no response');
});

it('falls back to the offline planner, and says so, when the model is down', async () => {
  fixture.chatFallback = () => reply.error(503, 'model overloaded');
  const result = await graphql(running.gateway.graphqlUrl, 'mutation { ask(input: {question: "How many orders are there?"}) { status planner plan { sql explanation } queryRun { rows } } }');
  const run = result.data.ask;
  assert.equal(run.status, 'ANSWERED', JSON.stringify(run));
  assert.match(run.plan.sql, /count\(\*\)/i);
  assert.match(run.plan.explanation, /offline|language model/i);
  assert.deepEqual(run.queryRun.rows, [[60000]]);
});
