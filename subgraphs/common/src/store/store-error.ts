// The typed error the store raises when its database cannot be reached or migrated: a QuerentError with a STORE_ code.
import { QuerentError } from '../errors/querent-error.js';

export type StoreErrorCode = 'STORE_MIGRATION_FAILED' | 'STORE_MIGRATION_MODIFIED' | 'STORE_UNREACHABLE';

export class StoreError extends QuerentError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message);
    this.name = 'StoreError';
    if (options?.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }
}
