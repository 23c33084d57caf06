// `npm run start:subgraph -- <name>`: one subgraph in its own process (scale-out layout).
import { QuerentError, SUBGRAPH_DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '@querent/common';
import { runProcess } from './process-lifecycle';
import { startOneSubgraph } from './launcher';

const name = process.argv[2];
void runProcess(`querent:${name ?? 'subgraph'}`, async (settings, logger) => {
  if (!name || !(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
    throw new QuerentError('BAD_INPUT', `name the subgraph to start: one of ${SUBGRAPH_NAMES.join(', ')} (for example: npm run start:subgraph -- catalog)`);
  }
  const subgraphName = name as SubgraphName;
  const port = process.env.PORT ? settings.port : SUBGRAPH_DEFAULT_PORTS[subgraphName];
  const running = await startOneSubgraph(subgraphName, { ...settings, port }, logger);
  return { close: running.close, banner: `Querent ${subgraphName} subgraph serving ${running.subgraph.graphqlUrl} (health: ${running.subgraph.url}/health)` };
});
