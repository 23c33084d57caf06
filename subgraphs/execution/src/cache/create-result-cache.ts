// Picks the result cache from the settings: Redis when REDIS_URL is set, in-process otherwise.
import type { Logger } from '@querent/common';
import { InProcessResultCache } from './in-process-result-cache';
import { RedisResultCache } from './redis-result-cache';
import type { ResultCache } from './result-cache';

export async function createResultCache(options: { redisUrl?: string; maxBytes: number; logger: Logger }): Promise<ResultCache> {
  if (!options.redisUrl) return new InProcessResultCache(options.maxBytes);
  return RedisResultCache.connect(options.redisUrl, (message, fields) => options.logger.warn(message, fields));
}
