// The port through which profiles and profiling jobs are stored: a table's profile and its columns' are written
// together in one transaction (or not at all), and jobs keep their progress and outcome.
import type { SampleMethod, ValueKind } from '@querent/common';
import type { TopValue } from './column-statistics';
import type { TableProfileResult } from './table-profiler';
import type { ValuePattern } from './value-patterns';

export interface TableRef {
  schema: string;
  table: string;
}

export interface StoredTableProfile extends TableRef {
  connectionId: string;
  rowCount: number;
  rowCountExact: boolean;
  /** What re-profiling compares against: the exact count of a small table, the engine's estimate of a large one. */
  rowEstimate: number | null;
  rowsSampled: number;
  sampleMethod: SampleMethod | null;
  fingerprint: string | null;
  durationMs: number | null;
  jobId: string | null;
  profiledAt: Date;
}

export interface StoredColumnProfile extends TableRef {
  connectionId: string;
  column: string;
  kind: ValueKind | null;
  nullFraction: number;
  distinctCount: number;
  distinctExact: boolean;
  min: string | null;
  max: string | null;
  mean: number | null;
  topValues: TopValue[];
  samples: string[];
  patterns: ValuePattern[];
  profiledAt: Date;
}

export type ProfileJobStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED' | 'CANCELLED';

export const FINISHED_JOB_STATUSES: readonly ProfileJobStatus[] = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

export interface ProfileJobCounts {
  tablesTotal: number;
  /** Tables finished one way or another: profiled, unchanged (not re-profiled) or failed. */
  tablesDone: number;
  tablesProfiled: number;
  tablesUnchanged: number;
  tablesFailed: number;
  rowsRead: number;
}

export interface ProfileJobRecord extends ProfileJobCounts {
  id: string;
  connectionId: string;
  status: ProfileJobStatus;
  /** The tables asked for as given; null for every table of the default schema. */
  tables: string[] | null;
  sampleSize: number;
  force: boolean;
  requestedBy: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface ProfileRepository {
  createJob(job: ProfileJobRecord): Promise<void>;
  updateJob(id: string, fields: Partial<Omit<ProfileJobRecord, 'id' | 'connectionId'>>): Promise<void>;
  getJob(id: string): Promise<ProfileJobRecord | null>;
  /** Jobs left RUNNING or PENDING by a process that stopped are failed at start; their finished tables stay. */
  failInterruptedJobs(): Promise<number>;
  /** Replaces a table's profile and all its column profiles in one transaction. */
  saveTableProfile(connectionId: string, result: TableProfileResult, meta: { fingerprint: string; jobId: string; profiledAt: Date }): Promise<void>;
  tableProfiles(connectionId: string, tables: readonly TableRef[]): Promise<StoredTableProfile[]>;
  columnProfiles(connectionId: string, tables: readonly TableRef[]): Promise<StoredColumnProfile[]>;
}
