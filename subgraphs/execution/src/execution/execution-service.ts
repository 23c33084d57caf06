// Runs SQL for a person or the ask workflow: the guard first, then the result cache, then the read-only executor under
// the time, row and byte limits; masks PII for roles without the `pii` permission; records every run (refusals too)
// and an audit entry; and tells the catalog when the database names a table or column the statement assumed.
//
// Refusals and engine failures are runs, not errors: the caller gets a QueryRun whose status says what happened
// (REFUSED with the guard's code, ERROR/TIMEOUT/CANCELLED with the engine's), and history shows it. Only requests
// that cannot become a run throw: an unknown database (NOT_FOUND) or empty/oversized SQL (BAD_INPUT).
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { asQuerentError, hasPermission, QuerentError, TOPICS, type DialectName, type ErrorCode, type ReadOnlyExecutor, type ReadOnlyResult } from '@querent/common';
import { resultKey, runResultKey, validityToken, type CachedResult, type StoredResult } from '../cache/result-cache';
import { normalizeSql } from '../cache/sql-normalizer';
import { resultFor } from '../pii/pii-masking';
import { piiResultColumns, selectListSources } from '../pii/result-pii-columns';
import type { NewQueryRun, QueryRunRecord, RunStatus } from '../runs/query-run';
import type { ExecutionServicePorts, GuardVerdict, PiiColumn, Requester, TableRef } from './execution-ports';

/** Longer SQL is refused before the guard reads it. */
export const MAX_SQL_LENGTH = 100_000;
/** The executor stops a statement at the engine after the time limit; this much later the service gives up waiting. */
const TIMEOUT_GRACE_MS = 2_000;
/** SQL kept in an audit entry; the run itself keeps all of it. */
const AUDIT_SQL_CHARS = 4_000;

const STATUS_BY_CODE: Partial<Record<ErrorCode, RunStatus>> = { QUERY_TIMEOUT: 'timeout', QUERY_CANCELLED: 'cancelled' };
const SCHEMA_MOVED_CODES: ReadonlySet<string> = new Set(['UNKNOWN_TABLE', 'UNKNOWN_COLUMN']);

export interface ExecuteRequest {
  connectionId: string;
  sql: string;
  /** The question the SQL answers, when it came from one. */
  question?: string | null;
  requester: Requester;
  /** Aborting cancels the statement at the engine (QUERY_CANCELLED). */
  signal?: AbortSignal;
}

export interface ExecutionOutcome {
  run: QueryRunRecord;
  /** The rows as the requester may see them; null when the run did not produce a result. */
  result: StoredResult | null;
}

interface Ending {
  status: RunStatus;
  result: StoredResult | null;
  cacheHit: boolean;
  error: { code: string; message: string } | null;
}

export class ExecutionService {
  constructor(private readonly ports: ExecutionServicePorts) {}

  async execute(request: ExecuteRequest): Promise<ExecutionOutcome> {
    const started = performance.now();
    const createdAt = new Date();
    const sql = typeof request.sql === 'string' ? request.sql : '';
    if (sql.trim() === '') throw new QuerentError('BAD_INPUT', 'the SQL is empty', { field: 'sql' });
    if (sql.length > MAX_SQL_LENGTH) throw new QuerentError('BAD_INPUT', `the SQL is longer than ${MAX_SQL_LENGTH} characters`, { field: 'sql' });
    const dialect = await this.ports.connections.dialectOf(request.connectionId);
    const verdict = this.ports.guard(dialect, sql);
    const finish = (ending: Ending) => this.record(request, sql, createdAt, started, ending);
    if (!verdict.accepted) {
      return finish({ status: 'refused', result: null, cacheHit: false, error: { code: verdict.code, message: verdict.reason } });
    }
    try {
      return await finish(await this.run(request, dialect, sql, verdict));
    } catch (error) {
      const typed = asQuerentError(error);
      if (typed.code === 'NOT_FOUND') throw typed;
      if (SCHEMA_MOVED_CODES.has(typed.code)) await this.requestRefresh(request.connectionId, typed, verdict.tables);
      return finish({ status: STATUS_BY_CODE[typed.code] ?? 'error', result: null, cacheHit: false, error: { code: typed.code, message: typed.message } });
    }
  }

