// The one list of error codes Querent answers with; clients switch on these, people read the messages.
export const ERROR_CODES = {
  CONFIG_INVALID: 'A setting (environment variable) is missing or invalid.',
  BAD_INPUT: 'The request is malformed or names something that does not exist.',
  NOT_FOUND: 'The thing asked for does not exist.',
  FORBIDDEN: 'The current role may not do this.',
  SUBGRAPH_UNAVAILABLE: 'A Querent service needed for this request is not reachable.',
  SUBGRAPH_TIMEOUT: 'A Querent service did not answer in time.',
  STORE_UNREACHABLE: "Querent's own store cannot be reached.",
  STORE_MIGRATION_FAILED: "A migration of Querent's own store failed.",
  STORE_MIGRATION_MODIFIED: 'An already-applied store migration was edited on disk.',
  SECRET_INVALID: 'The encryption key is missing, malformed or does not match stored data.',
  CONNECTION_UNREACHABLE: 'The database server cannot be reached (host, port or network).',
  CONNECTION_AUTH_FAILED: 'The database refused the user name or password.',
  CONNECTION_NOT_A_DATABASE: 'The file or database named does not exist or is not a database of that type.',
  CONNECTION_TIMEOUT: 'The database did not answer in time.',
  CATALOG_QUERY_FAILED: "Reading the database's catalog failed.",
  DEMO_GENERATION_FAILED: 'The demo database could not be generated.',
  CANCELLED: 'The work was cancelled before it finished.',
  INTERNAL: 'Something unexpected went wrong inside Querent.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
  VECTOR_INDEX_FAILED: 'The vector index (embedded or Pinecone) could not be read or written.',
