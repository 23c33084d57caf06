// The subscription-only schema served over graphql-ws beside the gateway; every event comes from the bus.
import { Arg, Field, ID, ObjectType, Query, Resolver, Root, Subscription, buildSchema, type PubSub } from 'type-graphql';
import { eventStream, isTopic, TOPICS, type ConnectionPayload, type EventBus, type SubgraphHealthPayload } from '@querent/common';
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
