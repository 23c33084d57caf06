// Owns the MySQL/MariaDB dialect: its capabilities, URL schemes (mysql://, mariadb://), identifier quoting and the
// factory of read-only catalog connections (mysql-connection.ts) that answer discovery from information_schema.
import type { Dialect } from '../dialect';
import { connectMysql, MYSQL_SCHEMES } from './mysql-connection';
import { mysqlSampling } from './mysql-sampling';
import { openMysqlExecutor } from './mysql-executor';

export const mysqlDialect: Dialect = Object.freeze({
  name: 'mysql',
  label: 'MySQL/MariaDB',
  urlExample: 'mysql://user:password@host:3306/database',
  // MySQL has no schemas inside a database; its databases are listed as the schemas.
  capabilities: Object.freeze({ multipleSchemas: true, comments: true, rowEstimates: true, reuseConnections: true }),
  schemes: MYSQL_SCHEMES,
  connect: connectMysql,
  openExecutor: openMysqlExecutor,
  quoteIdentifier: (name: string) => `\`${name.replace(/`/g, '``')}\``,
  sampling: mysqlSampling,
});
