// The four dialects by name and by URL scheme: the one place that knows which engines exist.
import { QuerentError } from '../errors/querent-error';
import type { Dialect, DialectName } from './dialect';
import { duckdbDialect } from './duckdb/duckdb-dialect';
import { mysqlDialect } from './mysql/mysql-dialect';
import { postgresDialect } from './postgres/postgres-dialect';
import { sqliteDialect } from './sqlite/sqlite-dialect';

export const DIALECTS: Record<DialectName, Dialect> = {
  sqlite: sqliteDialect,
  postgres: postgresDialect,
  mysql: mysqlDialect,
  duckdb: duckdbDialect,
};

export const ACCEPTED_URL_FORMS = 'postgresql://…, mysql://… or mariadb://…, sqlite:///absolute/path.db, duckdb:///absolute/path.duckdb';

/** The dialect a connection URL names, or a BAD_INPUT error that lists the accepted forms (never echoing the URL). */
export function dialectForUrl(url: string): Dialect {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  if (!match) throw new QuerentError('BAD_INPUT', `the connection URL is malformed; expected ${ACCEPTED_URL_FORMS}`);
  const scheme = `${match[1].toLowerCase()}:`;
  const dialect = Object.values(DIALECTS).find((d) => d.schemes.includes(scheme));
  if (!dialect) throw new QuerentError('BAD_INPUT', `unknown database type "${match[1]}"; expected ${ACCEPTED_URL_FORMS}`);
  return dialect;
}
