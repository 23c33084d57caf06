// The schema memory's nodes: connection → database → schemas → tables, each with its fingerprint and check times.
// A null child collection means that level was never discovered (progressive discovery), not that it is empty.
import type { TableKind, TableStructure } from '@querent/common';

export interface TableNode {
  name: string;
  kind: TableKind;
  rowEstimate: number | null;
  comment: string | null;
  /** The engine's cheap change token when last checked. */
  probeToken: string | null;
  /** Hash of `structure`; null until level 3 was read. */
  fingerprint: string | null;
  structure: TableStructure | null;
  structureLoadedAt: Date | null;
  lastCheckedAt: Date;
  lastChangedAt: Date;
}

export interface SchemaNode {
  name: string;
  isDefault: boolean;
  probeToken: string | null;
  /** Hash of the table list (names and kinds). */
  fingerprint: string | null;
  tables: Map<string, TableNode> | null;
  tablesLoadedAt: Date | null;
  lastCheckedAt: Date;
  lastChangedAt: Date;
}

export interface DatabaseNode {
  connectionId: string;
  name: string;
  /** Hash of the schema list. */
  fingerprint: string | null;
  schemas: Map<string, SchemaNode> | null;
  schemasLoadedAt: Date | null;
  lastCheckedAt: Date;
  lastChangedAt: Date;
}

export type ChangeAction = 'ADDED' | 'REMOVED' | 'CHANGED' | 'RENAMED';
export type ChangeObjectType = 'SCHEMA' | 'TABLE' | 'VIEW' | 'COLUMN' | 'PRIMARY_KEY' | 'FOREIGN_KEY' | 'UNIQUE' | 'INDEX';

/** One difference between the old and the new memory. */
export interface DetectedChange {
  action: ChangeAction;
  objectType: ChangeObjectType;
  schema: string;
  table: string | null;
  column: string | null;
  before: unknown;
  after: unknown;
}

export type RefreshTrigger = 'first-use' | 'ttl' | 'probe' | 'error' | 'user';

export interface RefreshScope {
  schema?: string | null;
  table?: string | null;
  force?: boolean;
}
