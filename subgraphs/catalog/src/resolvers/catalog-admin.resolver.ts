// Mutations over registered databases and their schema memory, plus the change log and refresh history queries.
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize, QuerentError, requireRole, toRelayConnection } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import type { SchemaMemory } from '../memory/schema-memory';
import type { CatalogRepository } from '../memory/catalog-repository';
import { Database } from './database.type';
import { toDatabase } from './database.mapper';
import { AddDatabaseInput, ChangeEvent, ChangeEventConnection, ConnectionTestError, DatabaseTestResult, RefreshRun, RefreshRunConnection } from './catalog.types';
import { toChangeEvent, toRefreshRun } from './catalog.mapper';
import { connectionLoader, runLoader, type CatalogContext } from './catalog-context';

@Resolver()
export class CatalogAdminResolver {
  constructor(
    private readonly connections: ConnectionService,
    private readonly memory: SchemaMemory,
    private readonly repository: CatalogRepository,
  ) {}

  @Mutation(() => Database, { description: 'Registers a database after a successful test connection (admin). Nothing is stored when the test fails.' })
  async addDatabase(@Arg('input', () => AddDatabaseInput) input: AddDatabaseInput, @Ctx() context: CatalogContext): Promise<Database> {
    requireRole(context, 'admin', 'add databases');
    return toDatabase(await this.connections.add(input, context.role));
  }

  @Mutation(() => DatabaseTestResult, { description: 'Connects to a registered database and reports whether it answers.' })
  async testDatabase(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Promise<DatabaseTestResult> {
    requireRole(context, 'analyst', 'test databases');
    const result = await this.connections.test(id, context.role);
    return Object.assign(new DatabaseTestResult(), { ...result, error: result.error ? Object.assign(new ConnectionTestError(), result.error) : null });
  }

  @Mutation(() => Database, { description: 'Questions without a named database go to the default one (admin).' })
  async setDefaultDatabase(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Promise<Database> {
    requireRole(context, 'admin', 'change the default database');
    return toDatabase(await this.connections.setDefault(id, context.role));
  }

  @Mutation(() => Database, { description: 'Removes a database and its schema memory (admin). Its change history stays unless purge is true. Returns what was removed.' })
  async removeDatabase(@Arg('id', () => ID) id: string, @Arg('purge', () => Boolean, { defaultValue: false }) purge: boolean, @Ctx() context: CatalogContext): Promise<Database> {
    requireRole(context, 'admin', 'remove databases');
    return toDatabase(await this.connections.remove(id, purge, context.role));
  }

  @Mutation(() => RefreshRun, { description: 'Refreshes the schema memory of a database, a schema or a table. Without force it probes and re-reads only what changed; with force it re-reads the whole scope.' })
  async refreshCatalog(
    @Arg('databaseId', () => ID) databaseId: string,
    @Ctx() context: CatalogContext,
    @Arg('schema', () => String, { nullable: true }) schema?: string | null,
    @Arg('table', () => String, { nullable: true }) table?: string | null,
    @Arg('force', () => Boolean, { defaultValue: false }) force?: boolean,
  ): Promise<RefreshRun> {
    requireRole(context, 'analyst', 'refresh the catalog');
    if (table && !schema) throw new QuerentError('BAD_INPUT', 'name the schema of the table to refresh');
    await this.connections.get(databaseId);
    return toRefreshRun(await this.memory.refresh(databaseId, { schema: schema ?? null, table: table ?? null, force: Boolean(force) }, 'user'));
  }

  @Query(() => ChangeEventConnection, { description: 'The change log of a database, newest first.' })
  async changes(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('schema', () => String, { nullable: true }) schema?: string | null,
    @Arg('table', () => String, { nullable: true }) table?: string | null,
    @Arg('since', () => Date, { nullable: true }) since?: Date | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ChangeEventConnection> {
    checkPageSize(first);
    const page = await this.repository.listChanges({ connectionId: databaseId, schema, table, since }, { first, after });
    return Object.assign(new ChangeEventConnection(), toRelayConnection(page, (item) => ({ at: item.detectedAt, id: item.id }), toChangeEvent));
  }

  @Query(() => RefreshRunConnection, { description: 'Refreshes of a database, newest first.' })
  async refreshRuns(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<RefreshRunConnection> {
    checkPageSize(first);
    const page = await this.repository.listRuns(databaseId, { first, after });
    return Object.assign(new RefreshRunConnection(), toRelayConnection(page, (item) => ({ at: item.startedAt, id: item.id }), toRefreshRun));
  }
}

@Resolver(() => ChangeEvent)
export class ChangeEventResolver {
  constructor(private readonly repository: CatalogRepository) {}

  @FieldResolver(() => RefreshRun, { description: 'The refresh that found this change.' })
  async refreshRun(@Root() change: ChangeEvent, @Ctx() context: CatalogContext): Promise<RefreshRun> {
    const run = await runLoader(context, (id) => this.repository.getRun(id)).load(change.refreshRunId);
    if (!run) throw new QuerentError('NOT_FOUND', `refresh run ${change.refreshRunId} is gone`);
    return toRefreshRun(run);
  }
}

@Resolver(() => RefreshRun)
export class RefreshRunResolver {
  constructor(private readonly connections: ConnectionService) {}

  @FieldResolver(() => Database, { nullable: true, description: 'The database refreshed; null once it was removed.' })
  async database(@Root() run: RefreshRun, @Ctx() context: CatalogContext): Promise<Database | null> {
    const record = await connectionLoader(context, this.connections).load(run.databaseId);
    return record ? toDatabase(record) : null;
  }
}
