// Picks the event bus from the settings: Redis when REDIS_URL is set, in-process otherwise.
import type { EventBus } from './event-bus';
import { InProcessEventBus } from './in-process-event-bus';
import { RedisEventBus } from './redis-event-bus';
import type { Logger } from '../logging/logger';

export async function createEventBus(options: { redisUrl?: string; logger?: Logger }): Promise<EventBus> {
  return options.redisUrl ? RedisEventBus.connect(options.redisUrl, options.logger) : new InProcessEventBus();
}
