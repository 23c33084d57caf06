// A recorded execution of SQL, as the execution domain sees it.

/** How a run ended. Stored in lower case; GraphQL shows the upper-case enum. */
export const RUN_STATUSES = ['ok', 'error', 'refused', 'timeout', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface QueryRunRecord {
  id: string;
  connectionId: string;
  question: string | null;
  sql: string;
  status: string;
  rowCount: number | null;
  truncated: boolean;
  cacheHit: boolean;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Who ran it (until authentication lands: the request's role). */
  user: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export type NewQueryRun = Omit<QueryRunRecord, 'id'> & { id?: string };
