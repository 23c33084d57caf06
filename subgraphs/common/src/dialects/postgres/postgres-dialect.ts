// Owns the PostgreSQL dialect: its capabilities, URL schemes, identifier quoting and the factory of read-only
// catalog connections (postgres-connection.ts) that answer discovery from pg_catalog (postgres-introspector.ts).
import type { Dialect } from '../dialect';
import { connectPostgres, POSTGRES_SCHEMES } from './postgres-connection';
import { openPostgresExecutor } from './postgres-executor';
import { postgresSampling } from './postgres-sampling';

export const postgresDialect: Dialect = Object.freeze({
  name: 'postgres',
  label: 'PostgreSQL',
  urlExample: 'postgresql://user:password@host:5432/database',
  capabilities: Object.freeze({ multipleSchemas: true, comments: true, rowEstimates: true, reuseConnections: true }),
  schemes: POSTGRES_SCHEMES,
  connect: connectPostgres,
  openExecutor: openPostgresExecutor,
  quoteIdentifier: (name: string) => `"${name.replace(/"/g, '""')}"`,
  sampling: postgresSampling,
});
