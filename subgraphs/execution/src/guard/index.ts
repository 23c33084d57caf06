// The read-only SQL guard's public face: checkSql(dialect, sql) → GuardVerdict, and the closed set of refusal codes.
export { checkSql, describeRefusalCode, MAX_SQL_LENGTH, type GuardStatement, type GuardVerdict } from './sql-guard';
export { SQL_REFUSAL_CODES, SQL_REFUSAL_CODE_LIST, isSqlRefusalCode, type SqlRefusalCode } from './refusal-codes';
export type { TableReference } from './ast-inspector';
