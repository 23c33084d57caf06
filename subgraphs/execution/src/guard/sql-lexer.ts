// Splits SQL into tokens exactly as the target engine would (its strings, quoted names and comments), and refuses
// text whose tokens engines could disagree about. Everything later in the guard works on these tokens; the parser
// only ever sees text rebuilt from them, with every string and quoted name replaced by a neutral placeholder.
import type { SqlLexicalRules } from '@querent/common';
import type { SqlRefusalCode } from './refusal-codes';

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** Offsets in the original text; -1 for tokens the guard adds to the checked text. */
  readonly start: number;
  readonly end: number;
  /** word: as written; quoted: the name inside the quotes; string: the text inside the quotes; others: as written. */
  readonly value: string;
  /** Upper-cased value of a word (for keyword comparisons). */
  readonly upper: string;
  /** For quoted names and strings: the number their placeholder carries. */
  readonly slot: number;
  /** The original text of a string token, kept for hex and bit literals (X'ff', B'01'). */
  readonly raw?: string;
}

export type LexOutcome =
  | {
      ok: true;
      /** The tokens of the first statement (up to its `;`). */
      tokens: SqlToken[];
      names: string[];
      strings: string[];
      /** Where a second statement starts after the first `;` ("line 1, column 9"), or null when only whitespace,
       *  comments and semicolons follow. */
      secondStatement: string | null;
    }
  | { ok: false; code: SqlRefusalCode; reason: string };

const refuse = (code: SqlRefusalCode, reason: string): LexOutcome => ({ ok: false, code, reason });

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordPart = (c: number) => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number) => c >= 48 && c <= 57;

function describeCharacter(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return code < 32 ? `control character U+${hex}` : `"${String.fromCodePoint(code)}" (U+${hex})`;
}

function position(text: string, at: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return `line ${line}, column ${column}`;
}

/**
 * Finds the end (index after the closing quote) of a quoted run starting at `start` (the opening quote), or -1 when
 * it is not closed. A doubled closing quote stands for itself; with `backslash`, a backslash escapes the next character.
 */
