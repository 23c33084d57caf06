// Maps domain query-run records onto GraphQL types.
import type { StoredResult } from '../cache/result-cache';
import type { QueryRunRecord } from '../runs/query-run';
import { Database, QueryRun, QueryRunError, QueryRunStatus } from './execution.types';

export function databaseRef(id: string): Database {
  return Object.assign(new Database(), { id });
}

function statusOf(stored: string): QueryRunStatus {
  const upper = stored.toUpperCase();
  return (Object.values(QueryRunStatus) as string[]).includes(upper) ? (upper as QueryRunStatus) : QueryRunStatus.ERROR;
}

/** `result` undefined: not known here (read on demand); null: the run has none. */
export function toQueryRun(record: QueryRunRecord, result?: StoredResult | null): QueryRun {
  return Object.assign(new QueryRun(), {
    id: record.id,
    status: statusOf(record.status),
    sql: record.sql,
    question: record.question,
    database: databaseRef(record.connectionId),
    rowCount: record.rowCount,
    truncated: record.truncated,
    cacheHit: record.cacheHit,
    durationMs: record.durationMs,
    error: record.errorCode ? Object.assign(new QueryRunError(), { code: record.errorCode, message: record.errorMessage ?? '' }) : null,
    user: record.user,
    createdAt: record.createdAt,
    result,
  });
}
