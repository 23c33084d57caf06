// Queries over registered databases; thin: arguments in, service call, mapping out.
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { QuerentError, ServiceInfo, serviceInfo } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import { Database } from './database.type';
import { toDatabase } from './database.mapper';
import { connectionLoader, type CatalogContext } from './catalog-context';

export const CATALOG_CAPABILITIES = ['databases', 'schema-memory', 'change-log', 'relationships', 'datapoints', 'vector-search', 'system-status'];

@Resolver(() => Database)
export class DatabaseResolver {
  constructor(private readonly connections: ConnectionService, private readonly startedAt: Date) {}

  @Query(() => [Database], { description: 'Every registered database, the default first.' })
  async databases(): Promise<Database[]> {
    return (await this.connections.list()).map(toDatabase);
  }

  @Query(() => Database, { nullable: true, description: 'One database by id; null when there is none.' })
  async database(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Promise<Database | null> {
    if (!id.trim()) throw new QuerentError('BAD_INPUT', 'database(id) needs a non-empty id');
    const record = await connectionLoader(context, this.connections).load(id);
    return record ? toDatabase(record) : null;
  }

  @Query(() => ServiceInfo, { description: 'The catalog service and what it can do.' })
  catalogService(): ServiceInfo {
    return serviceInfo('catalog', this.startedAt, CATALOG_CAPABILITIES);
  }
}
