// Maps the domain's connection record onto the GraphQL Database type.
import type { ConnectionRecord } from '../connections/connection';
import { Database } from './database.type';

export function toDatabase(record: ConnectionRecord): Database {
  return Object.assign(new Database(), {
    id: record.id,
    name: record.name,
    dialect: record.dialect,
    url: record.displayUrl,
    description: record.description,
    tags: record.tags,
    isDefault: record.isDefault,
    isDemo: record.isDemo,
    createdAt: record.createdAt,
  });
}
