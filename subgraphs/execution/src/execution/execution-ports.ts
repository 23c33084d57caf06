// The ports the execution service works through: connections, executors, the SQL guard, the catalog's
// fingerprints, the PII policy, the result cache, the run store, the audit log and the bus.
import type { AuditLog, DialectName, EventBus, ReadOnlyExecutor, ReadOnlyResult, Role } from '@querent/common';
import type { QueryRunRepository } from '../runs/query-run-repository';
import type { ResultCache } from '../cache/result-cache';

/** A table a statement reads, as written in it (schema null when unqualified). */
export interface TableRef {
  schema: string | null;
  name: string;
}

/** What the SQL guard says about one statement. */
export interface GuardVerdict {
  accepted: boolean;
  /** The guard's refusal code (e.g. WRITE_STATEMENT), or OK. */
  code: string;
  /** Why, in words a person understands. */
  reason: string;
  /** The tables the statement reads (CTE names excluded). */
  tables: TableRef[];
}

export type SqlGuard = (dialect: DialectName, sql: string) => GuardVerdict;

export interface ConnectionLookup {
  /** The engine of a registered database; NOT_FOUND when there is none. Cheap: no decryption, no engine. */
  dialectOf(connectionId: string): Promise<DialectName>;
  /** Opens the bounded read-only executor of a registered database (the URL never leaves this port). */
  openExecutor(connectionId: string): Promise<ReadOnlyExecutor>;
}

export interface CatalogFingerprints {
  /**
   * A token over what the schema memory knows of these tables (table fingerprints and probe tokens, their
   * schemas' fingerprints): it moves when the catalog records a change to any of them.
   */
  tokenFor(connectionId: string, tables: readonly TableRef[]): Promise<string>;
  /** The schema an unqualified table name resolves to (the default schema the catalog recorded), or null. */
  defaultSchema(connectionId: string): Promise<string | null>;
}

/** A source column flagged as personal data, and why. */
export interface PiiColumn {
  schema: string;
  table: string;
  column: string;
  /** e.g. `profile:email`, `profile:phone`, `datapoint` */
  reason: string;
  /** Emails keep their domain when masked. */
  kind: 'email' | 'other';
}

export interface PiiPolicy {
  /** Columns of these tables flagged as PII, by profiling patterns or by approved DataPoints. */
  flaggedColumns(connectionId: string, tables: readonly TableRef[]): Promise<PiiColumn[]>;
}

/** The limits every execution runs under. */
export interface ExecutionLimits {
  timeoutMs: number;
  maxRows: number;
  maxBytes: number;
  /** 0 turns the result cache off. */
  cacheTtlMs: number;
}

export interface ExecutionServicePorts {
  connections: ConnectionLookup;
  executors: ExecutorSource;
  guard: SqlGuard;
  catalog: CatalogFingerprints;
  pii: PiiPolicy;
  cache: ResultCache;
  runs: QueryRunRepository;
  audit: AuditLog;
  bus: Pick<EventBus, 'publish'>;
  limits: ExecutionLimits;
  /** node-sql-parser grammars that read this engine's SQL (the guard's), to map result columns to PII sources. */
  sqlGrammars: (dialect: DialectName) => readonly string[];
  /** For warnings that must not fail an execution (a cache that cannot be reached). */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

/** Where executors come from: one per connection, kept open between executions. */
export interface ExecutorSource {
  acquire(connectionId: string): Promise<ReadOnlyExecutor>;
}

/** Who asks: the role decides PII visibility; the actor is recorded on the run and in the audit log. */
export interface Requester {
  role: Role;
  actor: string;
}

export type { ReadOnlyResult };
