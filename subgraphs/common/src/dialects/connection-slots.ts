// Owns the bound on concurrent statements per executor: at most `size` run at once, the rest wait in order.
import type { ReadOnlyQueryOptions } from './read-only-executor';
import { QueryDeadline } from './query-deadline';
import { ResultCollector } from './result-collector';

/**
 * The drivers' own pools queue too, but their wait is bounded by the connect timeout and cannot be aborted. Here a
 * waiting query gives up when its own deadline passes or its caller aborts, and the pool below never has to queue.
 */
export class ConnectionSlots {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`poolSize must be a positive integer, not ${size}`);
  }

  /** Statements running now, for tests and metrics. */
  get active(): number {
    return this.inUse;
  }

  /**
   * One executor statement from start to end: its deadline and result collector, a slot held while it runs, and
   * both released whatever happens. Every network and file executor's query() is this around its own `run`.
   */
  async runStatement<T>(where: string, options: ReadOnlyQueryOptions, run: (deadline: QueryDeadline, collector: ResultCollector) => Promise<T>): Promise<T> {
    const collector = new ResultCollector(options.maxRows, options.maxBytes);
    const deadline = new QueryDeadline(options.timeoutMs, options.signal);
    try {
      const release = await this.acquire(deadline, where);
      try {
        return await run(deadline, collector);
      } finally {
        release();
      }
    } finally {
      deadline.dispose();
    }
  }

  /** Resolves with a release function once a slot is free; rejects with the deadline's error if it stops first. */
  acquire(deadline: QueryDeadline, where: string): Promise<() => void> {
    if (this.inUse < this.size) {
      this.inUse += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        unregister();
        resolve(this.releaser());
      };
      const unregister = deadline.onStop(() => {
        const at = this.waiting.indexOf(grant);
        if (at !== -1) this.waiting.splice(at, 1);
        reject(deadline.error(where, `one of its ${this.size} connection${this.size === 1 ? '' : 's'} to be free`));
      });
      if (deadline.reason) return;
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so inUse only drops when nobody waits.
      if (next) next();
      else this.inUse -= 1;
    };
  }
}
