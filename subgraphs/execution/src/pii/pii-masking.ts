// Masks PII values for roles without the `pii` permission: an email keeps its domain (`**@example.com`), any other
// value keeps its first 2 characters (`Jo***`). The mask has a fixed length, so it does not reveal the value's.
import type { StoredResult } from '../cache/result-cache';

const EMAIL = /^[^@\s]+@([^@\s]+)$/;

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

/** The result as a role without the `pii` permission sees it (the same object when nothing needs masking). */
export function maskResult(result: StoredResult): StoredResult {
  if (result.masked || result.piiColumns.length === 0) return result;
  const rows = result.rows.map((row) => {
    const copy = [...row];
    for (const { index, kind } of result.piiColumns) copy[index] = maskValue(copy[index], kind);
    return copy;
  });
  return { ...result, rows, masked: true };
}

/** What a requester may see of a stored result. */
export function resultFor(result: StoredResult, piiVisible: boolean): StoredResult {
  return piiVisible ? result : maskResult(result);
}
