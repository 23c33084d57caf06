// CatalogRepository over Querent's Prisma store: one transaction per refresh, bulk writes, cursor pagination.
import crypto from 'node:crypto';
import { bulkInsert, olderThanCursor, pageOf, type BulkColumn, type PrismaStore, type TableKind, type TableStructure } from '@querent/common';
import type { DatabaseNode, DetectedChange, SchemaNode, TableNode } from './catalog-nodes';
import type { CatalogCommit, CatalogRepository, ChangeFilter, ChangeRecord, Page, RefreshRunRecord, RunStats } from './catalog-repository';

type Prisma = PrismaStore['prisma'];
type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

const CHUNK = 500;

const TABLE_COLUMNS: BulkColumn[] = [
  { name: 'id', kind: 'text' },
  { name: 'schemaId', kind: 'text' },
  { name: 'name', kind: 'text' },
  { name: 'kind', kind: 'text' },
  { name: 'rowEstimate', kind: 'bigint' },
  { name: 'comment', kind: 'text' },
  { name: 'fingerprint', kind: 'text' },
  { name: 'probeToken', kind: 'text' },
  { name: 'columns', kind: 'json' },
  { name: 'primaryKey', kind: 'json' },
  { name: 'foreignKeys', kind: 'json' },
  { name: 'uniques', kind: 'json' },
  { name: 'indexes', kind: 'json' },
  { name: 'structureLoadedAt', kind: 'datetime' },
  { name: 'lastCheckedAt', kind: 'datetime' },
  { name: 'lastChangedAt', kind: 'datetime' },
];

/** The change log's columns as bulk-written (exported so the bulk-insert test writes exactly what the catalog writes). */
export const CHANGE_COLUMNS: BulkColumn[] = [
  { name: 'id', kind: 'text' },
  { name: 'connectionId', kind: 'text' },
  { name: 'refreshRunId', kind: 'text' },
  { name: 'action', kind: 'text' },
  { name: 'objectType', kind: 'text' },
  { name: 'schemaName', kind: 'text' },
  { name: 'tableName', kind: 'text' },
  { name: 'columnName', kind: 'text' },
  { name: 'before', kind: 'json' },
  { name: 'after', kind: 'json' },
  { name: 'detectedAt', kind: 'datetime' },
];

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}


function toRun(row: Awaited<ReturnType<Prisma['refreshRun']['findFirstOrThrow']>>): RefreshRunRecord {
  return {
    id: row.id,
    connectionId: row.connectionId,
    trigger: row.trigger as RefreshRunRecord['trigger'],
    scope: (row.scope ?? {}) as RefreshRunRecord['scope'],
    status: row.status as RefreshRunRecord['status'],
    roundTrips: row.roundTrips,
    tablesRead: row.tablesRead,
    changeCount: row.changeCount,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.durationMs,
  };
}

function tableData(schemaId: string, t: TableNode) {
  const s = t.structure;
  return {
    id: crypto.randomUUID(),
    schemaId,
    name: t.name,
    kind: t.kind,
    rowEstimate: t.rowEstimate === null ? null : Math.round(t.rowEstimate),
    comment: t.comment,
    fingerprint: t.fingerprint,
    probeToken: t.probeToken,
    columns: s ? s.columns : null,
    primaryKey: s ? (s.primaryKey ?? { none: true }) : null,
    foreignKeys: s ? s.foreignKeys : null,
    uniques: s ? s.uniques : null,
    indexes: s ? s.indexes : null,
    structureLoadedAt: t.structureLoadedAt,
    lastCheckedAt: t.lastCheckedAt,
    lastChangedAt: t.lastChangedAt,
  };
}

export class PrismaCatalogRepository implements CatalogRepository {
  constructor(private readonly store: PrismaStore) {}

  private get prisma(): Prisma {
    return this.store.prisma;
  }

