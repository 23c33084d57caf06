// ProfileRepository over Querent's Prisma store: one transaction per table profile (table row replaced, its column
// rows deleted and bulk-inserted), jobs as ProfileJob rows.
import crypto from 'node:crypto';
import { bulkInsert, type BulkColumn, type PrismaStore, type SampleMethod, type ValueKind } from '@querent/common';
import type { TopValue } from './column-statistics';
import type { ProfileJobRecord, ProfileJobStatus, ProfileRepository, StoredColumnProfile, StoredTableProfile, TableRef } from './profile-repository';
import type { TableProfileResult } from './table-profiler';
import type { ValuePattern } from './value-patterns';

type Prisma = PrismaStore['prisma'];
type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

const COLUMN_PROFILE_COLUMNS: BulkColumn[] = [
  { name: 'id', kind: 'text' },
  { name: 'connectionId', kind: 'text' },
  { name: 'schemaName', kind: 'text' },
  { name: 'tableName', kind: 'text' },
  { name: 'columnName', kind: 'text' },
  { name: 'nullFraction', kind: 'float' },
  { name: 'distinctCount', kind: 'bigint' },
  { name: 'distinctExact', kind: 'boolean' },
  { name: 'min', kind: 'text' },
  { name: 'max', kind: 'text' },
  { name: 'mean', kind: 'float' },
  { name: 'topValues', kind: 'json' },
  { name: 'samples', kind: 'json' },
  { name: 'patterns', kind: 'json' },
  { name: 'profiledAt', kind: 'datetime' },
  { name: 'valueKind', kind: 'text' },
];

/** One OR-branch per table: profiles are always asked for a handful of named tables at a time. */
function tablesWhere(connectionId: string, tables: readonly TableRef[]) {
  return { connectionId, OR: tables.map((t) => ({ schemaName: t.schema, tableName: t.table })) };
}

function toJob(row: Awaited<ReturnType<Prisma['profileJob']['findFirstOrThrow']>>): ProfileJobRecord {
  return {
    id: row.id,
    connectionId: row.connectionId,
    status: row.status as ProfileJobStatus,
    tables: (row.tables ?? null) as string[] | null,
    sampleSize: row.sampleSize,
    force: row.force,
    requestedBy: row.requestedBy,
    tablesTotal: row.tablesTotal,
    tablesDone: row.tablesDone,
    tablesProfiled: row.tablesProfiled,
    tablesUnchanged: row.tablesUnchanged,
    tablesFailed: row.tablesFailed,
    rowsRead: row.rowsRead,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export class PrismaProfileRepository implements ProfileRepository {
  constructor(private readonly store: PrismaStore) {}

  private get prisma(): Prisma {
    return this.store.prisma;
  }

  async createJob(job: ProfileJobRecord): Promise<void> {
    const { tables, ...rest } = job;
    await this.prisma.profileJob.create({ data: { ...rest, tables: tables ?? undefined } });
  }

  async updateJob(id: string, fields: Partial<Omit<ProfileJobRecord, 'id' | 'connectionId'>>): Promise<void> {
    const { tables, ...rest } = fields;
    await this.prisma.profileJob.update({ where: { id }, data: { ...rest, ...(tables !== undefined ? { tables: tables ?? undefined } : {}) } });
  }

  async getJob(id: string): Promise<ProfileJobRecord | null> {
    const row = await this.prisma.profileJob.findUnique({ where: { id } });
    return row ? toJob(row) : null;
  }

  async failInterruptedJobs(): Promise<number> {
    const result = await this.prisma.profileJob.updateMany({
      where: { status: { in: ['PENDING', 'RUNNING'] } },
      data: { status: 'FAILED', error: 'interrupted: the process stopped before the job finished; tables it had finished keep their profiles', finishedAt: new Date() },
    });
    return result.count;
  }

  async saveTableProfile(connectionId: string, result: TableProfileResult, meta: { fingerprint: string; jobId: string; profiledAt: Date }): Promise<void> {
    const where = { connectionId, schemaName: result.schema, tableName: result.table };
    const tableFields = {
      rowCount: BigInt(Math.round(result.rowCount)),
      rowCountExact: result.rowCountExact,
      rowsSampled: result.rowsSampled,
      fingerprint: meta.fingerprint,
      profiledAt: meta.profiledAt,
      rowEstimate: BigInt(Math.round(result.rowEstimate)),
      sampleMethod: result.sampleMethod,
      durationMs: Math.round(result.durationMs),
      jobId: meta.jobId,
    };
    await this.prisma.$transaction(
      async (tx: Tx) => {
        await tx.columnProfile.deleteMany({ where });
        await tx.tableProfile.upsert({
          where: { connectionId_schemaName_tableName: where },
          create: { id: crypto.randomUUID(), ...where, ...tableFields },
          update: tableFields,
        });
        await bulkInsert(
          tx,
          this.store.provider,
          'ColumnProfile',
          COLUMN_PROFILE_COLUMNS,
          result.columns.map(({ name, statistics: s }) => ({
            id: crypto.randomUUID(),
            connectionId,
            schemaName: result.schema,
            tableName: result.table,
            columnName: name,
            nullFraction: s.nullFraction,
            distinctCount: s.distinctCount,
            distinctExact: s.distinctExact,
            min: s.min,
            max: s.max,
            mean: s.mean,
            topValues: s.topValues,
            samples: s.samples,
            patterns: s.patterns,
            profiledAt: meta.profiledAt,
            valueKind: s.kind,
          })),
        );
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  async tableProfiles(connectionId: string, tables: readonly TableRef[]): Promise<StoredTableProfile[]> {
    if (tables.length === 0) return [];
    const rows = await this.prisma.tableProfile.findMany({ where: tablesWhere(connectionId, tables) });
    return rows.map((r) => ({
      connectionId: r.connectionId,
      schema: r.schemaName,
      table: r.tableName,
      rowCount: Number(r.rowCount),
      rowCountExact: r.rowCountExact,
      rowEstimate: r.rowEstimate === null ? null : Number(r.rowEstimate),
      rowsSampled: r.rowsSampled,
      sampleMethod: r.sampleMethod as SampleMethod | null,
      fingerprint: r.fingerprint,
      durationMs: r.durationMs,
      jobId: r.jobId,
      profiledAt: r.profiledAt,
    }));
  }

  async columnProfiles(connectionId: string, tables: readonly TableRef[]): Promise<StoredColumnProfile[]> {
    if (tables.length === 0) return [];
    const rows = await this.prisma.columnProfile.findMany({ where: tablesWhere(connectionId, tables) });
    return rows.map((r) => ({
      connectionId: r.connectionId,
      schema: r.schemaName,
      table: r.tableName,
      column: r.columnName,
      kind: r.valueKind as ValueKind | null,
      nullFraction: r.nullFraction,
      distinctCount: Number(r.distinctCount),
      distinctExact: r.distinctExact,
      min: r.min,
      max: r.max,
      mean: r.mean,
      topValues: (r.topValues ?? []) as unknown as TopValue[],
      samples: (r.samples ?? []) as unknown as string[],
      patterns: (r.patterns ?? []) as unknown as ValuePattern[],
      profiledAt: r.profiledAt,
    }));
  }
}
