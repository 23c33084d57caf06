// PostgreSQL's data for the read-only SQL guard: its lexing (E'' and $$ strings, nested comments, U&"" names), the
// functions an analytics SELECT may call, and the statements, clauses and functions it refuses.
import {
  STANDARD_FORBIDDEN_STATEMENTS,
  STANDARD_PARENTHESIZED_TYPES,
  STANDARD_SQL_FUNCTIONS,
  STANDARD_WRITING_STATEMENTS,
  sqlWords,
  type DialectSqlRules,
} from '../sql-rules';

const POSTGRES_FUNCTIONS = sqlWords(
  // aggregates and ordered-set aggregates
  `string_agg array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg bool_and bool_or every bit_and bit_or
   bit_xor stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp regr_avgx regr_avgy
   regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy percentile_cont percentile_disc mode
   grouping any_value range_agg range_intersect_agg`,
  // conditionals
  `greatest least num_nulls num_nonnulls`,
  // math
  `cbrt div exp factorial gcd lcm log min_scale scale trim_scale trunc width_bucket random random_normal
   cot sinh cosh tanh asinh acosh atanh sind cosd tand asind acosd atand atan2d cotd erf erfc`,
  // strings
  `ascii bit_length btrim char_length character_length chr concat_ws format initcap left lpad md5 normalize
   octet_length overlay position quote_ident quote_literal quote_nullable regexp_count regexp_instr regexp_like
   regexp_match regexp_matches regexp_replace regexp_split_to_array regexp_split_to_table regexp_substr repeat reverse
   right rpad split_part starts_with string_to_array string_to_table strpos to_ascii to_hex translate unistr encode
   decode sha224 sha256 sha384 sha512 casefold convert_from convert_to`,
  // date and time
  `age clock_timestamp date_add date_bin date_part date_subtract date_trunc extract isfinite justify_days
   justify_hours justify_interval make_date make_interval make_time make_timestamp make_timestamptz now
   statement_timestamp timeofday transaction_timestamp to_timestamp to_date to_char to_number timezone`,
  // JSON
  `json_build_array json_build_object jsonb_build_array jsonb_build_object json_object jsonb_object json_array_length
   jsonb_array_length json_each jsonb_each json_each_text jsonb_each_text json_extract_path jsonb_extract_path
   json_extract_path_text jsonb_extract_path_text json_object_keys jsonb_object_keys json_array_elements
   jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_typeof jsonb_typeof json_strip_nulls
   jsonb_strip_nulls to_json to_jsonb row_to_json array_to_json jsonb_set jsonb_insert jsonb_pretty jsonb_path_query
   jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match json_scalar json_populate_record
   jsonb_populate_record json_to_record jsonb_to_record json_to_recordset jsonb_to_recordset`,
  // arrays, ranges and series
  `array_append array_cat array_dims array_fill array_length array_lower array_upper array_position array_positions
   array_prepend array_remove array_replace array_to_string array_ndims cardinality unnest trim_array
   generate_series generate_subscripts isempty lower_inc upper_inc lower_inf upper_inf range_merge`,
  // text search, UUIDs, identity of the session's database
  `to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline
   gen_random_uuid current_database current_schema`,
  // function-style casts; TABLESAMPLE methods (the grammar reads `SYSTEM (10)` as a call)
  `date text int2 int4 int8 float4 float8 numeric bool system bernoulli`,
);

