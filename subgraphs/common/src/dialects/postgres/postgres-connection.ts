// Owns one read-only PostgreSQL session: opening it safely, counting and time-limiting every query it sends, and
// answering the discovery levels through the introspector.
import { Client, type ClientConfig } from 'pg';
import { QuerentError } from '../../errors/querent-error';
import type { SchemaInfo, SchemaProbe, TableInfo, TableStructure } from '../catalog-metadata';
import type { ConnectOptions, DialectConnection } from '../dialect';
import { badUrl, connectError, queryError } from './postgres-errors';
import { PostgresIntrospector } from './postgres-introspector';

export const POSTGRES_SCHEMES: readonly string[] = Object.freeze(['postgresql:', 'postgres:']);

// Query parameters that would otherwise override the session settings below (node-postgres lets the URL win).
const SESSION_PARAMS = ['options', 'application_name', 'statement_timeout', 'query_timeout', 'default_transaction_read_only'];

// Grace for the client-side timer: the server's statement_timeout should fire first and leave the session usable;
// the client timer only catches a dead network, where no server answer will ever come.
const CLIENT_TIMEOUT_GRACE_MS = 2_000;

function positiveMs(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new QuerentError('BAD_INPUT', `${name} must be a positive number of milliseconds, not ${value}.`);
  return Math.ceil(value);
}

/**
 * Validates the URL and builds a client config whose session carries `settings` (`name=value` pairs) from its first
 * statement: they travel as startup parameters, so they cost no round trip and no query can run before them. The
 * URL's own `options` (e.g. -c search_path=…) are kept; ours come last so they win. Shared by the catalog sessions
 * here and the query executor (postgres-executor.ts).
 */
export function postgresClientConfig(url: string, connectTimeoutMs: number, settings: readonly string[]): ClientConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(url, 'it cannot be parsed as a URL');
  }
  if (!POSTGRES_SCHEMES.includes(parsed.protocol)) {
    throw badUrl(url, `the scheme must be postgresql:// or postgres://, not ${parsed.protocol}//`);
  }
  const userOptions = parsed.searchParams.get('options');
  let connectionString = url;
  if (SESSION_PARAMS.some((p) => parsed.searchParams.has(p))) {
    for (const p of SESSION_PARAMS) parsed.searchParams.delete(p);
    connectionString = parsed.toString();
  }
  const sessionOptions = [userOptions, ...settings.map((setting) => `-c ${setting}`)]
    .filter((o): o is string => Boolean(o))
    .join(' ');
  return {
    connectionString,
    options: sessionOptions,
    application_name: 'querent',
    connectionTimeoutMillis: positiveMs(connectTimeoutMs, 'connectTimeoutMs'),
    keepAlive: true,
  };
}

/** A catalog session: read-only and time-limited from its first statement. */
function clientConfig(url: string, options: ConnectOptions): ClientConfig {
  const queryTimeoutMs = positiveMs(options.queryTimeoutMs, 'queryTimeoutMs');
  // jit=off: right after bulk DDL the catalogs' statistics are stale, the planner over-estimates the catalog queries
  // and JIT compilation added 0.4-0.7 s to a probe on 2,000 tables (measured); catalog queries never profit from it.
  const config = postgresClientConfig(url, options.connectTimeoutMs, ['default_transaction_read_only=on', 'jit=off', `statement_timeout=${queryTimeoutMs}`]);
  return { ...config, query_timeout: queryTimeoutMs + CLIENT_TIMEOUT_GRACE_MS };
}

export class PostgresConnection implements DialectConnection {
  readonly dialect = 'postgres' as const;
  readonly stats = { roundTrips: 0 };
  private readonly introspector: PostgresIntrospector;
  private database: string | undefined;

  constructor(
    private readonly client: Client,
    private readonly url: string,
    private readonly queryTimeoutMs: number,
  ) {
    this.introspector = new PostgresIntrospector(this.query);
  }

  /** The one place a query leaves this connection: counted, and its failure translated. */
  private readonly query = async <R>(sql: string, params: readonly unknown[] = [], options: { arrays?: boolean } = {}): Promise<R[]> => {
    this.stats.roundTrips += 1;
    try {
      const result = options.arrays ? await this.client.query({ text: sql, values: [...params], rowMode: 'array' }) : await this.client.query(sql, [...params]);
      return result.rows as R[];
    } catch (error) {
      throw queryError(error, this.url, this.queryTimeoutMs);
    }
  };

  async currentDatabase(): Promise<string> {
    // It cannot change during the session, so one round trip is enough.
    this.database ??= await this.introspector.currentDatabase();
    return this.database;
  }

  listSchemas(): Promise<SchemaInfo[]> {
    return this.introspector.listSchemas();
  }

  listTables(schema: string): Promise<TableInfo[]> {
    return this.introspector.listTables(schema);
  }

  describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    return this.introspector.describeTables(schema, tables);
  }

  probe(schema: string): Promise<SchemaProbe> {
    return this.introspector.probe(schema);
  }

  schemaToken(schema: string): Promise<string> {
    return this.introspector.schemaToken(schema);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

export async function connectPostgres(url: string, options: ConnectOptions): Promise<PostgresConnection> {
  const config = clientConfig(url, options);
  const client = new Client(config);
  // A server that ends the session later (restart, pg_terminate_backend) emits 'error' on an idle client; unhandled,
  // that would crash the process. The next query then fails with CATALOG_QUERY_FAILED instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectError(error, url, options.connectTimeoutMs);
  }
  return new PostgresConnection(client, url, Math.ceil(options.queryTimeoutMs));
}
