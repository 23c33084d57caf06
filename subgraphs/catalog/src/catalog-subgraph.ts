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

export async function createCatalogSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const logger = runtime.logger.child('catalog');
  const { catalog } = runtime.settings;
  const connectOptions = { connectTimeoutMs: catalog.connectTimeoutMs, queryTimeoutMs: catalog.queryTimeoutMs };
  const catalogRepository = new PrismaCatalogRepository(runtime.store);
  let connector: DialectConnector | undefined;
  let memory: SchemaMemory | undefined;
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
  const startedAt = new Date();
  const schema = await buildFederatedSchema({
    resolvers: [DatabaseResolver, DatabaseMemoryResolver, SchemaMemoryResolver, TableMemoryResolver, CatalogAdminResolver, ChangeEventResolver, RefreshRunResolver],
    resolverInstances: [
      new DatabaseResolver(connections, startedAt),
      new DatabaseMemoryResolver(schemaMemory),
      new SchemaMemoryResolver(schemaMemory),
      new TableMemoryResolver(schemaMemory),
      new CatalogAdminResolver(connections, schemaMemory, catalogRepository),
      new ChangeEventResolver(catalogRepository),
      new RefreshRunResolver(connections),
    ],
    referenceResolvers: { Database: databaseReference(connections) },
  });

  const interrupted = await catalogRepository.failInterruptedRuns();
  if (interrupted > 0) logger.warn('marked refreshes interrupted by an earlier stop as failed; their previous memory was kept', { count: interrupted });

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
      await connector?.closeAll();
    },
  };
}
