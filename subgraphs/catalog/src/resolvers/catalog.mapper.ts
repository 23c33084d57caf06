// Maps schema-memory nodes and log records onto the GraphQL types.
import type { SchemaNode, TableNode } from '../memory/catalog-nodes';
import type { ChangeRecord, RefreshRunRecord } from '../memory/catalog-repository';
import { ChangeActionEnum, ChangeEvent, ChangeObjectTypeEnum, RefreshRun, Schema, Table } from './catalog.types';

export function toSchema(databaseId: string, node: SchemaNode): Schema {
  return Object.assign(new Schema(), { databaseId, name: node.name, isDefault: node.isDefault, lastCheckedAt: node.lastCheckedAt, lastChangedAt: node.lastChangedAt });
}

export function toTable(databaseId: string, schema: string, node: TableNode): Table {
  return Object.assign(new Table(), {
    databaseId,
    schema,
    name: node.name,
    kind: node.kind,
    rowEstimate: node.rowEstimate,
    comment: node.comment,
    lastCheckedAt: node.lastCheckedAt,
    lastChangedAt: node.lastChangedAt,
  });
}

export function toRefreshRun(record: RefreshRunRecord): RefreshRun {
  return Object.assign(new RefreshRun(), {
    id: record.id,
    databaseId: record.connectionId,
    status: record.status,
    trigger: record.trigger,
    schema: record.scope.schema ?? null,
    table: record.scope.table ?? null,
    force: Boolean(record.scope.force),
    roundTrips: record.roundTrips,
    tablesRead: record.tablesRead,
    changeCount: record.changeCount,
    durationMs: record.durationMs,
    error: record.error,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  });
}

export function toChangeEvent(record: ChangeRecord): ChangeEvent {
  return Object.assign(new ChangeEvent(), {
    id: record.id,
    refreshRunId: record.refreshRunId,
    databaseId: record.connectionId,
    action: record.action as ChangeActionEnum,
    objectType: record.objectType as ChangeObjectTypeEnum,
    schema: record.schema,
    table: record.table,
    column: record.column,
    before: record.before,
    after: record.after,
    detectedAt: record.detectedAt,
  });
}
