// The embedded vector index's items in Querent's store (VectorEntry rows, one per namespace and item id).
import type { PrismaStore } from '../store';
import type { StoredVector, VectorEntryStore } from './embedded-vector-index';
import type { VectorMetadata } from './vector-index';

const entryId = (namespace: string, itemId: string): string => `${namespace}:${itemId}`;

// Six decimals keep the JSON small; cosine ranks do not move at that precision.
const compact = (vector: readonly number[]): number[] => vector.map((v) => Math.round(v * 1e6) / 1e6);

export class PrismaVectorEntryStore implements VectorEntryStore {
  constructor(private readonly store: PrismaStore) {}

  async save(namespace: string, entries: readonly StoredVector[]): Promise<void> {
    const prisma = this.store.prisma;
    await prisma.$transaction(
      entries.map((entry) => {
        const data = { text: entry.text, metadata: entry.metadata, embedding: compact(entry.embedding), model: entry.model };
        return prisma.vectorEntry.upsert({
          where: { id: entryId(namespace, entry.itemId) },
          create: { id: entryId(namespace, entry.itemId), namespace, itemId: entry.itemId, ...data },
          update: data,
        });
      }),
    );
  }

  async list(namespace: string): Promise<StoredVector[]> {
    const rows = await this.store.prisma.vectorEntry.findMany({ where: { namespace }, orderBy: { itemId: 'asc' } });
    return rows.map((row) => ({
      itemId: row.itemId,
      text: row.text,
      metadata: row.metadata as VectorMetadata,
      embedding: row.embedding as number[],
      model: row.model,
    }));
  }

  async remove(namespace: string, itemIds: readonly string[]): Promise<void> {
    await this.store.prisma.vectorEntry.deleteMany({ where: { id: { in: itemIds.map((id) => entryId(namespace, id)) } } });
  }
}
