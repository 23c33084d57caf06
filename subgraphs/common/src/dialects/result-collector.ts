// Owns the caps on what a query returns: at most maxRows rows (maxRows + 1 are read to know there were more) and at
// most maxBytes of row JSON; either cap sets `truncated`.

/** Throws on caps that would return nothing or everything by accident (NaN, zero, negative, fractions). */
function positiveCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}

export class ResultCollector {
  readonly rows: unknown[][] = [];
  truncated = false;
  /** JSON bytes of the collected rows, counted as `[row,row,…]` would be. */
  bytes = 2;
  private readonly maxRows: number;
  private readonly maxBytes: number;

  constructor(maxRows: number, maxBytes: number) {
    this.maxRows = positiveCount(maxRows, 'maxRows');
    this.maxBytes = positiveCount(maxBytes, 'maxBytes');
  }

  /** True once no further row will be kept: the engine should stop producing rows. */
  get full(): boolean {
    return this.truncated;
  }

  /** JSON bytes still allowed before the byte cap. */
  get remainingBytes(): number {
    return this.maxBytes - this.bytes;
  }

  /** How many rows the engine should still produce at most: the rows left under the cap, plus the one that proves more exist. */
  get wanted(): number {
    return this.truncated ? 0 : this.maxRows - this.rows.length + 1;
  }

  /**
   * Offers one normalized row. The row past maxRows, or the row whose JSON would pass maxBytes, is not kept: it only
   * proves the result was cut. Returns false once the collector is full.
   */
  add(row: unknown[]): boolean {
    if (this.truncated) return false;
    if (this.rows.length >= this.maxRows) {
      this.truncated = true;
      return false;
    }
    const size = Buffer.byteLength(JSON.stringify(row)) + (this.rows.length > 0 ? 1 : 0);
    if (this.bytes + size > this.maxBytes) {
      this.truncated = true;
      return false;
    }
    this.bytes += size;
    this.rows.push(row);
    return true;
  }
}
