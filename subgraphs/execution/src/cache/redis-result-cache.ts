// The result cache in Redis (when REDIS_URL is set), shared by every execution process; Redis expires entries.
import Redis from 'ioredis';
import { QuerentError, redactUrl } from '@querent/common';
import type { ResultCache } from './result-cache';

const KEY_PREFIX = 'querent:exec:';
/** A cache that does not answer quickly is skipped: a miss costs one execution, a hang would cost the request. */
const COMMAND_TIMEOUT_MS = 1000;

export class RedisResultCache implements ResultCache {
  readonly kind = 'redis' as const;

  private constructor(private readonly client: Redis, private readonly warn: (message: string, fields: Record<string, unknown>) => void) {}

  /** Connects; an unreachable Redis fails start-up with the URL's password hidden. */
  static async connect(url: string, warn: (message: string, fields: Record<string, unknown>) => void = () => undefined): Promise<RedisResultCache> {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, commandTimeout: COMMAND_TIMEOUT_MS, enableOfflineQueue: false });
    client.on('error', (error: Error) => warn('redis result cache error', { error: error.message }));
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new QuerentError('CONFIG_INVALID', `REDIS_URL: the result cache cannot connect to ${redactUrl(url)}: ${(error as Error).message}`, { setting: 'REDIS_URL' });
    }
    return new RedisResultCache(client, warn);
  }

  async get<T>(key: string): Promise<T | null> {
    try {
      const json = await this.client.get(KEY_PREFIX + key);
      return json === null ? null : (JSON.parse(json) as T);
    } catch (error) {
      this.warn('result cache read failed; running the query instead', { error: (error as Error).message });
      return null;
    }
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    try {
      await this.client.set(KEY_PREFIX + key, JSON.stringify(value), 'PX', ttlMs);
    } catch (error) {
      this.warn('result cache write failed; the result is not cached', { error: (error as Error).message });
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
