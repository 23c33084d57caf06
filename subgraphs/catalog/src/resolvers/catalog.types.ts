// GraphQL types of the schema memory: schemas, tables, columns, keys and indexes, refresh runs and the change log.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

export enum ChangeActionEnum {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
  RENAMED = 'RENAMED',
}
export enum ChangeObjectTypeEnum {
  SCHEMA = 'SCHEMA',
  TABLE = 'TABLE',
  VIEW = 'VIEW',
  COLUMN = 'COLUMN',
  PRIMARY_KEY = 'PRIMARY_KEY',
  FOREIGN_KEY = 'FOREIGN_KEY',
  UNIQUE = 'UNIQUE',
  INDEX = 'INDEX',
}
registerEnumType(ChangeActionEnum, { name: 'ChangeAction', description: 'What happened to a catalog object.' });
registerEnumType(ChangeObjectTypeEnum, { name: 'ChangeObjectType', description: 'The kind of catalog object a change is about.' });

@ObjectType({ description: 'A column of a table or view.' })
export class Column {
  /** Internal: the table this column belongs to (not exposed; Column.profile looks it up). */
  databaseId!: string;
  tableSchema!: string;
  tableName!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: '1-based position.' }) ordinal!: number;
  @Field(() => String, { description: 'The type as the engine spells it.' }) dataType!: string;
  @Field(() => Boolean) nullable!: boolean;
  @Field(() => String, { nullable: true, description: 'The default expression as the engine prints it.' }) default!: string | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
}

@ObjectType({ description: 'A foreign key: these columns reference columns of another table.' })
export class ForeignKey {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [String]) columns!: string[];
  @Field(() => String) refSchema!: string;
  @Field(() => String) refTable!: string;
  @Field(() => [String]) refColumns!: string[];
}

@ObjectType({ description: 'A unique constraint.' })
export class UniqueConstraint {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [String]) columns!: string[];
}

@ObjectType({ description: 'An index.' })
export class Index {
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'Columns in index order; expression parts as their text.' }) columns!: string[];
  @Field(() => Boolean) unique!: boolean;
  @Field(() => Boolean, { description: 'Backs the primary key.' }) primary!: boolean;
}

@ObjectType({ description: 'A table or view. Its columns, keys and indexes are read the first time they are asked for.' })
export class Table {
  /** Internal: which database this table belongs to (not exposed). */
  databaseId!: string;
  @Field(() => String) schema!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'TABLE or VIEW.' }) kind!: string;
  @Field(() => Float, { nullable: true, description: "The engine's own row estimate; null when it keeps none." }) rowEstimate!: number | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => Date) lastCheckedAt!: Date;
  @Field(() => Date) lastChangedAt!: Date;
}

@ObjectType({ description: 'A schema of a database. Its tables are listed the first time they are asked for.' })
export class Schema {
  databaseId!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: 'Where unqualified table names resolve.' }) isDefault!: boolean;
  @Field(() => Date) lastCheckedAt!: Date;
  @Field(() => Date) lastChangedAt!: Date;
}

@ObjectType({ description: 'One refresh of the schema memory.' })
export class RefreshRun {
  @Field(() => ID) id!: string;
  databaseId!: string;
  @Field(() => String, { description: 'running, succeeded or failed.' }) status!: string;
  @Field(() => String, { description: 'first-use, ttl, probe, error or user.' }) trigger!: string;
  @Field(() => String, { nullable: true, description: 'The schema refreshed; null for the whole database.' }) schema!: string | null;
  @Field(() => String, { nullable: true }) table!: string | null;
  @Field(() => Boolean) force!: boolean;
  @Field(() => Int, { description: 'Queries sent to the database.' }) roundTrips!: number;
  @Field(() => Int, { description: 'Tables whose structure was read.' }) tablesRead!: number;
  @Field(() => Int) changeCount!: number;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType({ description: 'One detected difference between the old and the new schema memory.' })
export class ChangeEvent {
  @Field(() => ID) id!: string;
  refreshRunId!: string;
  databaseId!: string;
  @Field(() => ChangeActionEnum) action!: ChangeActionEnum;
  @Field(() => ChangeObjectTypeEnum) objectType!: ChangeObjectTypeEnum;
  @Field(() => String) schema!: string;
  @Field(() => String, { nullable: true }) table!: string | null;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
  @Field(() => Date) detectedAt!: Date;
}

// One PageInfo for every subgraph's Relay lists (shareable), from common.
import { PageInfo } from '@querent/common';
export { PageInfo };

@ObjectType()
export class ChangeEventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => ChangeEvent) node!: ChangeEvent;
}

@ObjectType({ description: 'A page of the change log, newest first.' })
export class ChangeEventConnection {
  @Field(() => [ChangeEventEdge]) edges!: ChangeEventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class RefreshRunEdge {
  @Field(() => String) cursor!: string;
  @Field(() => RefreshRun) node!: RefreshRun;
}

@ObjectType({ description: 'A page of refresh runs, newest first.' })
export class RefreshRunConnection {
  @Field(() => [RefreshRunEdge]) edges!: RefreshRunEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: 'A database to register. The URL is tested before anything is stored, and stored encrypted.' })
export class AddDatabaseInput {
  @Field(() => String, { description: 'Unique; letters, digits, "_", "-", "."; starts with a letter.' }) name!: string;
  @Field(() => String, { description: 'postgresql://…, mysql://… or mariadb://…, sqlite:///absolute/path.db, duckdb:///absolute/path.duckdb' }) url!: string;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType()
export class ConnectionTestError {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'The outcome of a test connection; a failure is an answer here, not an error.' })
export class DatabaseTestResult {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, { nullable: true, description: "The database's own name." }) database!: string | null;
  @Field(() => Int, { nullable: true }) schemaCount!: number | null;
  @Field(() => ConnectionTestError, { nullable: true }) error!: ConnectionTestError | null;
}
