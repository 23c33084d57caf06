// MySQL/MariaDB's data for the read-only SQL guard: its lexing (backticks, "strings", backslash escapes, # and
// "-- " comments, executable /*! */ comments), the functions an analytics SELECT may call, and what it refuses.
import {
  STANDARD_FORBIDDEN_STATEMENTS,
  STANDARD_PARENTHESIZED_TYPES,
  STANDARD_SQL_FUNCTIONS,
  STANDARD_WRITING_STATEMENTS,
  sqlWords,
  type DialectSqlRules,
} from '../sql-rules';

const MYSQL_FUNCTIONS = sqlWords(
  // aggregates
  `group_concat bit_and bit_or bit_xor std stddev stddev_pop stddev_samp variance var_pop var_samp json_arrayagg
   json_objectagg any_value`,
  // conditionals
  `if ifnull isnull greatest least elt field interval`,
  // math
  `conv cot crc32 format hex unhex log2 rand truncate oct bin`,
  // strings
  `ascii bit_length char char_length character_length concat_ws export_set find_in_set from_base64 to_base64 insert
   lcase left locate lpad make_set mid octet_length ord position quote regexp_instr regexp_like regexp_replace
   regexp_substr repeat reverse right rpad soundex space strcmp substring_index ucase weight_string md5 sha sha1 sha2
   uuid`,
  // date and time
  `adddate addtime convert_tz curdate current_date current_time current_timestamp curtime date date_add date_format
   date_sub datediff day dayname dayofmonth dayofweek dayofyear extract from_days from_unixtime get_format hour
   last_day localtime localtimestamp makedate maketime microsecond minute month monthname now period_add period_diff
   quarter sec_to_time second str_to_date subdate subtime sysdate time time_format time_to_sec timediff timestamp
   timestampadd timestampdiff to_days to_seconds unix_timestamp utc_date utc_time utc_timestamp week weekday weekofyear
   year yearweek`,
  // casts and JSON
  `cast convert json_array json_object json_extract json_unquote json_contains json_contains_path json_keys
   json_length json_type json_valid json_search json_value json_quote json_merge_patch json_merge_preserve json_depth
   json_pretty json_overlaps`,
);

export const MYSQL_SQL_RULES: DialectSqlRules = Object.freeze({
  dialect: 'mysql',
  // The mysql grammar reads more of MariaDB's SELECTs than node-sql-parser's mariadb grammar does (CTEs, windows).
  parserGrammars: ['mysql', 'mariadb'],
  lexical: Object.freeze({
    identifierQuotes: Object.freeze({ '`': '`' }),
    doubleQuotedStrings: true,
    backslashEscapes: true,
    escapeStrings: false,
    dollarQuotedStrings: false,
    hashComments: true,
    dashCommentNeedsSpace: true,
    versionedComments: true,
    optimizerHintComments: true,
    unicodeEscapeIdentifiers: false,
  }),
  identifiers: Object.freeze({ unquotedCase: 'preserve', quotedFunctionNamesCaseSensitive: false }),
  functions: Object.freeze({
    allowed: new Set([...STANDARD_SQL_FUNCTIONS, ...MYSQL_FUNCTIONS]),
    allowedQualifiers: new Set<string>(),
    knownRefused: Object.freeze({
      sleep: { reason: 'SLEEP holds a connection doing nothing.' },
      benchmark: { reason: 'BENCHMARK repeats an expression to burn server time.' },
      load_file: { fileAccess: true, reason: 'LOAD_FILE reads files on the database server.' },
      get_lock: { reason: 'GET_LOCK takes a named lock.' },
      release_lock: { reason: 'RELEASE_LOCK releases a named lock.' },
      release_all_locks: { reason: 'RELEASE_ALL_LOCKS releases named locks.' },
      is_free_lock: { reason: 'IS_FREE_LOCK inspects named locks.' },
      is_used_lock: { reason: 'IS_USED_LOCK inspects named locks.' },
      master_pos_wait: { reason: 'MASTER_POS_WAIT blocks waiting for replication.' },
      source_pos_wait: { reason: 'SOURCE_POS_WAIT blocks waiting for replication.' },
      wait_for_executed_gtid_set: { reason: 'WAIT_FOR_EXECUTED_GTID_SET blocks waiting for replication.' },
      last_insert_id: { reason: 'LAST_INSERT_ID(expr) sets session state.' },
      nextval: { reason: 'NEXTVAL advances a sequence (a write).' },
      setval: { reason: 'SETVAL changes a sequence (a write).' },
      lastval: { reason: 'LASTVAL reads session sequence state.' },
      sys_exec: { fileAccess: true, reason: 'sys_exec runs operating-system commands.' },
      sys_eval: { fileAccess: true, reason: 'sys_eval runs operating-system commands.' },
      name_const: { reason: 'NAME_CONST is an internal function.' },
    }),
    refusedPrefixes: Object.freeze({}),
  }),
  statements: Object.freeze({
    writing: [...STANDARD_WRITING_STATEMENTS, 'LOAD DATA', 'LOAD XML'],
    forbidden: [...STANDARD_FORBIDDEN_STATEMENTS, 'INSTALL PLUGIN', 'UNINSTALL', 'SIGNAL', 'RESIGNAL', 'GET'],
    unsupported: Object.freeze({
      TABLE: 'The TABLE name shorthand is not supported; write SELECT * FROM name.',
    }),
    lockingClauses: ['FOR UPDATE', 'FOR SHARE', 'LOCK IN SHARE MODE'],
  }),
  explain: Object.freeze({
    parenthesizedOptions: false,
    optionWords: sqlWords('FORMAT = TRADITIONAL JSON TREE EXTENDED PARTITIONS'),
  }),
  rewrites: Object.freeze({ words: Object.freeze({}), droppedClauses: [] }),
  fileAccess: Object.freeze({ replacementScans: false, pathLikeTableName: null }),
  parenthesizedWords: sqlWords(...STANDARD_PARENTHESIZED_TYPES, 'SIGNED UNSIGNED'),
}) as DialectSqlRules;
