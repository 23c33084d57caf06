// The read-only SQL guard's view of one engine, as data: how its text is lexed, which node-sql-parser grammar reads
// it, which functions a SELECT may call (an allowlist), which statements and clauses are refused, and which
// engine-only syntax the guard rewrites or refuses. Each engine's values live in <engine>/<engine>-sql-rules.ts.
import type { DialectName } from './dialect';

/** node-sql-parser grammars the guard can load (its `database` option). */
export type SqlParserGrammar = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite';

/** How the engine splits text into tokens; the guard lexes exactly like this before anything is parsed. */
export interface SqlLexicalRules {
  /** Opening character of a quoted identifier → its closing character (`"`→`"`, `` ` ``→`` ` ``, `[`→`]`). */
  readonly identifierQuotes: Readonly<Record<string, string>>;
  /** `"…"` is a string literal, not an identifier (MySQL/MariaDB without ANSI_QUOTES). */
  readonly doubleQuotedStrings: boolean;
  /** A backslash escapes the next character inside ordinary quoted strings (MySQL/MariaDB default). */
  readonly backslashEscapes: boolean;
  /** `E'…'` strings with backslash escapes (PostgreSQL, DuckDB). */
  readonly escapeStrings: boolean;
  /** `$$…$$` and `$tag$…$tag$` strings (PostgreSQL, DuckDB). */
  readonly dollarQuotedStrings: boolean;
  /** `#` starts a comment that runs to the end of the line (MySQL/MariaDB). */
  readonly hashComments: boolean;
  /** `--` starts a comment only when a space or control character follows it (MySQL/MariaDB). */
  readonly dashCommentNeedsSpace: boolean;
  /** The engine executes the inside of `/*! … *\/` (and MariaDB's `/*M! … *\/`) comments. */
  readonly versionedComments: boolean;
  /** The engine reads `/*+ … *\/` comments as optimizer hints, which can set session variables (MySQL SET_VAR). */
  readonly optimizerHintComments: boolean;
  /** `U&"…"` identifiers with unicode escapes exist (PostgreSQL); the guard refuses them. */
  readonly unicodeEscapeIdentifiers: boolean;
}

/** How a name the engine resolves compares with the allowlist. */
export interface SqlIdentifierRules {
  /** What the engine does to an unquoted name: PostgreSQL folds to lower case, the others keep it. */
  readonly unquotedCase: 'lower' | 'preserve';
  /** A quoted function name keeps its exact case (PostgreSQL: "COUNT"(x) is not count(x)). */
  readonly quotedFunctionNamesCaseSensitive: boolean;
}

/** A function refused with a specific reason (the allowlist alone decides; this only names the harm). */
export interface KnownRefusedFunction {
  /** Reads or writes files or reaches the network: reported as SQL_FILE_ACCESS. */
  readonly fileAccess?: boolean;
  readonly reason: string;
}

export interface SqlFunctionRules {
  /** Every function a SELECT may call, lower case. Anything else is refused. */
  readonly allowed: ReadonlySet<string>;
  /** Schemas whose built-in functions may be written qualified (`pg_catalog.lower`); lower case. */
  readonly allowedQualifiers: ReadonlySet<string>;
  /** Named harms for well-known dangerous functions, lower case. */
  readonly knownRefused: Readonly<Record<string, KnownRefusedFunction>>;
  /** Function-name prefixes refused with a reason (`lo_` large objects, `pg_advisory` locks …), lower case. */
  readonly refusedPrefixes: Readonly<Record<string, KnownRefusedFunction>>;
}

export interface SqlStatementRules {
  /** Leading keywords (or keyword sequences) of statements that change data or schema: SQL_NOT_READ_ONLY. */
  readonly writing: readonly string[];
  /** Leading keyword sequences of other statements the guard refuses (SET, COPY, PRAGMA, CREATE SECRET …),
   *  checked before `writing` so `CREATE SECRET` is named as itself. */
  readonly forbidden: readonly string[];
  /** Leading keywords of read-only engine forms the guard cannot check, with the reason shown. */
  readonly unsupported: Readonly<Record<string, string>>;
  /** Keyword sequences of locking clauses (`FOR UPDATE`, `LOCK IN SHARE MODE` …). */
  readonly lockingClauses: readonly string[];
}

export interface SqlExplainRules {
  /** EXPLAIN may carry a parenthesised option list (`EXPLAIN (FORMAT JSON) SELECT …`). */
  readonly parenthesizedOptions: boolean;
  /** Words (and `=`) allowed between EXPLAIN and the statement, upper case (`QUERY`, `PLAN`, `FORMAT`, `JSON` …). */
  readonly optionWords: ReadonlySet<string>;
}