  async load(connectionId: string): Promise<DatabaseNode | null> {
    const db = await this.prisma.catalogDatabase.findFirst({ where: { connectionId }, include: { schemas: { include: { tables: true } } } });
    if (!db) return null;
    const schemas = new Map<string, SchemaNode>();
    for (const s of db.schemas) {
      const tables = new Map<string, TableNode>();
      for (const t of s.tables) {
        const structure: TableStructure | null = t.structureLoadedAt
          ? {
              schema: s.name,
              name: t.name,
              kind: t.kind as TableKind,
              comment: t.comment,
              columns: (t.columns ?? []) as unknown as TableStructure['columns'],
              primaryKey: (t.primaryKey as { none?: boolean } | null)?.none ? null : ((t.primaryKey ?? null) as unknown as TableStructure['primaryKey']),
              foreignKeys: (t.foreignKeys ?? []) as unknown as TableStructure['foreignKeys'],
              uniques: (t.uniques ?? []) as unknown as TableStructure['uniques'],
              indexes: (t.indexes ?? []) as unknown as TableStructure['indexes'],
            }
          : null;
        tables.set(t.name, {
          name: t.name,
          kind: t.kind as TableKind,
          rowEstimate: t.rowEstimate === null ? null : Number(t.rowEstimate),
          comment: t.comment,
          probeToken: t.probeToken,
          fingerprint: t.fingerprint,
          structure,
          structureLoadedAt: t.structureLoadedAt,
          // A schema probe checks every table in it; only tables that changed are written, so take the later time.
          lastCheckedAt: new Date(Math.max(t.lastCheckedAt?.getTime() ?? 0, s.lastCheckedAt?.getTime() ?? 0)),
          lastChangedAt: t.lastChangedAt ?? new Date(0),
        });
      }
      schemas.set(s.name, {
        name: s.name,
        isDefault: s.isDefault,
        probeToken: s.probeToken,
        fingerprint: s.fingerprint,
        tables: s.tablesLoadedAt ? tables : null,
        tablesLoadedAt: s.tablesLoadedAt,
        lastCheckedAt: s.lastCheckedAt ?? new Date(0),
        lastChangedAt: s.lastChangedAt ?? new Date(0),
      });
    }
    return {
      connectionId,
      name: db.name,
      fingerprint: db.fingerprint,
      schemas: db.schemasLoadedAt ? schemas : null,
      schemasLoadedAt: db.schemasLoadedAt,
      lastCheckedAt: db.lastCheckedAt ?? new Date(0),
      lastChangedAt: db.lastChangedAt ?? new Date(0),
    };
  }

  async startRun(run: { id: string; connectionId: string; trigger: string; scope: object; startedAt: Date }): Promise<void> {
    await this.prisma.refreshRun.create({ data: { id: run.id, connectionId: run.connectionId, trigger: run.trigger, scope: run.scope, status: 'running', startedAt: run.startedAt } });
  }

