// The port for reading recorded query runs, batched by database.
import type { QueryRunRecord } from './query-run';

export interface QueryRunRepository {
  countByConnections(connectionIds: readonly string[]): Promise<Map<string, number>>;
  recentByConnection(connectionId: string, first: number): Promise<QueryRunRecord[]>;
  findByIds(ids: readonly string[]): Promise<QueryRunRecord[]>;
}
