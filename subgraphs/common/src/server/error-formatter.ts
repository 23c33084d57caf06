// Shapes every GraphQL error Querent sends: typed errors keep their code; unexpected ones are logged and masked.
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { QuerentError } from '../errors/querent-error';
import { ERROR_CODES } from '../errors/error-codes';
import { redactSecrets } from '../security/redact';
import type { Logger } from '../logging/logger';

const PASS_THROUGH_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

export function graphQLErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof QuerentError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
    }
    const code = formatted.extensions?.code;
    // Querent's own codes arrive at the gateway already shaped by the subgraph that raised them.
    if (typeof code === 'string' && code !== 'INTERNAL' && (PASS_THROUGH_CODES.has(code) || code in ERROR_CODES)) {
      return { ...formatted, message: redactSecrets(formatted.message) };
    }
    if (code === 'INTERNAL') return { ...formatted, message: redactSecrets(formatted.message) };
    logger.error('unexpected error', { error: original instanceof Error ? original.stack ?? original.message : JSON.stringify(original) });
    return { message: 'Internal error in Querent; the server log has the details.', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}