  /** What the guard says about a statement for this database's engine; nothing runs, nothing is recorded. */
  async check(connectionId: string, sql: string): Promise<Pick<GuardVerdict, 'accepted' | 'code' | 'reason'>> {
    const dialect = await this.ports.connections.dialectOf(connectionId);
    const { accepted, code, reason } = this.ports.guard(dialect, typeof sql === 'string' ? sql : '');
    return { accepted, code, reason };
  }

  /** A run's result as this requester may see it, while the cache still holds it (TTL); null afterwards. */
  async resultOf(runId: string, requester: Requester): Promise<StoredResult | null> {
    const stored = await this.ports.cache.get<StoredResult>(runResultKey(runId));
    return stored ? resultFor(stored, hasPermission(requester.role, 'pii')) : null;
  }

  private async run(request: ExecuteRequest, dialect: DialectName, sql: string, verdict: GuardVerdict): Promise<Ending> {
    const { limits, cache } = this.ports;
    const piiVisible = hasPermission(request.requester.role, 'pii');
    const executor = await this.ports.executors.acquire(request.connectionId);
    const [flagged, catalogToken, dataVersion] = await Promise.all([
      this.ports.pii.flaggedColumns(request.connectionId, verdict.tables),
      this.ports.catalog.tokenFor(request.connectionId, verdict.tables),
      executor.dataVersion(),
    ]);
    // Without a data-change signal a cached answer could be stale for its whole TTL: such engines are not cached.
    const cacheable = limits.cacheTtlMs > 0 && dataVersion !== null;
    const key = resultKey(request.connectionId, normalizeSql(sql), verdict.tables, piiVisible);
    const validity = validityToken({ catalog: catalogToken, dataVersion: dataVersion ?? '', pii: piiSignature(flagged) });
    if (cacheable) {
      const cached = await cache.get<CachedResult>(key);
      if (cached && cached.validity === validity) return { status: 'ok', result: cached.result, cacheHit: true, error: null };
    }
    const raw = await this.query(executor, sql, request.signal);
    const sources = flagged.length > 0 ? selectListSources(sql, this.ports.sqlGrammars(dialect)) : null;
    const stored: StoredResult = {
      columns: raw.columns,
      rows: raw.rows,
      truncated: raw.truncated,
      piiColumns: piiResultColumns(raw.columns.map((c) => c.name), flagged, sources),
      masked: false,
    };
    const shown = resultFor(stored, piiVisible);
    if (cacheable) await cache.set(key, { validity, result: shown, storedAt: new Date().toISOString() } satisfies CachedResult, limits.cacheTtlMs);
    return { status: 'ok', result: shown, cacheHit: false, error: null };
  }

