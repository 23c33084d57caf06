// The read-only SQL guard: decides, per engine, whether one statement may run. It lexes the text as the engine would,
// refuses what engines could read two ways, checks the statement's shape (one SELECT, WITH … SELECT, VALUES, or a
// plain EXPLAIN of those), parses it with node-sql-parser, walks the tree against the engine's allowlist, and checks
// once more from the tokens that every `name(` is an allowed function. Any doubt is a refusal with a code and reason.
import type { DialectName, DialectSqlRules, SqlParserGrammar } from '@querent/common';
// Only the rules and the error class, not the whole common library (Apollo, Prisma …): check:sql starts in a blink.
import { sqlRulesFor } from '@querent/common/dist/dialects/sql-rules-registry';
import { QuerentError } from '@querent/common/dist/errors/querent-error';
import { AstInspector, checkFunctionName, type TableReference } from './ast-inspector';
import { SQL_REFUSAL_CODES, type SqlRefusalCode } from './refusal-codes';
import { lexSql, renderForParser, type SqlToken } from './sql-lexer';

/** Longest statement the guard reads (characters). Generated and hand-written analytics SQL is far shorter. */
export const MAX_SQL_LENGTH = 100_000;

export type GuardStatement = 'SELECT' | 'VALUES' | 'EXPLAIN';

export type GuardVerdict =
  | { accepted: true; code: 'ACCEPTED'; reason: string; statement: GuardStatement; tables: TableReference[] }
  | { accepted: false; code: SqlRefusalCode; reason: string };

type Refusal = Extract<GuardVerdict, { accepted: false }>;

const refuse = (code: SqlRefusalCode, reason: string): Refusal => ({ accepted: false, code, reason });

/** Keywords that may stand right before `(` in any engine without being a function call. */
const PARENTHESIZED_KEYWORDS = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'EXISTS', 'ANY', 'SOME', 'ALL', 'OVER', 'AS', 'FILTER',
  'GROUP', 'BY', 'ROLLUP', 'CUBE', 'SETS', 'DISTINCT', 'ON', 'USING', 'JOIN', 'LATERAL', 'UNION', 'INTERSECT',
  'EXCEPT', 'WITH', 'VALUES', 'WHEN', 'THEN', 'ELSE', 'CASE', 'BETWEEN', 'LIKE', 'ILIKE', 'IS', 'TO', 'ESCAPE',
  'ARRAY', 'ROW', 'HAVING', 'LIMIT', 'OFFSET', 'PARTITION', 'INDEX', 'KEY', 'MATCH', 'AGAINST', 'REGEXP', 'RLIKE',
  'GLOB', 'XOR', 'DIV', 'MATERIALIZED', 'ONLY', 'WITHIN', 'RECURSIVE', 'RETURNS',
]);

/** Why common non-SELECT statements are refused, in words a person understands. */
const STATEMENT_REASONS: Readonly<Record<string, string>> = {
  SET: 'SET changes session or server settings',
  RESET: 'RESET changes session settings',
  COPY: 'COPY reads or writes files and tables in bulk',
  DO: 'DO runs a procedural block',
  CALL: 'CALL runs a stored procedure',
  LISTEN: 'LISTEN subscribes the session to notifications',
  NOTIFY: 'NOTIFY sends notifications to other sessions',
  VACUUM: 'VACUUM rewrites tables',
  ANALYZE: 'ANALYZE rewrites statistics',
  PRAGMA: 'PRAGMA reads or changes engine settings',
  ATTACH: 'ATTACH opens another database file',
  DETACH: 'DETACH closes an attached database',
  INSTALL: 'INSTALL downloads and installs an extension',
  LOAD: 'LOAD loads an extension or a file',
  EXPORT: 'EXPORT writes the database to files',
  IMPORT: 'IMPORT reads files into the database',
  'CREATE SECRET': 'CREATE SECRET stores credentials for files and URLs',
  BEGIN: 'transaction control is Querent’s job',
  START: 'transaction control is Querent’s job',
  COMMIT: 'transaction control is Querent’s job',
  ROLLBACK: 'transaction control is Querent’s job',
  LOCK: 'LOCK takes table locks',
  SHOW: 'SHOW is not a SELECT',
  DESCRIBE: 'DESCRIBE is not a SELECT',
};

