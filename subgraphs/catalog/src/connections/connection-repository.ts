// The port through which the connection service reads and writes registered connections.
import type { ConnectionRecord, NewConnection } from './connection';

export interface ConnectionRepository {
  list(): Promise<ConnectionRecord[]>;
  findByIds(ids: readonly string[]): Promise<ConnectionRecord[]>;
  findByName(name: string): Promise<ConnectionRecord | null>;
  /** Creates the connection; when it is the default, clears the flag on every other one in the same transaction. */
  create(connection: NewConnection): Promise<ConnectionRecord>;
  /** The stored (encrypted) URL; null when no such connection exists. */
  encryptedUrl(id: string): Promise<string | null>;
  recordTest(id: string, at: Date, ok: boolean): Promise<void>;
  /** Makes one connection the default and clears the flag everywhere else, atomically. */
  setDefault(id: string): Promise<ConnectionRecord>;
  /** Deletes the connection and (by cascade) its schema memory; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
}
