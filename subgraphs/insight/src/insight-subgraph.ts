// Wires the insight subgraph (writes statistics, trends and follow-ups) over the runtime's ports.
import { buildFederatedSchema, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { InsightServiceResolver } from './resolvers/insight-service.resolver';

export async function createInsightSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const schema = await buildFederatedSchema({
    resolvers: [InsightServiceResolver],
    resolverInstances: [new InsightServiceResolver(new Date())],
  });
  return { name: 'insight', schema, checkHealth: () => runtime.checkHealth() };
}
