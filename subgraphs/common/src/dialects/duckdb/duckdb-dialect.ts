// Owns the DuckDB dialect: the `duckdb:///absolute/path.duckdb` URL, the locked-down read-only open and its errors.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ConnectOptions, Dialect, DialectConnection } from '../dialect';
import { QuerentError } from '../../errors/querent-error';
import { assertRegularFile, filePathFromUrl, positiveMs } from '../file-url';
import { DuckdbConnection } from './duckdb-connection';
import { duckdbSampling } from './duckdb-sampling';
import { openDuckdbExecutor } from './duckdb-executor';

const URL_FORM = 'duckdb:///absolute/path/to/file.duckdb';

/**
 * Instance settings, all accepted by DuckDBInstance.create (an unknown key fails it). READ_ONLY takes a shared lock
 * and writes nothing. With external access off, no statement can read or attach another file or reach the network,
 * and it cannot be switched back on while the instance runs. Extension autoloading is off as well: DuckDB would
 * otherwise try to download the sqlite scanner, over the network, when handed a SQLite file.
 */
const INSTANCE_CONFIG: Record<string, string> = {
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  lock_configuration: 'true',
};

/** A DuckDB file starts with an 8-byte checksum, then this magic. */
const DUCKDB_MAGIC = { offset: 8, text: 'DUCK' };
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** The absolute file path a `duckdb:` URL names; BAD_INPUT for any other form. */
export function duckdbFilePath(url: string): string {
  return filePathFromUrl(url, { scheme: 'duckdb:', label: 'DuckDB', urlForm: URL_FORM });
}

async function connect(url: string, options: ConnectOptions): Promise<DialectConnection> {
  const file = duckdbFilePath(url);
  const connectTimeoutMs = positiveMs(options.connectTimeoutMs, 'connectTimeoutMs');
  const queryTimeoutMs = positiveMs(options.queryTimeoutMs, 'queryTimeoutMs');
  assertDuckdbFile(file);
  const { instance, connection } = await openWithin(file, connectTimeoutMs);
  return new DuckdbConnection(instance, connection, file, queryTimeoutMs);
}

/**
 * Checks what the file system and the header can tell. DuckDB's own messages for these cases are vague ("Could not
 * read from file"), and a SQLite file would make it reach for the sqlite scanner extension.
 */
export function assertDuckdbFile(file: string): void {
  assertRegularFile(file, 'DuckDB');
  let header: Buffer;
  try {
    header = readHeader(file, 16);
  } catch (error) {
    throw new QuerentError('CONNECTION_UNREACHABLE', `The DuckDB database file ${file} cannot be read: ${(error as Error).message}`);
  }
  if (header.toString('latin1', DUCKDB_MAGIC.offset, DUCKDB_MAGIC.offset + DUCKDB_MAGIC.text.length) === DUCKDB_MAGIC.text) return;
  if (header.toString('latin1', 0, SQLITE_MAGIC.length) === SQLITE_MAGIC) {
    throw new QuerentError(
      'CONNECTION_NOT_A_DATABASE',
      `${file} is a SQLite database, not a DuckDB one; connect to it with a sqlite:/// URL.`,
    );
  }
  throw new QuerentError('CONNECTION_NOT_A_DATABASE', `${file} is not a DuckDB database (its header does not carry DuckDB's signature).`);
}

function readHeader(file: string, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(length);
    const read = fs.readSync(fd, header, 0, length, 0);
    return header.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens instance and connection, giving up with CONNECTION_TIMEOUT; a late success is closed, not leaked. */
export async function openWithin(file: string, timeoutMs: number): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const opening = (async () => {
    const instance = await DuckDBInstance.create(file, INSTANCE_CONFIG);
    try {
      return { instance, connection: await instance.connect() };
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([opening, timeout]);
    if (outcome === 'timeout') {
      opening.then(
        ({ instance, connection }) => {
          connection.closeSync();
          instance.closeSync();
        },
        () => undefined,
      );
      throw new QuerentError('CONNECTION_TIMEOUT', `Opening DuckDB database ${file} took longer than ${timeoutMs} ms.`);
    }
    return outcome;
  } catch (error) {
    throw error instanceof QuerentError ? error : openFailure(file, error);
  } finally {
    clearTimeout(timer);
  }
}

function openFailure(file: string, error: unknown): QuerentError {
  const reason = error instanceof Error ? error.message : String(error);
  if (/Could not set lock|Conflicting lock/i.test(reason)) {
    return new QuerentError(
      'CONNECTION_UNREACHABLE',
      `DuckDB database ${file} is held by another process that has it open for writing; DuckDB lets no other process ` +
        `read a file while one writes it. Close that program (or have it open the file read-only) and try again. (${reason})`,
    );
  }
  if (/not a valid DuckDB database|database does not exist|Is a directory/i.test(reason)) {
    return new QuerentError('CONNECTION_NOT_A_DATABASE', `${file} is not a DuckDB database this version can open: ${reason}`);
  }
  if (/version|serializ/i.test(reason)) {
    return new QuerentError('CONNECTION_NOT_A_DATABASE', `${file} was written by a DuckDB version this one cannot read: ${reason}`);
  }
  return new QuerentError('CONNECTION_UNREACHABLE', `DuckDB database ${file} cannot be opened read-only: ${reason}`);
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  label: 'DuckDB',
  urlExample: URL_FORM,
  // A file is reopened for every discovery: a DuckDB reader blocks any writer process for as long as it is open.
  capabilities: { multipleSchemas: true, comments: true, rowEstimates: true, reuseConnections: false },
  schemes: ['duckdb:'],
  connect,
  // Called through a closure: the executor module imports this one (file checks, open), so whichever loads first
  // must not read the other's exports while they are still being defined.
  openExecutor: (url, options) => openDuckdbExecutor(url, options),
  quoteIdentifier: (name: string) => `"${name.replace(/"/g, '""')}"`,
  sampling: duckdbSampling,
};
