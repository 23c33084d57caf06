// RelationshipRepository over Querent's Prisma store: a connection's set is replaced in one transaction (bulk insert).
import crypto from 'node:crypto';
import { bulkInsert, type BulkColumn, type PrismaStore, type RelationshipCardinality, type RelationshipSource, type TableRef } from '@querent/common';
import type { InferenceStats } from './relationship-inference';
import type { InferredRelationship, RelationshipEvidence } from './inferred-relationship';
import type { RelationshipRepository, StoredRelationshipSet } from './relationship-repository';

const RELATIONSHIP_COLUMNS: BulkColumn[] = [
  { name: 'id', kind: 'text' },
  { name: 'connectionId', kind: 'text' },
  { name: 'fromSchema', kind: 'text' },
  { name: 'fromTable', kind: 'text' },
  { name: 'fromColumns', kind: 'json' },
  { name: 'toSchema', kind: 'text' },
  { name: 'toTable', kind: 'text' },
  { name: 'toColumns', kind: 'json' },
  { name: 'source', kind: 'text' },
  { name: 'confidence', kind: 'float' },
  { name: 'cardinality', kind: 'text' },
  { name: 'createdAt', kind: 'datetime' },
  { name: 'via', kind: 'json' },
  { name: 'evidence', kind: 'json' },
];

export class PrismaRelationshipRepository implements RelationshipRepository {
  constructor(private readonly store: PrismaStore) {}

  async load(connectionId: string): Promise<StoredRelationshipSet | null> {
    const prisma = this.store.prisma;
    const set = await prisma.relationshipSet.findUnique({ where: { connectionId } });
    if (!set) return null;
    const rows = await prisma.relationship.findMany({ where: { connectionId } });
    return {
      connectionId,
      fingerprint: set.fingerprint,
      schemas: (set.schemas ?? []) as string[],
      stats: set.stats as unknown as InferenceStats,
      computedAt: set.computedAt,
      relationships: rows.map(
        (row): InferredRelationship => ({
          fromSchema: row.fromSchema,
          fromTable: row.fromTable,
          fromColumns: row.fromColumns as string[],
          toSchema: row.toSchema,
          toTable: row.toTable,
          toColumns: row.toColumns as string[],
          source: row.source as RelationshipSource,
          confidence: row.confidence,
          cardinality: row.cardinality as RelationshipCardinality,
          via: (row.via ?? null) as TableRef | null,
          evidence: (row.evidence ?? {}) as RelationshipEvidence,
        }),
      ),
    };
  }

  async replace(set: StoredRelationshipSet): Promise<void> {
    const createdAt = set.computedAt;
    await this.store.prisma.$transaction(async (tx) => {
      await tx.relationship.deleteMany({ where: { connectionId: set.connectionId } });
      await bulkInsert(
        tx,
        this.store.provider,
        'Relationship',
        RELATIONSHIP_COLUMNS,
        set.relationships.map((r) => ({
          id: crypto.randomUUID(),
          connectionId: set.connectionId,
          fromSchema: r.fromSchema,
          fromTable: r.fromTable,
          fromColumns: r.fromColumns,
          toSchema: r.toSchema,
          toTable: r.toTable,
          toColumns: r.toColumns,
          source: r.source,
          confidence: r.confidence,
          cardinality: r.cardinality,
          createdAt,
          via: r.via ?? null,
          evidence: r.evidence,
        })),
      );
      const data = { fingerprint: set.fingerprint, schemas: set.schemas, stats: set.stats as unknown as object, computedAt: set.computedAt };
      await tx.relationshipSet.upsert({ where: { connectionId: set.connectionId }, create: { connectionId: set.connectionId, ...data }, update: data });
    });
  }

  async forget(connectionId: string): Promise<void> {
    await this.store.prisma.$transaction(async (tx) => {
      await tx.relationship.deleteMany({ where: { connectionId } });
      await tx.relationshipSet.deleteMany({ where: { connectionId } });
    });
  }
}
