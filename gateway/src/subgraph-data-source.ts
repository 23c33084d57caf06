// How the gateway calls a subgraph: a time limit on every call, the caller's role passed on, and clear errors when it is down.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '@querent/common';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

export function subgraphFailure(name: string, url: string, error: unknown, timeoutMs: number): GraphQLError {
  const err = error as { type?: string; code?: string; name?: string; message?: string };
  const timedOut = err.type === 'request-timeout' || err.name === 'TimeoutError' || err.code === 'ETIMEDOUT';
  return timedOut
    ? new GraphQLError(`The ${name} service did not answer within ${timeoutMs} ms.`, { extensions: { code: 'SUBGRAPH_TIMEOUT', subgraph: name } })
    : new GraphQLError(`The ${name} service is not reachable at ${url}; the rest of Querent keeps working. Check that it is running (GET /health lists every service).`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: name },
      });
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<RequestContext> {
  constructor(private readonly subgraphName: string, url: string, timeoutMs: number) {
    super({ url });
    const base: Fetcher = this.fetcher;
    const guarded = (async (input: Parameters<Fetcher>[0], init?: Parameters<Fetcher>[1]) => {
      try {
        return await base(input, { ...init, timeout: timeoutMs } as Parameters<Fetcher>[1]);
      } catch (error) {
        throw subgraphFailure(this.subgraphName, url, error, timeoutMs);
      }
    }) as Fetcher;
    this.fetcher = guarded;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RequestContext>): void {
    if (!context || !('role' in context)) return;
    request.http?.headers.set('x-querent-role', context.role);
    request.http?.headers.set('x-request-id', context.requestId);
  }
}