const GRAMMAR_IDENTIFIER_QUOTE: Readonly<Record<SqlParserGrammar, string>> = {
  postgresql: '"',
  sqlite: '"',
  mysql: '`',
  mariadb: '`',
};

interface NodeSqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

const parsers = new Map<SqlParserGrammar, NodeSqlParser>();

/** One parser per grammar, loaded on first use (each grammar is a few hundred kB of JavaScript). */
function parserFor(grammar: SqlParserGrammar): NodeSqlParser {
  let parser = parsers.get(grammar);
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`node-sql-parser/build/${grammar}`) as { Parser: new () => NodeSqlParser };
    parser = new module.Parser();
    parsers.set(grammar, parser);
  }
  return parser;
}

/** The guard's verdict on one statement for one engine. Never throws for any text; throws BAD_INPUT for an unknown dialect. */
export function checkSql(dialect: DialectName, sql: string): GuardVerdict {
  const rules = sqlRulesFor(dialect);
  if (!rules) throw new QuerentError('BAD_INPUT', `unknown dialect "${String(dialect)}"; expected sqlite, postgres, mysql or duckdb`);
  if (typeof sql !== 'string') return refuse('SQL_EMPTY', 'No SQL text was given.');
  if (sql.length > MAX_SQL_LENGTH) {
    return refuse('SQL_TOO_LONG', `The statement is ${sql.length} characters long; the guard reads at most ${MAX_SQL_LENGTH}.`);
  }
  const lexed = lexSql(sql, rules.lexical);
  if (!lexed.ok) return refuse(lexed.code, lexed.reason);
  let tokens = lexed.tokens;
  if (tokens.length === 0) return refuse('SQL_EMPTY', 'There is no statement, only whitespace, comments or semicolons.');

  let statement: GuardStatement = 'SELECT';
  if (tokens[0]!.kind === 'word' && tokens[0]!.upper === 'EXPLAIN') {
    const explained = stripExplain(tokens, rules);
    if ('accepted' in explained) return explained;
    tokens = explained.rest;
    statement = 'EXPLAIN';
  }

  const leading = leadingWord(tokens);
  if (leading !== 'SELECT' && leading !== 'WITH' && leading !== 'VALUES') {
    if (tokens.length === 0) return refuse('SQL_FORBIDDEN_STATEMENT', 'EXPLAIN must be followed by SELECT, WITH … SELECT or VALUES.');
    return classifyOtherStatement(tokens, rules, statement === 'EXPLAIN');
  }
  if (lexed.secondStatement) {
    return refuse('SQL_MULTIPLE_STATEMENTS', `Only one statement is run at a time; another one follows the semicolon at ${lexed.secondStatement}.`);
  }
  if (leading === 'VALUES') {
    if (statement === 'SELECT') statement = 'VALUES';
    tokens = wrapValues(tokens);
  }

  const locking = findSequence(tokens, rules.statements.lockingClauses);
  if (locking) return refuse('SQL_LOCKING_CLAUSE', `The SELECT has a locking clause (${locking}), which takes row locks; only plain reads are run.`);

  const rewritten = applyRewrites(tokens, rules);
  const parsed = parse(rewritten, rules);
  if ('accepted' in parsed) return parsed;

  const ast = Array.isArray(parsed.ast) ? parsed.ast : [parsed.ast];
  if (ast.length !== 1) return refuse('SQL_MULTIPLE_STATEMENTS', 'The text holds more than one statement; only one is run at a time.');
  const inspector = new AstInspector(rules, lexed.names, lexed.strings);
  const inspection = inspector.inspect(ast[0]);
  if (!inspection.ok) return refuse(inspection.code, inspection.reason);
  const top = ast[0] as { type?: unknown };
  if (top.type !== 'select') {
    return refuse('SQL_FORBIDDEN_STATEMENT', `The statement is a ${String(top.type).toUpperCase()}; only SELECT, WITH … SELECT, VALUES and EXPLAIN are run.`);
  }

  const call = crossCheckCalls(rewritten, rules, inspection.declaredNames);
  if (call) return call;

  const tables = inspection.tables;
  const read = tables.length ? `reads ${tables.map((t) => (t.schema ? `${t.schema}.${t.table}` : t.table)).join(', ')}` : 'reads no table';
  return {
    accepted: true,
    code: 'ACCEPTED',
    reason: `A single read-only ${statement === 'EXPLAIN' ? 'EXPLAIN' : statement} that ${read}; every function is on the ${rules.dialect} allowlist.`,
    statement,
    tables,
  };
}

