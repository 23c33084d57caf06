// The event bus port: publish and subscribe by topic; in-process by default, Redis across processes.
import type { Topic, TopicPayloads } from './topics';

export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  publish<T extends Topic>(topic: T, payload: TopicPayloads[T]): Promise<void>;
  subscribe<T extends Topic>(topic: T, handler: (payload: TopicPayloads[T]) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/**
 * Turns a subscription into an async iterator, as graphql-ws wants. Events that arrive faster than the
 * client reads are queued up to `maxQueue`; beyond that the oldest are dropped so a slow client cannot
 * grow the server's memory without bound.
 */
export function eventStream<T extends Topic>(
  bus: EventBus,
  topic: T,
  filter: (payload: TopicPayloads[T]) => boolean = () => true,
  maxQueue = 1000,
): AsyncIterableIterator<TopicPayloads[T]> {
  const queue: TopicPayloads[T][] = [];
  const waiting: ((result: IteratorResult<TopicPayloads[T]>) => void)[] = [];
  let done = false;
  const unsubscribing = bus.subscribe(topic, (payload) => {
    if (done || !filter(payload)) return;
    const next = waiting.shift();
    if (next) next({ value: payload, done: false });
    else {
      queue.push(payload);
      if (queue.length > maxQueue) queue.shift();
    }
  });
  const finish = async (): Promise<IteratorResult<TopicPayloads[T]>> => {
    if (!done) {
      done = true;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      await (await unsubscribing)();
    }
    return { value: undefined, done: true };
  };
  return {
    async next() {
      await unsubscribing;
      if (queue.length > 0) return { value: queue.shift() as TopicPayloads[T], done: false };
      if (done) return { value: undefined, done: true };
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw: async (error) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
