// DataPoints over GraphQL: the review queue (list, one, generate, review, update) and search for the planner. Thin:
// arguments and roles here, everything else in DataPointService. Only the admin role reviews or edits.
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { checkPageSize, QuerentError, requireRole, toRelayConnection } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import type { DataPointService } from '../datapoints/datapoint-service';
import type { DataPointEdits } from '../datapoints/datapoint';
import { Database } from './database.type';
import { toDatabase } from './database.mapper';
import { connectionLoader, type CatalogContext } from './catalog-context';
import { DataPoint, DataPointConnection, DataPointGeneration, DataPointInput, DataPointMatch, DataPointStatusEnum, DataPointTypeEnum, ReviewDecisionEnum } from './datapoint.types';
import { toDataPoint, toGeneration, toMatch } from './datapoint.mapper';

@Resolver(() => DataPoint)
export class DataPointResolver {
  constructor(
    private readonly connections: ConnectionService,
    private readonly service: DataPointService,
  ) {}

  @Query(() => DataPointConnection, { description: 'The review queue: DataPoints of a database (or of all databases), newest first, by status and type.' })
  async dataPoints(
    @Arg('databaseId', () => ID, { nullable: true }) databaseId?: string | null,
    @Arg('status', () => DataPointStatusEnum, { nullable: true }) status?: DataPointStatusEnum | null,
    @Arg('type', () => DataPointTypeEnum, { nullable: true }) type?: DataPointTypeEnum | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<DataPointConnection> {
    checkPageSize(first);
    if (databaseId) await this.connections.get(databaseId);
    const page = await this.service.list({ connectionId: databaseId, status, type }, { first, after });
    return Object.assign(new DataPointConnection(), toRelayConnection(page, (r) => ({ at: r.createdAt, id: r.id }), toDataPoint));
  }

  @Query(() => DataPoint, { nullable: true, description: 'One DataPoint; null when there is none with this id.' })
  async dataPoint(@Arg('id', () => ID) id: string): Promise<DataPoint | null> {
    const found = await this.service.find(id);
    return found ? toDataPoint(found) : null;
  }

  @Query(() => [DataPointMatch], { description: 'Approved DataPoints of a database closest in meaning to a text (what the planner asks for a question), closest first. Empty until some are approved.' })
  async searchDataPoints(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('text', () => String) text: string,
    @Arg('k', () => Int, { defaultValue: 5 }) k = 5,
  ): Promise<DataPointMatch[]> {
    await this.connections.get(databaseId);
    return (await this.service.search(databaseId, text, k)).map(toMatch);
  }

  @Mutation(() => DataPointGeneration, {
    description: 'Generates DataPoints for a database, or for the tables named ("table" or "schema.table"), from its catalog, profiles and relationships. New ones wait for review; reviewed ones are never overwritten (they are marked stale when their basis moved).',
  })
  async generateDataPoints(
    @Arg('databaseId', () => ID) databaseId: string,
    @Ctx() context: CatalogContext,
    @Arg('tables', () => [String], { nullable: true }) tables?: string[] | null,
  ): Promise<DataPointGeneration> {
    requireRole(context, 'analyst', 'generate DataPoints');
    await this.connections.get(databaseId);
    return toGeneration(await this.service.generate(databaseId, tables ?? null, context.role));
  }

  @Mutation(() => DataPoint, {
    description: 'Reviews a DataPoint (admin): APPROVE (edits optional) makes it searchable and usable by the planner; REJECT drops it from search; EDIT keeps the edits for a later approval. Edits: {title, description, confidence, body}.',
  })
  async reviewDataPoint(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReviewDecisionEnum) decision: ReviewDecisionEnum,
    @Ctx() context: CatalogContext,
    @Arg('edits', () => GraphQLJSON, { nullable: true }) edits?: unknown,
  ): Promise<DataPoint> {
    requireRole(context, 'admin', 'review DataPoints');
    return toDataPoint(await this.service.review(id, decision, edits ?? null, context.role));
  }

  @Mutation(() => DataPoint, { description: 'Changes a DataPoint (admin). It becomes EDITED and waits for approval.' })
  async updateDataPoint(@Arg('id', () => ID) id: string, @Arg('input', () => DataPointInput) input: DataPointInput, @Ctx() context: CatalogContext): Promise<DataPoint> {
    requireRole(context, 'admin', 'edit DataPoints');
    const edits: DataPointEdits = {};
    if (input.title !== undefined && input.title !== null) edits.title = input.title;
    if (input.description !== undefined && input.description !== null) edits.description = input.description;
    if (input.confidence !== undefined && input.confidence !== null) edits.confidence = input.confidence;
    if (input.body !== undefined && input.body !== null) edits.body = input.body;
    if (Object.keys(edits).length === 0) throw new QuerentError('BAD_INPUT', 'give at least one of title, description, confidence or body', { field: 'input' });
    return toDataPoint(await this.service.update(id, edits, context.role));
  }

  @FieldResolver(() => Database, { nullable: true, description: 'The database it is about; null once the database was removed.' })
  async database(@Root() point: DataPoint, @Ctx() context: CatalogContext): Promise<Database | null> {
    const record = await connectionLoader(context, this.connections).load(point.databaseId);
    return record ? toDatabase(record) : null;
  }
}
