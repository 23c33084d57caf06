// Wires the planning subgraph (turns questions into SQL plans) over the runtime's ports.
import { buildFederatedSchema, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { PlanningServiceResolver } from './resolvers/planning-service.resolver';

export async function createPlanningSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const schema = await buildFederatedSchema({
    resolvers: [PlanningServiceResolver],
    resolverInstances: [new PlanningServiceResolver(new Date())],
  });
  return { name: 'planning', schema, checkHealth: () => runtime.checkHealth() };
}
