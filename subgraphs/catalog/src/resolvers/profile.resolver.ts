// Profiling over GraphQL: start, wait for and cancel jobs; Table.profile and Column.profile read the stored profiles,
// batched per request (one store query per database, whatever the number of tables and columns asked for).
import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { hasPermission, QuerentError, requireRole } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import type { ProfileJobs } from '../profiling/profile-job';
import type { ProfileRepository, StoredColumnProfile, StoredTableProfile } from '../profiling/profile-repository';
import { Column, Table } from './catalog.types';
import type { CatalogContext } from './catalog-context';
import { toColumnProfile, toProfileJob, toTableProfile } from './profile.mapper';
import { ColumnProfile, ProfileJob, TableProfile } from './profile.types';

interface TableKey {
  databaseId: string;
  schema: string;
  table: string;
}

interface ProfileLoaders {
  tables: DataLoader<TableKey, StoredTableProfile | null, string>;
  columns: DataLoader<TableKey, Map<string, StoredColumnProfile>, string>;
}

const keyOf = (k: TableKey) => `${k.databaseId}\u0000${k.schema}\u0000${k.table}`;
const perRequest = new WeakMap<CatalogContext, ProfileLoaders>();

/** Groups keys by database so each database costs one store query. */
async function byDatabase<T>(keys: readonly TableKey[], load: (databaseId: string, refs: { schema: string; table: string }[]) => Promise<T[]>): Promise<T[]> {
  const groups = new Map<string, TableKey[]>();
  for (const k of keys) groups.set(k.databaseId, [...(groups.get(k.databaseId) ?? []), k]);
  const results = await Promise.all([...groups].map(([databaseId, group]) => load(databaseId, group.map((g) => ({ schema: g.schema, table: g.table })))));
  return results.flat();
}

function loaders(context: CatalogContext, repository: ProfileRepository): ProfileLoaders {
  let l = perRequest.get(context);
  if (!l) {
    l = {
      tables: new DataLoader<TableKey, StoredTableProfile | null, string>(
        async (keys) => {
          const found = new Map((await byDatabase(keys, (id, refs) => repository.tableProfiles(id, refs))).map((p) => [keyOf({ databaseId: p.connectionId, schema: p.schema, table: p.table }), p]));
          return keys.map((k) => found.get(keyOf(k)) ?? null);
        },
        { cacheKeyFn: keyOf },
      ),
      columns: new DataLoader<TableKey, Map<string, StoredColumnProfile>, string>(
        async (keys) => {
          const found = new Map<string, Map<string, StoredColumnProfile>>();
          for (const p of await byDatabase(keys, (id, refs) => repository.columnProfiles(id, refs))) {
            const k = keyOf({ databaseId: p.connectionId, schema: p.schema, table: p.table });
            if (!found.has(k)) found.set(k, new Map());
            found.get(k)?.set(p.column, p);
          }
          return keys.map((k) => found.get(keyOf(k)) ?? new Map());
        },
        { cacheKeyFn: keyOf },
      ),
    };
    perRequest.set(context, l);
  }
  return l;
}

@Resolver()
export class ProfileResolver {
  constructor(
    private readonly connections: ConnectionService,
    private readonly jobs: ProfileJobs,
  ) {}

  @Mutation(() => ProfileJob, {
    description:
      'Profiles tables of a database (analyst): row counts, and per column null fraction, distinct count, min/max/mean, top values, samples and value patterns. ' +
      'Tables are "schema.table", "table" (default schema) or "schema.*"; none means every table of the default schema. ' +
      'Tables whose structure fingerprint is unchanged and whose row estimate moved by at most 20% keep their profile unless force is true. ' +
      'Returns the job at once, or with wait: true once it has finished.',
  })
  async profileDatabase(
    @Arg('databaseId', () => ID) databaseId: string,
    @Ctx() context: CatalogContext,
    @Arg('tables', () => [String], { nullable: true }) tables?: string[] | null,
    @Arg('sampleSize', () => Int, { nullable: true, description: 'Rows a sample of a table over 10,000 rows aims at (clamped to 1,000–10,000; default QUERENT_PROFILE_SAMPLE_ROWS).' }) sampleSize?: number | null,
    @Arg('wait', () => Boolean, { nullable: true, defaultValue: false }) wait?: boolean | null,
    @Arg('force', () => Boolean, { nullable: true, defaultValue: false }) force?: boolean | null,
  ): Promise<ProfileJob> {
    requireRole(context, 'analyst', 'profile databases');
    await this.connections.get(databaseId);
    const job = await this.jobs.start({ connectionId: databaseId, tables: tables ?? null, sampleSize: sampleSize ?? null, force: Boolean(force), requestedBy: context.role });
    return toProfileJob(wait ? await this.jobs.wait(job.id) : job);
  }

  @Mutation(() => ProfileJob, { description: 'Cancels a profiling job (analyst) and returns it once stopped. Tables it finished keep their new profiles; the table in progress keeps its previous one.' })
  async cancelProfileJob(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Promise<ProfileJob> {
    requireRole(context, 'analyst', 'cancel profiling jobs');
    return toProfileJob(await this.jobs.cancel(id));
  }

  @Query(() => ProfileJob, { nullable: true, description: 'A profiling job by id; null when there is none.' })
  async profileJob(@Arg('id', () => ID) id: string): Promise<ProfileJob | null> {
    const job = await this.jobs.get(id);
    return job ? toProfileJob(job) : null;
  }
}

@Resolver(() => Table)
export class TableProfileResolver {
  constructor(private readonly repository: ProfileRepository) {}

  @FieldResolver(() => TableProfile, { nullable: true, description: 'The latest profile (profileDatabase); null until the table was profiled.' })
  async profile(@Root() table: Table, @Ctx() context: CatalogContext): Promise<TableProfile | null> {
    const stored = await loaders(context, this.repository).tables.load({ databaseId: table.databaseId, schema: table.schema, table: table.name });
    return stored ? toTableProfile(stored) : null;
  }
}

@Resolver(() => Column)
export class ColumnProfileResolver {
  constructor(private readonly repository: ProfileRepository) {}

  @FieldResolver(() => ColumnProfile, { nullable: true, description: "The latest profile of this column; null until its table was profiled." })
  async profile(@Root() column: Column, @Ctx() context: CatalogContext): Promise<ColumnProfile | null> {
    if (!column.databaseId) throw new QuerentError('INTERNAL', `column ${column.name} was resolved without its table`);
    const columns = await loaders(context, this.repository).columns.load({ databaseId: column.databaseId, schema: column.tableSchema, table: column.tableName });
    const stored = columns.get(column.name);
    return stored ? toColumnProfile(stored, hasPermission(context.role, 'pii')) : null;
  }
}
