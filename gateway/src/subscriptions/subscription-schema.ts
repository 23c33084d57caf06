// The subscription-only schema served over graphql-ws beside the gateway; every event comes from the bus.
import { Arg, Field, ID, Int, ObjectType, Query, Resolver, Root, Subscription, buildSchema, type PubSub } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { eventStream, isTopic, TOPICS, type CatalogChangePayload, type ConnectionPayload, type EventBus, type InitializeProgressPayload, type ProfileProgressPayload, type RefreshProgressPayload, type SubgraphHealthPayload, type WorkflowProgressPayload } from '@querent/common';
import type { GraphQLSchema } from 'graphql';

export type SubscriptionContext = Record<string, never>;

@ObjectType({ description: 'A subgraph became healthy or unhealthy.' })
export class SubgraphHealthEvent {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  healthy!: boolean;

  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'ISO time the change was seen.' })
  at!: string;

  @Field(() => String, { nullable: true })
  error?: string;
}

@ObjectType({ description: 'A database was registered, removed or made the default.' })
export class DatabaseEvent {
  @Field(() => String, { description: 'ADDED, REMOVED or DEFAULT_CHANGED.' })
  kind!: string;

  @Field(() => ID)
  databaseId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  at!: string;
}

@ObjectType({ description: 'A change the schema memory recorded (the same facts as a ChangeEvent of the change log).' })
export class CatalogChangeEvent {
  @Field(() => ID) databaseId!: string;
  @Field(() => ID) refreshRunId!: string;
  @Field(() => String, { description: 'What started the refresh: first-use, ttl, probe, error or user.' }) trigger!: string;
  @Field(() => String, { description: 'ADDED, REMOVED, CHANGED or RENAMED.' }) action!: string;
  @Field(() => String, { description: 'SCHEMA, TABLE, VIEW, COLUMN, PRIMARY_KEY, FOREIGN_KEY, UNIQUE or INDEX.' }) objectType!: string;
  @Field(() => String) schema!: string;
  @Field(() => String, { nullable: true }) table!: string | null;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
  @Field(() => String) detectedAt!: string;
}

@ObjectType({ description: 'Progress of a schema-memory refresh.' })
export class RefreshProgressEvent {
  @Field(() => ID) databaseId!: string;
  @Field(() => ID) refreshRunId!: string;
  @Field(() => String) trigger!: string;
  @Field(() => String, { description: 'STARTED, READING, FINISHED or FAILED.' }) phase!: string;
  @Field(() => String) message!: string;
  @Field(() => Int) roundTrips!: number;
  @Field(() => Int) tablesRead!: number;
  @Field(() => Int) changeCount!: number;
  @Field(() => String) at!: string;
}

@ObjectType({ description: 'A step of an ask run started, finished, failed, was skipped or cancelled.' })
export class WorkflowProgressEvent {
  @Field(() => ID) runId!: string;
  @Field(() => String, { description: 'route, plan, validate, execute, chart or insight.' }) step!: string;
  @Field(() => String, { description: 'RUNNING, DONE, FAILED, SKIPPED or CANCELLED.' }) status!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { description: "The run's status after this event; anything but RUNNING means the run is over." }) runStatus!: string;
  @Field(() => String) at!: string;
}

@ObjectType({ description: 'Progress of a profiling job: started, a table profiled, unchanged or failed, finished.' })
export class ProfileProgressEvent {
  @Field(() => ID) jobId!: string;
  @Field(() => ID) databaseId!: string;
  @Field(() => String, { description: 'STARTED, TABLE_PROFILED, TABLE_UNCHANGED, TABLE_FAILED or FINISHED.' }) phase!: string;
  @Field(() => String, { description: "The job's status after this event: RUNNING, then SUCCEEDED, PARTIAL, FAILED or CANCELLED." }) status!: string;
  @Field(() => String, { nullable: true }) schema!: string | null;
  @Field(() => String, { nullable: true }) table!: string | null;
  @Field(() => Int) tablesDone!: number;
  @Field(() => Int) tablesTotal!: number;
  @Field(() => Int) rowsRead!: number;
  @Field(() => String) message!: string;
  @Field(() => String) at!: string;
}

@ObjectType({ description: 'A step of initialize for one database: ADD, TEST, DISCOVER, PROFILE, GENERATE, APPROVE, then DONE.' })
export class InitializeProgressEvent {
  @Field(() => ID) initializationId!: string;
  @Field(() => String, { description: 'The database as named in the input.' }) database!: string;
  @Field(() => ID, { nullable: true, description: 'Set once the database is registered.' }) databaseId!: string | null;
  @Field(() => String, { description: 'ADD, TEST, DISCOVER, PROFILE, GENERATE, APPROVE or DONE.' }) step!: string;
  @Field(() => String, { description: 'STARTED, FINISHED, FAILED or SKIPPED.' }) phase!: string;
  @Field(() => String) message!: string;
  @Field(() => Int, { description: '1-based position of this database in the input.' }) index!: number;
  @Field(() => Int) total!: number;
  @Field(() => String) at!: string;
}

