// One bounded read-only executor per registered database, opened on first use and kept for the next; closed when the
// database is removed (the catalog's CONNECTION REMOVED event) and when the service stops.
import type { ReadOnlyExecutor } from '@querent/common';
import type { ExecutorSource } from './execution-ports';

export class ExecutorRegistry implements ExecutorSource {
  private readonly executors = new Map<string, Promise<ReadOnlyExecutor>>();

  constructor(private readonly open: (connectionId: string) => Promise<ReadOnlyExecutor>) {}

  acquire(connectionId: string): Promise<ReadOnlyExecutor> {
    let opening = this.executors.get(connectionId);
    if (!opening) {
      // Concurrent first uses share one opening; a failed opening is forgotten so the next use tries again.
      opening = this.open(connectionId);
      this.executors.set(connectionId, opening);
      const settled = opening;
      settled.catch(() => {
        if (this.executors.get(connectionId) === settled) this.executors.delete(connectionId);
      });
    }
    return opening;
  }

  /** Whether an executor is open (or opening) for the database. */
  has(connectionId: string): boolean {
    return this.executors.has(connectionId);
  }

  async close(connectionId: string): Promise<void> {
    const opening = this.executors.get(connectionId);
    if (!opening) return;
    this.executors.delete(connectionId);
    const executor = await opening.catch(() => null);
    await executor?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.executors.keys()].map((id) => this.close(id)));
  }
}
