// ConnectionLookup over Querent's store: registered connections' engines, and executors opened with their decrypted URLs.
import { dialectForUrl, QuerentError, type DialectName, type ExecutorOptions, type PrismaStore, type ReadOnlyExecutor } from '@querent/common';
import type { ConnectionLookup } from '../execution/execution-ports';

export class StoreConnectionLookup implements ConnectionLookup {
  constructor(
    private readonly store: PrismaStore,
    private readonly decrypt: (stored: string) => string,
    private readonly executorOptions: ExecutorOptions,
  ) {}

  async dialectOf(connectionId: string): Promise<DialectName> {
    const row = await this.store.prisma.connection.findUnique({ where: { id: connectionId }, select: { dialect: true } });
    if (!row) throw new QuerentError('NOT_FOUND', `no database with id ${connectionId}`);
    return row.dialect as DialectName;
  }

  async openExecutor(connectionId: string): Promise<ReadOnlyExecutor> {
    const row = await this.store.prisma.connection.findUnique({ where: { id: connectionId }, select: { encryptedUrl: true } });
    if (!row) throw new QuerentError('NOT_FOUND', `no database with id ${connectionId}`);
    // The plaintext URL lives only in this call; the dialect's errors never carry the password.
    const url = this.decrypt(row.encryptedUrl);
    return dialectForUrl(url).openExecutor(url, this.executorOptions);
  }
}
