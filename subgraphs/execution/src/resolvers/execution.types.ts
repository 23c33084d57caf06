// GraphQL types of the execution subgraph: the QueryRun entity and its view of Database (owned by catalog).
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A database, as the execution service knows it: by id, with its query history.' })
export class Database {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'Why a run failed.' })
export class QueryRunError {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One execution of SQL against a database.' })
export class QueryRun {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'ok, error, cancelled or timeout.' })
  status!: string;

  @Field(() => String)
  sql!: string;

  @Field(() => String, { nullable: true, description: 'The question it answered, when it came from one.' })
  question!: string | null;

  @Field(() => Database)
  database!: Database;

  @Field(() => Int, { nullable: true })
  rowCount!: number | null;

  @Field(() => Boolean)
  truncated!: boolean;

  @Field(() => Boolean, { description: 'Answered from the result cache.' })
  cacheHit!: boolean;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => QueryRunError, { nullable: true })
  error!: QueryRunError | null;

  @Field(() => Date)
  createdAt!: Date;
}
