// Opens dialect connections for registered databases: network engines keep one open connection, file engines reopen per use.
import type { ConnectOptions, Dialect, DialectConnection } from '@querent/common';
import { isQuerentError } from '@querent/common';

export interface ConnectionTarget {
  dialect: Dialect;
  url: string;
}

export class DialectConnector {
  private readonly open = new Map<string, Promise<DialectConnection>>();

  constructor(
    private readonly resolve: (connectionId: string) => Promise<ConnectionTarget>,
    private readonly options: ConnectOptions,
  ) {}

  /** Runs `work` with a connection; callers serialize their own use of one connection id. */
  async use<T>(connectionId: string, work: (connection: DialectConnection) => Promise<T>): Promise<T> {
    const target = await this.resolve(connectionId);
    if (!target.dialect.capabilities.reuseConnections) {
      const connection = await target.dialect.connect(target.url, this.options);
      try {
        return await work(connection);
      } finally {
        await connection.close().catch(() => undefined);
      }
    }
    let pending = this.open.get(connectionId);
    if (!pending) {
      pending = target.dialect.connect(target.url, this.options);
      this.open.set(connectionId, pending);
      pending.catch(() => this.open.delete(connectionId));
    }
    const connection = await pending;
    try {
      return await work(connection);
    } catch (error) {
      // A broken connection is dropped so the next use reconnects; a failed query on a healthy one is not.
      if (!isQuerentError(error) || error.code.startsWith('CONNECTION_')) await this.drop(connectionId);
      throw error;
    }
  }

  async drop(connectionId: string): Promise<void> {
    const pending = this.open.get(connectionId);
    this.open.delete(connectionId);
    if (pending) await (await pending.catch(() => null))?.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.drop(id)));
  }
}
