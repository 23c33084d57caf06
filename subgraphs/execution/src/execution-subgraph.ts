// Wires the execution subgraph over the runtime's ports: the guard, one executor per database, the result cache,
// the run store, the audit log, and the catalog's rows it reads (fingerprints, PII flags).
import { buildFederatedSchema, sqlRulesFor, StoreAuditLog, TOPICS, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { createResultCache } from './cache/create-result-cache';
import { StoreCatalogFingerprints } from './catalog/store-catalog-fingerprints';
import { StoreConnectionLookup } from './connections/store-connection-lookup';
import { ExecutionService } from './execution/execution-service';
import { ExecutorRegistry } from './execution/executor-registry';
import { guardPort } from './execution/guard-port';
import { StorePiiPolicy } from './pii/store-pii-policy';
import { PrismaQueryRunRepository } from './runs/prisma-query-run-repository';
import { QueryRunService } from './runs/query-run-service';
import { DatabaseRunsResolver } from './resolvers/database-runs.resolver';
import { ExecutionResolver } from './resolvers/execution.resolver';
import { databaseRef, toQueryRun } from './resolvers/query-run.mapper';

export async function createExecutionSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const logger = runtime.logger.child('execution');
  const limits = runtime.settings.execution;
  const repository = new PrismaQueryRunRepository(runtime.store);
  const runs = new QueryRunService(repository);
  const connections = new StoreConnectionLookup(runtime.store, (stored) => runtime.cipher.decrypt(stored), { connectTimeoutMs: limits.connectTimeoutMs, poolSize: limits.poolSize });
  const executors = new ExecutorRegistry((id) => connections.openExecutor(id));
  const cache = await createResultCache({ redisUrl: runtime.settings.redisUrl, maxBytes: limits.cacheMaxBytes, logger });
  const warn = (message: string, fields: Record<string, unknown>) => logger.warn(message, fields);
  const execution = new ExecutionService({
    connections,
    executors,
    guard: guardPort,
    catalog: new StoreCatalogFingerprints(runtime.store),
    pii: new StorePiiPolicy(runtime.store),
    cache,
    runs: repository,
    audit: new StoreAuditLog(runtime.store),
    bus: runtime.bus,
    limits,
    sqlGrammars: (dialect) => sqlRulesFor(dialect).parserGrammars,
    warn,
  });

  // A removed database's executor (and its pool of connections) goes with it.
  const unsubscribe = await runtime.bus.subscribe(TOPICS.CONNECTION, (event) => {
    if (event.kind === 'REMOVED') executors.close(event.databaseId).catch((error: Error) => warn('closing an executor failed', { databaseId: event.databaseId, error: error.message }));
  });

  const schema = await buildFederatedSchema({
    resolvers: [DatabaseRunsResolver, ExecutionResolver],
    resolverInstances: [new DatabaseRunsResolver(runs, new Date()), new ExecutionResolver(execution, runs)],
    referenceResolvers: {
      Database: { __resolveReference: (reference: { id: string }) => databaseRef(reference.id) },
      QueryRun: {
        // The result fields read the cached result on demand, masked for the asking role.
        __resolveReference: async (reference: { id: string }) => {
          const [record] = await runs.getMany([reference.id]);
          return record ? toQueryRun(record) : null;
        },
      },
    },
  });
  return {
    name: 'execution',
    schema,
    checkHealth: async () => ({ ...(await runtime.checkHealth()), resultCache: cache.kind }),
    close: async () => {
      await unsubscribe();
      await executors.closeAll();
      await cache.close();
    },
  };
}
