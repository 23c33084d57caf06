// The five subgraphs and how each is created; the one place that knows them all.
import type { QuerentRuntime, SubgraphName, SubgraphService } from '@querent/common';
import { createCatalogSubgraph } from '@querent/catalog';
import { createPlanningSubgraph } from '@querent/planning';
import { createExecutionSubgraph } from '@querent/execution';
import { createVisualizationSubgraph } from '@querent/visualization';
import { createInsightSubgraph } from '@querent/insight';

export const SUBGRAPH_FACTORIES: Record<SubgraphName, (runtime: QuerentRuntime) => Promise<SubgraphService>> = {
  catalog: createCatalogSubgraph,
  planning: createPlanningSubgraph,
  execution: createExecutionSubgraph,
  visualization: createVisualizationSubgraph,
  insight: createInsightSubgraph,
};

export interface SubgraphEndpoint {
  name: SubgraphName;
  /** The subgraph's GraphQL URL, ending in /graphql. */
  url: string;
}

export function healthUrlOf(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/graphql\/?$/, '') + '/health';
}
