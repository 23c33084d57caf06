// GraphQL types of relationships and join paths. Field names are the public API of the relationships issue.
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';

export enum RelationshipSourceEnum {
  DECLARED = 'DECLARED',
  NAMING = 'NAMING',
  VALUE_OVERLAP = 'VALUE_OVERLAP',
}
export enum RelationshipCardinalityEnum {
  ONE_TO_ONE = 'ONE_TO_ONE',
  ONE_TO_MANY = 'ONE_TO_MANY',
  MANY_TO_MANY = 'MANY_TO_MANY',
}
registerEnumType(RelationshipSourceEnum, {
  name: 'RelationshipSource',
  description: 'Where a relationship comes from: a declared foreign key, column names, or the values the columns share.',
});
registerEnumType(RelationshipCardinalityEnum, {
  name: 'RelationshipCardinality',
  description: 'ONE_TO_ONE when the child columns are unique, ONE_TO_MANY for the usual foreign key, MANY_TO_MANY through a link table (`via`).',
});

@ObjectType({ description: 'A table named by schema and name.' })
export class TableReference {
  @Field(() => String) schema!: string;
  @Field(() => String) table!: string;
}

@ObjectType({ description: 'A relationship between two tables: the `from` (child) columns reference the `to` (parent) columns.' })
export class Relationship {
  @Field(() => String) fromSchema!: string;
  @Field(() => String) fromTable!: string;
  @Field(() => [String]) fromColumns!: string[];
  @Field(() => String) toSchema!: string;
  @Field(() => String) toTable!: string;
  @Field(() => [String]) toColumns!: string[];
  @Field(() => RelationshipSourceEnum) source!: RelationshipSourceEnum;
  @Field(() => Float, { description: '0..1; 1 for a declared key.' }) confidence!: number;
  @Field(() => RelationshipCardinalityEnum) cardinality!: RelationshipCardinalityEnum;
  @Field(() => TableReference, { nullable: true, description: 'MANY_TO_MANY: the link table the two sides meet in.' }) via!: TableReference | null;
}

@ObjectType({ description: 'One join of a path: `left` is already in the path, `right` is the table it adds.' })
export class JoinStep {
  @Field(() => TableReference) left!: TableReference;
  @Field(() => [String]) leftColumns!: string[];
  @Field(() => TableReference) right!: TableReference;
  @Field(() => [String]) rightColumns!: string[];
  @Field(() => Relationship) relationship!: Relationship;
}

@ObjectType({ description: 'The cheapest join tree found between tables, in join order: FROM tables[0], then each join.' })
export class JoinPath {
  @Field(() => [TableReference]) tables!: TableReference[];
  @Field(() => [JoinStep]) joins!: JoinStep[];
  @Field(() => Float, { description: 'Sum of join costs: 1 per declared key, more for less certain inferred ones.' }) cost!: number;
}
