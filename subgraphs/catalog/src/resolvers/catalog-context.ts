// Per-request context of the catalog subgraph: the shared request facts plus per-request DataLoaders.
import DataLoader from 'dataloader';
import type { RequestContext } from '@querent/common';
import type { ConnectionRecord } from '../connections/connection';
import type { ConnectionService } from '../connections/connection-service';
import type { TableNode } from '../memory/catalog-nodes';
import type { RefreshRunRecord } from '../memory/catalog-repository';
import type { SchemaMemory } from '../memory/schema-memory';

export interface TableKey {
  databaseId: string;
  schema: string;
  name: string;
}

interface Loaders {
  connection?: DataLoader<string, ConnectionRecord | null>;
  structure?: DataLoader<TableKey, TableNode | null, string>;
  run?: DataLoader<string, RefreshRunRecord | null>;
}

export interface CatalogContext extends RequestContext {
  catalogLoaders?: Loaders;
}

function loaders(context: CatalogContext): Loaders {
  context.catalogLoaders ??= {};
  return context.catalogLoaders;
}

/** The request's connection loader, so every lookup in one request is one batch. */
export function connectionLoader(context: CatalogContext, service: ConnectionService): DataLoader<string, ConnectionRecord | null> {
  const l = loaders(context);
  l.connection ??= new DataLoader((ids) => service.getMany(ids));
  return l.connection;
}

/**
 * Table structures asked for anywhere in one request are read together: one bulk describe per database and
 * schema, whatever the number of tables, and nothing for tables already in memory.
 */
export function structureLoader(context: CatalogContext, memory: SchemaMemory): DataLoader<TableKey, TableNode | null, string> {
  const l = loaders(context);
  l.structure ??= new DataLoader<TableKey, TableNode | null, string>(
    async (keys) => {
      const groups = new Map<string, TableKey[]>();
      for (const key of keys) {
        const group = `${key.databaseId}\u0000${key.schema}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const found = new Map<string, TableNode | null>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const nodes = await memory.structures(group[0].databaseId, group[0].schema, group.map((k) => k.name));
          group.forEach((k, i) => found.set(`${k.databaseId}\u0000${k.schema}\u0000${k.name}`, nodes[i]));
        }),
      );
      return keys.map((k) => found.get(`${k.databaseId}\u0000${k.schema}\u0000${k.name}`) ?? null);
    },
    { cacheKeyFn: (k) => `${k.databaseId}\u0000${k.schema}\u0000${k.name}` },
  );
  return l.structure;
}

export function runLoader(context: CatalogContext, getRun: (id: string) => Promise<RefreshRunRecord | null>): DataLoader<string, RefreshRunRecord | null> {
  const l = loaders(context);
  l.run ??= new DataLoader((ids) => Promise.all(ids.map(getRun)));
  return l.run;
}
