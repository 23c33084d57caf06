// Maps domain query-run records onto GraphQL types.
import type { QueryRunRecord } from '../runs/query-run';
import { Database, QueryRun, QueryRunError } from './execution.types';

export function databaseRef(id: string): Database {
  return Object.assign(new Database(), { id });
}

export function toQueryRun(record: QueryRunRecord): QueryRun {
  return Object.assign(new QueryRun(), {
    id: record.id,
    status: record.status,
    sql: record.sql,
    question: record.question,
    database: databaseRef(record.connectionId),
    rowCount: record.rowCount,
    truncated: record.truncated,
    cacheHit: record.cacheHit,
    durationMs: record.durationMs,
    error: record.errorCode ? Object.assign(new QueryRunError(), { code: record.errorCode, message: record.errorMessage ?? '' }) : null,
    createdAt: record.createdAt,
  });
}
