// Wires the catalog subgraph: connections, the schema memory over the dialects, its schema and its start-up work.
import { buildFederatedSchema, StoreAuditLog, TOPICS, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { ConnectionService } from './connections/connection-service';
import { PrismaConnectionRepository } from './connections/prisma-connection-repository';
import { DialectConnector } from './memory/dialect-connector';
import { PrismaCatalogRepository } from './memory/prisma-catalog-repository';
import { SchemaMemory } from './memory/schema-memory';
import { DatabaseResolver } from './resolvers/database.resolver';
import { databaseReference } from './resolvers/database.reference';
import { DatabaseMemoryResolver, SchemaMemoryResolver, TableMemoryResolver } from './resolvers/schema-memory.resolver';
import { CatalogAdminResolver, ChangeEventResolver, RefreshRunResolver } from './resolvers/catalog-admin.resolver';
import { bootstrapDemoDatabase } from './demo/demo-bootstrap';
import { PrismaRelationshipRepository } from './relationships/prisma-relationship-repository';
import { RelationshipService } from './relationships/relationship-service';
import { SqlOverlapMeter } from './relationships/value-overlap';
import { RelationshipResolver, TableRelationshipsResolver } from './resolvers/relationship.resolver';
import { PrismaProfileRepository } from './profiling/prisma-profile-repository';
import { ProfileJobs } from './profiling/profile-job';
import { SchemaMemoryTargets } from './profiling/profile-targets';
import { ColumnProfileResolver, ProfileResolver, TableProfileResolver } from './resolvers/profile.resolver';
import { createKnowledgeServices, type KnowledgeServices } from './system/knowledge-wiring';

export async function createCatalogSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const logger = runtime.logger.child('catalog');
  const { catalog } = runtime.settings;
  const connectOptions = { connectTimeoutMs: catalog.connectTimeoutMs, queryTimeoutMs: catalog.queryTimeoutMs };
  const catalogRepository = new PrismaCatalogRepository(runtime.store);
  let connector: DialectConnector | undefined;
  let memory: SchemaMemory | undefined;
  let relationships: RelationshipService | undefined;
  let knowledge: KnowledgeServices | undefined;
  const connections = new ConnectionService({
    repository: new PrismaConnectionRepository(runtime.store),
    encrypt: (plaintext) => runtime.cipher.encrypt(plaintext),
    decrypt: (stored) => runtime.cipher.decrypt(stored),
    bus: runtime.bus,
    audit: new StoreAuditLog(runtime.store),
    connectOptions,
    onRemoved: async (id, purge) => {
      memory?.evict(id);
      await connector?.drop(id);
      await catalogRepository.forget(id, { history: purge });
      await relationships?.forget(id);
      await knowledge?.dataPoints.forget(id);
    },
  });
  connector = new DialectConnector((id) => connections.target(id), connectOptions);
  memory = new SchemaMemory({
    repository: catalogRepository,
    connector,
    bus: runtime.bus,
    logger,
    ttls: { schemasMs: catalog.ttlSchemasMs, tablesMs: catalog.ttlTablesMs },
  });
  const schemaMemory = memory;
  relationships = new RelationshipService({
    memory: schemaMemory,
    repository: new PrismaRelationshipRepository(runtime.store),
    // Value overlap runs through the dialect's read-only executor; when it cannot open, names alone decide.
    openOverlapMeter: async (id) => {
      const target = await connections.target(id);
      const executor = await target.dialect.openExecutor(target.url, { connectTimeoutMs: catalog.connectTimeoutMs, poolSize: 1 });
      return { meter: new SqlOverlapMeter(executor, (name) => target.dialect.quoteIdentifier(name), { timeoutMs: catalog.queryTimeoutMs }), close: () => executor.close() };
    },
    budget: { maxOverlapQueries: 200, overlapBudgetMs: 30_000 },
    logger,
  });
  const relationshipService = relationships;
  const profileRepository = new PrismaProfileRepository(runtime.store);
  const { profiling } = runtime.settings;
  const profileJobs = new ProfileJobs({
    repository: profileRepository,
    targets: new SchemaMemoryTargets(schemaMemory),
    // Every profiling read goes through the engine's read-only executor: read-only session, timeout, row cap, cancel.
    openExecutor: async (id) => {
      const target = await connections.target(id);
      return { executor: await target.dialect.openExecutor(target.url, { connectTimeoutMs: catalog.connectTimeoutMs, poolSize: 1 }), sampling: target.dialect.sampling };
    },
    bus: runtime.bus,
    logger: logger.child('profiling'),
    budgets: { tableMs: profiling.tableBudgetMs, databaseMs: profiling.databaseBudgetMs, sampleRows: profiling.sampleRows },
  });
  knowledge = createKnowledgeServices({ runtime, connections, memory: schemaMemory, relationships: relationshipService, profileJobs, profiles: profileRepository, logger });
  const knowledgeServices = knowledge;
  const startedAt = new Date();
  const schema = await buildFederatedSchema({
    resolvers: [DatabaseResolver, DatabaseMemoryResolver, SchemaMemoryResolver, TableMemoryResolver, CatalogAdminResolver, ChangeEventResolver, RefreshRunResolver, RelationshipResolver, TableRelationshipsResolver, ProfileResolver, TableProfileResolver, ColumnProfileResolver, ...knowledgeServices.resolvers],
    resolverInstances: [
      new DatabaseResolver(connections, startedAt),
      new DatabaseMemoryResolver(schemaMemory),
      new SchemaMemoryResolver(schemaMemory),
      new TableMemoryResolver(schemaMemory),
      new CatalogAdminResolver(connections, schemaMemory, catalogRepository),
      new ChangeEventResolver(catalogRepository),
      new RefreshRunResolver(connections),
      new RelationshipResolver(connections, relationshipService),
      new TableRelationshipsResolver(relationshipService),
      new ProfileResolver(connections, profileJobs),
      new TableProfileResolver(profileRepository),
      new ColumnProfileResolver(profileRepository),
      ...knowledgeServices.resolverInstances,
    ],
    referenceResolvers: { Database: databaseReference(connections) },
  });

  const interrupted = await catalogRepository.failInterruptedRuns();
  if (interrupted > 0) logger.warn('marked refreshes interrupted by an earlier stop as failed; their previous memory was kept', { count: interrupted });
  const interruptedJobs = await profileRepository.failInterruptedJobs();
  if (interruptedJobs > 0) logger.warn('marked profiling jobs interrupted by an earlier stop as failed; tables they finished keep their profiles', { count: interruptedJobs });

  // Execution reports unknown tables and columns here: re-read that node once.
  const unsubscribe = await runtime.bus.subscribe(TOPICS.CATALOG_REFRESH_REQUESTED, (request) => {
    schemaMemory.reportError(request.databaseId, request.schema, request.table).catch((error: Error) => logger.warn('error-triggered refresh failed', { databaseId: request.databaseId, error: error.message }));
  });

  let prober: NodeJS.Timeout | undefined;
  if (catalog.probeIntervalMs > 0) {
    prober = setInterval(() => {
      void connections.list().then((all) =>
        Promise.all(all.map((c) => schemaMemory.checkAll(c.id, 'probe').catch((error: Error) => logger.warn('background probe failed', { database: c.name, error: error.message })))),
      );
    }, catalog.probeIntervalMs);
    prober.unref();
  }

  return {
    name: 'catalog',
    schema,
    checkHealth: () => runtime.checkHealth(),
    afterStart: async () => {
      if (!runtime.settings.demo) return;
      try {
        await bootstrapDemoDatabase({ dataDir: runtime.settings.dataDir, connections, logger });
      } catch (error) {
        // Querent still serves every other database; say clearly why the demo is missing.
        logger.error((error as Error).message);
      }
    },
    close: async () => {
      if (prober) clearInterval(prober);
      await unsubscribe();
      await profileJobs.close();
      await connector?.closeAll();
    },
  };
}
