// `npm start`: the embedded default (gateway and five subgraphs in one process), or the gateway alone with QUERENT_MODE=gateway.
import { runProcess } from './process-lifecycle';
import { startEmbedded, startGatewayOnly } from './launcher';

void runProcess('querent', async (settings, logger) => {
  const running = settings.mode === 'gateway' ? await startGatewayOnly(settings, logger) : await startEmbedded(settings, logger);
  const health = await running.gateway.checkHealth();
  const healthy = health.subgraphs.filter((s) => s.healthy).length;
  return {
    close: running.close,
    banner: [
      `Querent is running (${settings.mode}); ${healthy}/${health.subgraphs.length} subgraphs healthy.`,
      `  Web:           ${running.gateway.url}/`,
      `  GraphQL:       ${running.gateway.graphqlUrl}`,
      `  Subscriptions: ${running.gateway.wsUrl}`,
      `  Health:        ${running.gateway.url}/health`,
      `  Data:          ${settings.dataDir}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  };
});
