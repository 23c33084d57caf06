// DuckDB's data for the read-only SQL guard. node-sql-parser has no DuckDB grammar: DuckDB's SELECTs are read with
// its PostgreSQL grammar after a few rewrites that call nothing (TRY_CAST, QUALIFY, GROUP BY ALL, USING SAMPLE); file and URL
// reads (read_csv …, replacement scans of 'paths') are refused, and DuckDB-only forms the grammar cannot read are
// refused with a reason that says how to write them.
import {
  STANDARD_FORBIDDEN_STATEMENTS,
  STANDARD_PARENTHESIZED_TYPES,
  STANDARD_SQL_FUNCTIONS,
  STANDARD_WRITING_STATEMENTS,
  sqlWords,
  type DialectSqlRules,
  type KnownRefusedFunction,
} from '../sql-rules';

const DUCKDB_FUNCTIONS = sqlWords(
  // aggregates
  `count_star mean median mode quantile quantile_cont quantile_disc percentile_cont percentile_disc stddev stddev_pop
   stddev_samp variance var_pop var_samp corr covar_pop covar_samp string_agg group_concat listagg list array_agg
   first last any_value arg_max arg_min argmax argmin max_by min_by bool_and bool_or bit_and bit_or bit_xor count_if
   countif product approx_count_distinct approx_quantile histogram entropy kurtosis skewness fsum favg sumkahan
   regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy mad`,
  // date and time
  `date_trunc datetrunc date_part datepart date_diff datediff date_sub datesub date_add extract strftime strptime
   try_strptime make_date make_time make_timestamp epoch epoch_ms epoch_us to_timestamp now get_current_timestamp
   current_date today year month day dayofweek dayofyear dayofmonth week weekofyear weekday quarter hour minute
   second millisecond microsecond dayname monthname last_day age time_bucket yearweek isodow isoyear to_days to_hours
   to_minutes to_seconds to_months to_years to_weeks to_milliseconds to_microseconds timezone era decade century
   millennium julian`,
  // strings
  `concat_ws lcase ucase strlen char_length left right lpad rpad reverse repeat split_part string_split str_split
   string_split_regex regexp_matches regexp_replace regexp_extract regexp_extract_all regexp_full_match contains
   starts_with ends_with suffix prefix position strpos format printf md5 sha256 hash ascii chr unicode levenshtein
   jaccard damerau_levenshtein jaro_similarity jaro_winkler_similarity hamming mismatches array_to_string
   nfc_normalize strip_accents translate bit_length octet_length to_base64 from_base64 base64 hex unhex bin
   like_escape ilike_escape`,
  // math and conditionals
  `cbrt round_even roundbankers trunc cot gcd lcm factorial even isnan isinf isfinite nextafter gamma lgamma bit_count
   xor fdiv fmod log2 greatest least ifnull if random typeof`,
  // lists, structs, maps, series
  `list_value list_extract list_element list_contains list_has list_position array_length len list_sort list_distinct
   list_unique list_slice array_slice list_concat array_concat flatten unnest generate_series range struct_pack
   struct_extract row map map_extract map_keys map_values cardinality element_at array_contains list_reverse
   list_filter list_transform`,
  // JSON, UUIDs
  `json_extract json_extract_string to_json json_array_length json_object json_array json_keys json_type json_valid
   json_structure json_contains json_group_array json_group_object json_value json_exists uuid gen_random_uuid`,
);

const FILE_FUNCTION = (name: string): KnownRefusedFunction => ({
  fileAccess: true,
  reason: `${name} reads files or URLs.`,
});

