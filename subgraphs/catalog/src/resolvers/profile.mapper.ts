// Maps stored profiles and job records onto the profiling GraphQL types.
import { formatMean } from '../profiling/column-statistics';
import type { ProfileJobRecord, StoredColumnProfile, StoredTableProfile } from '../profiling/profile-repository';
import { ColumnProfile, ProfileJob, ProfileJobStatusEnum, TableProfile, TopValue, ValuePatternEnum } from './profile.types';

export function toProfileJob(record: ProfileJobRecord): ProfileJob {
  return Object.assign(new ProfileJob(), {
    id: record.id,
    databaseId: record.connectionId,
    status: record.status as ProfileJobStatusEnum,
    progress: record.tablesTotal === 0 ? (record.finishedAt ? 1 : 0) : record.tablesDone / record.tablesTotal,
    tablesDone: record.tablesDone,
    tablesTotal: record.tablesTotal,
    tablesProfiled: record.tablesProfiled,
    tablesUnchanged: record.tablesUnchanged,
    tablesFailed: record.tablesFailed,
    rowsRead: record.rowsRead,
    tables: record.tables,
    sampleSize: record.sampleSize,
    force: record.force,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    error: record.error,
  });
}

export function toTableProfile(p: StoredTableProfile): TableProfile {
  return Object.assign(new TableProfile(), {
    rowCount: p.rowCount,
    rowCountExact: p.rowCountExact,
    profiledAt: p.profiledAt,
    rowsSampled: p.rowsSampled,
    sampleMethod: p.sampleMethod,
    durationMs: p.durationMs,
    fingerprint: p.fingerprint,
  });
}

export function toColumnProfile(p: StoredColumnProfile): ColumnProfile {
  return Object.assign(new ColumnProfile(), {
    nullFraction: p.nullFraction,
    distinctCount: p.distinctCount,
    distinctExact: p.distinctExact,
    min: p.min,
    max: p.max,
    mean: formatMean(p.kind ?? 'number', p.mean),
    topValues: p.topValues.map((t) => Object.assign(new TopValue(), t)),
    samples: p.samples,
    patterns: p.patterns as ValuePatternEnum[],
    kind: p.kind,
    profiledAt: p.profiledAt,
  });
}
