// Builds a real schema memory for tests: Querent's store, the real dialect, and one registered connection.
import crypto from 'node:crypto';
import { createLogger, dialectForUrl, InProcessEventBus, openPrismaStore, type EventBus, type PrismaStore } from '@querent/common';
import { DialectConnector } from '@querent/catalog/dist/memory/dialect-connector';
import { PrismaCatalogRepository } from '@querent/catalog/dist/memory/prisma-catalog-repository';
import { SchemaMemory } from '@querent/catalog/dist/memory/schema-memory';

export interface MemoryStack {
  store: PrismaStore;
  memory: SchemaMemory;
  repository: PrismaCatalogRepository;
  /** How the memory reaches the engine (benchmarks wrap its connections to time the engine's share). */
  connector: DialectConnector;
  bus: EventBus;
  connectionId: string;
  close(): Promise<void>;
}

/** Opens (or reuses, when `connectionId` names an existing one) a memory over `url`, stored in `dataDir`. */
export async function openMemoryStack(options: { dataDir: string; url: string; connectionId?: string; ttls?: { schemasMs: number; tablesMs: number } }): Promise<MemoryStack> {
  const store = await openPrismaStore({ dataDir: options.dataDir });
  const dialect = dialectForUrl(options.url);
  let connectionId = options.connectionId;
  if (!connectionId) {
    connectionId = crypto.randomUUID();
    await store.prisma.connection.create({ data: { id: connectionId, name: `t${connectionId.slice(0, 8)}`, dialect: dialect.name, encryptedUrl: 'test', displayUrl: 'test', tags: [] } });
  }
  const bus = new InProcessEventBus();
  const connector = new DialectConnector(async () => ({ dialect, url: options.url }), { connectTimeoutMs: 5000, queryTimeoutMs: 30000 });
  const repository = new PrismaCatalogRepository(store);
  const memory = new SchemaMemory({ repository, connector, bus, logger: createLogger('test', 'error'), ttls: options.ttls ?? { schemasMs: 3_600_000, tablesMs: 3_600_000 } });
  return {
    store,
    memory,
    repository,
    connector,
    bus,
    connectionId,
    close: async () => {
      await connector.closeAll();
      await bus.close();
      await store.close();
    },
  };
}
