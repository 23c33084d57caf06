// What every subgraph gives the launcher, and how one is served on HTTP with /graphql and /health.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from '../config/settings';
import type { Logger } from '../logging/logger';
import { startGraphQLHttpServer, type RunningHttpServer } from './graphql-http-server';
import { createRequestContext, type RequestContext, type Role } from './request-context';
import { graphQLErrorFormatter } from './error-formatter';

export interface SubgraphService {
  name: SubgraphName;
  schema: GraphQLSchema;
  /** Extra health facts (for example whether the store answers); throwing marks the subgraph degraded. */
  checkHealth?: () => Promise<Record<string, unknown>>;
  /** Work to do once the subgraph serves, such as registering the demo database. */
  afterStart?: () => Promise<void>;
  close?: () => Promise<void>;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  graphqlUrl: string;
  http: RunningHttpServer;
  close(): Promise<void>;
}

export async function serveSubgraph(service: SubgraphService, options: { host: string; port: number; logger: Logger; defaultRole: Role }): Promise<RunningSubgraph> {
  const apollo = new ApolloServer<RequestContext>({
    schema: service.schema,
    formatError: graphQLErrorFormatter(options.logger),
    introspection: true,
    // The process lifecycle owns signals; Apollo's own handler would re-send SIGINT and cut shutdown short.
    stopOnTerminationSignals: false,
    // Traces are for Apollo's hosted studio, which Querent does not report to.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const started = Date.now();
  const http = await startGraphQLHttpServer({
    apollo,
    host: options.host,
    port: options.port,
    logger: options.logger,
    context: async (req) => createRequestContext(req, options.defaultRole),
    health: async () => {
      try {
        const facts = service.checkHealth ? await service.checkHealth() : {};
        return { status: 'ok', name: service.name, uptimeMs: Date.now() - started, ...facts };
      } catch (error) {
        return { status: 'degraded', name: service.name, error: (error as Error).message };
      }
    },
  });
  options.logger.info('subgraph listening', { name: service.name, url: `${http.url}/graphql` });
  return {
    name: service.name,
    url: http.url,
    graphqlUrl: `${http.url}/graphql`,
    http,
    close: async () => {
      await http.close();
      await apollo.stop();
      await service.close?.();
    },
  };
}
