// The typed Querent client: generated operations over HTTP for queries and mutations, graphql-ws for subscriptions.
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { getOperationAST, print, type DocumentNode } from 'graphql';
import { getSdk, type Sdk } from './generated/graphql';

export interface QuerentClientOptions {
  /** The gateway's base URL, for example http://127.0.0.1:4000 */
  url: string;
  /** Sent as x-querent-role until authentication lands. */
  role?: 'viewer' | 'analyst' | 'admin';
  /** Per-request time limit for HTTP operations. */
  timeoutMs?: number;
}

export class QuerentClientError extends Error {
  constructor(readonly code: string, message: string, readonly path?: readonly (string | number)[]) {
    super(message);
    this.name = 'QuerentClientError';
  }
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

function firstError(errors: NonNullable<GraphQLResponse<unknown>['errors']>): QuerentClientError {
  const [first] = errors;
  return new QuerentClientError(first?.extensions?.code ?? 'INTERNAL', first?.message ?? 'unknown error', first?.path);
}

function isSubscription(document: DocumentNode): boolean {
  return getOperationAST(document)?.operation === 'subscription';
}

export type QuerentClient = Sdk & {
  /** The gateway's GET /health. */
  health(): Promise<{ status: 'ok' | 'degraded'; subgraphs: { name: string; healthy: boolean; url: string; error?: string }[] }>;
  close(): Promise<void>;
};

export function createQuerentClient(options: QuerentClientOptions): QuerentClient {
  const base = options.url.replace(/\/+$/, '').replace(/\/graphql$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.role) headers['x-querent-role'] = options.role;
  let ws: Client | undefined;
  const socket = () =>
    (ws ??= createClient({
      url: base.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 3,
    }));

  async function request<R, V>(document: string, variables?: V): Promise<R> {
    let response: Response;
    try {
      response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new QuerentClientError('UNREACHABLE', `cannot reach Querent at ${base}: ${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status} with a body that is not JSON` }] }))) as GraphQLResponse<R>;
    if (body.errors?.length) throw firstError(body.errors);
    if (!body.data) throw new QuerentClientError('INTERNAL', `HTTP ${response.status} without data`);
    return body.data;
  }

  async function* subscribe<R, V>(document: string, variables?: V): AsyncIterable<R> {
    const iterator = socket().iterate<R>({ query: document, variables: variables as Record<string, unknown> | undefined });
    for await (const result of iterator) {
      if (result.errors?.length) throw firstError(result.errors as NonNullable<GraphQLResponse<R>['errors']>);
      if (result.data) yield result.data;
    }
  }

  const sdk = getSdk(<R, V>(document: DocumentNode, variables?: V) => (isSubscription(document) ? subscribe<R, V>(print(document), variables) : request<R, V>(print(document), variables)));
  return {
    ...sdk,
    health: async () => {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) }).catch((error: Error) => {
        throw new QuerentClientError('UNREACHABLE', `cannot reach Querent at ${base}: ${error.message}`);
      });
      return response.json() as ReturnType<QuerentClient['health']>;
    },
    close: async () => {
      await ws?.dispose();
    },
  };
}
