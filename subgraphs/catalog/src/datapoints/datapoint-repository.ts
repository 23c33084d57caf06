// The DataPoint service's port to storage: the review queue's rows, read by database, status and type, written in
// one transaction per regeneration.
import type { PageRequest, PageResult } from '@querent/common';
import type { DataPointBody, DataPointProposal, DataPointRecord, DataPointStatus, DataPointType } from './datapoint';

export interface DataPointFilter {
  connectionId?: string | null;
  status?: DataPointStatus | null;
  type?: DataPointType | null;
}

export interface NewDataPoint {
  connectionId: string;
  key: string;
  type: DataPointType;
  title: string;
  body: DataPointBody;
  confidence: number;
  schema: string | null;
  table: string | null;
  generatedHash: string;
}

export interface DataPointPatch {
  title?: string;
  body?: DataPointBody;
  confidence?: number;
  status?: DataPointStatus;
  stale?: boolean;
  staleReason?: string | null;
  proposal?: DataPointProposal | null;
  generatedHash?: string | null;
  reviewedBy?: string | null;
  reviewedAt?: Date | null;
}

export interface DataPointChanges {
  create: NewDataPoint[];
  update: { id: string; patch: DataPointPatch }[];
  remove: string[];
}

export interface DataPointCount {
  connectionId: string;
  status: DataPointStatus;
  count: number;
}

export interface DataPointRepository {
  /** Every DataPoint of a database (regeneration compares against all of them). */
  listAll(connectionId: string): Promise<DataPointRecord[]>;
  /** Newest first (createdAt, id). */
  list(filter: DataPointFilter, page: PageRequest): Promise<PageResult<DataPointRecord>>;
  get(id: string): Promise<DataPointRecord | null>;
  getMany(ids: readonly string[]): Promise<DataPointRecord[]>;
  /** All in one transaction: a regeneration is applied completely or not at all. */
  apply(changes: DataPointChanges): Promise<void>;
  update(id: string, patch: DataPointPatch): Promise<DataPointRecord>;
  counts(): Promise<DataPointCount[]>;
  /** Deletes a database's DataPoints; returns their ids. */
  forget(connectionId: string): Promise<string[]>;
}