/** The first word of the statement, looking past opening parentheses (`(SELECT …) UNION …`). */
function leadingWord(tokens: readonly SqlToken[]): string | null {
  for (const token of tokens) {
    if (token.kind === 'punct' && token.value === '(') continue;
    return token.kind === 'word' ? token.upper : null;
  }
  return null;
}

/** Removes `EXPLAIN [options]` and returns what it explains (checked like any statement), or refuses EXPLAIN ANALYZE
 *  and unknown options. */
function stripExplain(tokens: SqlToken[], rules: DialectSqlRules): { rest: SqlToken[] } | Refusal {
  const isAnalyze = (t: SqlToken) => t.kind === 'word' && (t.upper === 'ANALYZE' || t.upper === 'ANALYSE');
  let i = 1;
  if (rules.explain.parenthesizedOptions && tokens[i]?.value === '(') {
    const close = tokens.findIndex((t, at) => at > i && t.value === ')');
    if (close < 0) return refuse('SQL_UNPARSABLE', 'The EXPLAIN option list is never closed.');
    for (const option of tokens.slice(i + 1, close)) {
      if (isAnalyze(option)) return refuse('SQL_EXPLAIN_ANALYZE', 'EXPLAIN with the ANALYZE option runs the statement; only a plain EXPLAIN is allowed.');
      if (!rules.explain.optionWords.has(option.kind === 'word' ? option.upper : option.value)) {
        return refuse('SQL_FORBIDDEN_STATEMENT', `EXPLAIN option ${option.value} is not allowed.`);
      }
    }
    i = close + 1;
  }
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (isAnalyze(token)) return refuse('SQL_EXPLAIN_ANALYZE', 'EXPLAIN ANALYZE runs the statement; only a plain EXPLAIN is allowed.');
    const word = token.kind === 'word' ? token.upper : token.kind === 'punct' ? token.value : null;
    if (word === null || !rules.explain.optionWords.has(word) || word === 'SELECT' || word === 'WITH' || word === 'VALUES') break;
    i++;
  }
  return { rest: tokens.slice(i) };
}

const synthetic = (kind: SqlToken['kind'], value: string): SqlToken => ({ kind, start: -1, end: -1, value, upper: value.toUpperCase(), slot: -1 });

/** A top-level VALUES list is checked as `SELECT * FROM (VALUES …) AS querent_values`, which the grammars read. */
function wrapValues(tokens: readonly SqlToken[]): SqlToken[] {
  return [
    synthetic('word', 'SELECT'), synthetic('punct', '*'), synthetic('word', 'FROM'), synthetic('punct', '('),
    ...tokens,
    synthetic('punct', ')'), synthetic('word', 'AS'), synthetic('word', 'querent_values'),
  ];
}

