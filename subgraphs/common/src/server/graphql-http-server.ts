// Serves an Apollo Server over node:http: POST/GET /graphql, GET /health, plus any extra routes a caller adds.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from '../logging/logger';

const MAX_BODY_BYTES = 1024 * 1024;

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  host: string;
  port: number;
  logger: Logger;
  /** Builds the per-request GraphQL context. */
  context: (req: http.IncomingMessage) => Promise<TContext>;
  /** Answers GET /health; its `status` decides 200 (ok) or 503. */
  health: () => Promise<{ status: 'ok' | 'degraded' }>;
  /** Extra routes by exact path (for example the web page at "/"). */
  routes?: Record<string, RouteHandler>;
}

export interface RunningHttpServer {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`request body is larger than ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handleGraphQL<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>, req: http.IncomingMessage, res: http.ServerResponse, search: string): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (req.method === 'POST') {
    const text = await readBody(req);
    if ((headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_INPUT' } }] });
        return;
      }
    } else {
      body = text;
    }
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
    context: () => options.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export async function startGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>): Promise<RunningHttpServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = options.routes?.[url.pathname];
    const work = async () => {
      if (url.pathname === '/health' && req.method === 'GET') {
        const health = await options.health();
        sendJson(res, health.status === 'ok' ? 200 : 503, health);
      } else if (url.pathname === '/graphql') {
        await handleGraphQL(options, req, res, url.search);
      } else if (route) {
        await route(req, res);
      } else {
        sendJson(res, 404, { error: `nothing at ${url.pathname}; GraphQL is served at /graphql and health at /health` });
      }
    };
    work().catch((error: Error & { status?: number }) => {
      options.logger.error('request failed', { path: url.pathname, error: error.message });
      if (!res.headersSent) sendJson(res, error.status ?? 500, { errors: [{ message: error.status ? error.message : 'internal error', extensions: { code: error.status ? 'BAD_INPUT' : 'INTERNAL' } }] });
      else res.end();
    });
  });
  // Keep-alive sockets from the gateway would otherwise hold close() open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    server,
    port,
    url: `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
