// Owns the public surface of Querent's state store; the generated Prisma clients stay behind it.
export { StoreError, type StoreErrorCode } from './store-error.js';
export {
  applyMigrations,
  migrationsDirectory,
  type ApplyMigrationsOptions,
  type MigrationResult,
  type MigrationTarget,
  type StoreProvider,
} from './migration-applier.js';
export { openPrismaStore, type OpenPrismaStoreOptions, type PrismaStore, type StorePrismaClient } from './prisma-store.js';
export { bulkInsert, type BulkColumn, type BulkColumnKind, type BulkInsertOptions } from './bulk-insert.js';
// Writes SQL NULL into a nullable Json field (Prisma refuses a plain null there); one marker serves both clients.
export { DbNull as STORE_JSON_NULL } from '@prisma/client/runtime/client';
