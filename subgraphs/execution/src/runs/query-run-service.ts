// Reads the history of query runs per database: counts, the most recent, a paged history, runs by id.
import { checkPageSize, type PageRequest, type PageResult } from '@querent/common';
import type { QueryRunRecord } from './query-run';
import type { QueryRunRepository } from './query-run-repository';

export const MAX_RECENT_RUNS = 100;

export class QueryRunService {
  constructor(private readonly repository: QueryRunRepository) {}

  /** Run counts per database id, in the order asked (DataLoader's contract). */
  async countFor(connectionIds: readonly string[]): Promise<number[]> {
    const counts = await this.repository.countByConnections(connectionIds);
    return connectionIds.map((id) => counts.get(id) ?? 0);
  }

  recent(connectionId: string, first: number): Promise<QueryRunRecord[]> {
    return this.repository.recentByConnection(connectionId, Math.max(1, Math.min(first, MAX_RECENT_RUNS)));
  }

  /** Runs of a database, newest first, one page at a time. */
  async history(connectionId: string, page: PageRequest): Promise<PageResult<QueryRunRecord>> {
    checkPageSize(page.first);
    return this.repository.history(connectionId, page);
  }

  async getMany(ids: readonly string[]): Promise<(QueryRunRecord | null)[]> {
    const found = new Map((await this.repository.findByIds(ids)).map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  }
}
