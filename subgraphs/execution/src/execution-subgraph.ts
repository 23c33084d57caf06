// Wires the execution subgraph over the runtime's ports.
import { buildFederatedSchema, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { PrismaQueryRunRepository } from './runs/prisma-query-run-repository';
import { QueryRunService } from './runs/query-run-service';
import { DatabaseRunsResolver } from './resolvers/database-runs.resolver';
import { databaseRef, toQueryRun } from './resolvers/query-run.mapper';

export async function createExecutionSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const runs = new QueryRunService(new PrismaQueryRunRepository(runtime.store));
  const schema = await buildFederatedSchema({
    resolvers: [DatabaseRunsResolver],
    resolverInstances: [new DatabaseRunsResolver(runs, new Date())],
    referenceResolvers: {
      Database: { __resolveReference: (reference: { id: string }) => databaseRef(reference.id) },
      QueryRun: {
        __resolveReference: async (reference: { id: string }) => {
          const [record] = await runs.getMany([reference.id]);
          return record ? toQueryRun(record) : null;
        },
      },
    },
  });
  return { name: 'execution', schema, checkHealth: () => runtime.checkHealth() };
}
