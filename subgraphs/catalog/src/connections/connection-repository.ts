// The port through which the connection service reads and writes registered connections.
import type { ConnectionRecord, NewConnection } from './connection';

export interface ConnectionRepository {
  list(): Promise<ConnectionRecord[]>;
  findByIds(ids: readonly string[]): Promise<ConnectionRecord[]>;
  findByName(name: string): Promise<ConnectionRecord | null>;
  /** Creates the connection; when it is the default, clears the flag on every other one in the same transaction. */
  create(connection: NewConnection): Promise<ConnectionRecord>;
}
