// Owns the tests of Querent's LLM client against a loopback OpenAI-compatible fixture server: chat, JSON mode,
// embeddings, bounded retries, timeouts, cancellation, typed errors, no key in any message or log, and no client
// without a key.
import { test, before, after, beforeEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmClient, createLogger, loadSettings, OpenAiLlmClient, QuerentError, type LlmClient } from '@querent/common';
import { fakeEmbedding, OpenAiFixtureServer, reply } from './support/openai-fixture-server';

const API_KEY = 'sk-querent-test-0123456789abcdefSECRET';

let server: OpenAiFixtureServer;

before(async () => {
  server = await OpenAiFixtureServer.start();
});

after(async () => {
  await server.close();
});

beforeEach(() => server.reset());

function client(overrides: Partial<ConstructorParameters<typeof OpenAiLlmClient>[0]> = {}): OpenAiLlmClient {
  return new OpenAiLlmClient({
    apiKey: API_KEY,
    baseUrl: server.baseUrl,
    model: 'fixture-chat',
    embeddingModel: 'fixture-embed',
    timeoutMs: 5_000,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<QuerentError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuerentError, `expected a QuerentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const ASK = [
  { role: 'system' as const, content: 'You turn questions into SQL.' },
  { role: 'user' as const, content: 'How many orders were cancelled?' },
];

describe('chat', () => {
  test('sends the model, messages, sampling options and the key; returns the text and usage', async () => {
    server.scriptChat(reply.chat('SELECT COUNT(*) FROM orders', { usage: { prompt_tokens: 42, completion_tokens: 9 } }));
    const result = await client().chat(ASK, { temperature: 0, maxTokens: 200 });
    assert.equal(result.content, 'SELECT COUNT(*) FROM orders');
    assert.deepEqual(result.usage, { promptTokens: 42, completionTokens: 9, totalTokens: 51 });
    const [request] = server.requestsTo('/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(request.body.model, 'fixture-chat');
    assert.deepEqual(request.body.messages, ASK);
    assert.equal(request.body.temperature, 0);
    assert.equal(request.body.max_tokens, 200);
    assert.equal(request.body.response_format, undefined);
    assert.equal(server.requests.length, 1);
  });

  test('JSON mode asks for a JSON object and checks that the answer parses', async () => {
    server.scriptChat(reply.chat('{"sql": "SELECT 1", "confidence": 0.9}'));
    const result = await client().chat(ASK, { temperature: 0.2, maxTokens: 100, responseFormat: 'json' });
    assert.deepEqual(JSON.parse(result.content), { sql: 'SELECT 1', confidence: 0.9 });
    assert.deepEqual(server.requests[0].body.response_format, { type: 'json_object' });

    server.reset();
    server.scriptChat(reply.chat('{"sql": "SELECT', { finishReason: 'length' }));
    const error = await rejection(client().chat(ASK, { temperature: 0, maxTokens: 5, responseFormat: 'json' }));
    assert.equal(error.code, 'LLM_BAD_RESPONSE');
    assert.match(error.message, /does not parse as JSON.*cut off at 5 tokens/);
    assert.equal(server.requests.length, 1, 'a bad answer is not retried');
  });

  test('answers without usable text are LLM_BAD_RESPONSE', async () => {
    const cases = [
      [reply.chat(null, { refusal: 'I cannot help with that.' }), /refused: I cannot help/],
      [reply.chat('', { finishReason: 'length' }), /no text \(cut off/],
      [reply.json(200, { object: 'chat.completion', choices: [] }), /no choices/],
      [reply.malformed(), /not valid JSON/],
      [reply.json(200, 'just a string'), /not a chat completion/],
    ] as const;
    for (const [answer, message] of cases) {
      server.reset();
      server.scriptChat(answer);
      const error = await rejection(client().chat(ASK, { temperature: 0, maxTokens: 50 }));
      assert.equal(error.code, 'LLM_BAD_RESPONSE', error.message);
      assert.match(error.message, message);
      assert.equal(server.requests.length, 1);
    }
  });
});

describe('embeddings', () => {
  test('one vector per text, in order, from the embedding model, batched past 256 inputs', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `DataPoint ${i}: revenue by month`);
    const vectors = await client().embed!(texts);
    assert.equal(vectors.length, 300);
    assert.deepEqual(vectors[0], fakeEmbedding(texts[0]));
    assert.deepEqual(vectors[299], fakeEmbedding(texts[299]));
    const requests = server.requestsTo('/embeddings');
    assert.deepEqual(requests.map((r) => r.body.input.length), [256, 44]);
    assert.ok(requests.every((r) => r.body.model === 'fixture-embed' && r.body.encoding_format === 'float'));
    assert.deepEqual(await client().embed!([]), []);
  });

  test('a wrong number of vectors is LLM_BAD_RESPONSE; no embedding model means no embed', async () => {
    server.scriptEmbeddings(reply.embeddings([[0.1, 0.2]]));
    const error = await rejection(client().embed!(['a', 'b']));
    assert.equal(error.code, 'LLM_BAD_RESPONSE');
    assert.match(error.message, /expected 2 embeddings, got 1/);
    assert.equal(client({ embeddingModel: undefined }).embed, undefined);
  });
});

describe('failures', () => {
  test('HTTP 500 and 429 are retried, and the call succeeds when the endpoint recovers', async () => {
    server.scriptChat(reply.error(500), reply.error(429, 'slow down', { 'retry-after-ms': '10' }), reply.chat('ok'));
    const result = await client({ maxRetries: 2 }).chat(ASK, { temperature: 0, maxTokens: 10 });
    assert.equal(result.content, 'ok');
    assert.equal(server.requests.length, 3);
    server.reset();
    server.scriptEmbeddings(reply.error(503), reply.embeddings());
    assert.equal((await client().embed!(['x'])).length, 1);
    assert.equal(server.requests.length, 2);
  });

  test('retries are bounded: after maxRetries + 1 attempts the error is LLM_UNAVAILABLE', async () => {
    server.scriptChat(reply.error(500), reply.error(500), reply.error(500), reply.error(500), reply.chat('too late'));
    const error = await rejection(client({ maxRetries: 2 }).chat(ASK, { temperature: 0, maxTokens: 10 }));
    assert.equal(error.code, 'LLM_UNAVAILABLE');
    assert.equal(error.details?.status, 500);
    assert.equal(error.details?.attempts, 3);
    assert.equal(server.requests.length, 3);

    server.reset();
    server.scriptChat(reply.error(429), reply.chat('never asked'));
    const noRetry = await rejection(client({ maxRetries: 0 }).chat(ASK, { temperature: 0, maxTokens: 10 }));
    assert.equal(noRetry.code, 'LLM_UNAVAILABLE');
    assert.equal(server.requests.length, 1);
  });

  test('a refused request (HTTP 400) is not retried', async () => {
    server.scriptChat(reply.error(400, "model 'nope' does not exist"), reply.chat('never asked'));
    const error = await rejection(client().chat(ASK, { temperature: 0, maxTokens: 10 }));
    assert.equal(error.code, 'LLM_UNAVAILABLE');
    assert.equal(error.details?.status, 400);
    assert.match(error.message, /HTTP 400.*does not exist/);
    assert.equal(server.requests.length, 1);
  });

  test('a dropped connection is retried, then LLM_UNAVAILABLE; an unreachable endpoint too', async () => {
    server.scriptChat(reply.drop(), reply.drop());
    const error = await rejection(client({ maxRetries: 1 }).chat(ASK, { temperature: 0, maxTokens: 10 }));
    assert.equal(error.code, 'LLM_UNAVAILABLE');
    assert.equal(server.requests.length, 2);

    const closed = await OpenAiFixtureServer.start();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const unreachable = await rejection(client({ baseUrl: deadUrl, maxRetries: 1 }).chat(ASK, { temperature: 0, maxTokens: 10 }));
    assert.equal(unreachable.code, 'LLM_UNAVAILABLE');
    assert.match(unreachable.message, /cannot be reached/);
  });

  test('no answer within the time limit is LLM_TIMEOUT, not retried', async () => {
    server.scriptChat(reply.hang(), reply.chat('never asked'));
    const error = await rejection(client({ timeoutMs: 300 }).chat(ASK, { temperature: 0, maxTokens: 10 }));
    assert.equal(error.code, 'LLM_TIMEOUT');
    assert.equal(error.details?.timeoutMs, 300);
    assert.equal(server.requests.length, 1);
  });

  test('aborting cancels a pending request and a retry wait with CANCELLED', async () => {
    server.scriptChat(reply.hang());
    const controller = new AbortController();
    const pending = client().chat(ASK, { temperature: 0, maxTokens: 10, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    assert.equal((await rejection(pending)).code, 'CANCELLED');

    server.reset();
    server.scriptChat(reply.error(503), reply.chat('never asked'));
    const waiting = new AbortController();
    const retrying = client({ retryBaseDelayMs: 60_000 }).chat(ASK, { temperature: 0, maxTokens: 10, signal: waiting.signal });
    setTimeout(() => waiting.abort(), 100);
    assert.equal((await rejection(retrying)).code, 'CANCELLED');
    assert.equal(server.requests.length, 1);
  });

  test('the API key never appears in an error or a log line, even when the endpoint echoes it', async () => {
    const echo = (status: number) => (request: { headers: Record<string, unknown> }) =>
      reply.error(status, `bad request from ${String(request.headers.authorization)} (key ${API_KEY.slice(3)})`);
    const lines: string[] = [];
    const logger = createLogger('llm-test', 'debug', (line) => lines.push(line));
    const errors: QuerentError[] = [];
    for (const status of [400, 401, 403, 500]) {
      server.reset();
      server.chatFallback = echo(status);
      errors.push(await rejection(client({ logger, maxRetries: 1 }).chat(ASK, { temperature: 0, maxTokens: 10 })));
    }
    server.chatFallback = () => reply.error(501, 'fixture: no scripted chat reply');
    server.reset();
    server.scriptChat(reply.json(200, { choices: [{ index: 0, message: { role: 'assistant', content: `{"key": "${API_KEY}"` } }] }));
    errors.push(await rejection(client({ logger }).chat(ASK, { temperature: 0, maxTokens: 10, responseFormat: 'json' })));
    assert.ok(lines.some((l) => /retrying/.test(l)), 'the retry was logged');
    const everything = [...errors.map((e) => `${e.message} ${JSON.stringify(e.details)} ${e.stack}`), ...lines].join('\n');
    assert.ok(!everything.includes(API_KEY), everything);
    assert.ok(!everything.includes(API_KEY.slice(3)), everything);
    assert.ok(!everything.includes('SECRET'), everything);
    assert.deepEqual(errors.map((e) => e.code), ['LLM_UNAVAILABLE', 'LLM_UNAVAILABLE', 'LLM_UNAVAILABLE', 'LLM_UNAVAILABLE', 'LLM_BAD_RESPONSE']);
  });
});

describe('configuration', () => {
  test('no client without OPENAI_API_KEY', () => {
    assert.equal(createLlmClient(loadSettings({}, '/srv').llm), null);
    assert.equal(createLlmClient(loadSettings({ OPENAI_API_KEY: '', OPENAI_BASE_URL: server.baseUrl }, '/srv').llm), null);
  });

  test('OPENAI_API_KEY, OPENAI_BASE_URL and the model settings build a working client', async () => {
    const settings = loadSettings(
      { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseUrl, QUERENT_LLM_MODEL: 'planner-model', QUERENT_EMBEDDING_MODEL: 'vector-model', QUERENT_LLM_MAX_RETRIES: '0' },
      '/srv',
    );
    assert.deepEqual({ ...settings.llm, apiKey: '…' }, { apiKey: '…', baseUrl: server.baseUrl, model: 'planner-model', embeddingModel: 'vector-model', timeoutMs: 60000, maxRetries: 0 });
    const llm: LlmClient | null = createLlmClient(settings.llm, { retryBaseDelayMs: 5 });
    assert.ok(llm);
    server.scriptChat(reply.chat('hello'));
    assert.equal((await llm.chat(ASK, { temperature: 0, maxTokens: 5 })).content, 'hello');
    assert.equal((await llm.embed!(['a'])).length, 1);
    assert.deepEqual(server.requests.map((r) => r.body.model), ['planner-model', 'vector-model']);
    assert.equal(llm.chatModel, 'planner-model');
    assert.equal(llm.embeddingModel, 'vector-model');
  });

  test('defaults, `none` embeddings, and bad values refused by name', () => {
    const defaults = loadSettings({ OPENAI_API_KEY: 'k' }, '/srv').llm;
    assert.equal(defaults.baseUrl, undefined);
    assert.equal(defaults.model, 'gpt-4o-mini');
    assert.equal(defaults.embeddingModel, 'text-embedding-3-small');
    assert.equal(defaults.maxRetries, 2);
    const noEmbeddings = createLlmClient(loadSettings({ OPENAI_API_KEY: 'k', QUERENT_EMBEDDING_MODEL: 'none' }, '/srv').llm);
    assert.equal(noEmbeddings?.embed, undefined);
    for (const [env, name] of [
      [{ OPENAI_BASE_URL: 'ftp://example.org/v1' }, 'OPENAI_BASE_URL'],
      [{ QUERENT_LLM_MAX_RETRIES: '11' }, 'QUERENT_LLM_MAX_RETRIES'],
      [{ QUERENT_LLM_TIMEOUT_MS: '5' }, 'QUERENT_LLM_TIMEOUT_MS'],
    ] as const) {
      assert.throws(() => loadSettings(env, '/srv'), (e: unknown) => e instanceof QuerentError && e.code === 'CONFIG_INVALID' && e.message.startsWith(name));
    }
  });
});
