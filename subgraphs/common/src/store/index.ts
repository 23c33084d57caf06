// Owns the public surface of Querent's state store; the generated Prisma clients stay behind it.
export { StoreError, type StoreErrorCode } from './store-error.js';
// redact-url.ts stays unexported here: @querent/common's security/redact already exports a redactUrl, and a
// second one through `export * from './store'` would make the name ambiguous (TS2308) for every consumer.
export {
  applyMigrations,
  migrationsDirectory,
  type ApplyMigrationsOptions,
  type MigrationResult,
  type MigrationTarget,
  type StoreProvider,
} from './migration-applier.js';
export { openPrismaStore, type OpenPrismaStoreOptions, type PrismaStore, type StorePrismaClient } from './prisma-store.js';
