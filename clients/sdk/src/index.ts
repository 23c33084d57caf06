// @querent/sdk: a typed client for Querent's GraphQL API, generated from schema/ by graphql-codegen.
export * from './querent-client';
export type * from './generated/graphql';