function scanQuoted(text: string, start: number, close: number, backslash: boolean, doubling: boolean): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (backslash && c === 92) {
      i++;
      continue;
    }
    if (c === close) {
      if (doubling && text.charCodeAt(i + 1) === close) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

function unquote(body: string, quote: string, backslash: boolean): string {
  let value = quote ? body.split(quote + quote).join(quote) : body;
  if (backslash) value = value.replace(/\\(.)/gs, '$1');
  return value;
}

export function lexSql(sql: string, rules: SqlLexicalRules): LexOutcome {
  const tokens: SqlToken[] = [];
  const names: string[] = [];
  const strings: string[] = [];
  let ended = -1; // index of the `;` that ended the statement
  const nul = sql.indexOf('\0');
  if (nul >= 0) return refuse('SQL_SUSPICIOUS_CHARACTER', `The text contains a NUL character at ${position(sql, nul)}; engines stop reading at it.`);

  const done = (): LexOutcome => ({ ok: true, tokens, names, strings, secondStatement: null });
  const second = (): LexOutcome => ({ ok: true, tokens, names, strings, secondStatement: position(sql, ended) });
  const push = (kind: SqlTokenKind, start: number, end: number, value: string, slot = -1, raw?: string): void => {
    tokens.push({ kind, start, end, value, upper: kind === 'word' ? value.toUpperCase() : value, slot, raw });
  };

  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;

    // Line comments: `--` (MySQL: only before a space or control character) and MySQL's `#`.
    const dashComment = c === 45 && next === 45 && (!rules.dashCommentNeedsSpace || i + 2 >= n || sql.charCodeAt(i + 2) <= 32);
    if (dashComment || (c === 35 && rules.hashComments)) {
      while (i < n && sql.charCodeAt(i) !== 10 && sql.charCodeAt(i) !== 13) i++;
      continue;
    }
    // Block comments. Engines disagree on nesting (PostgreSQL and DuckDB nest, MySQL and SQLite do not), so a
    // comment that opens another one is refused rather than guessed at.
    if (c === 47 && next === 42) {
      if (rules.versionedComments && (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!'))) {
        return refuse('SQL_VERSIONED_COMMENT', `The comment at ${position(sql, i)} is a versioned comment (/*! … */) whose inside the server executes.`);
      }
      if (rules.optimizerHintComments && sql[i + 2] === '+') {
        return refuse('SQL_VERSIONED_COMMENT', `The comment at ${position(sql, i)} is an optimizer hint (/*+ … */), which the server reads and which can change session variables (SET_VAR).`);
      }
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return refuse('SQL_UNPARSABLE', `The comment opened at ${position(sql, i)} is never closed.`);
      const inner = sql.indexOf('/*', i + 2);
      if (inner >= 0 && inner < close) {
        return refuse('SQL_AMBIGUOUS', `The comment opened at ${position(sql, i)} opens another comment inside it; engines disagree on where such comments end.`);
      }
      i = close + 2;
      continue;
    }
    if (c === 59) {
      // `;` ends the statement; only whitespace, comments and more semicolons may follow.
      if (ended < 0) ended = i;
      i++;
      continue;
    }
    if (ended >= 0) return second();
    if (c < 32 || c === 127) {
      return refuse('SQL_SUSPICIOUS_CHARACTER', `The text has a ${describeCharacter(sql, i)} at ${position(sql, i)}.`);
    }
    if (c > 127) {
      return refuse(
        'SQL_SUSPICIOUS_CHARACTER',
        `Outside quotes, the text has the non-ASCII character ${describeCharacter(sql, i)} at ${position(sql, i)}; ` +
          'keywords must be plain ASCII (look-alike letters can hide a keyword) and names with other characters must be quoted.',
      );
    }

    // Strings: '…', MySQL "…", E'…' escape strings, $tag$…$tag$ dollar strings.
    if (c === 39 || (c === 34 && rules.doubleQuotedStrings)) {
      const previous = tokens[tokens.length - 1];
      const escapePrefix = rules.escapeStrings && previous?.kind === 'word' && previous.upper === 'E' && previous.end === i;
      const backslash = rules.backslashEscapes || escapePrefix;
      const end = scanQuoted(sql, i, c, backslash, true);
      if (end < 0) return refuse('SQL_UNPARSABLE', `The string opened at ${position(sql, i)} is never closed.`);
      if (rules.backslashEscapes && sql.slice(i, end).includes('\\')) {
        // The server's sql_mode may turn backslash escapes off (NO_BACKSLASH_ESCAPES); refuse strings whose end
        // depends on it.
        if (scanQuoted(sql, i, c, false, true) !== end) {
          return refuse('SQL_AMBIGUOUS', `The string at ${position(sql, i)} ends in a different place depending on whether backslashes escape quotes (sql_mode NO_BACKSLASH_ESCAPES); write a quote inside a string as two quotes.`);
        }
      }
      const start = escapePrefix ? previous!.start : i;
      if (escapePrefix) tokens.pop();
      const value = unquote(sql.slice(i + 1, end - 1), String.fromCharCode(c), backslash);
      push('string', start, end, value, strings.length, sql.slice(start, end));
      strings.push(value);
      i = end;
      continue;
    }
    if (c === 36 && rules.dollarQuotedStrings) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return refuse('SQL_UNPARSABLE', `The dollar-quoted string opened at ${position(sql, i)} is never closed.`);
        const end = close + tag[0].length;
        const value = sql.slice(i + tag[0].length, close);
        push('string', i, end, value, strings.length);
        strings.push(value);
        i = end;
        continue;
      }
    }

    // Quoted names: "…", `…`, […].
    const closeQuote = rules.identifierQuotes[sql[i]];
    if (closeQuote !== undefined) {
      const previous = tokens[tokens.length - 1];
      const beforePrevious = tokens[tokens.length - 2];
      if (rules.unicodeEscapeIdentifiers && previous?.value === '&' && previous.end === i && beforePrevious?.upper === 'U' && beforePrevious.end === previous.start) {
        return refuse('SQL_UNSUPPORTED_SYNTAX', `The name at ${position(sql, i)} is written with unicode escapes (U&"…"); write it plainly.`);
      }
      const doubling = closeQuote !== ']';
      const end = scanQuoted(sql, i, closeQuote.charCodeAt(0), false, doubling);
      if (end < 0) return refuse('SQL_UNPARSABLE', `The quoted name opened at ${position(sql, i)} is never closed.`);
      const value = unquote(sql.slice(i + 1, end - 1), doubling ? closeQuote : '', false);
      if (value.length === 0) return refuse('SQL_UNPARSABLE', `The quoted name at ${position(sql, i)} is empty.`);
      push('quoted', i, end, value, names.length);
      names.push(value);
      i = end;
      continue;
    }

    let end = i + 1;
    let kind: SqlTokenKind = 'punct';
    if (isDigit(c) || (c === 46 && isDigit(next))) {
      kind = 'number';
      if (c === 48 && (next === 120 || next === 88 || next === 98 || next === 66)) {
        end = i + 2;
        while (end < n && isWordPart(sql.charCodeAt(end))) end++;
      } else {
        while (end < n && isDigit(sql.charCodeAt(end))) end++;
        if (sql.charCodeAt(end) === 46) {
          end++;
          while (end < n && isDigit(sql.charCodeAt(end))) end++;
        }
        const e = sql.charCodeAt(end);
        if ((e === 101 || e === 69) && (isDigit(sql.charCodeAt(end + 1)) || ((sql[end + 1] === '+' || sql[end + 1] === '-') && isDigit(sql.charCodeAt(end + 2))))) {
          end += 2;
          while (end < n && isDigit(sql.charCodeAt(end))) end++;
        }
      }
    } else if (isWordStart(c)) {
      kind = 'word';
      while (end < n && isWordPart(sql.charCodeAt(end))) end++;
    }
    push(kind, i, end, sql.slice(i, end));
    i = end;
  }
  return done();
}

