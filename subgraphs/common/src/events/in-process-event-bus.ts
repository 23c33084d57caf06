// The default event bus: Node's EventEmitter, for the embedded single-process layout.
import { EventEmitter } from 'node:events';
import type { EventBus, Unsubscribe } from './event-bus';
import type { Topic, TopicPayloads } from './topics';

export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly emitter = new EventEmitter();

  constructor() {
    // Many subscriptions on one topic is normal (one per connected client).
    this.emitter.setMaxListeners(0);
  }

  async publish<T extends Topic>(topic: T, payload: TopicPayloads[T]): Promise<void> {
    // A structured clone keeps in-process delivery honest: subscribers get a copy, as they would over Redis.
    this.emitter.emit(topic, structuredClone(payload));
  }

  async subscribe<T extends Topic>(topic: T, handler: (payload: TopicPayloads[T]) => void): Promise<Unsubscribe> {
    this.emitter.on(topic, handler);
    return async () => {
      this.emitter.off(topic, handler);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
