// Owns applying Querent's hand-written SQL migrations and recording them in _prisma_migrations
// exactly as `prisma migrate deploy` does, so either tool can take over from the other.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { redactUrl, scrubUrlSecrets } from '../security/redact.js';
import { StoreError } from './store-error.js';

export type StoreProvider = 'sqlite' | 'postgresql';

export interface MigrationResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations found already applied (by us, by another process, or by `prisma migrate deploy`). */
  alreadyApplied: string[];
}

export type MigrationTarget = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

export interface ApplyMigrationsOptions {
  /** Read migrations from here instead of the repository's folder for the provider (tests use a copy). */
  directory?: string;
}

/** Prisma Migrate's own advisory-lock key: sharing it makes us and `prisma migrate deploy` mutually exclusive. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const PG_CONNECT_TIMEOUT_MS = 5_000;
// Long enough to outwait another instance applying a migration at the same start-up,
// short enough that a leaked lock becomes an error instead of a silent hang.
const PG_LOCK_WAIT_MS = 60_000;
const SQLITE_LOCK_WAIT_MS = 60_000;

// Verbatim from prisma-engines (sql-schema-connector flavours), so `prisma migrate` reads our table as its own.
const SQLITE_MIGRATIONS_TABLE_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`;

const POSTGRES_MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

const INSERT_RECORD_COLUMNS =
  '"id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"';

interface MigrationFile {
  name: string;
  script: string;
  bytes: Buffer;
  checksum: string;
}

interface MigrationRecord {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  started_at: unknown;
  logs: string | null;
}

let cachedRepoRoot: string | undefined;

function repoRoot(): string {
  if (cachedRepoRoot) return cachedRepoRoot;
  // Compiled code lives in subgraphs/common/dist/store; walking up (rather than a fixed ../../..)
  // keeps this working from src under a TS runner and from any future bundle layout.
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'prisma', 'schema.prisma'))) {
      cachedRepoRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new StoreError(
        'STORE_MIGRATION_FAILED',
        `Cannot find the Querent repository root (a folder holding prisma/schema.prisma) above ${__dirname}`,
      );
    }
    dir = parent;
  }
}

/** Absolute path of the migrations folder for a provider: prisma/migrations or prisma/postgresql/migrations. */
export function migrationsDirectory(provider: StoreProvider): string {
  const root = repoRoot();
  return provider === 'sqlite'
    ? path.join(root, 'prisma', 'migrations')
    : path.join(root, 'prisma', 'postgresql', 'migrations');
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function readMigrations(directory: string, provider: StoreProvider): MigrationFile[] {
  if (!fs.existsSync(directory)) {
    throw new StoreError('STORE_MIGRATION_FAILED', `Migrations folder not found: ${directory}`);
  }
  // Prisma refuses to apply migrations written for another provider; so do we, since the SQL would not run anyway.
  const lockFile = path.join(directory, 'migration_lock.toml');
  if (fs.existsSync(lockFile)) {
    const locked = /^\s*provider\s*=\s*"([^"]*)"/m.exec(fs.readFileSync(lockFile, 'utf8'))?.[1];
    if (locked !== undefined && locked !== provider) {
      throw new StoreError(
        'STORE_MIGRATION_FAILED',
        `Migrations in ${directory} are for provider "${locked}" but the store is ${provider}`,
      );
    }
  }
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const file = path.join(directory, name, 'migration.sql');
      if (!fs.existsSync(file)) return [];
      const bytes = fs.readFileSync(file);
      return [{ name, bytes, script: bytes.toString('utf8'), checksum: sha256Hex(bytes) }];
    });
}

/** Prisma's rule: a checkout that only changed line endings (git autocrlf) is not an edit. */
function checksumMatches(migration: MigrationFile, recorded: string): boolean {
  if (migration.checksum === recorded) return true;
  return (
    sha256Hex(migration.script.replace(/\r\n/g, '\n')) === recorded ||
    sha256Hex(migration.script.replace(/\n/g, '\r\n')) === recorded
  );
}

function isSet(value: unknown): boolean {
  return value !== null && value !== undefined;
}

