// Owns one read-only MySQL/MariaDB session: parsing the URL, opening the session with its safety settings, counting
// and time-limiting every query it sends, and answering the discovery levels through the introspector.
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { QuerentError } from '../../errors/querent-error';
import type { SchemaInfo, SchemaProbe, TableInfo, TableStructure } from '../catalog-metadata';
import type { ConnectOptions, DialectConnection } from '../dialect';
import { badUrl, connectError, queryError } from './mysql-errors';
import { atLeast, MysqlIntrospector, parseServerVersion, type MysqlServer } from './mysql-introspector';

/** mariadb:// is the same wire protocol; mysql2 speaks to both. */
export const MYSQL_SCHEMES: readonly string[] = Object.freeze(['mysql:', 'mariadb:']);

// GROUP_CONCAT silently truncates at group_concat_max_len (1 KiB on MySQL), which would make the probe blind to a
// change past the cut. 1 GiB is MariaDB's ceiling and well inside MySQL's.
const GROUP_CONCAT_MAX_LEN = 1_073_741_824;

// Grace for mysql2's own timer: the server's statement limit should fire first; this only catches a dead network.
const CLIENT_TIMEOUT_GRACE_MS = 2_000;

const SSL_ON = new Set(['true', '1', 'require', 'required', 'verify-ca', 'verify-full', 'verify_ca', 'verify_identity']);

function decode(part: string, what: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badUrl(url, `the ${what} is not correctly percent-encoded`);
  }
}

function positiveMs(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new QuerentError('BAD_INPUT', `${name} must be a positive number of milliseconds, not ${value}.`);
  return Math.ceil(value);
}

export interface ParsedUrl {
  options: ConnectionOptions;
  database: string | null;
}

