// Wires the visualization subgraph (turns results into charts) over the runtime's ports.
import { buildFederatedSchema, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { VisualizationServiceResolver } from './resolvers/visualization-service.resolver';

export async function createVisualizationSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const schema = await buildFederatedSchema({
    resolvers: [VisualizationServiceResolver],
    resolverInstances: [new VisualizationServiceResolver(new Date())],
  });
  return { name: 'visualization', schema, checkHealth: () => runtime.checkHealth() };
}