export const DUCKDB_SQL_RULES: DialectSqlRules = Object.freeze({
  dialect: 'duckdb',
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
    unicodeEscapeIdentifiers: false,
  }),
  // DuckDB compares names case-insensitively, quoted or not ("LOWER"('A') calls lower).
  identifiers: Object.freeze({ unquotedCase: 'preserve', quotedFunctionNamesCaseSensitive: false }),
  functions: Object.freeze({
    allowed: new Set([...STANDARD_SQL_FUNCTIONS, ...DUCKDB_FUNCTIONS]),
    allowedQualifiers: new Set<string>(),
    knownRefused: Object.freeze({
      read_csv: FILE_FUNCTION('read_csv'),
      read_csv_auto: FILE_FUNCTION('read_csv_auto'),
      read_parquet: FILE_FUNCTION('read_parquet'),
      parquet_scan: FILE_FUNCTION('parquet_scan'),
      parquet_metadata: FILE_FUNCTION('parquet_metadata'),
      parquet_schema: FILE_FUNCTION('parquet_schema'),
      read_json: FILE_FUNCTION('read_json'),
      read_json_auto: FILE_FUNCTION('read_json_auto'),
      read_json_objects: FILE_FUNCTION('read_json_objects'),
      read_ndjson: FILE_FUNCTION('read_ndjson'),
      read_ndjson_objects: FILE_FUNCTION('read_ndjson_objects'),
      read_text: FILE_FUNCTION('read_text'),
      read_blob: FILE_FUNCTION('read_blob'),
      read_xlsx: FILE_FUNCTION('read_xlsx'),
      glob: { fileAccess: true, reason: 'glob lists files.' },
      sniff_csv: FILE_FUNCTION('sniff_csv'),
      iceberg_scan: FILE_FUNCTION('iceberg_scan'),
      delta_scan: FILE_FUNCTION('delta_scan'),
      sqlite_scan: FILE_FUNCTION('sqlite_scan'),
      st_read: FILE_FUNCTION('st_read'),
      postgres_scan: { fileAccess: true, reason: 'postgres_scan reaches another database server.' },
      postgres_query: { fileAccess: true, reason: 'postgres_query runs SQL on another database server.' },
      postgres_execute: { fileAccess: true, reason: 'postgres_execute runs SQL on another database server.' },
      mysql_query: { fileAccess: true, reason: 'mysql_query runs SQL on another database server.' },
      mysql_execute: { fileAccess: true, reason: 'mysql_execute runs SQL on another database server.' },
      query: { reason: 'query runs the SQL text it is given, unchecked.' },
      query_table: { reason: 'query_table reads a table named by a string, unchecked.' },
      getenv: { reason: 'getenv reads the server’s environment.' },
      current_setting: { reason: 'current_setting reads configuration.' },
      getvariable: { reason: 'getvariable reads session variables.' },
      setseed: { reason: 'setseed changes session state.' },
      nextval: { reason: 'nextval advances a sequence (a write).' },
      currval: { reason: 'currval reads session sequence state.' },
      list_aggregate: { reason: 'list_aggregate calls an aggregate named by a string, unchecked.' },
    }),
    refusedPrefixes: Object.freeze({
      read_: { fileAccess: true, reason: 'read_* functions read files or URLs.' },
      pragma_: { reason: 'PRAGMA functions read or change configuration.' },
      duckdb_: { reason: 'duckdb_* functions expose configuration, extensions and secrets.' },
      http: { fileAccess: true, reason: 'HTTP functions reach the network.' },
    }),
  }),
  statements: Object.freeze({
    writing: [...STANDARD_WRITING_STATEMENTS],
    forbidden: [
      'CREATE SECRET', 'CREATE PERSISTENT SECRET', 'CREATE TEMPORARY SECRET', 'CREATE OR REPLACE SECRET',
      'CREATE OR REPLACE PERSISTENT SECRET', 'CREATE OR REPLACE TEMPORARY SECRET', 'DROP SECRET',
      'DROP PERSISTENT SECRET', 'DROP TEMPORARY SECRET', ...STANDARD_FORBIDDEN_STATEMENTS, 'UPDATE EXTENSIONS',
    ],
    unsupported: Object.freeze({
      FROM: 'DuckDB’s FROM-first form is not supported by the guard; write SELECT … FROM … instead.',
      TABLE: 'The TABLE name shorthand is not supported; write SELECT * FROM name.',
    }),
    lockingClauses: ['FOR UPDATE', 'FOR SHARE', 'FOR NO KEY UPDATE', 'FOR KEY SHARE'],
  }),
  explain: Object.freeze({ parenthesizedOptions: false, optionWords: new Set<string>() }),
  rewrites: Object.freeze({
    // QUALIFY filters on window results; checked as if it were HAVING (same expression, same calls).
    words: Object.freeze({ TRY_CAST: 'CAST', QUALIFY: 'HAVING' }),
    droppedClauses: [
      { words: ['GROUP', 'BY', 'ALL'], then: new Set<string>() },
      { words: ['ORDER', 'BY', 'ALL'], then: sqlWords('ASC DESC NULLS FIRST LAST') },
      { words: ['USING', 'SAMPLE'], then: sqlWords('PERCENT ROWS BERNOULLI SYSTEM RESERVOIR REPEATABLE') },
    ],
  }),
  fileAccess: Object.freeze({
    replacementScans: true,
    // Paths, URLs, globs and file extensions DuckDB's replacement scans read (`"data.csv"`, `'s3://…'`).
    pathLikeTableName: /[/\\:~*?]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|xlsx|arrow|db|duckdb|sqlite)$/i,
  }),
  parenthesizedWords: sqlWords(...STANDARD_PARENTHESIZED_TYPES, 'HUGEINT UHUGEINT BERNOULLI SYSTEM RESERVOIR'),
}) as DialectSqlRules;