interface Plan {
  pending: MigrationFile[];
  alreadyApplied: string[];
}

/** Decides what to apply, refusing (as Prisma does) while a failed migration is unresolved or an applied one was edited. */
function plan(migrations: MigrationFile[], records: MigrationRecord[]): Plan {
  const failed = records.filter((r) => !isSet(r.finished_at) && !isSet(r.rolled_back_at));
  if (failed.length > 0) {
    const details = failed
      .map((r) => `${r.migration_name}${r.logs ? ` (${r.logs.trim().split('\n')[0]})` : ''}`)
      .join(', ');
    throw new StoreError(
      'STORE_MIGRATION_FAILED',
      `_prisma_migrations records failed migration(s) ${details}; repair the database and mark them with ` +
        '`prisma migrate resolve --rolled-back|--applied <name>` before Querent can start',
    );
  }
  const active = records.filter((r) => !isSet(r.rolled_back_at));
  const pending: MigrationFile[] = [];
  const alreadyApplied: string[] = [];
  for (const migration of migrations) {
    const record = active.find((r) => r.migration_name === migration.name);
    if (!record) {
      pending.push(migration);
      continue;
    }
    if (!checksumMatches(migration, record.checksum)) {
      throw new StoreError(
        'STORE_MIGRATION_MODIFIED',
        `Migration ${migration.name} was modified after it was applied (recorded checksum ${record.checksum}, ` +
          `file now ${migration.checksum}); restore the original migration.sql and put the change in a new migration`,
      );
    }
    alreadyApplied.push(migration.name);
  }
  return { pending, alreadyApplied };
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node reports a refused connection to a multi-address host as an AggregateError with an empty message.
    return error.errors.map(messageOf).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message || String(code ?? error.name);
    return typeof code === 'string' && !text.includes(code) ? `${text} [${code}]` : text;
  }
  return String(error);
}

function migrationFailed(name: string, where: string, error: unknown, secretsOf?: string): StoreError {
  const detail = secretsOf ? scrubUrlSecrets(messageOf(error), secretsOf) : messageOf(error);
  return new StoreError('STORE_MIGRATION_FAILED', `Migration ${name} failed on ${where} and was rolled back: ${detail}`, {
    cause: secretsOf ? undefined : error,
  });
}

// ---------------------------------------------------------------- SQLite

