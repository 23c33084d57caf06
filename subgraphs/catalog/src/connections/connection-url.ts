// Reads a connection URL's dialect and makes its displayable form; the scheme table itself lives in the dialect registry.
import path from 'node:path';
import { dialectForUrl, QuerentError, redactUrl, type Dialect } from '@querent/common';

export interface ParsedConnectionUrl {
  dialect: Dialect;
  displayUrl: string;
  /** For file-based engines, the absolute file path. */
  filePath?: string;
}

export function parseConnectionUrl(url: string): ParsedConnectionUrl {
  const dialect = dialectForUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new QuerentError('BAD_INPUT', `the ${dialect.name} connection URL is malformed; expected ${dialect.name === 'sqlite' || dialect.name === 'duckdb' ? `${dialect.name}:///absolute/path` : `${dialect.schemes[0]}//user:password@host:port/database`}`);
  }
  if (!dialect.capabilities.reuseConnections) {
    const filePath = decodeURIComponent(parsed.pathname);
    if (parsed.host !== '' || !path.isAbsolute(filePath) || filePath === '/') {
      throw new QuerentError('BAD_INPUT', `a ${dialect.name} URL names an absolute file path after three slashes, like ${dialect.name}:///data/example.${dialect.name === 'sqlite' ? 'db' : 'duckdb'}`);
    }
    return { dialect, displayUrl: `${parsed.protocol}//${filePath}`, filePath };
  }
  if (!parsed.hostname) throw new QuerentError('BAD_INPUT', `a ${dialect.name} URL needs a host, like ${parsed.protocol}//user@host:port/database`);
  return { dialect, displayUrl: redactUrl(url.trim()) };
}

export function sqliteUrlFor(filePath: string): string {
  return `sqlite://${path.resolve(filePath)}`;
}
