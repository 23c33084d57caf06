// GraphQL types of the execution subgraph: the QueryRun entity, its result, its history pages, and its view of
// Database (owned by catalog).
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { PageInfo } from '@querent/common';
import type { StoredResult } from '../cache/result-cache';

export enum QueryRunStatus {
  OK = 'OK',
  ERROR = 'ERROR',
  REFUSED = 'REFUSED',
  TIMEOUT = 'TIMEOUT',
  CANCELLED = 'CANCELLED',
}
registerEnumType(QueryRunStatus, {
  name: 'QueryRunStatus',
  description: 'How a run ended: OK; REFUSED by the SQL guard (nothing reached the database); ERROR, TIMEOUT or CANCELLED at the database.',
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A database, as the execution service knows it: by id, with its query history.' })
export class Database {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'Why a run did not answer: the guard\'s refusal code, or the database\'s error code.' })
export class QueryRunError {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'A column of a result: its name and the engine\'s type name (`unknown` when the engine reports none).' })
export class ResultColumn {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  type!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One execution of SQL against a database.' })
export class QueryRun {
  @Field(() => ID)
  id!: string;

  @Field(() => QueryRunStatus)
  status!: QueryRunStatus;

  @Field(() => String)
  sql!: string;

  @Field(() => String, { nullable: true, description: 'The question it answered, when it came from one.' })
  question!: string | null;

  @Field(() => Database)
  database!: Database;

  @Field(() => Int, { nullable: true, description: 'Rows in the result (at most the row cap).' })
  rowCount!: number | null;

  @Field(() => Boolean, { description: 'The result stopped at the row cap or the byte cap; the query has more rows.' })
  truncated!: boolean;

  @Field(() => Boolean, { description: 'Answered from the result cache.' })
  cacheHit!: boolean;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => QueryRunError, { nullable: true })
  error!: QueryRunError | null;

  @Field(() => String, { nullable: true, description: 'Who ran it (until authentication lands: the role of the request).' })
  user!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  /** The result, when the resolver already has it (executeSql); otherwise read from the cache on demand. */
  result?: StoredResult | null;
}

@ObjectType({ description: 'What the SQL guard says about a statement, without running it.' })
export class SqlCheck {
  @Field(() => Boolean) accepted!: boolean;
  @Field(() => String, { description: 'ACCEPTED, or the refusal code (SQL_NOT_READ_ONLY, SQL_FORBIDDEN_FUNCTION …).' }) code!: string;
  @Field(() => String, { description: 'Why, in words a person understands.' }) reason!: string;
}

@ObjectType()
export class QueryRunEdge {
  @Field(() => String) cursor!: string;
  @Field(() => QueryRun) node!: QueryRun;
}

@ObjectType({ description: 'A page of query runs, newest first.' })
export class QueryRunConnection {
  @Field(() => [QueryRunEdge]) edges!: QueryRunEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

export { GraphQLJSON };
