// Owns the SQLite dialect: the `sqlite:///absolute/path.db` URL, the read-only open and typed errors for bad files.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ConnectOptions, Dialect, DialectConnection } from '../dialect';
import { QuerentError } from '../../errors/querent-error';
import { assertRegularFile, filePathFromUrl, positiveMs } from '../file-url';
import { SqliteConnection } from './sqlite-connection';
import { openSqliteExecutor } from './sqlite-executor';
import { sqliteSampling } from './sqlite-sampling';

const URL_FORM = 'sqlite:///absolute/path/to/file.db';
/** DuckDB writes its magic after an 8-byte checksum. */
const DUCKDB_MAGIC = { offset: 8, text: 'DUCK' };

/** The absolute file path a `sqlite:` URL names; BAD_INPUT for any other form. */
export function sqliteFilePath(url: string): string {
  return filePathFromUrl(url, { scheme: 'sqlite:', label: 'SQLite', urlForm: URL_FORM });
}

async function connect(url: string, options: ConnectOptions): Promise<DialectConnection> {
  const file = sqliteFilePath(url);
  const connectTimeoutMs = positiveMs(options.connectTimeoutMs, 'connectTimeoutMs');
  // Validated like every dialect's, although no catalog statement here can be timed (see SqliteConnection.all).
  positiveMs(options.queryTimeoutMs, 'queryTimeoutMs');
  assertRegularFile(file, 'SQLite');

  let db: Database.Database;
  try {
    // readonly opens with SQLITE_OPEN_READONLY: nothing, not even a journal, is written to the file or next to it.
    // The busy timeout bounds how long a reader waits for a writer's lock.
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: connectTimeoutMs });
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    // better-sqlite3 opens anything; SQLite reads the header only at the first statement.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    db.close();
    throw openFailure(file, error);
  }
  return new SqliteConnection(db, file, 1);
}


export function openFailure(file: string, error: unknown): QuerentError {
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
      return new QuerentError(
        'CONNECTION_NOT_A_DATABASE',
        isDuckdbFile(file)
          ? `${file} is a DuckDB database, not a SQLite one; connect to it with a duckdb:/// URL.`
          : `${file} is not a SQLite database (${reason}).`,
      );
    case 'SQLITE_CORRUPT':
      return new QuerentError('CONNECTION_NOT_A_DATABASE', `${file} is a damaged SQLite database (${reason}).`);
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new QuerentError(
        'CONNECTION_UNREACHABLE',
        `The SQLite database ${file} is locked by another process that is writing to it; try again once it is done (${reason}).`,
      );
    default:
      return new QuerentError('CONNECTION_UNREACHABLE', `The SQLite database ${file} cannot be opened read-only: ${reason}`);
  }
}

function isDuckdbFile(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const header = Buffer.alloc(DUCKDB_MAGIC.offset + DUCKDB_MAGIC.text.length);
      fs.readSync(fd, header, 0, header.length, 0);
      return header.toString('latin1', DUCKDB_MAGIC.offset) === DUCKDB_MAGIC.text;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  label: 'SQLite',
  urlExample: URL_FORM,
  // SQLite keeps neither comments nor row counts in its catalog (a data_dictionary table and sqlite_stat1 are read
  // when present); a file is reopened for every discovery so no lock outlives it.
  capabilities: { multipleSchemas: false, comments: false, rowEstimates: false, reuseConnections: false },
  schemes: ['sqlite:'],
  connect,
  // Called through a closure: the executor module imports this one (file checks, open), so whichever loads first
  // must not read the other's exports while they are still being defined.
  openExecutor: (url, options) => openSqliteExecutor(url, options),
  quoteIdentifier: (name: string) => `"${name.replace(/"/g, '""')}"`,
  sampling: sqliteSampling,
};
