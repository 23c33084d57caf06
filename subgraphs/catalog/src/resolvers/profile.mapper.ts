// Maps stored profiles and job records onto the profiling GraphQL types.
import { maskValue, piiMaskKind } from '@querent/common';
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

/**
 * A column profile as the caller may see it: for a PII column (email or phone pattern) and a role without the
 * `pii` permission, samples, top values and min/max are masked like query results are.
 */
export function toColumnProfile(p: StoredColumnProfile, canSeePii = true): ColumnProfile {
  const kind = canSeePii ? null : piiMaskKind(p.patterns);
  const shown = (value: string | null): string | null => (kind && value !== null ? String(maskValue(value, kind)) : value);
  return Object.assign(new ColumnProfile(), {
    nullFraction: p.nullFraction,
    distinctCount: p.distinctCount,
    distinctExact: p.distinctExact,
    min: shown(p.min),
    max: shown(p.max),
    mean: formatMean(p.kind ?? 'number', p.mean),
    topValues: p.topValues.map((t) => Object.assign(new TopValue(), { ...t, value: shown(t.value) })),
    samples: p.samples.map((v) => shown(v) as string),
    patterns: p.patterns as ValuePatternEnum[],
    kind: p.kind,
    profiledAt: p.profiledAt,
  });
}
