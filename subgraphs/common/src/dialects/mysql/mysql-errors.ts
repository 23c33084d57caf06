// Owns the translation of mysql2 failures into QuerentErrors: a code a client can act on, plain words, the server
// named by its redacted URL, and never the password (driver text is scrubbed before it is quoted).
import { QuerentError } from '../../errors/querent-error';
import { redactUrl, scrubUrlSecrets } from '../../security/redact';
import { driverErrorCode, SOCKET_ERROR_WORDS } from '../network-errors';

const UNREACHABLE_CODES: Record<string, string> = {
  ...SOCKET_ERROR_WORDS,
  PROTOCOL_CONNECTION_LOST: 'the server closed the connection',
};

// Login refused: bad password or unknown user (1045), no access to the named database (1044), host not allowed
// (1130), socket-auth user over TCP (1698), an authentication plugin the client cannot speak (1251).
const AUTH_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'AUTH_SWITCH_PLUGIN_ERROR',
]);
// Server up but refusing everyone now: too many connections (1040), host blocked after errors (1129).
const BUSY_CODES = new Set(['ER_CON_COUNT_ERROR', 'ER_HOST_IS_BLOCKED', 'ER_SERVER_SHUTDOWN']);
// MariaDB max_statement_time (1969), MySQL max_execution_time (3024), mysql2's own timer.
const TIMEOUT_CODES = new Set(['ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'PROTOCOL_SEQUENCE_TIMEOUT']);

function messageOf(error: unknown, url: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  // "(using password: YES)" holds no secret, but the generic key=value redaction would swallow it and the text after.
  const plain = raw.replace(/\(using password: (YES|NO)\)/i, (_m, yes: string) => (yes.toUpperCase() === 'YES' ? '(a password was given)' : '(no password was given)'));
  return scrubUrlSecrets(plain || (driverErrorCode(error) ?? 'unknown error'), url);
}

export function connectError(error: unknown, url: string, connectTimeoutMs: number): QuerentError {
  const where = redactUrl(url);
  const code = driverErrorCode(error);
  const detail = messageOf(error, url);
  if (code && code in UNREACHABLE_CODES) {
    return new QuerentError('CONNECTION_UNREACHABLE', `Cannot reach the MySQL/MariaDB server of ${where}: ${UNREACHABLE_CODES[code]} (${code}).`);
  }
  if (code === 'ETIMEDOUT') {
    return new QuerentError('CONNECTION_TIMEOUT', `The MySQL/MariaDB server of ${where} did not complete the connection within ${connectTimeoutMs} ms.`);
  }
  if (code && AUTH_CODES.has(code)) {
    return new QuerentError('CONNECTION_AUTH_FAILED', `MySQL/MariaDB refused the login for ${where}: ${detail}. Check the user name and password.`);
  }
  if (code === 'ER_BAD_DB_ERROR') {
    return new QuerentError('CONNECTION_NOT_A_DATABASE', `The MySQL/MariaDB server of ${where} has no such database: ${detail}.`);
  }
  if (code && BUSY_CODES.has(code)) {
    return new QuerentError('CONNECTION_UNREACHABLE', `The MySQL/MariaDB server of ${where} cannot accept the connection now: ${detail}.`);
  }
  return new QuerentError('CONNECTION_UNREACHABLE', `Cannot connect to the MySQL/MariaDB server of ${where}: ${detail}${code ? ` (${code})` : ''}.`);
}

export function queryError(error: unknown, url: string, queryTimeoutMs: number): QuerentError {
  const where = redactUrl(url);
  const code = driverErrorCode(error);
  if (code && TIMEOUT_CODES.has(code)) {
    return new QuerentError('CATALOG_QUERY_FAILED', `A catalog query on ${where} took longer than ${queryTimeoutMs} ms and was cancelled.`);
  }
  return new QuerentError('CATALOG_QUERY_FAILED', `Reading the MySQL/MariaDB catalog of ${where} failed: ${messageOf(error, url)}${code ? ` (${code})` : ''}.`);
}

// redactUrl finds a password only behind scheme://; text without one is not echoed at all, it might be all secret.
const HAS_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\//i;

export function badUrl(url: string, reason: string): QuerentError {
  const shown = HAS_AUTHORITY.test(url) ? ` (${redactUrl(url)})` : '';
  return new QuerentError('BAD_INPUT', scrubUrlSecrets(`Not a usable MySQL/MariaDB URL${shown}: ${reason}. Expected mysql://user@host:3306/database, with user:password@ when a password is needed.`, url));
}

// ------------------------------------------------------------------------------------------------ query execution

// A write refused: in a READ ONLY transaction or session (1792), or by a --read-only server (1290).
const READ_ONLY_CODES = new Set(['ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION', 'ER_OPTION_PREVENTS_STATEMENT']);

/** `Table 'db.t' doesn't exist` → schema db, table t. */
function unknownTableDetails(message: string): { table?: string; schema?: string } {
  const name = /Table '([^']+)' doesn't exist/.exec(message)?.[1];
  if (!name) return {};
  const dot = name.indexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { table: name };
}

/** `Unknown column 't.c' in 'field list'` → table t, column c. */
function unknownColumnDetails(message: string): { table?: string; column?: string } {
  const name = /Unknown column '([^']+)'/.exec(message)?.[1];
  if (!name) return {};
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { table: name.slice(0, dot), column: name.slice(dot + 1) } : { column: name };
}

/**
 * A failed user statement as a QuerentError. Timeouts and cancellations the executor asked for are decided by the
 * executor; the codes here are the server's own limit firing first (1969 MariaDB, 3024 MySQL) or another session's
 * KILL QUERY (1317).
 */
export function executionError(error: unknown, url: string): QuerentError {
  const where = redactUrl(url);
  const code = driverErrorCode(error);
  const detail = messageOf(error, url);
  const raw = error instanceof Error ? error.message : String(error);
  if (code && code in UNREACHABLE_CODES) return connectError(error, url, 0);
  if (code === 'ER_NO_SUCH_TABLE') {
    return new QuerentError('UNKNOWN_TABLE', `MySQL/MariaDB at ${where} has no such table: ${detail}.`, { ...unknownTableDetails(raw), mysqlCode: code });
  }
  if (code === 'ER_BAD_FIELD_ERROR') {
    return new QuerentError('UNKNOWN_COLUMN', `MySQL/MariaDB at ${where} has no such column: ${detail}.`, { ...unknownColumnDetails(raw), mysqlCode: code });
  }
  if (code && READ_ONLY_CODES.has(code)) {
    return new QuerentError('READ_ONLY_VIOLATION', `MySQL/MariaDB at ${where} refused a write in the read-only transaction: ${detail}.`, { mysqlCode: code });
  }
  if (code && TIMEOUT_CODES.has(code)) {
    return new QuerentError('QUERY_TIMEOUT', `The query on ${where} ran past the server's statement time limit and was stopped.`, { mysqlCode: code });
  }
  if (code === 'ER_QUERY_INTERRUPTED') {
    return new QuerentError('QUERY_CANCELLED', `The query on ${where} was interrupted at the server: ${detail}.`, { mysqlCode: code });
  }
  return new QuerentError('QUERY_FAILED', `MySQL/MariaDB at ${where} could not run the query: ${detail}${code ? ` (${code})` : ''}.`, code ? { mysqlCode: code } : undefined);
}
