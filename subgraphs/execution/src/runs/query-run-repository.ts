// The port for recording query runs and reading them back, batched by database and paged newest first.
import type { PageRequest, PageResult } from '@querent/common';
import type { NewQueryRun, QueryRunRecord } from './query-run';

export interface QueryRunRepository {
  /** Records a finished run (runs are written once, when they end). */
  create(run: NewQueryRun): Promise<QueryRunRecord>;
  countByConnections(connectionIds: readonly string[]): Promise<Map<string, number>>;
  recentByConnection(connectionId: string, first: number): Promise<QueryRunRecord[]>;
  /** Runs of a database, newest first, after a cursor from an earlier page. */
  history(connectionId: string, page: PageRequest): Promise<PageResult<QueryRunRecord>>;
  findByIds(ids: readonly string[]): Promise<QueryRunRecord[]>;
}
