// Relationships and join paths over GraphQL; thin: arguments in, RelationshipService call, mapping out.
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { QuerentError, requireRole } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import { relationshipsOfTable, type RelationshipService } from '../relationships/relationship-service';
import type { InferredRelationship } from '../relationships/inferred-relationship';
import { Table } from './catalog.types';
import { JoinPath, Relationship } from './relationship.types';
import { toJoinPath, toRelationship } from './relationship.mapper';
import type { CatalogContext } from './catalog-context';

const MAX_JOIN_TABLES = 20;

@Resolver()
export class RelationshipResolver {
  constructor(private readonly connections: ConnectionService, private readonly service: RelationshipService) {}

  @Query(() => [Relationship], {
    description:
      'Relationships of a database: declared foreign keys, and those implied by column names or value overlap, each with its confidence and cardinality. Covers the default schema, the schemas named here and those asked for before; inferred on first ask and again only when the structures change.',
  })
  async relationships(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('schemas', () => [String], { nullable: true }) schemas?: string[] | null,
  ): Promise<Relationship[]> {
    await this.connections.get(databaseId);
    return (await this.service.relationships(databaseId, { schemas })).map(toRelationship);
  }

  @Mutation(() => [Relationship], { description: 'Infers the relationships of a database again, measuring value overlap anew, even when its structure did not change.' })
  async refreshRelationships(
    @Arg('databaseId', () => ID) databaseId: string,
    @Ctx() context: CatalogContext,
    @Arg('schemas', () => [String], { nullable: true }) schemas?: string[] | null,
  ): Promise<Relationship[]> {
    requireRole(context, 'analyst', 'refresh relationships');
    await this.connections.get(databaseId);
    return (await this.service.relationships(databaseId, { schemas, refresh: true })).map(toRelationship);
  }

  @Query(() => JoinPath, {
    nullable: true,
    description: 'The cheapest join path connecting the tables (`table` or `schema.table`), preferring declared and confident relationships; null when none connects them.',
  })
  async joinPath(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('tables', () => [String]) tables: string[],
    @Arg('maxHops', () => Int, { nullable: true }) maxHops?: number | null,
  ): Promise<JoinPath | null> {
    if (tables.length === 0 || tables.length > MAX_JOIN_TABLES) throw new QuerentError('BAD_INPUT', `name between 1 and ${MAX_JOIN_TABLES} tables`, { field: 'tables' });
    if (maxHops != null && maxHops < 0) throw new QuerentError('BAD_INPUT', 'maxHops cannot be negative', { field: 'maxHops' });
    await this.connections.get(databaseId);
    const path = await this.service.joinPath(databaseId, tables, { maxHops: maxHops ?? undefined });
    return path ? toJoinPath(path) : null;
  }
}

/** One relationship set per database and schema per request, however many tables ask for theirs. */
const perRequest = new WeakMap<object, Map<string, Promise<InferredRelationship[]>>>();

@Resolver(() => Table)
export class TableRelationshipsResolver {
  constructor(private readonly service: RelationshipService) {}

  @FieldResolver(() => [Relationship], { description: 'Relationships this table takes part in: as child, as parent, or as a side or link of a many-to-many pair.' })
  async relationships(@Root() table: Table, @Ctx() context: CatalogContext): Promise<Relationship[]> {
    const sets = perRequest.get(context) ?? new Map<string, Promise<InferredRelationship[]>>();
    perRequest.set(context, sets);
    const key = `${table.databaseId}\u0000${table.schema}`;
    if (!sets.has(key)) sets.set(key, this.service.relationships(table.databaseId, { schemas: [table.schema] }));
    const all = await sets.get(key)!;
    return relationshipsOfTable(all, table.schema, table.name).map(toRelationship);
  }
}
