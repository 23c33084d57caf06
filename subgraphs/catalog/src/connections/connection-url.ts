// Reads a connection URL's dialect and makes its displayable form; the accepted URL shapes live here.
import path from 'node:path';
import { QuerentError, redactUrl } from '@querent/common';
import type { Dialect } from './connection';

const SCHEMES: Record<string, Dialect> = {
  'postgresql:': 'postgres',
  'postgres:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
  'sqlite:': 'sqlite',
  'duckdb:': 'duckdb',
};

export const ACCEPTED_URL_FORMS = 'postgresql://…, mysql://… or mariadb://…, sqlite:///absolute/path.db, duckdb:///absolute/path.duckdb';

export interface ParsedConnectionUrl {
  dialect: Dialect;
  displayUrl: string;
  /** For file-based engines, the absolute file path. */
  filePath?: string;
}

export function parseConnectionUrl(url: string): ParsedConnectionUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QuerentError('BAD_INPUT', `the connection URL is malformed; expected ${ACCEPTED_URL_FORMS}`);
  }
  const dialect = SCHEMES[parsed.protocol];
  if (!dialect) throw new QuerentError('BAD_INPUT', `unknown database type "${parsed.protocol.replace(/:$/, '')}"; expected ${ACCEPTED_URL_FORMS}`);
  if (dialect === 'sqlite' || dialect === 'duckdb') {
    const filePath = decodeURIComponent(parsed.pathname);
    if (parsed.host !== '' || !path.isAbsolute(filePath) || filePath === '/') {
      throw new QuerentError('BAD_INPUT', `a ${dialect} URL names an absolute file path after three slashes, like ${dialect}:///data/example.${dialect === 'sqlite' ? 'db' : 'duckdb'}`);
    }
    return { dialect, displayUrl: `${parsed.protocol}//${filePath}`, filePath };
  }
  if (!parsed.hostname) throw new QuerentError('BAD_INPUT', `a ${dialect} URL needs a host, like ${parsed.protocol}//user@host:port/database`);
  return { dialect, displayUrl: redactUrl(url) };
}

export function sqliteUrlFor(filePath: string): string {
  return `sqlite://${path.resolve(filePath)}`;
}
