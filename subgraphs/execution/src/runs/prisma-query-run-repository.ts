// QueryRunRepository over Querent's Prisma store.
import type { PrismaStore } from '@querent/common';
import type { QueryRunRecord } from './query-run';
import type { QueryRunRepository } from './query-run-repository';

export class PrismaQueryRunRepository implements QueryRunRepository {
  constructor(private readonly store: PrismaStore) {}

  async countByConnections(connectionIds: readonly string[]): Promise<Map<string, number>> {
    const groups = await this.store.prisma.queryRun.groupBy({
      by: ['connectionId'],
      where: { connectionId: { in: [...connectionIds] } },
      _count: { _all: true },
    });
    return new Map(groups.map((g) => [g.connectionId, g._count._all]));
  }

  async recentByConnection(connectionId: string, first: number): Promise<QueryRunRecord[]> {
    return this.store.prisma.queryRun.findMany({ where: { connectionId }, orderBy: { createdAt: 'desc' }, take: first });
  }

  async findByIds(ids: readonly string[]): Promise<QueryRunRecord[]> {
    return this.store.prisma.queryRun.findMany({ where: { id: { in: [...ids] } } });
  }
}
