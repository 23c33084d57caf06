// GraphQL types of DataPoints and their review queue: the DataPoint, its page, edits, generation and search results.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { PageInfo } from '@querent/common';

export enum DataPointTypeEnum {
  SCHEMA = 'SCHEMA',
  BUSINESS = 'BUSINESS',
  PROCESS = 'PROCESS',
}
registerEnumType(DataPointTypeEnum, {
  name: 'DataPointType',
  description: 'SCHEMA: one table (purpose, grain, keys, column meanings, typical filters). BUSINESS: a metric (SQL definition, dimensions). PROCESS: how a table is loaded and how fresh it is.',
});

export enum DataPointStatusEnum {
  PENDING = 'PENDING',
  EDITED = 'EDITED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(DataPointStatusEnum, {
  name: 'DataPointStatus',
  description: 'PENDING: proposed, not reviewed. EDITED: changed by a person, awaiting approval. APPROVED: used by the planner and searchable. REJECTED: kept so it is not proposed again.',
});

export enum ReviewDecisionEnum {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  EDIT = 'EDIT',
}
registerEnumType(ReviewDecisionEnum, { name: 'ReviewDecision', description: 'APPROVE (with optional edits), REJECT, or EDIT (keep the edits; approve later).' });

@ObjectType({ description: 'What the generator proposes now for a stale DataPoint (the reviewed version is kept until a person decides).' })
export class DataPointProposal {
  @Field(() => String) title!: string;
  @Field(() => GraphQLJSON) body!: unknown;
  @Field(() => Float) confidence!: number;
}

@ObjectType({ description: 'A piece of knowledge about a database that people review: a table\'s meaning, a business metric or a process hint.' })
export class DataPoint {
  @Field(() => ID) id!: string;
  databaseId!: string;
  @Field(() => String, { description: 'What the generator calls it, stable across regenerations: schema:<schema>.<table>, business:<schema>.<table>:<metric>, process:<schema>.<table>.' }) key!: string;
  @Field(() => DataPointTypeEnum) type!: DataPointTypeEnum;
  @Field(() => DataPointStatusEnum) status!: DataPointStatusEnum;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'The sentence to read first.' }) description!: string;
  @Field(() => GraphQLJSON, { description: 'Everything it says, by type: SCHEMA {purpose grain keyColumns columns{meaning pii…} typicalFilters}; BUSINESS {metric expression sql filters joins timeDimension dimensions synonyms}; PROCESS {loadPattern dateColumn updateColumn latestValue hints}.' }) body!: unknown;
  @Field(() => Float, { description: 'How sure the generator is, 0 to 1.' }) confidence!: number;
  @Field(() => String, { nullable: true }) schema!: string | null;
  @Field(() => String, { nullable: true }) table!: string | null;
  @Field(() => Boolean, { description: 'A decided DataPoint whose generated basis moved since (the table changed or went away); see staleReason and proposal.' }) stale!: boolean;
  @Field(() => String, { nullable: true }) staleReason!: string | null;
  @Field(() => DataPointProposal, { nullable: true }) proposal!: DataPointProposal | null;
  @Field(() => String, { nullable: true, description: 'The role that last reviewed it.' }) reviewedBy!: string | null;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class DataPointEdge {
  @Field(() => String) cursor!: string;
  @Field(() => DataPoint) node!: DataPoint;
}

@ObjectType({ description: 'A page of DataPoints, newest first.' })
export class DataPointConnection {
  @Field(() => [DataPointEdge]) edges!: DataPointEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: 'Changes to a DataPoint; any field left out stays as it is. Body fields replace the body fields of the same name.' })
export class DataPointInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Float, { nullable: true }) confidence?: number | null;
  @Field(() => GraphQLJSON, { nullable: true }) body?: Record<string, unknown> | null;
}

@ObjectType({ description: 'What a generation did to the review queue.' })
export class DataPointGeneration {
  @Field(() => Int, { description: 'DataPoints the generator proposes now over the tables asked for.' }) generated!: number;
  @Field(() => Int, { description: 'New, pending review.' }) created!: number;
  @Field(() => Int, { description: 'Pending ones rewritten because what they say changed.' }) rewritten!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Reviewed ones whose basis moved: their content was kept and they were marked stale.' }) markedStale!: number;
  @Field(() => Int, { description: 'Pending ones for tables or metrics that are gone.' }) removed!: number;
  @Field(() => Int, { description: 'Descriptions rewritten by the configured language model.' }) enriched!: number;
  @Field(() => String, { nullable: true }) enrichmentModel!: string | null;
  @Field(() => String, { nullable: true, description: 'Why enrichment failed, when it did (deterministic descriptions were kept).' }) enrichmentError!: string | null;
}

@ObjectType({ description: 'An approved DataPoint found by search, with how close it is (cosine similarity, at most 1).' })
export class DataPointMatch {
  @Field(() => Float) score!: number;
  @Field(() => DataPoint) dataPoint!: DataPoint;
}