/** Refuses a statement that is not SELECT, WITH or VALUES, naming it by its longest known leading keyword sequence. */
function classifyOtherStatement(tokens: readonly SqlToken[], rules: DialectSqlRules, explained: boolean): Refusal {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'word' || words.length >= 6) break;
    words.push(token.upper);
  }
  const first = words[0] ?? tokens[0]!.value;
  let best: { sequence: string; code: SqlRefusalCode } | null = null;
  const consider = (sequences: readonly string[], code: SqlRefusalCode) => {
    for (const sequence of sequences) {
      const parts = sequence.split(' ');
      if (parts.every((part, k) => words[k] === part) && (!best || parts.length > best.sequence.split(' ').length)) {
        best = { sequence, code };
      }
    }
  };
  consider(rules.statements.forbidden, 'SQL_FORBIDDEN_STATEMENT');
  consider(rules.statements.writing, 'SQL_NOT_READ_ONLY');
  const found = best as { sequence: string; code: SqlRefusalCode } | null;
  const prefix = explained ? 'EXPLAIN is allowed only in front of SELECT, WITH … SELECT or VALUES; ' : '';
  if (found?.code === 'SQL_NOT_READ_ONLY') {
    return refuse('SQL_NOT_READ_ONLY', `${prefix}${found.sequence} changes data or schema; only reading statements are run.`);
  }
  if (found) {
    const why = STATEMENT_REASONS[found.sequence] ?? STATEMENT_REASONS[found.sequence.split(' ')[0]!];
    return refuse('SQL_FORBIDDEN_STATEMENT', `${prefix}${found.sequence} statements are not run${why ? ` (${why})` : ''}; only SELECT, WITH … SELECT, VALUES and EXPLAIN are.`);
  }
  const unsupported = rules.statements.unsupported[first];
  if (unsupported) return refuse('SQL_UNSUPPORTED_SYNTAX', unsupported);
  return refuse('SQL_FORBIDDEN_STATEMENT', `${prefix}The statement starts with ${first}; only SELECT, WITH … SELECT, VALUES and EXPLAIN of those are run.`);
}

/** The first of the keyword sequences found as consecutive words anywhere in the tokens. */
function findSequence(tokens: readonly SqlToken[], sequences: readonly string[]): string | null {
  for (const sequence of sequences) {
    const parts = sequence.split(' ');
    for (let i = 0; i + parts.length <= tokens.length; i++) {
      if (parts.every((part, k) => tokens[i + k]!.kind === 'word' && tokens[i + k]!.upper === part)) return sequence;
    }
  }
  return null;
}

/** Applies the engine's check-only rewrites: word replacements and dropped clauses that call nothing. */
function applyRewrites(tokens: readonly SqlToken[], rules: DialectSqlRules): SqlToken[] {
  const { words, droppedClauses } = rules.rewrites;
  if (Object.keys(words).length === 0 && droppedClauses.length === 0) return [...tokens];
  const out: SqlToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const clause = droppedClauses.find((c) => c.words.every((w, k) => tokens[i + k]?.kind === 'word' && tokens[i + k]!.upper === w));
    if (clause) {
      let j = i + clause.words.length;
      let depth = 0;
      while (j < tokens.length && clause.then.size > 0) {
        const t = tokens[j]!;
        const fits = (t.kind === 'word' && clause.then.has(t.upper)) || t.kind === 'number' || t.value === '%' || t.value === ','
          || t.value === '(' || (t.value === ')' && depth > 0);
        if (!fits) break;
        if (t.value === '(') depth++;
        if (t.value === ')') depth--;
        j++;
      }
      if (depth === 0) {
        i = j - 1;
        continue;
      }
    }
    const replacement = token.kind === 'word' ? words[token.upper] : undefined;
    out.push(replacement ? { ...token, value: replacement, upper: replacement } : token);
  }
  return out;
}

/** Parses with the engine's grammars in order; on failure names the writing word or INTO that explains it, if any. */
/**
 * node-sql-parser's PostgreSQL grammar reads `f(…) OVER (…)` only for the few window and aggregate functions it knows
 * (not stddev, string_agg, percent_rank …). Read as `f(…) * sum(1) OVER (…)` instead, every original token is still
 * in the tree and checked; the inserted `sum(1)` calls nothing of note.
 */
