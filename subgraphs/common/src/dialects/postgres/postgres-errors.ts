// Owns the translation of node-postgres failures into QuerentErrors: a code a client can act on, plain words, the
// server named by its redacted URL, and never the password (driver text is scrubbed before it is quoted).
import { QuerentError } from '../../errors/querent-error';
import { redactUrl, scrubUrlSecrets } from '../../security/redact';
import { driverErrorCode, SOCKET_ERROR_WORDS } from '../network-errors';

const UNREACHABLE_CODES: Record<string, string> = {
  ...SOCKET_ERROR_WORDS,
};

// SQLSTATEs a server answers at login (class 28: invalid authorization; 3D000: invalid catalog name).
const AUTH_STATES = new Set(['28P01', '28000']);
const NO_DATABASE_STATE = '3D000';
// Server busy or starting: it exists but cannot take us now, which to the user is "cannot reach it".
const UNAVAILABLE_STATES = new Set(['53300', '57P03', '57P01', '08006', '08001', '08004']);

function messageOf(error: unknown, url: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw || (driverErrorCode(error) ?? 'unknown error');
  return scrubUrlSecrets(text, url);
}

const isConnectTimeout = (error: unknown) => /timeout/i.test(error instanceof Error ? error.message : String(error));

export function connectError(error: unknown, url: string, connectTimeoutMs: number): QuerentError {
  const where = redactUrl(url);
  const code = driverErrorCode(error);
  const detail = messageOf(error, url);
  if (code && code in UNREACHABLE_CODES) {
    return new QuerentError('CONNECTION_UNREACHABLE', `Cannot reach the PostgreSQL server of ${where}: ${UNREACHABLE_CODES[code]} (${code}).`);
  }
  if (code === 'ETIMEDOUT' || isConnectTimeout(error)) {
    return new QuerentError('CONNECTION_TIMEOUT', `The PostgreSQL server of ${where} did not complete the connection within ${connectTimeoutMs} ms.`);
  }
  if (code && AUTH_STATES.has(code)) {
    return new QuerentError('CONNECTION_AUTH_FAILED', `PostgreSQL refused the login for ${where}: ${detail}. Check the user name and password.`);
  }
  if (code === NO_DATABASE_STATE) {
    return new QuerentError('CONNECTION_NOT_A_DATABASE', `The PostgreSQL server of ${where} has no such database: ${detail}.`);
  }
  if (code && UNAVAILABLE_STATES.has(code)) {
    return new QuerentError('CONNECTION_UNREACHABLE', `The PostgreSQL server of ${where} cannot accept the connection now: ${detail}.`);
  }
  return new QuerentError('CONNECTION_UNREACHABLE', `Cannot connect to the PostgreSQL server of ${where}: ${detail}.`);
}

export function queryError(error: unknown, url: string, queryTimeoutMs: number): QuerentError {
  const where = redactUrl(url);
  const code = driverErrorCode(error);
  if (code === '57014') {
    return new QuerentError('CATALOG_QUERY_FAILED', `A catalog query on ${where} took longer than ${queryTimeoutMs} ms and was cancelled.`);
  }
  return new QuerentError('CATALOG_QUERY_FAILED', `Reading the PostgreSQL catalog of ${where} failed: ${messageOf(error, url)}${code ? ` (${code})` : ''}.`);
}

// redactUrl finds a password only behind scheme://; text without one is not echoed at all, it might be all secret.
const HAS_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\//i;

export function badUrl(url: string, reason: string): QuerentError {
  const shown = HAS_AUTHORITY.test(url) ? ` (${redactUrl(url)})` : '';
  return new QuerentError('BAD_INPUT', scrubUrlSecrets(`Not a usable PostgreSQL URL${shown}: ${reason}. Expected postgresql://user@host:5432/database, with user:password@ when a password is needed.`, url));
}

// ------------------------------------------------------------------------------------------------ query execution

/** SQLSTATEs of a statement refused because it would write: read-only transaction (25006), and a data-modifying
 *  WITH inside the executor's cursor (0A000, "DECLARE CURSOR must not contain data-modifying statements"). */
const READ_ONLY_STATE = '25006';
const CURSOR_WRITE = /data-modifying/i;

/** `relation "s.t" does not exist` → schema s, table t. */
function unknownTableDetails(message: string): { table?: string; schema?: string } {
  const match = /relation "([^"]+)" does not exist/.exec(message);
  if (!match?.[1]) return {};
  const name = match[1];
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { table: name };
}

/** `column "c" does not exist`, `column t.c does not exist`, `column "c" of relation "t" does not exist`. */
function unknownColumnDetails(message: string): { table?: string; column?: string } {
  const ofRelation = /column "([^"]+)" of relation "([^"]+)" does not exist/.exec(message);
  if (ofRelation) return { column: ofRelation[1], table: ofRelation[2] };
  const qualified = /column (?:"([^"]+)"|(\S+?))\.(?:"([^"]+)"|(\S+)) does not exist/.exec(message);
  if (qualified) return { table: qualified[1] ?? qualified[2], column: qualified[3] ?? qualified[4] };
  const plain = /column "([^"]+)" does not exist/.exec(message);
  return plain ? { column: plain[1] } : {};
}

/**
 * A failed user statement as a QuerentError. Cancellation and timeouts are decided by the executor, which knows
 * whether it asked for them; a 57014 it did not ask for is the server's own statement_timeout or another session's
 * pg_cancel_backend.
 */
export function executionError(error: unknown, url: string): QuerentError {
  const where = redactUrl(url);
  const code = driverErrorCode(error);
  const detail = messageOf(error, url);
  const raw = error instanceof Error ? error.message : String(error);
  if (code && code in UNREACHABLE_CODES) return connectError(error, url, 0);
  switch (code) {
    case '42P01':
      return new QuerentError('UNKNOWN_TABLE', `PostgreSQL at ${where} has no such table: ${detail}.`, { ...unknownTableDetails(raw), sqlState: code });
    case '42703':
      return new QuerentError('UNKNOWN_COLUMN', `PostgreSQL at ${where} has no such column: ${detail}.`, { ...unknownColumnDetails(raw), sqlState: code });
    case READ_ONLY_STATE:
      return new QuerentError('READ_ONLY_VIOLATION', `PostgreSQL at ${where} refused a write in the read-only transaction: ${detail}.`, { sqlState: code });
    case '0A000':
      if (CURSOR_WRITE.test(raw)) {
        return new QuerentError('READ_ONLY_VIOLATION', `PostgreSQL at ${where} refused a data-modifying statement: ${detail}.`, { sqlState: code });
      }
      break;
    case '57014':
      return /statement timeout/i.test(raw)
        ? new QuerentError('QUERY_TIMEOUT', `The query on ${where} ran past PostgreSQL's statement_timeout and was stopped.`, { sqlState: code })
        : new QuerentError('QUERY_CANCELLED', `The query on ${where} was cancelled at the server: ${detail}.`, { sqlState: code });
    default:
      break;
  }
  return new QuerentError('QUERY_FAILED', `PostgreSQL at ${where} could not run the query: ${detail}${code ? ` (${code})` : ''}.`, code ? { sqlState: code } : undefined);
}
