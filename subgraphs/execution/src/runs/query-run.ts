// A recorded execution of SQL, as the execution domain sees it.
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
  createdAt: Date;
}
