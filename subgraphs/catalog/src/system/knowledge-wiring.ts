// Wires DataPoints, the vector index, system status and initialize into the catalog subgraph: the store adapters,
// the LLM client when one is configured, profiling and relationships as the generator's sources.
import { createLlmClient, createVectorIndex, providerTextEmbedder, StoreAuditLog, type Logger, type QuerentRuntime, type VectorIndex } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import { DatabaseFactsReader, type ProfileSource } from '../datapoints/database-facts-reader';
import { DataPointEnricher } from '../datapoints/datapoint-enricher';
import { DataPointService } from '../datapoints/datapoint-service';
import { LatestValueReader } from '../datapoints/latest-value-reader';
import { PrismaDataPointRepository } from '../datapoints/prisma-datapoint-repository';
import type { SchemaMemory } from '../memory/schema-memory';
import type { ProfileJobs } from '../profiling/profile-job';
import type { RelationshipService } from '../relationships/relationship-service';
import { DataPointResolver } from '../resolvers/datapoint.resolver';
import { SystemResolver } from '../resolvers/system.resolver';
import { SystemInitializer, type DatabaseProfiler } from './system-initializer';
import { SystemStatus } from './system-status';

/** Namespace of DataPoints in the vector index (Pinecone namespace; VectorEntry namespace in the store). */
export const DATAPOINT_INDEX_NAMESPACE = 'querent-datapoints';

export interface KnowledgeSources {
  runtime: QuerentRuntime;
  connections: ConnectionService;
  memory: SchemaMemory;
  relationships: Pick<RelationshipService, 'relationships'> | null;
  profileJobs: Pick<ProfileJobs, 'start' | 'wait'> | null;
  profiles: ProfileSource | null;
  logger: Logger;
}

export interface KnowledgeServices {
  dataPoints: DataPointService;
  status: SystemStatus;
  initializer: SystemInitializer;
  index: VectorIndex;
  resolvers: [typeof DataPointResolver, typeof SystemResolver];
  resolverInstances: [DataPointResolver, SystemResolver];
}

export function createKnowledgeServices(sources: KnowledgeSources): KnowledgeServices {
  const { runtime, connections, memory, logger } = sources;
  const { catalog } = runtime.settings;
  const llm = createLlmClient(runtime.settings.llm, { logger: logger.child('llm') });
  const index = createVectorIndex({ config: runtime.settings.vectorIndex, store: runtime.store, namespace: DATAPOINT_INDEX_NAMESPACE, providerEmbedder: providerTextEmbedder(llm) });
  logger.info('DataPoint search index', { kind: index.kind, embedding: llm?.embeddingModel ?? 'local', enrichment: llm ? llm.chatModel : 'none (deterministic descriptions)' });
  const facts = new DatabaseFactsReader({
    memory,
    dialectOf: async (id) => (await connections.target(id)).dialect,
    profiles: sources.profiles,
    relationships: sources.relationships ? (id, schemas) => sources.relationships!.relationships(id, { schemas }) : null,
    latestValues: new LatestValueReader(
      async (id) => {
        const target = await connections.target(id);
        const executor = await target.dialect.openExecutor(target.url, { connectTimeoutMs: catalog.connectTimeoutMs, poolSize: 1 });
        return { executor, quoteIdentifier: (name) => target.dialect.quoteIdentifier(name), close: () => executor.close() };
      },
      { timeoutMs: Math.min(catalog.queryTimeoutMs, 5_000), maxProbes: 200, budgetMs: 20_000 },
    ),
  });
  const dataPoints = new DataPointService({
    repository: new PrismaDataPointRepository(runtime.store),
    facts,
    enricher: llm ? new DataPointEnricher(llm, logger.child('datapoints')) : null,
    index,
    audit: new StoreAuditLog(runtime.store),
    logger: logger.child('datapoints'),
  });
  const jobs = sources.profileJobs;
  const profiler: DatabaseProfiler | null = jobs
    ? {
        profile: async (connectionId, actor) => {
          const started = await jobs.start({ connectionId, requestedBy: actor });
          const done = await jobs.wait(started.id);
          return { status: done.status, tablesProfiled: done.tablesProfiled, tablesUnchanged: done.tablesUnchanged, tablesFailed: done.tablesFailed, error: done.error };
        },
      }
    : null;
  const status = new SystemStatus({
    databases: async () => (await connections.list()).map((c) => ({ id: c.id, name: c.name })),
    profiledTables: (id) => runtime.store.prisma.tableProfile.count({ where: { connectionId: id } }),
    dataPointCounts: () => dataPoints.counts(),
    profilingAvailable: profiler !== null,
  });
  const initializer = new SystemInitializer({ connections, memory, profiler, dataPoints, status, bus: runtime.bus, audit: new StoreAuditLog(runtime.store), logger: logger.child('initialize') });
  return {
    dataPoints,
    status,
    initializer,
    index,
    resolvers: [DataPointResolver, SystemResolver],
    resolverInstances: [new DataPointResolver(connections, dataPoints), new SystemResolver(status, initializer)],
  };
}
