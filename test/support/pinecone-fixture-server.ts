// A tiny Pinecone on 127.0.0.1 for tests: the control-plane call the SDK makes to find an index
// (GET /indexes/{name}) and the data-plane calls it makes on the index host (POST /vectors/upsert, /query,
// /vectors/delete), both on this one server. It keeps vectors per namespace, answers queries by cosine
// similarity with `$eq` metadata filters, checks the Api-Key header and records every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PineconeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

interface StoredVector {
  id: string;
  values: number[];
  metadata: Record<string, unknown>;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Pinecone's metadata filter, the part Querent uses: `{field: {$eq: value}}` (and a bare value), all fields ANDed. */
function matches(metadata: Record<string, unknown>, filter: Record<string, unknown> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([field, condition]) => {
    if (condition && typeof condition === 'object' && '$eq' in (condition as object)) return metadata[field] === (condition as { $eq: unknown }).$eq;
    return metadata[field] === condition;
  });
}

export class PineconeFixtureServer {
  readonly requests: PineconeRequest[] = [];
  /** namespace → id → vector. */
  readonly namespaces = new Map<string, Map<string, StoredVector>>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    readonly apiKey: string,
    readonly indexName: string,
    readonly dimension: number,
  ) {}

  static async start(options: { apiKey: string; indexName: string; dimension: number }): Promise<PineconeFixtureServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fixture = new PineconeFixtureServer(server, (server.address() as AddressInfo).port, options.apiKey, options.indexName, options.dimension);
    server.on('request', (req, res) => void fixture.handle(req, res));
    return fixture;
  }

  /** What QUERENT_PINECONE_CONTROLLER_URL (the SDK's controllerHostUrl) is set to. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  requestsTo(path: string): PineconeRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  vectors(namespace: string): StoredVector[] {
    return [...(this.namespaces.get(namespace)?.values() ?? [])];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const request: PineconeRequest = { method: req.method ?? '', path: (req.url ?? '').split('?')[0], headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
    this.requests.push(request);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['api-key'] !== this.apiKey) return send(401, { error: { code: 'UNAUTHENTICATED', message: 'Invalid API key' }, status: 401 });
    if (request.method === 'GET' && request.path.startsWith('/indexes/')) {
      const name = decodeURIComponent(request.path.slice('/indexes/'.length));
      if (name !== this.indexName) return send(404, { error: { code: 'NOT_FOUND', message: `Resource ${name} not found` }, status: 404 });
      return send(200, {
        name,
        dimension: this.dimension,
        metric: 'cosine',
        host: this.url,
        spec: { serverless: { cloud: 'aws', region: 'us-east-1' } },
        status: { ready: true, state: 'Ready' },
        vector_type: 'dense',
        deletion_protection: 'disabled',
      });
    }
    const body = request.body ?? {};
    const namespace = String(body.namespace ?? '');
    const space = this.namespaces.get(namespace) ?? new Map<string, StoredVector>();
    this.namespaces.set(namespace, space);
    if (request.method === 'POST' && request.path === '/vectors/upsert') {
      for (const v of body.vectors ?? []) {
        if (!Array.isArray(v.values) || v.values.length !== this.dimension) {
          return send(400, { error: { code: 'INVALID_ARGUMENT', message: `Vector dimension ${v.values?.length} does not match the dimension of the index ${this.dimension}` }, status: 400 });
        }
        space.set(v.id, { id: v.id, values: v.values, metadata: v.metadata ?? {} });
      }
      return send(200, { upsertedCount: (body.vectors ?? []).length });
    }
    if (request.method === 'POST' && request.path === '/query') {
      const scored = [...space.values()]
        .filter((v) => matches(v.metadata, body.filter))
        .map((v) => ({ id: v.id, score: cosine(body.vector ?? [], v.values), ...(body.includeMetadata ? { metadata: v.metadata } : {}) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.topK ?? 10);
      return send(200, { matches: scored, namespace, usage: { readUnits: 1 } });
    }
    if (request.method === 'POST' && request.path === '/vectors/delete') {
      for (const id of body.ids ?? []) space.delete(id);
      return send(200, {});
    }
    return send(404, { error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.path}` }, status: 404 });
  }
}
