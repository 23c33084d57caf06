// Owns the SQLite query process: one read-only handle, one statement at a time, rows streamed up to the caps.
//
// It is a separate process, not a worker thread, so that the executor can end a runaway statement with SIGKILL. The
// better-sqlite3 build has no progress callback (SQLITE_OMIT_PROGRESS_CALLBACK) and does not expose
// sqlite3_interrupt, and Worker.terminate() cannot stop a thread while it is inside sqlite3_step: measured, a
// terminate() sent 0.5 s into a 30-million-row recursive CTE returned only when the CTE finished, 4 s later. Checking
// the clock between rows does not help either: a count over a big cross join produces its one row at the very end.
import Database from 'better-sqlite3';
import { ResultCollector } from '../result-collector';
import { binaryValue, floatValue, integerValue, isoTimestampText } from '../result-values';

export interface SqliteOpenRequest {
  kind: 'open';
  file: string;
  busyTimeoutMs: number;
}

export interface SqliteQueryRequest {
  kind: 'query';
  id: number;
  sql: string;
  maxRows: number;
  maxBytes: number;
}

export type SqliteProcessReply =
  | { kind: 'opened' }
  | { kind: 'result'; id: number; columns: { name: string; type: string }[]; rows: unknown[][]; truncated: boolean }
  | { kind: 'error'; id: number | null; sqliteCode: string | null; message: string };

const TEMPORAL_DECLARATION = /DATE|TIME/i;

function cell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return integerValue(value);
  if (typeof value === 'number') return floatValue(value);
  if (value instanceof Uint8Array) return binaryValue(value);
  return value;
}

function failure(id: number | null, error: unknown): SqliteProcessReply {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    kind: 'error',
    id,
    sqliteCode: typeof code === 'string' ? code : null,
    message: error instanceof Error ? error.message : String(error),
  };
}

let db: Database.Database | undefined;

function open(request: SqliteOpenRequest): SqliteProcessReply {
  try {
    // readonly: SQLITE_OPEN_READONLY, the file and its journal are never written. query_only refuses writes even to
    // a TEMP database, which a read-only handle would still allow.
    db = new Database(request.file, { readonly: true, fileMustExist: true, timeout: request.busyTimeoutMs });
    db.pragma('query_only = 1');
    return { kind: 'opened' };
  } catch (error) {
    return failure(null, error);
  }
}

function run(request: SqliteQueryRequest): SqliteProcessReply {
  const handle = db;
  if (!handle) return { kind: 'error', id: request.id, sqliteCode: null, message: 'the database is not open' };
  try {
    // Another connection may have changed the schema since this handle last read it: prepare() compiles against the
    // handle's cached schema, so a statement's columns() could describe the old table. One step on the schema table
    // makes SQLite check the schema cookie and reload it first.
    handle.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get();
    // prepare() refuses more than one statement.
    const statement = handle.prepare(request.sql);
    if (!statement.reader) {
      // A statement without rows (a write that got past the guard, a PRAGMA assignment): SQLite decides. On this
      // handle every write fails with SQLITE_READONLY.
      statement.run();
      return { kind: 'result', id: request.id, columns: [], rows: [], truncated: false };
    }
    statement.safeIntegers(true).raw(true);
    const columns = statement.columns().map((c) => ({ name: c.name, type: c.type ?? 'unknown' }));
    // SQLite has no date type: a column declared DATE/DATETIME/TIMESTAMP holds text, written in ISO form here.
    const temporal = columns.map((c) => TEMPORAL_DECLARATION.test(c.type));
    const collector = new ResultCollector(request.maxRows, request.maxBytes);
    // iterate() steps one row at a time; leaving the loop resets the statement, so no row past the cap is computed.
    for (const row of statement.iterate() as IterableIterator<unknown[]>) {
      const values = row.map((value, i) => (temporal[i] && typeof value === 'string' ? isoTimestampText(value) : cell(value)));
      if (!collector.add(values)) break;
    }
    return { kind: 'result', id: request.id, columns, rows: collector.rows, truncated: collector.truncated };
  } catch (error) {
    return failure(request.id, error);
  } finally {
    restoreSession(handle);
  }
}

/**
 * Undoes what a statement that got past the guard could leave behind on the handle: an open transaction (BEGIN
 * would keep a read lock that blocks writers of the file) or query_only switched off by a PRAGMA.
 */
function restoreSession(handle: Database.Database): void {
  try {
    if (handle.inTransaction) handle.exec('ROLLBACK');
    handle.pragma('query_only = 1');
  } catch {
    // The next statement reports whatever is wrong with the handle.
  }
}

function reply(message: SqliteProcessReply): void {
  process.send?.(message);
}

process.on('message', (message: SqliteOpenRequest | SqliteQueryRequest) => {
  reply(message.kind === 'open' ? open(message) : run(message));
});
// The executor is gone (closed, or its process died): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
