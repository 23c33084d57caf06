// The gateway: composes the subgraphs, serves the composed API, /health, the web page, and subscriptions at /graphql.
import fs from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createRequestContext, graphQLErrorFormatter, startGraphQLHttpServer, type EventBus, type Logger, type RequestContext, type Role, type SubgraphName } from '@querent/common';
import { composeFromEndpoints, type Composition } from './supergraph-composer';
import { SubgraphDataSource } from './subgraph-data-source';
import { SubgraphHealthMonitor, type GatewayHealth } from './subgraph-health-monitor';
import type { SubgraphEndpoint } from './subgraph-registry';
import { attachSubscriptionServer } from './subscriptions/subscription-server';
import { buildSubscriptionSchema } from './subscriptions/subscription-schema';

const WEB_ROOT = path.resolve(__dirname, '..', '..', 'clients', 'web');
const WEB_PAGE = path.join(WEB_ROOT, 'index.html');
/** The bundled web app (scripts/build-web.js); served next to the page. */
const WEB_ASSETS: Record<string, { file: string; type: string }> = {
  '/app.js': { file: path.join(WEB_ROOT, 'dist', 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/app.js.map': { file: path.join(WEB_ROOT, 'dist', 'app.js.map'), type: 'application/json' },
};

function serveFile(res: import('node:http').ServerResponse, file: string, type: string): void {
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The web app is not built; run `npm run build`.\n');
    return;
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
}

export interface GatewayOptions {
  endpoints: SubgraphEndpoint[];
  bus: EventBus;
  logger: Logger;
  host: string;
  port: number;
  subgraphTimeoutMs: number;
  healthIntervalMs: number;
  defaultRole: Role;
}

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  health(): GatewayHealth;
  /** Probes the subgraphs now (the monitor also does so on its interval). */
  checkHealth(): Promise<GatewayHealth>;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger;
  let recompose: (() => Promise<void>) | undefined;
  const monitor = new SubgraphHealthMonitor(options.endpoints, {
    bus: options.bus,
    logger: logger.child('health'),
    intervalMs: options.healthIntervalMs,
    // A subgraph that restarts may serve a changed schema: compose again.
    onRecovered: () => void recompose?.(),
  });
  await monitor.check();

  const gateway = new ApolloGateway({
    logger: { debug: (m) => logger.debug(String(m)), info: (m) => logger.debug(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
    buildService: ({ name, url }) => new SubgraphDataSource(name, url ?? '', options.subgraphTimeoutMs),
    supergraphSdl: async ({ update }) => {
      let current: Composition = await composeFromEndpoints(options.endpoints, { timeoutMs: 3000, logger });
      let composing = false;
      recompose = async () => {
        if (composing) return;
        composing = true;
        try {
          const next = await composeFromEndpoints(options.endpoints, { timeoutMs: 3000, logger });
          if (next.supergraphSdl !== current.supergraphSdl) {
            update(next.supergraphSdl);
            logger.info('supergraph recomposed', { fromCommittedSdl: next.fromFallback.join(',') || 'none' });
          }
          current = next;
        } catch (error) {
          logger.warn('composition retry failed; keeping the previous supergraph', { error: (error as Error).message });
        } finally {
          composing = false;
        }
      };
      // Retry composition while any subgraph is represented only by its committed SDL.
      const retry = setInterval(() => {
        if (current.fromFallback.length > 0) void recompose?.();
      }, options.healthIntervalMs);
      retry.unref();
      return { supergraphSdl: current.supergraphSdl, cleanup: async () => clearInterval(retry) };
    },
  });

  const apollo = new ApolloServer<RequestContext>({
    gateway,
    formatError: graphQLErrorFormatter(logger),
    // The process lifecycle owns signals; Apollo's own handler would re-send SIGINT and cut shutdown short.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  monitor.start();

  const http = await startGraphQLHttpServer({
    apollo,
    host: options.host,
    port: options.port,
    logger,
    context: async (req) => createRequestContext(req, options.defaultRole),
    health: async () => monitor.report(),
    routes: {
      '/': (_req, res) => serveFile(res, WEB_PAGE, 'text/html; charset=utf-8'),
      ...Object.fromEntries(Object.entries(WEB_ASSETS).map(([route, asset]) => [route, (_req: unknown, res: import('node:http').ServerResponse) => serveFile(res, asset.file, asset.type)])),
    },
  });
  const subscriptions = attachSubscriptionServer(http.server, { schema: await buildSubscriptionSchema(options.bus), logger: logger.child('ws') });
  const wsUrl = http.url.replace(/^http/, 'ws') + '/graphql';
  logger.info('gateway listening', { url: `${http.url}/graphql`, subscriptions: wsUrl, health: `${http.url}/health` });

  return {
    url: http.url,
    graphqlUrl: `${http.url}/graphql`,
    wsUrl,
    health: () => monitor.report(),
    checkHealth: async () => {
      await monitor.check();
      return monitor.report();
    },
    close: async () => {
      monitor.stop();
      await subscriptions.close();
      await http.close();
      await apollo.stop();
    },
  };
}

export type { SubgraphName };
