// Resolves Database references from other subgraphs (federation's __resolveReference), batched per request.
import type { ConnectionService } from '../connections/connection-service';
import { toDatabase } from './database.mapper';
import { connectionLoader, type CatalogContext } from './catalog-context';

export function databaseReference(connections: ConnectionService) {
  return {
    __resolveReference: async (reference: { id: string }, context: CatalogContext) => {
      const record = await connectionLoader(context, connections).load(reference.id);
      return record ? toDatabase(record) : null;
    },
  };
}
