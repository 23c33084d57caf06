// How a PII value looks to a role without the `pii` permission, everywhere Querent shows data (query results,
// profile samples and top values): an email keeps its domain (`**@example.com`), any other value keeps its first
// 2 characters (`Jo***`). The mask has a fixed length, so it does not reveal the value's.

const EMAIL = /^[^@\s]+@([^@\s]+)$/;

export type PiiMaskKind = 'email' | 'other';

/** Profile patterns (lower case) that make a column PII, and how its values are masked. */
export const PII_PATTERNS: Readonly<Record<string, PiiMaskKind>> = Object.freeze({ email: 'email', phone: 'other' });

/** The mask kind of a column from its profile patterns (any case), or null when none of them is PII. */
export function piiMaskKind(patterns: readonly unknown[]): PiiMaskKind | null {
  const kinds = patterns.map((p) => PII_PATTERNS[String(p).toLowerCase()]).filter((k): k is PiiMaskKind => k !== undefined);
  return kinds.includes('email') ? 'email' : (kinds[0] ?? null);
}

export function maskValue(value: unknown, kind: PiiMaskKind): unknown {
  if (value === null || value === undefined) return value;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (kind === 'email') {
    const email = EMAIL.exec(text.trim());
    if (email) return `**@${email[1]}`;
  }
  const chars = [...text];
  return chars.length <= 2 ? '**' : `${chars.slice(0, 2).join('')}***`;
}
