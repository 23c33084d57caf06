// Per-request context of the catalog subgraph: the shared request facts plus per-request DataLoaders.
import DataLoader from 'dataloader';
import type { RequestContext } from '@querent/common';
import type { ConnectionRecord } from '../connections/connection';
import type { ConnectionService } from '../connections/connection-service';

export interface CatalogContext extends RequestContext {
  loaders?: { connection: DataLoader<string, ConnectionRecord | null> };
}

/** The request's connection loader, created on first use so every lookup in one request is one batch. */
export function connectionLoader(context: CatalogContext, service: ConnectionService): DataLoader<string, ConnectionRecord | null> {
  context.loaders ??= { connection: new DataLoader((ids) => service.getMany(ids)) };
  return context.loaders.connection;
}
