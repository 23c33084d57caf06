// Owns reading the key parts of a SQLite `CREATE INDEX` statement, the only place SQLite keeps an index expression's text.

/**
 * The comma-separated parts of the parenthesized key list of `CREATE [UNIQUE] INDEX name ON table (parts) [WHERE …]`,
 * each trimmed, in order. Quoted names and string literals are skipped while scanning, so a comma or a parenthesis
 * inside them does not split a part. Returns [] when the text has no key list (autoindexes have no SQL at all).
 */
export function indexKeyParts(sql: string | null): string[] {
  if (!sql) return [];
  const parts: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    const close = ch === '"' ? '"' : ch === "'" ? "'" : ch === '`' ? '`' : ch === '[' ? ']' : null;
    if (close) {
      i = skipQuoted(sql, i, close);
      continue;
    }
    if (ch === '(') {
      depth++;
      if (depth === 1 && start === -1) start = i + 1;
    } else if (ch === ')') {
      depth--;
      if (depth === 0 && start !== -1) {
        parts.push(sql.slice(start, i).trim());
        return parts;
      }
    } else if (ch === ',' && depth === 1 && start !== -1) {
      parts.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  return [];
}

/** Index of the closing quote of the quoted run opening at `open`; a doubled quote is an escaped one. */
function skipQuoted(sql: string, open: number, close: string): number {
  for (let i = open + 1; i < sql.length; i++) {
    if (sql[i] !== close) continue;
    if (close !== ']' && sql[i + 1] === close) {
      i++;
      continue;
    }
    return i;
  }
  return sql.length;
}
