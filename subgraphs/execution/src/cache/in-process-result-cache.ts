// The result cache inside one process: least-recently-used entries go first once the size bound is passed.
import type { ResultCache } from './result-cache';

interface Entry {
  /** Kept as JSON text: its length is the size accounted, and callers can never mutate a cached value. */
  json: string;
  expiresAt: number;
}

export class InProcessResultCache implements ResultCache {
  readonly kind = 'in-process' as const;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number, private readonly now: () => number = Date.now) {}

  async get<T>(key: string): Promise<T | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return null;
    }
    // Re-inserting moves the key to the end of the Map's order: the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return JSON.parse(entry.json) as T;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const json = JSON.stringify(value);
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    // A value larger than the whole cache is not kept (it would evict everything and then itself).
    if (ttlMs <= 0 || json.length > this.maxBytes) return;
    this.entries.set(key, { json, expiresAt: this.now() + ttlMs });
    this.bytes += json.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  /** Entries and their size, for tests and health. */
  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.json.length;
  }
}
