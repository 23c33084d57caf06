// Event bus over Redis pub/sub, for subgraphs in separate processes; separate publish and subscribe clients.
import Redis from 'ioredis';
import type { EventBus, Unsubscribe } from './event-bus';
import { isTopic, type Topic, type TopicPayloads } from './topics';
import type { Logger } from '../logging/logger';
import { QuerentError } from '../errors/querent-error';
import { redactUrl } from '../security/redact';

const CHANNEL_PREFIX = 'querent:';

export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<Topic, Set<(payload: unknown) => void>>();

  private constructor(url: string, private readonly logger?: Logger) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, connectTimeout: 5000, enableOfflineQueue: true };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.logger?.warn('redis event bus error', { error: error.message }));
    }
    this.subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  /** Connects both clients; a Redis that cannot be reached fails start-up with a clear message. */
  static async connect(url: string, logger?: Logger): Promise<RedisEventBus> {
    const bus = new RedisEventBus(url, logger);
    try {
      await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    } catch (error) {
      bus.publisher.disconnect();
      bus.subscriber.disconnect();
      throw new QuerentError('CONFIG_INVALID', `REDIS_URL: cannot connect to ${redactUrl(url)}: ${(error as Error).message}`, { setting: 'REDIS_URL' });
    }
    return bus;
  }

  private deliver(channel: string, message: string): void {
    const topic = channel.slice(CHANNEL_PREFIX.length);
    if (!channel.startsWith(CHANNEL_PREFIX) || !isTopic(topic)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      this.logger?.warn('ignored a malformed event', { topic });
      return;
    }
    for (const handler of this.handlers.get(topic) ?? []) handler(payload);
  }

  async publish<T extends Topic>(topic: T, payload: TopicPayloads[T]): Promise<void> {
    await this.publisher.publish(CHANNEL_PREFIX + topic, JSON.stringify(payload));
  }

  async subscribe<T extends Topic>(topic: T, handler: (payload: TopicPayloads[T]) => void): Promise<Unsubscribe> {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      await this.subscriber.subscribe(CHANNEL_PREFIX + topic);
    }
    const wrapped = handler as (payload: unknown) => void;
    set.add(wrapped);
    return async () => {
      const current = this.handlers.get(topic);
      if (!current) return;
      current.delete(wrapped);
      if (current.size === 0) {
        this.handlers.delete(topic);
        if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(CHANNEL_PREFIX + topic);
      }
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