function withWindowShim(tokens: readonly SqlToken[]): SqlToken[] | null {
  const out: SqlToken[] = [];
  let shimmed = false;
  tokens.forEach((token, i) => {
    if (token.kind === 'word' && token.upper === 'OVER' && tokens[i - 1]?.value === ')') {
      out.push(synthetic('punct', '*'), synthetic('word', 'sum'), synthetic('punct', '('), synthetic('number', '1'), synthetic('punct', ')'));
      shimmed = true;
    }
    out.push(token);
  });
  return shimmed ? out : null;
}

function parse(tokens: readonly SqlToken[], rules: DialectSqlRules): { ast: unknown } | Refusal {
  let firstError: { message: string; found: string | null } | null = null;
  const attempts = [tokens];
  const shimmed = withWindowShim(tokens);
  if (shimmed) attempts.push(shimmed);
  for (const attempt of attempts) {
    for (const grammar of rules.parserGrammars) {
      const text = renderForParser(attempt, GRAMMAR_IDENTIFIER_QUOTE[grammar]);
      try {
        return { ast: parserFor(grammar).astify(text, { database: grammar }) };
      } catch (error) {
        const found = (error as { found?: unknown }).found;
        firstError ??= { message: error instanceof Error ? error.message : String(error), found: typeof found === 'string' ? found : null };
      }
    }
  }
  const writingWords = new Set(rules.statements.writing.map((s) => s.split(' ')[0]!));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'word' || tokens[i - 1]?.value === '.' || tokens[i + 1]?.value === '(') continue;
    if (writingWords.has(token.upper) && token.upper !== 'COMMENT') {
      return refuse('SQL_NOT_READ_ONLY', `The statement contains ${token.upper}, which changes data or schema (for example inside a CTE); only reading is allowed.`);
    }
    if (token.upper === 'INTO') {
      return refuse('SQL_INTO', 'SELECT … INTO writes its result somewhere (a table, a variable or a file); only plain SELECTs are run.');
    }
  }
  // A forbidden call the grammar could not reach (dblink(…) AS t(x text)) is a better reason than "unreadable".
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ((token.kind !== 'word' && token.kind !== 'quoted') || tokens[i + 1]?.value !== '(') continue;
    const lower = token.value.toLowerCase();
    const known = rules.functions.knownRefused[lower]
      ?? Object.entries(rules.functions.refusedPrefixes).find(([prefix]) => lower.startsWith(prefix))?.[1];
    if (known) {
      const verdict = checkFunctionName(rules, [{ value: token.value, quoted: token.kind === 'quoted' }]);
      if (verdict) return refuse(verdict.code, verdict.reason);
    }
  }
  const near = firstError?.found ? ` near "${firstError.found.replace(/^([qs]) \d+$/, '…')}"` : ' at its end';
  return refuse('SQL_UNPARSABLE', `The ${rules.dialect} grammar could not read the statement${near}; the guard only runs SQL it can check completely.`);
}

/** Every `name(` in the tokens must be an allowed function, a keyword, a type with a length, or a declared name. */
function crossCheckCalls(tokens: readonly SqlToken[], rules: DialectSqlRules, declared: ReadonlySet<string>): Refusal | null {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ((token.kind !== 'word' && token.kind !== 'quoted') || tokens[i + 1]?.value !== '(') continue;
    if (token.kind === 'word' && (PARENTHESIZED_KEYWORDS.has(token.upper) || rules.parenthesizedWords.has(token.upper))) continue;
    if (declared.has(token.value.toLowerCase())) continue;
    const parts = [token];
    for (let j = i - 1; j >= 1 && tokens[j]!.value === '.' && (tokens[j - 1]!.kind === 'word' || tokens[j - 1]!.kind === 'quoted'); j -= 2) {
      parts.unshift(tokens[j - 1]!);
    }
    const verdict = checkFunctionName(rules, parts.map((p) => ({ value: p.value, quoted: p.kind === 'quoted' })));
    if (verdict) return refuse(verdict.code, verdict.reason);
  }
  return null;
}

/** What each refusal code means, for listings and documentation. */
export function describeRefusalCode(code: SqlRefusalCode): string {
  return SQL_REFUSAL_CODES[code];
}