export function parseUrl(url: string, connectTimeoutMs: number): ParsedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(url, 'it cannot be parsed as a URL');
  }
  if (!MYSQL_SCHEMES.includes(parsed.protocol)) {
    throw badUrl(url, `the scheme must be mysql:// or mariadb://, not ${parsed.protocol}//`);
  }
  const path = decode(parsed.pathname.replace(/^\//, ''), 'database name', url);
  if (path.includes('/')) throw badUrl(url, 'the path must be a single database name');
  const sslParam = (parsed.searchParams.get('ssl') ?? parsed.searchParams.get('sslmode') ?? parsed.searchParams.get('ssl-mode') ?? '').toLowerCase();
  return {
    database: path === '' ? null : path,
    options: {
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decode(parsed.username, 'user name', url),
      password: decode(parsed.password, 'password', url),
      database: path === '' ? undefined : path,
      connectTimeout: connectTimeoutMs,
      // libpq's meaning: `require` encrypts without checking the certificate, the verify-* modes and ssl=true check it.
      ssl: SSL_ON.has(sslParam) ? { rejectUnauthorized: !sslParam.startsWith('require') } : undefined,
      // A rogue server could otherwise ask the client for local files (LOAD DATA LOCAL); catalog reads never need it.
      flags: ['-LOCAL_FILES'],
      multipleStatements: false,
      supportBigNumbers: true,
      dateStrings: true,
      enableKeepAlive: true,
    },
  };
}

/**
 * One SET for the whole session: read-only, a server-side limit on each statement, room for the probe's GROUP_CONCAT.
 * The variables differ: MariaDB has max_statement_time (seconds) and tx_read_only; MySQL max_execution_time (ms,
 * SELECTs only, which is all we send) and, from 5.7.20, transaction_read_only (tx_read_only is gone in 8.0).
 */
function sessionSetup(server: MysqlServer, queryTimeoutMs: number): string {
  const readOnly = !server.mariadb && atLeast(server, 5, 7, 20) ? 'transaction_read_only' : 'tx_read_only';
  const limit = server.mariadb ? `max_statement_time = ${(queryTimeoutMs / 1000).toFixed(3)}` : `max_execution_time = ${queryTimeoutMs}`;
  return `SET SESSION ${readOnly} = 1, SESSION ${limit}, SESSION group_concat_max_len = ${GROUP_CONCAT_MAX_LEN}`;
}

export class MysqlConnection implements DialectConnection {
  readonly dialect = 'mysql' as const;
  readonly stats = { roundTrips: 0 };
  private introspector: MysqlIntrospector | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly url: string,
    private readonly database: string | null,
    private readonly queryTimeoutMs: number,
  ) {}

  /** The one place a query leaves this connection: counted, time-limited, and its failure translated. */
  readonly query = async <R>(sql: string, params: readonly unknown[] = []): Promise<R[]> => {
    this.stats.roundTrips += 1;
    try {
      // query (text protocol, client-side escaping), not execute: a prepared statement costs an extra round trip.
      const [rows] = await this.connection.query({ sql, timeout: this.queryTimeoutMs + CLIENT_TIMEOUT_GRACE_MS }, [...params]);
      return rows as R[];
    } catch (error) {
      throw queryError(error, this.url, this.queryTimeoutMs);
    }
  };

  /** Reads the server version from the handshake (no query) and sets the session up in one statement. */
  async open(): Promise<void> {
    // mysql2 keeps the handshake on the core connection behind the promise wrapper; it is not in its typings.
    const core = (this.connection as unknown as { connection?: { _handshakePacket?: { serverVersion?: string } } }).connection;
    let versionText = core?._handshakePacket?.serverVersion;
    if (!versionText) {
      const [row] = await this.query<{ version: string }>('SELECT VERSION() AS version');
      versionText = row?.version ?? '';
    }
    const server = parseServerVersion(versionText);
    await this.query(sessionSetup(server, this.queryTimeoutMs));
    this.introspector = new MysqlIntrospector(this.query, server, this.database);
  }

  private get catalog(): MysqlIntrospector {
    if (!this.introspector) throw new Error('MysqlConnection used before open()');
    return this.introspector;
  }

  async currentDatabase(): Promise<string> {
    if (this.database !== null) return this.database;
    // No database in the URL: the session has none either unless the server chose one; '' says "none".
    const [row] = await this.query<{ name: string | null }>('SELECT DATABASE() AS name');
    return row?.name ?? '';
  }

  listSchemas(): Promise<SchemaInfo[]> {
    return this.catalog.listSchemas();
  }

  listTables(schema: string): Promise<TableInfo[]> {
    return this.catalog.listTables(schema);
  }

  describeTables(schema: string, tables: readonly string[]): Promise<TableStructure[]> {
    return this.catalog.describeTables(schema, tables);
  }

  probe(schema: string): Promise<SchemaProbe> {
    return this.catalog.probe(schema);
  }

  schemaToken(schema: string): Promise<string> {
    return this.catalog.schemaToken(schema);
  }

  async close(): Promise<void> {
    await this.connection.end().catch(() => this.connection.destroy());
  }
}

export async function connectMysql(url: string, options: ConnectOptions): Promise<MysqlConnection> {
  const connectTimeoutMs = positiveMs(options.connectTimeoutMs, 'connectTimeoutMs');
  const queryTimeoutMs = positiveMs(options.queryTimeoutMs, 'queryTimeoutMs');
  const { options: config, database } = parseUrl(url, connectTimeoutMs);
  let connection: Connection;
  try {
    connection = await createConnection(config);
  } catch (error) {
    throw connectError(error, url, connectTimeoutMs);
  }
  // A server that drops the session later emits 'error' on the idle connection; unhandled, that would crash the
  // process. The next query then fails with CATALOG_QUERY_FAILED instead.
  connection.on('error', () => undefined);
  const session = new MysqlConnection(connection, url, database, queryTimeoutMs);
  try {
    await session.open();
  } catch (error) {
    connection.destroy();
    throw error;
  }
  return session;
}
