// The URL form of the file engines (`sqlite:///…`, `duckdb:///…`): one parser, so both refuse the same mistakes alike.
import fs from 'node:fs';
import path from 'node:path';
import { QuerentError } from '../errors/querent-error';

export interface FileEngine {
  /** The URL scheme with its colon, e.g. `sqlite:`. */
  scheme: string;
  /** The engine's name as people write it, e.g. `SQLite`. */
  label: string;
  /** A complete example, e.g. `sqlite:///absolute/path/to/file.db`. */
  urlForm: string;
}

/** The absolute file path a file-engine URL names; BAD_INPUT, with the accepted form, for anything else. */
export function filePathFromUrl(url: string, engine: FileEngine): string {
  const explain = `Use the form ${engine.urlForm} (three slashes, then the absolute path; percent-encode spaces as %20).`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QuerentError('BAD_INPUT', `Not a valid ${engine.label} connection URL. ${explain}`);
  }
  if (parsed.protocol !== engine.scheme) {
    throw new QuerentError('BAD_INPUT', `A ${engine.label} connection URL starts with "${engine.scheme}", not "${parsed.protocol}". ${explain}`);
  }
  // `new URL` keeps a relative path as an opaque path ("sqlite:data.db") and reads the first segment of
  // "sqlite://data/x.db" as a host: both are relative paths to the user, and both are refused.
  if (parsed.username || parsed.password || (parsed.host !== '' && parsed.host !== 'localhost')) {
    throw new QuerentError('BAD_INPUT', `The ${engine.label} URL names a host or a relative path; it must name an absolute file path. ${explain}`);
  }
  if (!parsed.pathname.startsWith('/')) {
    throw new QuerentError('BAD_INPUT', `The ${engine.label} URL names a relative path; it must name an absolute file path. ${explain}`);
  }
  if (parsed.search || parsed.hash) {
    throw new QuerentError('BAD_INPUT', `A ${engine.label} connection URL takes no parameters (the file is always opened read-only). ${explain}`);
  }
  let file: string;
  try {
    file = decodeURIComponent(parsed.pathname);
  } catch {
    throw new QuerentError('BAD_INPUT', `The ${engine.label} URL has a malformed percent-encoding. ${explain}`);
  }
  // ":memory:" would open an empty in-memory database rather than a file.
  if (file.includes('\u0000') || file === '/' || path.basename(file) === ':memory:') {
    throw new QuerentError('BAD_INPUT', `The ${engine.label} URL does not name a file. ${explain}`);
  }
  return path.normalize(file);
}

/** Checks what the file system can tell (missing, unreadable, a directory, not a regular file) before the engine gives a vaguer message. */
export function assertRegularFile(file: string, label: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new QuerentError('CONNECTION_NOT_A_DATABASE', `There is no ${label} database file at ${file}: the file does not exist.`);
    }
    throw new QuerentError('CONNECTION_UNREACHABLE', `The ${label} database file ${file} cannot be read: ${(error as Error).message}`);
  }
  if (stat.isDirectory()) {
    throw new QuerentError('CONNECTION_NOT_A_DATABASE', `${file} is a directory, not a ${label} database file.`);
  }
  if (!stat.isFile()) {
    throw new QuerentError('CONNECTION_NOT_A_DATABASE', `${file} is not a regular file, so it is not a ${label} database file.`);
  }
}

/** Timers and busy timeouts misbehave on NaN, zero or negative values (they fire at once or throw). */
export function positiveMs(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new QuerentError('BAD_INPUT', `${name} must be a positive number of milliseconds, not ${value}.`);
  }
  return Math.ceil(value);
}
