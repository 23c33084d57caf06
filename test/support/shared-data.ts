// Where the shared sample data (Chinook, Sakila) is: beside the repository, beside the checkout it was cloned from
// (CI runs on a clean clone elsewhere), or where QUERENT_TEST_SHARED_DIR says. Read there, never copied in.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './processes';

function originCheckout(): string | null {
  try {
    const origin = execFileSync('git', ['-C', REPO_ROOT, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path.isAbsolute(origin) && fs.existsSync(origin) ? origin : null;
  } catch {
    return null;
  }
}

const REQUIRED = [
  'chinook/Chinook_Sqlite.sqlite',
  'chinook/Chinook_PostgreSql.sql',
  'chinook/Chinook_MySql.sql',
  'sakila/sakila.sqlite',
  'sakila/postgres-sakila-schema.sql',
  'sakila/postgres-sakila-data.sql',
  'sakila/mysql-sakila-schema.sql',
];

function findSharedDir(): string {
  const origin = originCheckout();
  const candidates = [
    process.env.QUERENT_TEST_SHARED_DIR,
    path.resolve(REPO_ROOT, '..', 'shared'),
    origin ? path.resolve(origin, '..', 'shared') : undefined,
  ].filter((c): c is string => Boolean(c));
  // Every file the tests read must be there: a partial copy (say, only the SQLite files) is not the shared data.
  const found = candidates.find((c) => REQUIRED.every((f) => fs.existsSync(path.join(c, 'data', f))));
  if (!found) throw new Error(`the shared sample data was not found (looked in ${candidates.join(', ')}); set QUERENT_TEST_SHARED_DIR to the folder that holds data/`);
  return found;
}

/** The folder holding data/chinook and data/sakila. */
export const SHARED_DIR = findSharedDir();
export const SAMPLE_DATA_DIR = path.join(SHARED_DIR, 'data');
