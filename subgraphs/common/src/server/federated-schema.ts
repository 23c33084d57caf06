// Turns type-graphql classes into an Apollo Federation 2 subgraph schema (after type-graphql's federation example).
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/** `__resolveReference` functions by entity type name, kept apart from the resolvers as in `*.reference.ts` files. */
export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /** Resolver instances by class, so resolvers take their services in their constructor. */
  resolverInstances?: object[];
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
}

export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const instances = new Map<Function, object>((options.resolverInstances ?? []).map((instance) => [instance.constructor, instance]));
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    // The federation directives and _entities are added by buildSubgraphSchema below.
    skipCheck: true,
    validate: false,
    container: {
      get: (someClass: any) => {
        const found = instances.get(someClass);
        if (found) return found;
        const created = new someClass();
        instances.set(someClass, created);
        return created;
      },
    },
  });
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
}
