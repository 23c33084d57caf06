// How a PII value looks to a role without the `pii` permission, everywhere Querent shows data (query results,
// profile samples and top values): an email keeps its domain (`**@example.com`), any other value keeps its first
// 2 characters (`Jo***`). The mask has a fixed length, so it does not reveal the value's.

const EMAIL = /^[^@\s]+@([^@\s]+)$/;

/** Profile patterns that make a column PII. */
export const PII_PATTERNS: readonly string[] = ['EMAIL', 'PHONE'];

export function maskValue(value: unknown, kind: 'email' | 'other'): unknown {
  if (value === null || value === undefined) return value;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (kind === 'email') {
    const email = EMAIL.exec(text.trim());
    if (email) return `**@${email[1]}`;
  }
  const chars = [...text];
  return chars.length <= 2 ? '**' : `${chars.slice(0, 2).join('')}***`;
}
