// Owns turning DATABASE_URL (or its absence) into a migrated, ready Prisma client for Querent's own state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client.js';
import {
  applyMigrations,
  assertPostgresReachable,
  postgresConnection,
  type MigrationTarget,
  type StoreProvider,
} from './migration-applier.js';
import { redactUrl } from '../security/redact.js';
import { StoreError } from './store-error.js';

/**
 * The client type callers see. Both generated clients expose the same model API (they come from one
 * schema), so the PostgreSQL one is presented under the SQLite one's type.
 */
export type StorePrismaClient = SqlitePrismaClient;

export interface PrismaStore {
  provider: StoreProvider;
  prisma: StorePrismaClient;
  /** Where the state lives: the SQLite file path, or the PostgreSQL URL with its password redacted. */
  location: string;
  close(): Promise<void>;
}

export interface OpenPrismaStoreOptions {
  /** DATABASE_URL: unset for SQLite at <dataDir>/querent.db, `file:<path>`, or `postgresql://` / `postgres://`. */
  databaseUrl?: string;
  dataDir: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

const DEFAULT_SQLITE_FILE = 'querent.db';
// Another process (CLI next to a running gateway) may hold the write lock briefly; wait instead of failing.
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
const PG_CONNECT_TIMEOUT_MS = 5_000;

function sqlitePathFromFileUrl(url: string): string {
  const withoutQuery = url.replace(/[?#].*$/, '');
  const file = /^file:\/\//i.test(withoutQuery) ? fileURLToPath(withoutQuery) : withoutQuery.replace(/^file:/i, '');
  if (file === '' || file === ':memory:') {
    // The applier and Prisma would each get their own empty in-memory database.
    throw new Error('DATABASE_URL file: must name a database file; in-memory SQLite cannot be shared with the migrator');
  }
  return path.resolve(file);
}

function resolveTarget(databaseUrl: string | undefined, dataDir: string): MigrationTarget {
  const url = databaseUrl?.trim();
  if (!url) return { provider: 'sqlite', file: path.resolve(dataDir, DEFAULT_SQLITE_FILE) };
  if (/^file:/i.test(url)) return { provider: 'sqlite', file: sqlitePathFromFileUrl(url) };
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: 'postgresql', url };
  // Only the scheme is echoed: a malformed value may be nothing but a credential.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    `DATABASE_URL ${scheme ? `uses the unsupported scheme "${scheme}:"` : 'is not a URL'}; accepted forms: ` +
      'postgresql://user:password@host:5432/db (or postgres://…) for PostgreSQL, file:/path/to/querent.db for SQLite, ' +
      `or leave it unset for SQLite at <dataDir>/${DEFAULT_SQLITE_FILE}`,
  );
}

/** WAL lets readers in other processes proceed while one writes; the mode is stored in the file, so setting it once suffices. */
function prepareSqliteFile(file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
  } catch (error) {
    throw new StoreError(
      'STORE_UNREACHABLE',
      `Cannot open SQLite database ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

async function openSqlite(file: string, migrate: boolean): Promise<PrismaStore> {
  prepareSqliteFile(file);
  if (migrate) await applyMigrations({ provider: 'sqlite', file });
  // `timeout` is better-sqlite3's busy timeout for the adapter's own connection.
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const prisma = new SqlitePrismaClient({ adapter });
  return { provider: 'sqlite', prisma, location: file, close: () => prisma.$disconnect() };
}

async function openPostgres(url: string, migrate: boolean): Promise<PrismaStore> {
  // Prisma connects lazily; without migrating, probe now so a wrong URL fails at start-up, not at the first request.
  if (migrate) await applyMigrations({ provider: 'postgresql', url });
  else await assertPostgresReachable(url);
  const { connectionString, schema } = postgresConnection(url);
  const adapter = new PrismaPg(
    { connectionString, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS },
    schema ? { schema } : undefined,
  );
  const prisma = new PostgresPrismaClient({ adapter }) as unknown as StorePrismaClient;
  return { provider: 'postgresql', prisma, location: redactUrl(url), close: () => prisma.$disconnect() };
}

/**
 * Opens Querent's state store: SQLite at <dataDir>/querent.db unless `databaseUrl` names a `file:` or a
 * PostgreSQL database, migrated first unless `migrate` is false.
 */
export async function openPrismaStore(options: OpenPrismaStoreOptions): Promise<PrismaStore> {
  const target = resolveTarget(options.databaseUrl, options.dataDir);
  const migrate = options.migrate ?? true;
  return target.provider === 'sqlite' ? openSqlite(target.file, migrate) : openPostgres(target.url, migrate);
}