/** Placeholders the parser sees instead of quoted names and strings; unquoted text can never contain a space. */
export const namePlaceholder = (slot: number) => `q ${slot}`;
export const stringPlaceholder = (slot: number) => `s ${slot}`;
const PLACEHOLDER = /^([qs]) (\d+)$/;

/** The name or string a placeholder stands for, or null when the value is not a placeholder. */
export function decodePlaceholder(value: string, names: readonly string[], strings: readonly string[]): { kind: 'name' | 'string'; value: string } | null {
  const match = PLACEHOLDER.exec(value);
  if (!match) return null;
  const slot = Number(match[2]);
  return match[1] === 'q' ? { kind: 'name', value: names[slot] ?? value } : { kind: 'string', value: strings[slot] ?? value };
}

/**
 * The text the parser reads: the tokens with their original spacing collapsed, every quoted name as a placeholder in
 * the grammar's identifier quote, every string as a placeholder string (hex and bit literals keep their digits).
 */
export function renderForParser(tokens: readonly SqlToken[], identifierQuote: string): string {
  let text = '';
  let previous: SqlToken | undefined;
  for (const token of tokens) {
    if (previous && !(previous.end >= 0 && previous.end === token.start)) text += ' ';
    switch (token.kind) {
      case 'quoted':
        text += `${identifierQuote}${namePlaceholder(token.slot)}${identifierQuote}`;
        break;
      case 'string': {
        const literalPrefix = previous?.kind === 'word' && previous.end === token.start && /^[XB]$/.test(previous.upper);
        text += literalPrefix && /^[0-9A-Fa-f]*$/.test(token.value) ? `'${token.value}'` : `'${stringPlaceholder(token.slot)}'`;
        break;
      }
      default:
        text += token.value;
    }
    previous = token;
  }
  return text;
}
