// Wires the catalog subgraph: its services over the runtime's ports, its schema, and its start-up work.
import { buildFederatedSchema, StoreAuditLog, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { ConnectionService } from './connections/connection-service';
import { PrismaConnectionRepository } from './connections/prisma-connection-repository';
import { DatabaseResolver } from './resolvers/database.resolver';
import { databaseReference } from './resolvers/database.reference';
import { bootstrapDemoDatabase } from './demo/demo-bootstrap';

export async function createCatalogSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const connections = new ConnectionService({
    repository: new PrismaConnectionRepository(runtime.store),
    encrypt: (plaintext) => runtime.cipher.encrypt(plaintext),
    bus: runtime.bus,
    audit: new StoreAuditLog(runtime.store),
  });
  const schema = await buildFederatedSchema({
    resolvers: [DatabaseResolver],
    resolverInstances: [new DatabaseResolver(connections, new Date())],
    referenceResolvers: { Database: databaseReference(connections) },
  });
  const logger = runtime.logger.child('catalog');
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
  };
}
