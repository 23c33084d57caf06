// A tiny scriptable OpenAI-compatible server on 127.0.0.1 for tests: POST /v1/chat/completions and /v1/embeddings.
// It records every request (headers and JSON body, to assert prompts and auth), answers each call from a script
// (a queue of replies or functions of the request), and can fail on purpose: HTTP errors with headers, a body that
// is not JSON, a connection dropped, or no answer at all. Unscripted embeddings get deterministic fake vectors.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: any;
  rawBody: string;
}

export type FixtureReply =
  | { kind: 'chat'; content: string | null; finishReason?: string; refusal?: string; usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number } }
  | { kind: 'embeddings'; vectors?: number[][]; dimensions?: number }
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; body: string; contentType: string }
  | { kind: 'drop' }
  | { kind: 'hang' };

export type FixtureStep = FixtureReply | ((request: RecordedRequest) => FixtureReply);

/** Replies, by what tests usually want. */
export const reply = {
  chat: (content: string | null, extra: Omit<Extract<FixtureReply, { kind: 'chat' }>, 'kind' | 'content'> = {}): FixtureReply => ({ kind: 'chat', content, ...extra }),
  embeddings: (vectors?: number[][]): FixtureReply => ({ kind: 'embeddings', vectors }),
  error: (status: number, message = `fixture error ${status}`, headers?: Record<string, string>): FixtureReply => ({
    kind: 'json',
    status,
    body: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } },
    headers,
  }),
  json: (status: number, body: unknown, headers?: Record<string, string>): FixtureReply => ({ kind: 'json', status, body, headers }),
  /** Declared as JSON but not JSON. */
  malformed: (text = '{"choices": [ not json'): FixtureReply => ({ kind: 'raw', status: 200, body: text, contentType: 'application/json' }),
  drop: (): FixtureReply => ({ kind: 'drop' }),
  hang: (): FixtureReply => ({ kind: 'hang' }),
};

/** A deterministic unit vector for a text: the same text always gives the same vector; different texts differ. */
export function fakeEmbedding(text: string, dimensions = 8): number[] {
  let state = 2166136261;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 16777619) >>> 0;
  const vector: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + 0x9e3779b9) >>> 0;
    vector.push((state / 4294967296) * 2 - 1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

export class OpenAiFixtureServer {
  readonly requests: RecordedRequest[] = [];
  /** Replies for /v1/chat/completions, taken in order; when empty, chatFallback answers. */
  readonly chatScript: FixtureStep[] = [];
  /** Replies for /v1/embeddings, taken in order; when empty, deterministic fake embeddings. */
  readonly embeddingsScript: FixtureStep[] = [];
  /** Answers unscripted chat calls: by default HTTP 501 (not retried), so a missing script fails loudly. */
  chatFallback: (request: RecordedRequest) => FixtureReply = () => reply.error(501, 'fixture: no scripted chat reply');
  embeddingDimensions = 8;

  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: http.Server, readonly port: number) {}

  static async start(): Promise<OpenAiFixtureServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fixture = new OpenAiFixtureServer(server, (server.address() as AddressInfo).port);
    server.on('connection', (socket) => {
      fixture.sockets.add(socket);
      socket.on('close', () => fixture.sockets.delete(socket));
    });
    server.on('request', (req, res) => void fixture.handle(req, res));
    return fixture;
  }

  /** The base URL a client is configured with (OPENAI_BASE_URL). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  scriptChat(...steps: FixtureStep[]): this {
    this.chatScript.push(...steps);
    return this;
  }

  scriptEmbeddings(...steps: FixtureStep[]): this {
    this.embeddingsScript.push(...steps);
    return this;
  }

  requestsTo(pathSuffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(pathSuffix));
  }

  reset(): void {
    this.requests.length = 0;
    this.chatScript.length = 0;
    this.embeddingsScript.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const request: RecordedRequest = { method: req.method ?? '', path: (req.url ?? '').split('?')[0], headers: req.headers, body, rawBody };
    this.requests.push(request);

    let step: FixtureStep | undefined;
    if (request.method === 'POST' && request.path === '/v1/chat/completions') {
      step = this.chatScript.shift() ?? this.chatFallback;
    } else if (request.method === 'POST' && request.path === '/v1/embeddings') {
      step = this.embeddingsScript.shift() ?? reply.embeddings();
    } else {
      step = reply.error(404, `fixture: no route ${request.method} ${request.path}`);
    }
    this.send(res, request, typeof step === 'function' ? step(request) : step);
  }

  private send(res: http.ServerResponse, request: RecordedRequest, answer: FixtureReply): void {
    switch (answer.kind) {
      case 'hang':
        return; // The socket stays open until the client gives up or close() destroys it.
      case 'drop':
        res.socket?.destroy();
        return;
      case 'raw':
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        res.end(answer.body);
        return;
      case 'json':
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(JSON.stringify(answer.body));
        return;
      case 'chat': {
        const usage = answer.usage ?? { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
        this.json(res, {
          id: `chatcmpl-fixture-${this.requests.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: request.body?.model ?? 'fixture',
          choices: [{ index: 0, message: { role: 'assistant', content: answer.content, refusal: answer.refusal ?? null }, finish_reason: answer.finishReason ?? 'stop', logprobs: null }],
          usage: { total_tokens: usage.prompt_tokens + usage.completion_tokens, ...usage },
        });
        return;
      }
      case 'embeddings': {
        const inputs: string[] = Array.isArray(request.body?.input) ? request.body.input : [String(request.body?.input ?? '')];
        const vectors = answer.vectors ?? inputs.map((text) => fakeEmbedding(text, answer.dimensions ?? this.embeddingDimensions));
        this.json(res, {
          object: 'list',
          data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
          model: request.body?.model ?? 'fixture',
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        });
        return;
      }
    }
  }

  private json(res: http.ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
