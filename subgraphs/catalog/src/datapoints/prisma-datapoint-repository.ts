// DataPointRepository over Querent's Prisma store: DataPoint rows, newest first with (createdAt, id) cursors.
import crypto from 'node:crypto';
import { olderThanCursor, pageOf, STORE_JSON_NULL, type PageRequest, type PageResult, type PrismaStore } from '@querent/common';
import type { DataPointBody, DataPointProposal, DataPointRecord, DataPointStatus, DataPointType } from './datapoint';
import type { DataPointChanges, DataPointCount, DataPointFilter, DataPointPatch, DataPointRepository } from './datapoint-repository';

type Row = Awaited<ReturnType<PrismaStore['prisma']['dataPoint']['findFirstOrThrow']>>;

function toRecord(row: Row): DataPointRecord {
  return {
    id: row.id,
    connectionId: row.connectionId,
    key: row.key ?? '',
    type: row.type as DataPointType,
    status: row.status as DataPointStatus,
    title: row.title,
    body: row.body as DataPointBody,
    confidence: row.confidence,
    schema: row.schemaName,
    table: row.tableName,
    stale: row.stale,
    staleReason: row.staleReason,
    proposal: (row.proposal ?? null) as DataPointProposal | null,
    generatedHash: row.generatedHash,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toData(patch: DataPointPatch): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (patch.title !== undefined) data.title = patch.title;
  if (patch.body !== undefined) data.body = patch.body;
  if (patch.confidence !== undefined) data.confidence = patch.confidence;
  if (patch.status !== undefined) data.status = patch.status;
  if (patch.stale !== undefined) data.stale = patch.stale;
  if (patch.staleReason !== undefined) data.staleReason = patch.staleReason;
  // An absent proposal is SQL NULL, which Prisma writes only through its marker.
  if (patch.proposal !== undefined) data.proposal = patch.proposal === null ? STORE_JSON_NULL : patch.proposal;
  if (patch.generatedHash !== undefined) data.generatedHash = patch.generatedHash;
  if (patch.reviewedBy !== undefined) data.reviewedBy = patch.reviewedBy;
  if (patch.reviewedAt !== undefined) data.reviewedAt = patch.reviewedAt;
  return data;
}

export class PrismaDataPointRepository implements DataPointRepository {
  constructor(private readonly store: PrismaStore) {}

  private get prisma() {
    return this.store.prisma;
  }

  async listAll(connectionId: string): Promise<DataPointRecord[]> {
    return (await this.prisma.dataPoint.findMany({ where: { connectionId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })).map(toRecord);
  }

  async list(filter: DataPointFilter, page: PageRequest): Promise<PageResult<DataPointRecord>> {
    const rows = await this.prisma.dataPoint.findMany({
      where: {
        ...(filter.connectionId ? { connectionId: filter.connectionId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...olderThanCursor('createdAt', page.after),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.first + 1,
    });
    const found = pageOf(rows, page.first);
    return { items: found.items.map(toRecord), hasNextPage: found.hasNextPage };
  }

  async get(id: string): Promise<DataPointRecord | null> {
    const row = await this.prisma.dataPoint.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<DataPointRecord[]> {
    if (ids.length === 0) return [];
    return (await this.prisma.dataPoint.findMany({ where: { id: { in: [...ids] } } })).map(toRecord);
  }

  async apply(changes: DataPointChanges): Promise<void> {
    // Newest first lists the batch in the order it was generated: each row is a millisecond older than the one before.
    const now = Date.now();
    await this.prisma.$transaction(async (tx) => {
      if (changes.remove.length > 0) await tx.dataPoint.deleteMany({ where: { id: { in: changes.remove } } });
      for (const [i, point] of changes.create.entries()) {
        await tx.dataPoint.create({
          data: {
            id: crypto.randomUUID(),
            connectionId: point.connectionId,
            key: point.key,
            type: point.type,
            status: 'PENDING',
            title: point.title,
            body: point.body as object,
            confidence: point.confidence,
            schemaName: point.schema,
            tableName: point.table,
            generatedHash: point.generatedHash,
            createdAt: new Date(now - i),
          },
        });
      }
      for (const { id, patch } of changes.update) await tx.dataPoint.update({ where: { id }, data: toData(patch) as never });
    });
  }

  async update(id: string, patch: DataPointPatch): Promise<DataPointRecord> {
    return toRecord(await this.prisma.dataPoint.update({ where: { id }, data: toData(patch) as never }));
  }

  async counts(): Promise<DataPointCount[]> {
    const groups = await this.prisma.dataPoint.groupBy({ by: ['connectionId', 'status'], _count: { _all: true } });
    return groups.map((g) => ({ connectionId: g.connectionId, status: g.status as DataPointStatus, count: g._count._all }));
  }

  async forget(connectionId: string): Promise<string[]> {
    const ids = (await this.prisma.dataPoint.findMany({ where: { connectionId }, select: { id: true } })).map((r) => r.id);
    await this.prisma.dataPoint.deleteMany({ where: { connectionId } });
    return ids;
  }
}