function applySqlite(file: string, migrations: MigrationFile[]): MigrationResult {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: SQLITE_LOCK_WAIT_MS });
  } catch (error) {
    throw new StoreError('STORE_UNREACHABLE', `Cannot open SQLite database ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    const readRecords = (): MigrationRecord[] =>
      db
        .prepare(
          'SELECT "migration_name", "checksum", "finished_at", "rolled_back_at", "started_at", "logs" FROM "_prisma_migrations"',
        )
        .all() as MigrationRecord[];

    db.transaction(() => {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      if (!exists) db.exec(SQLITE_MIGRATIONS_TABLE_DDL);
    }).immediate();

    // Planned outside the write lock so a refusal costs no lock; every step re-checks inside it.
    const first = plan(migrations, readRecords());
    const result: MigrationResult = { applied: [], alreadyApplied: [...first.alreadyApplied] };
    const insert = db.prepare(`INSERT INTO "_prisma_migrations" (${INSERT_RECORD_COLUMNS}) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`);

    for (const migration of first.pending) {
      let outcome: 'applied' | 'already';
      try {
        // BEGIN IMMEDIATE takes SQLite's write lock up front, so a second process waits here and
        // then sees this migration recorded instead of running it again.
        outcome = db
          .transaction((): 'applied' | 'already' => {
            if (plan([migration], readRecords()).alreadyApplied.length > 0) return 'already';
            // Prisma's SQLite migration persistence stores these timestamps as Unix milliseconds.
            const startedAt = Date.now();
            // PRAGMA foreign_keys is a no-op inside a transaction; Prisma's table-redefinition scripts
            // also emit PRAGMA defer_foreign_keys=ON, which is what keeps them correct here.
            db.exec(migration.script);
            insert.run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
            return 'applied';
          })
          .immediate();
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw migrationFailed(migration.name, `SQLite ${file}`, error);
      }
      (outcome === 'applied' ? result.applied : result.alreadyApplied).push(migration.name);
    }
    return result;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- PostgreSQL

/**
 * Splits Prisma's `?schema=` parameter (which libpq and pg do not know) off the URL; the rest goes to pg.
 * Exported for the client factory so migrations and queries use the same schema.
 */
export function postgresConnection(url: string): { connectionString: string; schema?: string } {
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return { connectionString: url };
  const params = new URLSearchParams(url.slice(queryAt + 1));
  const schema = params.get('schema') ?? undefined;
  params.delete('schema');
  const rest = params.toString();
  return { connectionString: url.slice(0, queryAt) + (rest ? `?${rest}` : ''), schema: schema || undefined };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function unreachable(url: string, error: unknown): StoreError {
  return new StoreError(
    'STORE_UNREACHABLE',
    `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${scrubUrlSecrets(messageOf(error), url)}`,
  );
}

async function connectPostgres(url: string): Promise<PgClient> {
  const client = new PgClient({
    connectionString: postgresConnection(url).connectionString,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
  });
  // Without a listener, a backend that dies while we wait would crash the process instead of failing the query.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw unreachable(url, error);
  }
}

/** Connects once and disconnects: STORE_UNREACHABLE (password redacted) within ~5 s when the server cannot be used. */
export async function assertPostgresReachable(url: string): Promise<void> {
  const client = await connectPostgres(url);
  await client.end().catch(() => undefined);
}

async function applyPostgres(url: string, migrations: MigrationFile[]): Promise<MigrationResult> {
  const { schema } = postgresConnection(url);
  const client = await connectPostgres(url);
  const where = `PostgreSQL ${redactUrl(url)}`;
  try {
    try {
      await client.query(`SET lock_timeout = ${PG_LOCK_WAIT_MS}`);
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
      await client.query('RESET lock_timeout');
    } catch (error) {
      throw new StoreError(
        'STORE_MIGRATION_FAILED',
        `Could not take the migration lock (pg_advisory_lock ${PRISMA_ADVISORY_LOCK_KEY}) on ${where} within ` +
          `${PG_LOCK_WAIT_MS / 1000} s; another process may be migrating or holding it: ${scrubUrlSecrets(messageOf(error), url)}`,
      );
    }
    try {
      if (schema) {
        // Prisma creates the schema named in ?schema= on first deploy; keep that behaviour.
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        await client.query(`SET search_path TO ${quoteIdent(schema)}`);
      }
      const exists = await client.query<{ present: boolean }>(
        `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
      );
      if (!exists.rows[0]?.present) await client.query(POSTGRES_MIGRATIONS_TABLE_DDL);

      // Everything below runs under the advisory lock, so one plan is enough.
      const records = await client.query<MigrationRecord>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM _prisma_migrations',
      );
      const { pending, alreadyApplied } = plan(migrations, records.rows);
      const result: MigrationResult = { applied: [], alreadyApplied };
      for (const migration of pending) {
        const startedAt = new Date();
        try {
          await client.query('BEGIN');
          await client.query(migration.script);
          await client.query(
            `INSERT INTO _prisma_migrations (${INSERT_RECORD_COLUMNS}) VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw migrationFailed(migration.name, where, error, url);
        }
        result.applied.push(migration.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('STORE_MIGRATION_FAILED', `Migrating ${where} failed: ${scrubUrlSecrets(messageOf(error), url)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Applies every pending migration, in folder-name order, each in its own transaction together with its
 * _prisma_migrations row. Throws StoreError: STORE_MIGRATION_FAILED (nothing of the failing migration is
 * left behind), STORE_MIGRATION_MODIFIED (an applied migration.sql changed), STORE_UNREACHABLE.
 */
export async function applyMigrations(
  target: MigrationTarget,
  options: ApplyMigrationsOptions = {},
): Promise<MigrationResult> {
  const directory = options.directory ?? migrationsDirectory(target.provider);
  const migrations = readMigrations(directory, target.provider);
  if (target.provider === 'sqlite') return applySqlite(path.resolve(target.file), migrations);
  return applyPostgres(target.url, migrations);
}
