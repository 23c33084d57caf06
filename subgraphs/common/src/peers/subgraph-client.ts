// Calls one subgraph from another over GraphQL/HTTP: a time limit on every attempt, a bounded retry for transport
// failures only (never for an answer the subgraph gave), the caller's role passed on, and typed errors.
import { QuerentError } from '../errors/querent-error';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes';
import type { SubgraphName } from '../config/settings';
import type { Role } from '../server/request-context';
import type { SubgraphPeers } from './subgraph-peers';

export interface SubgraphCallOptions {
  role: Role;
  timeoutMs: number;
  /** Extra attempts after a transport failure or a timeout (default 1). GraphQL errors are never retried. */
  retries?: number;
  signal?: AbortSignal;
  requestId?: string;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

const RETRY_DELAY_MS = 200;

export class SubgraphClient {
  constructor(private readonly peers: SubgraphPeers) {}

  async request<T>(name: SubgraphName, query: string, variables: Record<string, unknown>, options: SubgraphCallOptions): Promise<T> {
    const url = this.peers.urlOf(name);
    if (!url) throw new QuerentError('SUBGRAPH_UNAVAILABLE', `The ${name} service is not known to this process; set QUERENT_${name.toUpperCase()}_URL.`, { subgraph: name });
    const attempts = 1 + Math.max(0, options.retries ?? 1);
    let lastError: QuerentError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (options.signal?.aborted) throw new QuerentError('CANCELLED', 'The request was cancelled.');
      try {
        return await this.once<T>(name, url, query, variables, options);
      } catch (error) {
        if (!(error instanceof QuerentError) || !isTransportFailure(error)) throw error;
        lastError = error;
        if (attempt < attempts) await delay(RETRY_DELAY_MS * attempt, options.signal);
      }
    }
    throw lastError as QuerentError;
  }

  private async once<T>(name: SubgraphName, url: string, query: string, variables: Record<string, unknown>, options: SubgraphCallOptions): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-querent-role': options.role,
          ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw new QuerentError('CANCELLED', 'The request was cancelled.');
      if (timeout.aborted) throw new QuerentError('SUBGRAPH_TIMEOUT', `The ${name} service did not answer within ${options.timeoutMs} ms.`, { subgraph: name });
      throw new QuerentError('SUBGRAPH_UNAVAILABLE', `The ${name} service is not reachable (${(error as Error).message}).`, { subgraph: name });
    }
    let body: GraphQLResponse<T>;
    try {
      body = (await response.json()) as GraphQLResponse<T>;
    } catch {
      throw new QuerentError('SUBGRAPH_UNAVAILABLE', `The ${name} service answered HTTP ${response.status} without a GraphQL body.`, { subgraph: name });
    }
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      const known: ErrorCode = typeof code === 'string' && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL';
      const { code: _code, ...details } = first.extensions ?? {};
      throw new QuerentError(known, first.message, details);
    }
    if (body.data == null) throw new QuerentError('SUBGRAPH_UNAVAILABLE', `The ${name} service answered without data.`, { subgraph: name });
    return body.data;
  }
}

function isTransportFailure(error: QuerentError): boolean {
  return error.code === 'SUBGRAPH_UNAVAILABLE' || error.code === 'SUBGRAPH_TIMEOUT';
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
