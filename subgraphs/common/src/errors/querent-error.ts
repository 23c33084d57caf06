// Typed errors: every failure Querent reports carries a code from ERROR_CODES and a message a person can read.
import { GraphQLError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { redactSecrets } from '../security/redact';

export class QuerentError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    // Messages may be built from user input or driver errors; never let a credential through.
    super(redactSecrets(message));
    this.name = 'QuerentError';
    this.code = code;
    this.details = details;
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, { extensions: { code: this.code, ...(this.details ?? {}) } });
  }
}

export function isQuerentError(error: unknown): error is QuerentError {
  return error instanceof QuerentError;
}

/** Describes any thrown value as a QuerentError, keeping typed errors and wrapping the rest as INTERNAL. */
export function asQuerentError(error: unknown): QuerentError {
  if (error instanceof QuerentError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code in ERROR_CODES
    ? ((error as { code: ErrorCode }).code)
    : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return new QuerentError(code, message);
}
