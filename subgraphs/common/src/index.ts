// @querent/common: what two or more Querent services need, once.
import 'reflect-metadata';

export * from './config/settings';
export * from './errors/error-codes';
export * from './errors/querent-error';
export * from './events/topics';
export * from './events/event-bus';
export * from './events/in-process-event-bus';
export * from './events/redis-event-bus';
export * from './events/create-event-bus';
export * from './logging/logger';
export * from './security/redact';
export * from './security/secret-key';
export * from './security/credential-cipher';
export * from './server/federated-schema';
export * from './server/graphql-http-server';
export * from './server/subgraph-service';
export * from './server/request-context';
export * from './server/error-formatter';
export * from './server/service-info';
export * from './runtime/querent-runtime';
export * from './audit/audit-log';
export * from './dialects/catalog-metadata';
export * from './dialects/dialect';
export * from './dialects/structure-fingerprint';
export * from './dialects/dialect-registry';
export * from './store';
export * from './server/roles';