  /** The executor's own timeout stops the statement at the engine; this bound only guards against a hung driver. */
  private async query(executor: ReadOnlyExecutor, sql: string, signal?: AbortSignal): Promise<ReadOnlyResult> {
    const { timeoutMs, maxRows, maxBytes } = this.ports.limits;
    const controller = new AbortController();
    const forward = () => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    if (signal?.aborted) controller.abort();
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new QuerentError('QUERY_TIMEOUT', `the database did not answer within ${timeoutMs} ms`, { timeoutMs }));
      }, timeoutMs + TIMEOUT_GRACE_MS);
    });
    try {
      return await Promise.race([executor.query(sql, { timeoutMs, maxRows, maxBytes, signal: controller.signal }), hung]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  private async record(request: ExecuteRequest, sql: string, createdAt: Date, started: number, ending: Ending): Promise<ExecutionOutcome> {
    const id = crypto.randomUUID();
    const durationMs = Math.round(performance.now() - started);
    const run: NewQueryRun & { id: string } = {
      id,
      connectionId: request.connectionId,
      question: request.question?.trim() || null,
      sql,
      status: ending.status,
      rowCount: ending.result ? ending.result.rows.length : null,
      truncated: ending.result?.truncated ?? false,
      cacheHit: ending.cacheHit,
      durationMs,
      errorCode: ending.error?.code ?? null,
      errorMessage: ending.error?.message ?? null,
      user: request.requester.actor,
      createdAt,
      finishedAt: new Date(),
    };
    // The three writes are independent; each must succeed for the request to (a run is never unaudited).
    const [recorded] = await Promise.all([
      this.ports.runs.create(run),
      // Kept as long as a cached result, so the run can be read back (a chart of it, a federated reference).
      ending.result && this.ports.limits.cacheTtlMs > 0 ? this.ports.cache.set(runResultKey(id), ending.result, this.ports.limits.cacheTtlMs) : undefined,
      this.ports.audit.append({
        actor: request.requester.actor,
        action: ending.status === 'refused' ? 'query.refused' : 'query.executed',
        connectionId: request.connectionId,
        target: id,
        detail: {
          status: ending.status,
          role: request.requester.role,
          sql: sql.length > AUDIT_SQL_CHARS ? `${sql.slice(0, AUDIT_SQL_CHARS)}…` : sql,
          question: run.question,
          rowCount: run.rowCount,
          truncated: run.truncated,
          cacheHit: run.cacheHit,
          durationMs,
          error: ending.error?.code ?? null,
        },
      }),
    ]);
    return { run: recorded, result: ending.result };
  }

  /**
   * Unknown table or column: the catalog re-reads the table the error names, else each table the statement reads.
   * (A column error may name the alias the statement gave a table, so only a name among the tables read counts.)
   */
  private async requestRefresh(connectionId: string, error: QuerentError, tables: readonly TableRef[]): Promise<void> {
    const detailTable = typeof error.details?.table === 'string' ? error.details.table : null;
    const detailSchema = typeof error.details?.schema === 'string' ? error.details.schema : null;
    let candidates: TableRef[];
    if (error.code === 'UNKNOWN_TABLE' && detailTable) {
      candidates = [detailSchema ? { schema: detailSchema, name: detailTable } : splitQualified(detailTable)];
    } else {
      const named = detailTable ? tables.filter((t) => t.name.toLowerCase() === detailTable.toLowerCase()) : [];
      candidates = named.length > 0 ? named : [...tables];
    }
    const defaultSchema = candidates.some((t) => t.schema === null) ? await this.ports.catalog.defaultSchema(connectionId) : null;
    // A table the catalog cannot place in a schema has no memory to correct (the database was never discovered).
    const nodes = new Map<string, { schema: string; table: string }>();
    for (const ref of candidates) {
      const schema = ref.schema ?? defaultSchema;
      if (schema) nodes.set(`${schema}\u0000${ref.name}`, { schema, table: ref.name });
    }
    for (const node of nodes.values()) {
      try {
        await this.ports.bus.publish(TOPICS.CATALOG_REFRESH_REQUESTED, { databaseId: connectionId, ...node, reason: error.message });
      } catch (publishError) {
        this.ports.warn?.('could not ask the catalog to refresh', { databaseId: connectionId, error: (publishError as Error).message });
      }
    }
  }
}

function splitQualified(name: string): TableRef {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), name: name.slice(dot + 1) } : { schema: null, name };
}

/** Which columns are PII (and how): part of a cached result's validity, so a newly flagged column is never served unmasked. */
function piiSignature(flagged: readonly PiiColumn[]): string {
  return flagged
    .map((c) => `${c.schema}.${c.table}.${c.column}:${c.kind}`)
    .sort()
    .join(',');
}
