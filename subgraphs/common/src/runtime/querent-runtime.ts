// Opens what every Querent process shares: settings, logger, the store (migrated), the event bus and the credential cipher.
import type { Settings } from '../config/settings';
import { isEmbeddedStore } from '../config/settings';
import type { EventBus } from '../events/event-bus';
import { createEventBus } from '../events/create-event-bus';
import type { Logger } from '../logging/logger';
import { CredentialCipher } from '../security/credential-cipher';
import { resolveSecretKey } from '../security/secret-key';
import { openPrismaStore, type PrismaStore } from '../store';
import { SubgraphPeers } from '../peers/subgraph-peers';
import { SubgraphClient } from '../peers/subgraph-client';

export interface QuerentRuntime {
  settings: Settings;
  logger: Logger;
  store: PrismaStore;
  bus: EventBus;
  cipher: CredentialCipher;
  /** Where the other subgraphs are (the embedded launcher registers their loopback URLs) and a client to call them. */
  peers: SubgraphPeers;
  subgraphs: SubgraphClient;
  /** Health facts every service reports: the store answers, and which bus carries events. */
  checkHealth(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function openRuntime(settings: Settings, logger: Logger): Promise<QuerentRuntime> {
  // The secret comes first: a shared store without QUERENT_SECRET must refuse before touching anything.
  const secret = resolveSecretKey({ secret: settings.secret, dataDir: settings.dataDir, embedded: isEmbeddedStore(settings) });
  if (secret.origin === 'generated-file') logger.info('generated a new encryption secret', { file: secret.file });
  const store = await openPrismaStore({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  let bus: EventBus;
  try {
    bus = await createEventBus({ redisUrl: settings.redisUrl, logger: logger.child('bus') });
  } catch (error) {
    await store.close();
    throw error;
  }
  const peers = new SubgraphPeers(settings.subgraphUrls);
  logger.info('runtime ready', { store: `${store.provider} ${store.location}`, bus: bus.kind });
  return {
    settings,
    logger,
    store,
    bus,
    cipher: new CredentialCipher(secret.key),
    peers,
    subgraphs: new SubgraphClient(peers),
    checkHealth: async () => {
      await store.prisma.$queryRawUnsafe('SELECT 1');
      return { store: store.provider, bus: bus.kind };
    },
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}
