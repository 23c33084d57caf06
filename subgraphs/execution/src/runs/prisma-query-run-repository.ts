// QueryRunRepository over Querent's Prisma store.
import crypto from 'node:crypto';
import { olderThanCursor, pageOf, type PageRequest, type PageResult, type PrismaStore } from '@querent/common';
import type { NewQueryRun, QueryRunRecord } from './query-run';
import type { QueryRunRepository } from './query-run-repository';

export class PrismaQueryRunRepository implements QueryRunRepository {
  constructor(private readonly store: PrismaStore) {}

  async create(run: NewQueryRun): Promise<QueryRunRecord> {
    return this.store.prisma.queryRun.create({ data: { ...run, id: run.id ?? crypto.randomUUID() } });
  }

  async countByConnections(connectionIds: readonly string[]): Promise<Map<string, number>> {
    const groups = await this.store.prisma.queryRun.groupBy({
      by: ['connectionId'],
      where: { connectionId: { in: [...connectionIds] } },
      _count: { _all: true },
    });
    return new Map(groups.map((g) => [g.connectionId, g._count._all]));
  }

  async recentByConnection(connectionId: string, first: number): Promise<QueryRunRecord[]> {
    return this.store.prisma.queryRun.findMany({ where: { connectionId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first });
  }

  async history(connectionId: string, page: PageRequest): Promise<PageResult<QueryRunRecord>> {
    const rows = await this.store.prisma.queryRun.findMany({
      where: { connectionId, ...olderThanCursor('createdAt', page.after) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.first + 1,
    });
    return pageOf(rows, page.first);
  }

  async findByIds(ids: readonly string[]): Promise<QueryRunRecord[]> {
    return this.store.prisma.queryRun.findMany({ where: { id: { in: [...ids] } } });
  }
}