@Resolver()
export class EventSubscriptionResolver {
  // graphql-js needs a Query type; it is stripped from the published SDL and refused over the socket.
  @Query(() => Boolean, { description: 'Not served: send queries to the gateway over HTTP.' })
  subscriptionsOnly(): boolean {
    return true;
  }

  @Subscription(() => SubgraphHealthEvent, {
    description: 'Subgraphs going down or coming back, as the gateway sees them.',
    topics: TOPICS.SUBGRAPH_HEALTH,
  })
  subgraphHealth(@Root() event: SubgraphHealthPayload): SubgraphHealthEvent {
    return event;
  }

  @Subscription(() => DatabaseEvent, {
    description: 'Databases registered, removed or made the default; optionally for one database only.',
    topics: TOPICS.CONNECTION,
    filter: ({ payload, args }: { payload: ConnectionPayload; args: { databaseId?: string | null } }) => !args.databaseId || payload.databaseId === args.databaseId,
  })
  databaseEvents(@Root() event: ConnectionPayload, @Arg('databaseId', () => ID, { nullable: true }) _databaseId?: string): DatabaseEvent {
    return event;
  }

  @Subscription(() => CatalogChangeEvent, {
    description: 'Every change the schema memory records for one database, as it is recorded.',
    topics: TOPICS.CATALOG_CHANGE,
    filter: ({ payload, args }: { payload: CatalogChangePayload; args: { databaseId: string } }) => payload.databaseId === args.databaseId,
  })
  catalogChanges(@Root() event: CatalogChangePayload, @Arg('databaseId', () => ID) _databaseId: string): CatalogChangeEvent {
    return event;
  }

  @Subscription(() => RefreshProgressEvent, {
    description: 'Progress of schema-memory refreshes of one database.',
    topics: TOPICS.REFRESH_PROGRESS,
    filter: ({ payload, args }: { payload: RefreshProgressPayload; args: { databaseId: string } }) => payload.databaseId === args.databaseId,
  })
  refreshProgress(@Root() event: RefreshProgressPayload, @Arg('databaseId', () => ID) _databaseId: string): RefreshProgressEvent {
    return event;
  }

  @Subscription(() => ProfileProgressEvent, {
    description: 'Progress of profiling jobs: of one job (jobId), of one database (databaseId), or of every job.',
    topics: TOPICS.PROFILE_PROGRESS,
    filter: ({ payload, args }: { payload: ProfileProgressPayload; args: { jobId?: string | null; databaseId?: string | null } }) =>
      (!args.jobId || payload.jobId === args.jobId) && (!args.databaseId || payload.databaseId === args.databaseId),
  })
  profileProgress(
    @Root() event: ProfileProgressPayload,
    @Arg('jobId', () => ID, { nullable: true }) _jobId?: string | null,
    @Arg('databaseId', () => ID, { nullable: true }) _databaseId?: string | null,
  ): ProfileProgressEvent {
    return event;
  }

  @Subscription(() => InitializeProgressEvent, {
    description: 'Progress of initialize runs: every run, or the one whose id is given.',
    topics: TOPICS.INITIALIZE_PROGRESS,
    filter: ({ payload, args }: { payload: InitializeProgressPayload; args: { initializationId?: string | null } }) => !args.initializationId || payload.initializationId === args.initializationId,
  })
  initializeProgress(@Root() event: InitializeProgressPayload, @Arg('initializationId', () => ID, { nullable: true }) _initializationId?: string | null): InitializeProgressEvent {
    return event;
  }

  @Subscription(() => WorkflowProgressEvent, {
    description: 'The steps of one ask run as they happen (ask with wait: false, then subscribe with its id).',
    topics: TOPICS.WORKFLOW_PROGRESS,
    filter: ({ payload, args }: { payload: WorkflowProgressPayload; args: { runId: string } }) => payload.runId === args.runId,
  })
  workflowProgress(@Root() event: WorkflowProgressPayload, @Arg('runId', () => ID) _runId: string): WorkflowProgressEvent {
    return event;
  }
}

/** type-graphql's PubSub over Querent's event bus, so subscriptions read the same topics every publisher writes. */
export function busPubSub(bus: EventBus): PubSub {
  return {
    publish: (routingKey, payload) => {
      if (!isTopic(routingKey)) throw new Error(`unknown event topic ${routingKey}`);
      void bus.publish(routingKey, payload as never);
    },
    subscribe: (routingKey) => {
      if (!isTopic(routingKey)) throw new Error(`unknown event topic ${routingKey}`);
      return eventStream(bus, routingKey);
    },
  };
}

export function buildSubscriptionSchema(bus: EventBus): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [EventSubscriptionResolver], validate: false, pubSub: busPubSub(bus) });
}
