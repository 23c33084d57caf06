// The one list of reasons the SQL guard refuses a statement: a closed set of codes, each with what it means to a
// person. Verdicts carry a code from here and a reason that names the exact word, function or clause.
export const SQL_REFUSAL_CODES = {
  SQL_EMPTY: 'There is no statement (only whitespace, comments or semicolons).',
  SQL_TOO_LONG: 'The statement is longer than the guard accepts.',
  SQL_UNPARSABLE: 'The statement could not be parsed; only SQL the guard can read completely is run.',
  SQL_AMBIGUOUS: 'Part of the text could be read two ways by different engines or settings (nested comments, backslashes before quotes).',
  SQL_SUSPICIOUS_CHARACTER: 'A keyword or name outside quotes has a non-ASCII character (a look-alike letter can hide a keyword), or the text has a control character.',
  SQL_MULTIPLE_STATEMENTS: 'More than one statement; only one is run at a time.',
  SQL_VERSIONED_COMMENT: 'A MySQL comment the server reads as code: /*! … */ and /*M! … */ versioned comments, /*+ … */ optimizer hints.',
  SQL_NOT_READ_ONLY: 'The statement changes data or schema (INSERT, UPDATE, DELETE, DDL …), possibly inside a CTE.',
  SQL_INTO: 'SELECT … INTO writes a table, a variable or a file (INTO OUTFILE / DUMPFILE).',
  SQL_LOCKING_CLAUSE: 'A locking clause (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE) takes row locks.',
  SQL_FORBIDDEN_STATEMENT: 'Only SELECT, WITH … SELECT, VALUES and EXPLAIN of those are run (no SET, COPY, PRAGMA, ATTACH …).',
  SQL_FORBIDDEN_FUNCTION: 'A function that is not on this engine’s allowlist of side-effect-free functions.',
  SQL_FILE_ACCESS: 'The statement would read or write files or reach the network (read_csv, pg_read_file, a path in FROM …).',
  SQL_EXPLAIN_ANALYZE: 'EXPLAIN ANALYZE runs the statement; only a plain EXPLAIN is allowed.',
  SQL_VARIABLE: 'Session or system variables and bind parameters are not allowed (@x, @@setting, $1).',
  SQL_UNSUPPORTED_SYNTAX: 'A construct the guard does not know how to check, or an engine-only form it cannot read.',
} as const;

export type SqlRefusalCode = keyof typeof SQL_REFUSAL_CODES;

export const SQL_REFUSAL_CODE_LIST = Object.keys(SQL_REFUSAL_CODES) as SqlRefusalCode[];

export function isSqlRefusalCode(value: unknown): value is SqlRefusalCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SQL_REFUSAL_CODES, value);
}
