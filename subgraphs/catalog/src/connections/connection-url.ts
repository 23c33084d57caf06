// Reads a connection URL's dialect and makes its displayable form; the scheme table itself lives in the dialect registry.
import path from 'node:path';
import { dialectForUrl, filePathFromUrl, QuerentError, redactUrl, type Dialect } from '@querent/common';

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
    throw new QuerentError('BAD_INPUT', `the ${dialect.label} connection URL is malformed; expected ${dialect.urlExample}`);
  }
  if (!dialect.capabilities.reuseConnections) {
    const filePath = filePathFromUrl(url.trim(), { scheme: parsed.protocol, label: dialect.label, urlForm: dialect.urlExample });
    return { dialect, displayUrl: `${parsed.protocol}//${filePath}`, filePath };
  }
  if (!parsed.hostname) throw new QuerentError('BAD_INPUT', `a ${dialect.label} URL needs a host, like ${dialect.urlExample}`);
  return { dialect, displayUrl: redactUrl(url.trim()) };
}

export function sqliteUrlFor(filePath: string): string {
  return `sqlite://${path.resolve(filePath)}`;
}
