// SQLite's data for the read-only SQL guard: its lexing ("…", `…` and […] names), the functions an analytics
// SELECT may call (date functions such as strftime and julianday included), and what it refuses.
import {
  STANDARD_FORBIDDEN_STATEMENTS,
  STANDARD_PARENTHESIZED_TYPES,
  STANDARD_SQL_FUNCTIONS,
  STANDARD_WRITING_STATEMENTS,
  sqlWords,
  type DialectSqlRules,
} from '../sql-rules';

const SQLITE_FUNCTIONS = sqlWords(
  // scalar core
  `char concat_ws format glob hex ifnull iif if instr like likelihood likely octet_length printf quote random sign
   soundex typeof unhex unicode unlikely`,
  // aggregates
  `group_concat string_agg total json_group_array json_group_object jsonb_group_array jsonb_group_object`,
  // date and time
  `date time datetime julianday unixepoch strftime timediff`,
  // math
  `acosh asinh atanh cosh sinh tanh log2 trunc`,
  // JSON
  `json jsonb json_array jsonb_array json_array_length json_error_position json_extract jsonb_extract json_insert
   jsonb_insert json_object jsonb_object json_patch jsonb_patch json_remove jsonb_remove json_replace jsonb_replace
   json_set jsonb_set json_type json_valid json_quote json_each json_tree`,
  // table-valued, when compiled in
  `generate_series`,
);

export const SQLITE_SQL_RULES: DialectSqlRules = Object.freeze({
  dialect: 'sqlite',
  // node-sql-parser's sqlite grammar lacks EXCEPT, NULLS LAST, FILTER and OVER without PARTITION BY; its PostgreSQL
  // grammar reads SQLite's SELECTs (after the guard's own lexing) and the sqlite grammar covers `LIMIT a, b`, `==`
  // and GLOB.
  parserGrammars: ['postgresql', 'sqlite'],
  lexical: Object.freeze({
    identifierQuotes: Object.freeze({ '"': '"', '`': '`', '[': ']' }),
    doubleQuotedStrings: false,
    backslashEscapes: false,
    escapeStrings: false,
    dollarQuotedStrings: false,
    hashComments: false,
    dashCommentNeedsSpace: false,
    versionedComments: false,
    optimizerHintComments: false,
    unicodeEscapeIdentifiers: false,
  }),
  identifiers: Object.freeze({ unquotedCase: 'preserve', quotedFunctionNamesCaseSensitive: false }),
  functions: Object.freeze({
    allowed: new Set([...STANDARD_SQL_FUNCTIONS, ...SQLITE_FUNCTIONS]),
    allowedQualifiers: new Set<string>(),
    knownRefused: Object.freeze({
      load_extension: { fileAccess: true, reason: 'load_extension loads native code from a file.' },
      readfile: { fileAccess: true, reason: 'readfile reads files.' },
      writefile: { fileAccess: true, reason: 'writefile writes files.' },
      edit: { fileAccess: true, reason: 'edit starts an external editor.' },
      fts3_tokenizer: { reason: 'fts3_tokenizer can register native code.' },
      zeroblob: { reason: 'zeroblob allocates arbitrary memory.' },
      randomblob: { reason: 'randomblob allocates arbitrary memory.' },
      changes: { reason: 'changes reads connection state.' },
      total_changes: { reason: 'total_changes reads connection state.' },
      last_insert_rowid: { reason: 'last_insert_rowid reads connection state.' },
      sqlite_compileoption_get: { reason: 'sqlite_compileoption_get reads build configuration.' },
      sqlite_compileoption_used: { reason: 'sqlite_compileoption_used reads build configuration.' },
    }),
    refusedPrefixes: Object.freeze({
      pragma_: { reason: 'PRAGMA table functions (pragma_*) read and some change connection settings.' },
      sqlite_: { reason: 'sqlite_* functions expose engine internals.' },
      fts: { reason: 'Full-text-search helper functions are not allowed.' },
    }),
  }),
  statements: Object.freeze({
    writing: [...STANDARD_WRITING_STATEMENTS],
    forbidden: [...STANDARD_FORBIDDEN_STATEMENTS],
    unsupported: Object.freeze({}),
    // Not SQLite syntax at all; named for what they are rather than reported as unreadable.
    lockingClauses: ['FOR UPDATE', 'FOR SHARE'],
  }),
  explain: Object.freeze({ parenthesizedOptions: false, optionWords: sqlWords('QUERY PLAN') }),
  rewrites: Object.freeze({ words: Object.freeze({}), droppedClauses: [] }),
  fileAccess: Object.freeze({ replacementScans: false, pathLikeTableName: null }),
  parenthesizedWords: sqlWords(...STANDARD_PARENTHESIZED_TYPES),
}) as DialectSqlRules;
