// ConnectionRepository over Querent's Prisma store.
import crypto from 'node:crypto';
import type { PrismaStore } from '@querent/common';
import type { ConnectionRecord, Dialect, NewConnection } from './connection';
import type { ConnectionRepository } from './connection-repository';

type Row = Awaited<ReturnType<PrismaStore['prisma']['connection']['findFirstOrThrow']>>;

function toRecord(row: Row): ConnectionRecord {
  return {
    id: row.id,
    name: row.name,
    dialect: row.dialect as Dialect,
    displayUrl: row.displayUrl,
    description: row.description,
    tags: Array.isArray(row.tags) ? (row.tags as unknown[]).map(String) : [],
    isDefault: row.isDefault,
    isDemo: row.isDemo,
    lastTestedAt: row.lastTestedAt,
    lastTestOk: row.lastTestOk,
    createdAt: row.createdAt,
  };
}

export class PrismaConnectionRepository implements ConnectionRepository {
  constructor(private readonly store: PrismaStore) {}

  async list(): Promise<ConnectionRecord[]> {
    const rows = await this.store.prisma.connection.findMany({ orderBy: [{ isDefault: 'desc' }, { name: 'asc' }] });
    return rows.map(toRecord);
  }

  async findByIds(ids: readonly string[]): Promise<ConnectionRecord[]> {
    const rows = await this.store.prisma.connection.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toRecord);
  }

  async findByName(name: string): Promise<ConnectionRecord | null> {
    const row = await this.store.prisma.connection.findUnique({ where: { name } });
    return row ? toRecord(row) : null;
  }

  async create(connection: NewConnection): Promise<ConnectionRecord> {
    const row = await this.store.prisma.$transaction(async (tx) => {
      if (connection.isDefault) await tx.connection.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
      return tx.connection.create({
        data: {
          id: crypto.randomUUID(),
          name: connection.name,
          dialect: connection.dialect,
          encryptedUrl: connection.encryptedUrl,
          displayUrl: connection.displayUrl,
          description: connection.description ?? null,
          tags: connection.tags,
          isDefault: connection.isDefault,
          isDemo: connection.isDemo,
        },
      });
    });
    return toRecord(row);
  }

  async encryptedUrl(id: string): Promise<string | null> {
    const row = await this.store.prisma.connection.findUnique({ where: { id }, select: { encryptedUrl: true } });
    return row?.encryptedUrl ?? null;
  }

  async recordTest(id: string, at: Date, ok: boolean): Promise<void> {
    await this.store.prisma.connection.updateMany({ where: { id }, data: { lastTestedAt: at, lastTestOk: ok } });
  }

  async setDefault(id: string): Promise<ConnectionRecord> {
    const row = await this.store.prisma.$transaction(async (tx) => {
      await tx.connection.updateMany({ where: { isDefault: true, NOT: { id } }, data: { isDefault: false } });
      return tx.connection.update({ where: { id }, data: { isDefault: true } });
    });
    return toRecord(row);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.store.prisma.connection.deleteMany({ where: { id } });
    return result.count > 0;
  }
}