export const POSTGRES_SQL_RULES: DialectSqlRules = Object.freeze({
  dialect: 'postgres',
  parserGrammars: ['postgresql'],
  lexical: Object.freeze({
    identifierQuotes: Object.freeze({ '"': '"' }),
    doubleQuotedStrings: false,
    backslashEscapes: false,
    escapeStrings: true,
    dollarQuotedStrings: true,
    hashComments: false,
    dashCommentNeedsSpace: false,
    versionedComments: false,
    optimizerHintComments: false,
    unicodeEscapeIdentifiers: true,
  }),
  identifiers: Object.freeze({ unquotedCase: 'lower', quotedFunctionNamesCaseSensitive: true }),
  functions: Object.freeze({
    allowed: new Set([...STANDARD_SQL_FUNCTIONS, ...POSTGRES_FUNCTIONS]),
    allowedQualifiers: new Set(['pg_catalog']),
    knownRefused: Object.freeze({
      pg_sleep: { reason: 'pg_sleep holds a connection doing nothing.' },
      pg_sleep_for: { reason: 'pg_sleep_for holds a connection doing nothing.' },
      pg_sleep_until: { reason: 'pg_sleep_until holds a connection doing nothing.' },
      pg_read_file: { fileAccess: true, reason: 'pg_read_file reads files on the database server.' },
      pg_read_binary_file: { fileAccess: true, reason: 'pg_read_binary_file reads files on the database server.' },
      pg_ls_dir: { fileAccess: true, reason: 'pg_ls_dir lists directories on the database server.' },
      pg_stat_file: { fileAccess: true, reason: 'pg_stat_file inspects files on the database server.' },
      dblink: { fileAccess: true, reason: 'dblink opens a connection to another database server.' },
      dblink_exec: { fileAccess: true, reason: 'dblink_exec runs statements on another database server.' },
      dblink_connect: { fileAccess: true, reason: 'dblink_connect opens a connection to another server.' },
      set_config: { reason: 'set_config changes a server setting for the session.' },
      current_setting: { reason: 'current_setting reads server configuration.' },
      pg_terminate_backend: { reason: 'pg_terminate_backend kills another session.' },
      pg_cancel_backend: { reason: 'pg_cancel_backend cancels another session’s query.' },
      pg_reload_conf: { reason: 'pg_reload_conf reloads the server configuration.' },
      nextval: { reason: 'nextval advances a sequence (a write).' },
      setval: { reason: 'setval changes a sequence (a write).' },
      currval: { reason: 'currval reads session sequence state.' },
      lastval: { reason: 'lastval reads session sequence state.' },
      txid_current: { reason: 'txid_current assigns a transaction id (a write).' },
      pg_current_xact_id: { reason: 'pg_current_xact_id assigns a transaction id (a write).' },
      pg_notify: { reason: 'pg_notify sends a notification to other sessions.' },
      query_to_xml: { reason: 'query_to_xml runs the SQL text it is given, unchecked.' },
      query_to_xml_and_xmlschema: { reason: 'query_to_xml_and_xmlschema runs the SQL text it is given, unchecked.' },
      cursor_to_xml: { reason: 'cursor_to_xml reads from a cursor.' },
      pg_logical_emit_message: { reason: 'pg_logical_emit_message writes to the WAL.' },
      pg_switch_wal: { reason: 'pg_switch_wal forces a WAL switch.' },
      pg_create_restore_point: { reason: 'pg_create_restore_point writes a restore point.' },
    }),
    refusedPrefixes: Object.freeze({
      lo_: { fileAccess: true, reason: 'Large-object functions (lo_*) read and write server files and large objects.' },
      pg_advisory: { reason: 'Advisory-lock functions (pg_advisory_*) take locks.' },
      pg_try_advisory: { reason: 'Advisory-lock functions (pg_try_advisory_*) take locks.' },
      pg_file_: { fileAccess: true, reason: 'adminpack functions (pg_file_*) write server files.' },
      pg_ls_: { fileAccess: true, reason: 'pg_ls_* functions list server directories.' },
      pg_replication: { reason: 'Replication functions change replication state.' },
      pg_create_: { reason: 'pg_create_* functions create server objects (slots, restore points).' },
      pg_drop_: { reason: 'pg_drop_* functions drop server objects.' },
      pg_stat_reset: { reason: 'pg_stat_reset* functions reset statistics (a write).' },
      dblink: { fileAccess: true, reason: 'dblink functions reach other database servers.' },
    }),
  }),
  statements: Object.freeze({
    writing: [...STANDARD_WRITING_STATEMENTS],
    forbidden: [...STANDARD_FORBIDDEN_STATEMENTS],
    unsupported: Object.freeze({ TABLE: 'The TABLE name shorthand is not supported; write SELECT * FROM name.' }),
    lockingClauses: ['FOR UPDATE', 'FOR NO KEY UPDATE', 'FOR SHARE', 'FOR KEY SHARE'],
  }),
  explain: Object.freeze({
    parenthesizedOptions: true,
    optionWords: sqlWords(`VERBOSE COSTS SETTINGS BUFFERS WAL TIMING SUMMARY MEMORY GENERIC_PLAN FORMAT TEXT XML JSON
      YAML TRUE FALSE ON OFF 1 0 ,`),
  }),
  rewrites: Object.freeze({
    words: Object.freeze({}),
    // The grammar lacks the standard row-limiting clause; it holds only numbers and keywords.
    droppedClauses: [
      { words: ['FETCH', 'FIRST'], then: sqlWords('ROW ROWS ONLY WITH TIES') },
      { words: ['FETCH', 'NEXT'], then: sqlWords('ROW ROWS ONLY WITH TIES') },
    ],
  }),
  fileAccess: Object.freeze({ replacementScans: false, pathLikeTableName: null }),
  parenthesizedWords: sqlWords(...STANDARD_PARENTHESIZED_TYPES, 'TIMESTAMPTZ TIMETZ BPCHAR SYSTEM BERNOULLI REPEATABLE'),
}) as DialectSqlRules;
