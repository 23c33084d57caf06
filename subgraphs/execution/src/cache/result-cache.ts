// The result-cache port (Redis across processes, in-process otherwise) and how its keys and validity tokens are made.
import crypto from 'node:crypto';
import type { ResultColumn } from '@querent/common';

/** A result as execution keeps it: the rows, and which columns hold PII and whether they are masked already. */
export interface StoredResult {
  columns: ResultColumn[];
  rows: unknown[][];
  truncated: boolean;
  /** Result columns flagged as PII, by position. */
  piiColumns: { index: number; kind: 'email' | 'other' }[];
  /** True when the PII columns were masked before the result was stored. */
  masked: boolean;
}

/** A cached answer to one statement, served only while its validity token still matches. */
export interface CachedResult {
  validity: string;
  result: StoredResult;
  storedAt: string;
}

export interface ResultCache {
  readonly kind: 'in-process' | 'redis';
  /** The value stored under the key, or null (missing, expired, or the cache could not be read). */
  get<T>(key: string): Promise<T | null>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

function digest(parts: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * Key of a statement's cached result: the connection, the normalized SQL, the tables as written (MySQL table
 * names are case-sensitive, the normalized text is not) and whether PII is shown, so a masked answer never
 * reaches a role that may see PII, nor the reverse.
 */
export function resultKey(connectionId: string, normalizedSql: string, tables: readonly { schema: string | null; name: string }[], piiVisible: boolean): string {
  return `result:${digest([connectionId, normalizedSql, tables.map((t) => [t.schema, t.name]), piiVisible])}`;
}

/** Key of the result of one run, kept for as long as the cache TTL so the run can be read back (federation). */
export function runResultKey(runId: string): string {
  return `run:${runId}`;
}

/** One token over everything that invalidates a cached result: catalog fingerprints, data version, PII flags. */
export function validityToken(parts: { catalog: string; dataVersion: string; pii: string }): string {
  return digest([parts.catalog, parts.dataVersion, parts.pii]);
}
