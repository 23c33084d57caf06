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
