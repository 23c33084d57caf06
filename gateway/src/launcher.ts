// Starts Querent in one of its layouts: everything in one process (embedded), the gateway alone, or one subgraph alone.
import { createEventBus, openRuntime, serveSubgraph, SUBGRAPH_NAMES, type EventBus, type Logger, type QuerentRuntime, type RunningSubgraph, type Settings, type SubgraphName } from '@querent/common';
import { SUBGRAPH_FACTORIES, type SubgraphEndpoint } from './subgraph-registry';
import { startGateway, type RunningGateway } from './gateway-server';

export interface RunningQuerent {
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  close(): Promise<void>;
}

async function closeAll(steps: (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const step of steps) {
    await step().catch((error: Error) => logger.warn('shutdown step failed', { error: error.message }));
  }
}

/** The embedded default: the five subgraphs on loopback ports chosen by the OS, and the gateway on PORT. */
export async function startEmbedded(settings: Settings, logger: Logger): Promise<RunningQuerent> {
  const runtime = await openRuntime(settings, logger);
  const subgraphs: RunningSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      const service = await SUBGRAPH_FACTORIES[name](runtime);
      // Loopback only: in one process the subgraphs are private to the gateway.
      const served = await serveSubgraph(service, { host: '127.0.0.1', port: 0, logger: logger.child(name), defaultRole: settings.defaultRole });
      runtime.peers.register(name, served.graphqlUrl);
      subgraphs.push(served);
      await service.afterStart?.();
    }
    const gateway = await startGatewayOver(settings, runtime.bus, subgraphs.map((s) => ({ name: s.name, url: s.graphqlUrl })), logger);
    return {
      gateway,
      subgraphs,
      close: () => closeAll([() => gateway.close(), ...subgraphs.map((s) => () => s.close()), () => runtime.close()], logger),
    };
  } catch (error) {
    await closeAll([...subgraphs.map((s) => () => s.close()), () => runtime.close()], logger);
    throw error;
  }
}

function startGatewayOver(settings: Settings, bus: EventBus, endpoints: SubgraphEndpoint[], logger: Logger): Promise<RunningGateway> {
  return startGateway({
    endpoints,
    bus,
    logger: logger.child('gateway'),
    host: settings.host,
    port: settings.port,
    subgraphTimeoutMs: settings.subgraphTimeoutMs,
    healthIntervalMs: settings.healthIntervalMs,
    defaultRole: settings.defaultRole,
  });
}

/** Scale-out: only the gateway, reaching subgraphs at QUERENT_<NAME>_URL, with events over Redis. */
export async function startGatewayOnly(settings: Settings, logger: Logger): Promise<RunningQuerent> {
  if (!settings.redisUrl) logger.warn('REDIS_URL is not set: subscriptions will carry only the gateway\'s own events, not those of subgraph processes');
  const bus = await createEventBus({ redisUrl: settings.redisUrl, logger: logger.child('bus') });
  try {
    const gateway = await startGatewayOver(settings, bus, SUBGRAPH_NAMES.map((name) => ({ name, url: settings.subgraphUrls[name] })), logger);
    return { gateway, subgraphs: [], close: () => closeAll([() => gateway.close(), () => bus.close()], logger) };
  } catch (error) {
    await bus.close();
    throw error;
  }
}

/** Scale-out: one subgraph in its own process. */
export async function startOneSubgraph(name: SubgraphName, settings: Settings, logger: Logger): Promise<{ subgraph: RunningSubgraph; runtime: QuerentRuntime; close(): Promise<void> }> {
  if (!settings.redisUrl) logger.warn(`REDIS_URL is not set: events from the ${name} subgraph will not reach the gateway`);
  const runtime = await openRuntime(settings, logger);
  try {
    const service = await SUBGRAPH_FACTORIES[name](runtime);
    const subgraph = await serveSubgraph(service, { host: settings.host, port: settings.port, logger: logger.child(name), defaultRole: settings.defaultRole });
    await service.afterStart?.();
    return { subgraph, runtime, close: () => closeAll([() => subgraph.close(), () => runtime.close()], logger) };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
