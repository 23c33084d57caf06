// Owns the error type the store raises when its database cannot be reached or migrated.

export type StoreErrorCode = 'STORE_MIGRATION_FAILED' | 'STORE_MIGRATION_MODIFIED' | 'STORE_UNREACHABLE';

export class StoreError extends Error {
  constructor(
    public readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
