// The SQL emitter of each engine by name: the one place that knows which emitters exist.
import type { DialectName } from './dialect';
import type { SqlEmitter } from './sql-emit';
import { duckdbSqlEmit } from './duckdb/duckdb-sql-emit';
import { mysqlSqlEmit } from './mysql/mysql-sql-emit';
import { postgresSqlEmit } from './postgres/postgres-sql-emit';
import { sqliteSqlEmit } from './sqlite/sqlite-sql-emit';

const EMITTERS: Record<DialectName, SqlEmitter> = {
  sqlite: sqliteSqlEmit,
  postgres: postgresSqlEmit,
  mysql: mysqlSqlEmit,
  duckdb: duckdbSqlEmit,
};

export function sqlEmitterFor(dialect: DialectName): SqlEmitter {
  return EMITTERS[dialect];
}