/** Engine syntax the node-sql-parser grammar lacks but which calls nothing: rewritten only for the check. */
export interface SqlVerificationRewrites {
  /** Word → word the grammar knows with the same shape (`TRY_CAST` → `CAST`). Upper case. */
  readonly words: Readonly<Record<string, string>>;
  /** Clauses left out of the checked text: their leading words, then any run of the `then` words, numbers,
   *  `%`, commas and parentheses (`USING SAMPLE 10 PERCENT (bernoulli)`, `GROUP BY ALL`). Upper case. */
  readonly droppedClauses: readonly { readonly words: readonly string[]; readonly then: ReadonlySet<string> }[];
}

export interface SqlFileAccessRules {
  /** A string (or a path-like name) where a table goes is read as a file or URL (DuckDB replacement scans). */
  readonly replacementScans: boolean;
  /** Table names that would be read as files or URLs. */
  readonly pathLikeTableName: RegExp | null;
}

export interface DialectSqlRules {
  readonly dialect: DialectName;
  /** node-sql-parser grammars tried in order; the first that parses the checked text is used. */
  readonly parserGrammars: readonly SqlParserGrammar[];
  readonly lexical: SqlLexicalRules;
  readonly identifiers: SqlIdentifierRules;
  readonly functions: SqlFunctionRules;
  readonly statements: SqlStatementRules;
  readonly explain: SqlExplainRules;
  readonly rewrites: SqlVerificationRewrites;
  readonly fileAccess: SqlFileAccessRules;
  /** Words that may stand right before `(` without being a function call (type names with a length or precision,
   *  sampling methods …), upper case. The guard's keywords (IN, EXISTS, OVER, CAST …) are added to these. */
  readonly parenthesizedWords: ReadonlySet<string>;
}

/** Splits a whitespace-separated word list, for writing long allowlists readably. */
export function sqlWords(...lists: string[]): Set<string> {
  const words = new Set<string>();
  for (const list of lists) for (const word of list.split(/\s+/)) if (word) words.add(word);
  return words;
}

/** Functions with the same safe meaning in all four engines: aggregates, window functions, CASE helpers, math and
 *  strings. Each engine adds its own. None has a side effect or touches a file, the network or the configuration. */
export const STANDARD_SQL_FUNCTIONS: readonly string[] = [
  ...sqlWords(`
    count sum avg min max
    row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
    coalesce nullif
    abs ceil ceiling floor round sign sqrt exp ln log log10 power pow mod pi degrees radians
    sin cos tan asin acos atan atan2
    lower upper length trim ltrim rtrim replace substr substring concat instr
  `),
];

/** Statements that change data or schema in every engine; engines add their own. */
export const STANDARD_WRITING_STATEMENTS: readonly string[] = [
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'REPLACE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'RENAME',
  'GRANT', 'REVOKE', 'COMMENT',
];

/** Statements refused in every engine: session and transaction control, procedural blocks, bulk I/O. */
export const STANDARD_FORBIDDEN_STATEMENTS: readonly string[] = [
  'SET', 'RESET', 'COPY', 'DO', 'CALL', 'EXEC', 'EXECUTE', 'PREPARE', 'DEALLOCATE', 'BEGIN', 'START', 'COMMIT',
  'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'LOCK', 'UNLOCK', 'DECLARE', 'FETCH', 'MOVE', 'CLOSE', 'LISTEN',
  'UNLISTEN', 'NOTIFY', 'VACUUM', 'ANALYZE', 'ANALYSE', 'PRAGMA', 'ATTACH', 'DETACH', 'INSTALL', 'LOAD', 'EXPORT',
  'IMPORT', 'USE', 'SHOW', 'DESCRIBE', 'DESC', 'CHECKPOINT', 'REINDEX', 'CLUSTER', 'REFRESH', 'DISCARD',
  'SECURITY', 'HANDLER', 'FLUSH', 'KILL', 'SHUTDOWN', 'PURGE', 'OPTIMIZE', 'REPAIR', 'CHECK', 'CHECKSUM', 'XA',
  'BINLOG', 'CACHE', 'HELP', 'SUMMARIZE', 'PIVOT', 'UNPIVOT', 'FORCE', 'ABORT',
];

/** Type names that take a length or precision in parentheses (`numeric(10, 2)`), in every engine. */
export const STANDARD_PARENTHESIZED_TYPES: readonly string[] = [
  ...sqlWords(`
    CHAR CHARACTER VARCHAR NCHAR NVARCHAR VARYING NUMERIC DECIMAL DEC FLOAT DOUBLE REAL INT INTEGER BIGINT SMALLINT
    TINYINT MEDIUMINT BIT VARBIT BINARY VARBINARY TIME TIMESTAMP DATETIME INTERVAL TEXT BLOB
  `),
];
