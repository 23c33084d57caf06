// graphql-ws on the gateway's HTTP server at /graphql: subscriptions only, fed by the event bus.
import type http from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import type { Logger } from '@querent/common';
import type { SubscriptionContext } from './subscription-schema';

export interface SubscriptionServer {
  close(): Promise<void>;
}

export function attachSubscriptionServer(server: http.Server, options: { schema: GraphQLSchema; logger: Logger; path?: string }): SubscriptionServer {
  const wss = new WebSocketServer({ server, path: options.path ?? '/graphql' });
  const cleanup = useServer<Record<string, unknown>, SubscriptionContext>(
    {
      schema: options.schema,
      context: () => ({}),
      onSubscribe: (_ctx, _id, payload) => {
        let operation;
        try {
          operation = getOperationAST(parse(payload.query), payload.operationName);
        } catch (error) {
          return [new GraphQLError(`The subscription could not be parsed: ${(error as Error).message}`)];
        }
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('Over WebSocket Querent serves subscriptions only; send queries and mutations as HTTP POST to /graphql.', { extensions: { code: 'BAD_INPUT' } })];
        }
        return undefined;
      },
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.warn('subscription error', { errors: errors.map((e) => e.message).join('; ') });
      },
    },
    wss,
  );
  return {
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
