// Owns when a running statement must stop — its time limit or its caller's AbortSignal — and the errors saying why.
import { QuerentError } from '../errors/querent-error';
import { positiveMs } from './file-url';

export type StopReason = 'timeout' | 'cancelled';

/**
 * One per ReadOnlyExecutor.query call, started when the call starts: waiting for a free connection counts against
 * the time limit too, so a caller never waits longer than `timeoutMs` (plus the engine's reaction time) in total.
 * Engines register how to stop their statement (cancel, KILL QUERY, interrupt, kill the worker process) with
 * `onStop`; the action runs once, at the deadline or on abort, whichever comes first.
 */
export class QueryDeadline {
  readonly timeoutMs: number;
  private readonly startedAt = Date.now();
  private stopReason: StopReason | null = null;
  private readonly actions = new Set<(reason: StopReason) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.timeoutMs = positiveMs(timeoutMs, 'timeoutMs');
    this.timer = setTimeout(() => this.stop('timeout'), this.timeoutMs);
    if (signal?.aborted) this.stop('cancelled');
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = () => this.stop('cancelled');

  private stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    clearTimeout(this.timer);
    for (const action of [...this.actions]) {
      try {
        action(reason);
      } catch {
        // A failing stop action must not keep the others from running; the statement's own error reports it.
      }
    }
  }

  /** Why the statement must stop, or null while it may run. */
  get reason(): StopReason | null {
    return this.stopReason;
  }

  /** True once the time limit has passed, even if the timer has not fired yet (a busy event loop delays it). */
  get expired(): boolean {
    return Date.now() - this.startedAt >= this.timeoutMs;
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(1, this.timeoutMs - this.elapsedMs);
  }

  /** Runs `action` at the stop (at once if already stopped); the returned function unregisters it. */
  onStop(action: (reason: StopReason) => void): () => void {
    if (this.stopReason) {
      action(this.stopReason);
      return () => undefined;
    }
    this.actions.add(action);
    return () => this.actions.delete(action);
  }

  /**
   * The typed error for the stop, naming the database by `where` (a redacted URL or a file path). `waitingFor` says
   * the statement never started because it was still waiting (e.g. `a free connection`).
   */
  error(where: string, waitingFor?: string): QuerentError {
    if (this.stopReason === 'cancelled') {
      return waitingFor
        ? new QuerentError('QUERY_CANCELLED', `The query on ${where} was cancelled while waiting for ${waitingFor}; it never started.`)
        : new QuerentError('QUERY_CANCELLED', `The query on ${where} was cancelled after ${this.elapsedMs} ms; the database stopped it.`);
    }
    return waitingFor
      ? new QuerentError('QUERY_TIMEOUT', `The query on ${where} waited ${this.timeoutMs} ms for ${waitingFor} and never started.`, {
          timeoutMs: this.timeoutMs,
        })
      : new QuerentError('QUERY_TIMEOUT', `The query on ${where} ran longer than its limit of ${this.timeoutMs} ms and was stopped at the database.`, {
          timeoutMs: this.timeoutMs,
        });
  }

  /**
   * The error to report when the statement has stopped or its time is up, else null. A result that arrives after
   * the deadline is not returned: MySQL and MariaDB let an interrupted SLEEP() or a statement cut by their limit
   * end "successfully" with a partial answer.
   */
  stoppedError(where: string, waitingFor?: string): QuerentError | null {
    if (!this.stopReason && this.expired) this.stop('timeout');
    return this.stopReason ? this.error(where, waitingFor) : null;
  }

  /**
   * Checks a pooled connection out for this statement. A failure to get one becomes `failed(error)`; a connection
   * that arrives after the statement was stopped (cancelled, or its time up while it waited) is given back at once
   * and the stop is reported instead.
   */
  async checkout<C extends { release(): void }>(where: string, acquire: () => Promise<C>, failed: (error: unknown) => Error): Promise<C> {
    let connection: C;
    try {
      connection = await acquire();
    } catch (error) {
      throw failed(error);
    }
    const stopped = this.stoppedError(where, 'a connection');
    if (stopped) {
      connection.release();
      throw stopped;
    }
    return connection;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.actions.clear();
  }
}