  async commit(c: CatalogCommit): Promise<void> {
    const connectionId = c.database.connectionId;
    await this.prisma.$transaction(
      async (tx: Tx) => {
        const dbFields = {
          name: c.database.name,
          fingerprint: c.database.fingerprint,
          schemasLoadedAt: c.database.schemasLoadedAt,
          lastCheckedAt: c.database.lastCheckedAt,
          lastChangedAt: c.database.lastChangedAt,
        };
        const db = await tx.catalogDatabase.upsert({
          where: { connectionId_name: { connectionId, name: c.database.name } },
          create: { id: crypto.randomUUID(), connectionId, ...dbFields },
          update: dbFields,
        });
        if (c.removeSchemas.length) await tx.catalogSchema.deleteMany({ where: { databaseId: db.id, name: { in: c.removeSchemas } } });
        const schemaIds = new Map<string, string>();
        for (const s of c.upsertSchemas) {
          const fields = {
            isDefault: s.isDefault,
            probeToken: s.probeToken,
            fingerprint: s.fingerprint,
            tablesLoadedAt: s.tablesLoadedAt,
            lastCheckedAt: s.lastCheckedAt,
            lastChangedAt: s.lastChangedAt,
          };
          const row = await tx.catalogSchema.upsert({
            where: { databaseId_name: { databaseId: db.id, name: s.name } },
            create: { id: crypto.randomUUID(), databaseId: db.id, name: s.name, ...fields },
            update: fields,
          });
          schemaIds.set(s.name, row.id);
        }
        const schemaIdOf = async (name: string): Promise<string> => {
          const known = schemaIds.get(name);
          if (known) return known;
          const row = await tx.catalogSchema.findUniqueOrThrow({ where: { databaseId_name: { databaseId: db.id, name } } });
          schemaIds.set(name, row.id);
          return row.id;
        };
        const bySchema = <T extends { schema: string }>(items: T[]) => {
          const groups = new Map<string, T[]>();
          for (const item of items) {
            const group = groups.get(item.schema);
            if (group) group.push(item);
            else groups.set(item.schema, [item]);
          }
          return groups;
        };
        for (const [schema, items] of bySchema(c.removeTables)) {
          const schemaId = await schemaIdOf(schema);
          for (const part of chunks(items.map((i) => i.name))) await tx.catalogTable.deleteMany({ where: { schemaId, name: { in: part } } });
        }
        // A table already stored is rewritten in place (keeping its id): deleting 2,000 rows before re-inserting them
        // cost a fifth of a cold discovery's store time.
        for (const [schema, items] of bySchema(c.writeTables)) {
          const schemaId = await schemaIdOf(schema);
          await bulkInsert(tx, this.store.provider, 'CatalogTable', TABLE_COLUMNS, items.map((w) => tableData(schemaId, w.table)), { upsertOn: ['schemaId', 'name'], keep: ['id'] });
        }
        await bulkInsert(
          tx,
          this.store.provider,
          'ChangeEvent',
          CHANGE_COLUMNS,
          c.changes.map((ch: DetectedChange) => ({
            id: crypto.randomUUID(),
            connectionId,
            refreshRunId: c.runId,
            action: ch.action,
            objectType: ch.objectType,
            schemaName: ch.schema,
            tableName: ch.table,
            columnName: ch.column,
            before: ch.before,
            after: ch.after,
            detectedAt: c.detectedAt,
          })),
        );
        await tx.refreshRun.update({ where: { id: c.runId }, data: { status: 'succeeded', ...c.stats } });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  async recordSchemaCheck(connectionId: string, schema: string, probeToken: string, checkedAt: Date): Promise<void> {
    await this.prisma.catalogSchema.updateMany({ where: { name: schema, database: { connectionId } }, data: { probeToken, lastCheckedAt: checkedAt } });
  }

  async failRun(id: string, error: string, stats: RunStats): Promise<void> {
    await this.prisma.refreshRun.update({ where: { id }, data: { status: 'failed', error, ...stats } });
  }

  async failInterruptedRuns(): Promise<number> {
    const result = await this.prisma.refreshRun.updateMany({
      where: { status: 'running' },
      data: { status: 'failed', error: 'interrupted: the process stopped before the refresh finished; the previous memory was kept', finishedAt: new Date() },
    });
    return result.count;
  }

  async getRun(id: string): Promise<RefreshRunRecord | null> {
    const row = await this.prisma.refreshRun.findUnique({ where: { id } });
    return row ? toRun(row) : null;
  }

  async listRuns(connectionId: string, page: Page): Promise<{ items: RefreshRunRecord[]; hasNextPage: boolean }> {
    const rows = await this.prisma.refreshRun.findMany({
      where: { connectionId, ...olderThanCursor('startedAt', page.after) },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: page.first + 1,
    });
    const found = pageOf(rows, page.first);
    return { items: found.items.map(toRun), hasNextPage: found.hasNextPage };
  }

  async listChanges(filter: ChangeFilter, page: Page): Promise<{ items: ChangeRecord[]; hasNextPage: boolean }> {
    const rows = await this.prisma.changeEvent.findMany({
      where: {
        connectionId: filter.connectionId,
        ...(filter.schema ? { schemaName: filter.schema } : {}),
        ...(filter.table ? { tableName: filter.table } : {}),
        ...(filter.since ? { detectedAt: { gte: filter.since } } : {}),
        ...olderThanCursor('detectedAt', page.after),
      },
      orderBy: [{ detectedAt: 'desc' }, { id: 'desc' }],
      take: page.first + 1,
    });
    return {
      items: rows.slice(0, page.first).map((r) => ({
        id: r.id,
        connectionId: r.connectionId,
        refreshRunId: r.refreshRunId,
        action: r.action as ChangeRecord['action'],
        objectType: r.objectType as ChangeRecord['objectType'],
        schema: r.schemaName,
        table: r.tableName,
        column: r.columnName,
        before: r.before ?? null,
        after: r.after ?? null,
        detectedAt: r.detectedAt,
      })),
      hasNextPage: rows.length > page.first,
    };
  }

  async forget(connectionId: string, options: { history: boolean }): Promise<void> {
    await this.prisma.$transaction(async (tx: Tx) => {
      await tx.catalogDatabase.deleteMany({ where: { connectionId } });
      if (!options.history) return;
      await tx.changeEvent.deleteMany({ where: { connectionId } });
      await tx.refreshRun.deleteMany({ where: { connectionId } });
      await tx.tableProfile.deleteMany({ where: { connectionId } });
      await tx.profileJob.deleteMany({ where: { connectionId } });
      await tx.columnProfile.deleteMany({ where: { connectionId } });
      await tx.relationship.deleteMany({ where: { connectionId } });
      await tx.dataPoint.deleteMany({ where: { connectionId } });
      await tx.queryRun.deleteMany({ where: { connectionId } });
    });
  }
}
