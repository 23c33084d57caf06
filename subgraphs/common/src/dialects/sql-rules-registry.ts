// The read-only SQL guard's rules of each engine, by dialect name.
import type { DialectName } from './dialect';
import type { DialectSqlRules } from './sql-rules';
import { DUCKDB_SQL_RULES } from './duckdb/duckdb-sql-rules';
import { MYSQL_SQL_RULES } from './mysql/mysql-sql-rules';
import { POSTGRES_SQL_RULES } from './postgres/postgres-sql-rules';
import { SQLITE_SQL_RULES } from './sqlite/sqlite-sql-rules';

export const DIALECT_SQL_RULES: Readonly<Record<DialectName, DialectSqlRules>> = Object.freeze({
  sqlite: SQLITE_SQL_RULES,
  postgres: POSTGRES_SQL_RULES,
  mysql: MYSQL_SQL_RULES,
  duckdb: DUCKDB_SQL_RULES,
});

export function sqlRulesFor(dialect: DialectName): DialectSqlRules {
  return DIALECT_SQL_RULES[dialect];
}
