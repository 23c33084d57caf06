// Masks PII values in results for roles without the `pii` permission, with the one mask common defines
// (security/pii-mask.ts: emails keep their domain, other values their first 2 characters).
import type { StoredResult } from '../cache/result-cache';

import { maskValue } from '@querent/common';

export { maskValue };

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
