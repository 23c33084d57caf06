// Owns throwaway MariaDB/MySQL databases for tests and the loading of the real sample databases (Chinook, Sakila)
// from ../shared/data into throwaway databases, rewriting on the fly the statements that would escape them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { createTempPostgresDatabase } from './postgres';
import { REPO_ROOT } from './processes';

/** The sample data lives beside the repository and is never copied into it. */
export { SAMPLE_DATA_DIR } from './shared-data';
import { SAMPLE_DATA_DIR } from './shared-data';

/** Root with an empty password on the test machine; QUERENT_TEST_MYSQL_URL points the tests at another server. */
export const TEST_MYSQL_ADMIN_URL = process.env.QUERENT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface NamedTempDatabase extends TempDatabase {
  name: string;
}

function sampleFile(...parts: string[]): string {
  const file = path.join(SAMPLE_DATA_DIR, ...parts);
  if (!fs.existsSync(file)) throw new Error(`sample data file ${file} is missing (expected the shared data beside the repository)`);
  return file;
}

// Time plus randomness: parallel test files and leftovers from a killed run must never collide.
const uniqueName = () => `querent_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** Runs a command with `input` on stdin; rejects with its stderr when it exits non-zero. */
function run(command: string, args: string[], input: string | null, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [input === null ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code ?? signal}: ${stderr.trim().slice(0, 2000)}`)),
    );
    if (input !== null) child.stdin?.end(input);
  });
}

/** Drops the database if loading fails half-way, so a failing test leaves nothing behind. */
async function loadInto<T extends TempDatabase>(db: T, load: (db: T) => Promise<void>): Promise<T> {
  try {
    await load(db);
    return db;
  } catch (error) {
    await db.drop().catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------- MariaDB / MySQL

export function mysqlAdminConfig(database?: string): ConnectionOptions {
  const url = new URL(TEST_MYSQL_ADMIN_URL);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
    connectTimeout: 5_000,
    multipleStatements: true,
  };
}

export async function withMysqlAdmin<T>(work: (conn: Connection) => Promise<T>, database?: string): Promise<T> {
  const conn = await createConnection(mysqlAdminConfig(database));
  try {
    return await work(conn);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

export async function createTempMysqlDatabase(): Promise<NamedTempDatabase> {
  const name = uniqueName();
  await withMysqlAdmin((conn) => conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`));
  const url = new URL(TEST_MYSQL_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withMysqlAdmin(async (conn) => {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      }),
  };
}

/** Feeds a script to the `mariadb` command-line client, which understands DELIMITER (Sakila's triggers need it). */
function runMysqlScript(database: string, script: string): Promise<void> {
  const config = mysqlAdminConfig();
  const client = process.env.QUERENT_TEST_MYSQL_CLIENT ?? 'mariadb';
  const args = ['--protocol=TCP', '-h', String(config.host), '-P', String(config.port), '-u', String(config.user), database];
  // The password travels in the environment, never on a command line other users can list.
  return run(client, args, script, { ...process.env, MYSQL_PWD: String(config.password ?? '') });
}

/** Chinook for MySQL creates and enters its own `Chinook` database; those three statements are dropped. */
export function loadChinookMysql(): Promise<NamedTempDatabase> {
  const script = fs
    .readFileSync(sampleFile('chinook', 'Chinook_MySql.sql'), 'utf8')
    .replace(/^DROP DATABASE IF EXISTS `Chinook`;$/m, '')
    .replace(/^CREATE DATABASE `Chinook`;$/m, '')
    .replace(/^USE `Chinook`;$/m, '');
  return createTempMysqlDatabase().then((db) => loadInto(db, () => runMysqlScript(db.name, script)));
}

/**
 * Sakila for MySQL (schema only, no rows) creates and enters a `sakila` schema, and its actor_info view names
 * `sakila.film` etc. explicitly: the schema statements are dropped and the qualifiers point at the temp database.
 * MariaDB 10.11 refuses nothing else in this script (no MySQL-8-only syntax in Sakila 0.8), so nothing else is patched.
 */
export function loadSakilaMysql(): Promise<NamedTempDatabase> {
  return createTempMysqlDatabase().then((db) =>
    loadInto(db, () => {
      const script = fs
        .readFileSync(sampleFile('sakila', 'mysql-sakila-schema.sql'), 'utf8')
        .replace(/^DROP SCHEMA IF EXISTS sakila;$/m, '')
        .replace(/^CREATE SCHEMA sakila;$/m, '')
        .replace(/^USE sakila;$/m, '')
        .replace(/\bsakila\./g, `\`${db.name}\`.`);
      return runMysqlScript(db.name, script);
    }),
  );
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

function runPsql(url: string, files: string[], input: string | null = null): Promise<void> {
  const args = [url, '-v', 'ON_ERROR_STOP=1', '-q', ...files.flatMap((f) => ['-f', f])];
  return run('psql', args, input);
}

/** Chinook for PostgreSQL drops, creates and \connects to its own `chinook` database; those lines are dropped. */
export async function loadChinookPostgres(): Promise<TempDatabase> {
  const script = fs
    .readFileSync(sampleFile('chinook', 'Chinook_PostgreSql.sql'), 'utf8')
    .replace(/^DROP DATABASE IF EXISTS chinook;$/m, '')
    .replace(/^CREATE DATABASE chinook;$/m, '')
    .replace(/^\\c chinook;?$/m, '');
  const db = await createTempPostgresDatabase();
  return loadInto(db, () => runPsql(db.url, ['-'], script));
}

/** Sakila for PostgreSQL is a plain dump (schema, then COPY data) meant for an empty database and a superuser. */
export async function loadSakilaPostgres(): Promise<TempDatabase> {
  const files = [sampleFile('sakila', 'postgres-sakila-schema.sql'), sampleFile('sakila', 'postgres-sakila-data.sql')];
  const db = await createTempPostgresDatabase();
  return loadInto(db, () => runPsql(db.url, files));
}
