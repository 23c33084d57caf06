// Normalizes SQL text for the result-cache key: statements that differ only in whitespace or in the letter case of
// keywords and unquoted identifiers share one key; anything that could change the answer never does.
//
// Kept verbatim: string literals ('…', "…"), quoted identifiers (`…`, […]) and comments (a MySQL `1--1` is an
// expression, not a comment, so comments are never dropped, only left untouched). Case folding is ASCII only
// (PostgreSQL folds only ASCII letters of unquoted identifiers). Text with a backslash or a `$` is keyed exactly
// (trimmed): backslash escapes (MySQL, PostgreSQL E'…') and dollar quoting ($$…$$) would make a dialect-free scan
// misjudge where a literal ends.

const OPENERS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/** The normalized text, or the trimmed original when the text holds a backslash or a `$`. */
export function normalizeSql(sql: string): string {
  const text = sql.trim().replace(/;+\s*$/, '').trim();
  if (/[\\$]/.test(text)) return text;
  let out = '';
  let pendingSpace = false;
  let i = 0;
  const emit = (piece: string) => {
    if (pendingSpace && out.length > 0) out += ' ';
    pendingSpace = false;
    out += piece;
  };
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      pendingSpace = true;
      i++;
      continue;
    }
    const close = OPENERS[ch];
    if (close) {
      // A doubled closing character inside is an escaped one ('it''s', "a""b", `a``b`).
      let j = i + 1;
      for (;;) {
        const at = text.indexOf(close, j);
        if (at === -1) {
          j = text.length;
          break;
        }
        if (close !== ']' && text[at + 1] === close) {
          j = at + 2;
          continue;
        }
        j = at + 1;
        break;
      }
      emit(text.slice(i, j));
      i = j;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      // The line end stays: it is what ends the comment.
      if (end === -1) {
        emit(text.slice(i));
        i = text.length;
      } else {
        emit(`${text.slice(i, end)}\n`);
        i = end + 1;
      }
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      emit(text.slice(i, stop));
      i = stop;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j]) && !OPENERS[text[j]] && !(text[j] === '-' && text[j + 1] === '-') && !(text[j] === '/' && text[j + 1] === '*')) j++;
    emit(text.slice(i, j).replace(/[A-Z]/g, (c) => c.toLowerCase()));
    i = j;
  }
  return out;
}
