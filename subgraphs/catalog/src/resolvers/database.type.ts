// GraphQL shape of a database connection; the federated Database entity, owned here.
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A database Querent can answer questions about.' })
export class Database {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique name, used to mention the database in a question.' })
  name!: string;

  @Field(() => String, { description: 'sqlite, postgres, mysql or duckdb.' })
  dialect!: string;

  @Field(() => String, { description: 'Where it lives, with any password replaced by ***.' })
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => Boolean, { description: 'Questions without a named database go here.' })
  isDefault!: boolean;

  @Field(() => Boolean, { description: 'The generated demo database.' })
  isDemo!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}
