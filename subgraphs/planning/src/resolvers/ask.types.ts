// GraphQL types of the planning subgraph: questions, plans and ask runs.
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@InputType({ description: 'A question in plain words.' })
export class AskInput {
  @Field(() => String)
  question!: string;

  @Field(() => ID, { nullable: true, description: 'The database to ask; when absent the router chooses and says why.' })
  databaseId?: string | null;

  @Field(() => String, { nullable: true, description: 'Questions with the same conversation id share context (the database last used).' })
  conversationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A UUID to give the run, so a client can subscribe to workflowProgress(runId) before asking; generated when absent.' })
  runId?: string | null;
}

@ObjectType({ description: 'What a word of the question was linked to, how sure, and why.' })
export class LinkedTerm {
  @Field(() => String) term!: string;
  @Field(() => String, { description: 'table, column, value, metric, number or time.' }) targetKind!: string;
  @Field(() => String, { nullable: true }) schema!: string | null;
  @Field(() => String, { nullable: true }) table!: string | null;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String, { nullable: true }) value!: string | null;
  @Field(() => Float) confidence!: number;
  @Field(() => String) reason!: string;
}

@ObjectType({ description: 'A ranked "Did you mean …?" suggestion.' })
export class PlanSuggestion {
  @Field(() => String) text!: string;
  @Field(() => Float) confidence!: number;
}

@ObjectType({ description: 'A join the plan makes.' })
export class PlanJoin {
  @Field(() => String) fromTable!: string;
  @Field(() => [String]) fromColumns!: string[];
  @Field(() => String) toTable!: string;
  @Field(() => [String]) toColumns!: string[];
}

@ObjectType({ description: 'What the planner made of a question: a plan with SQL, a clarification, an explanation of what is missing, or SQL pasted as the question.' })
export class Plan {
  @Field(() => String, { description: 'PLAN, CLARIFICATION, UNANSWERABLE or SQL.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'One read-only statement in the database\'s dialect.' }) sql!: string | null;
  @Field(() => String, { nullable: true }) dialect!: string | null;
  @Field(() => String, { nullable: true, description: 'The plan, or why there is none, in plain words.' }) explanation!: string | null;
  @Field(() => Float, { nullable: true }) confidence!: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Measures, dimensions, filters, time range, ordering and limit.' }) intent!: unknown;
  @Field(() => [LinkedTerm]) linkedTerms!: LinkedTerm[];
  @Field(() => [String]) tables!: string[];
  @Field(() => [PlanJoin]) joinPath!: PlanJoin[];
  @Field(() => String, { nullable: true, description: 'For a clarification: the question back to the user.' }) clarification!: string | null;
  @Field(() => [PlanSuggestion]) suggestions!: PlanSuggestion[];
  @Field(() => [String], { description: 'For UNANSWERABLE: what the database lacks.' }) missing!: string[];
}

@ObjectType({ description: 'One step of an ask run.' })
export class AskStep {
  @Field(() => String, { description: 'route, plan, validate, execute, chart or insight.' }) name!: string;
  @Field(() => String, { description: 'RUNNING, DONE, FAILED, SKIPPED or CANCELLED.' }) status!: string;
  @Field(() => String) message!: string;
  @Field(() => String) startedAt!: string;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
}

@ObjectType({ description: 'Why a run ended without an answer.' })
export class AskError {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'Which database answered, and why it was chosen.' })
export class AskRoute {
  @Field(() => String, { description: 'explicit, mention, conversation, relevance, default or only.' }) basis!: string;
  @Field(() => String) reason!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'A database (owned by the catalog service).' })
export class Database {
  @Field(() => ID) id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'An execution of SQL (owned by the execution service).' })
export class QueryRun {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'A question asked through the ask workflow: route, plan, validation, execution, chart and insight.' })
export class AskRun {
  @Field(() => ID) id!: string;
  @Field(() => String) question!: string;
  @Field(() => String, { description: 'RUNNING, ANSWERED, NEEDS_CLARIFICATION, UNANSWERABLE, REFUSED, FAILED or CANCELLED.' }) status!: string;
  @Field(() => String, { nullable: true }) conversationId!: string | null;
  @Field(() => Database, { nullable: true }) database!: Database | null;
  @Field(() => AskRoute, { nullable: true }) route!: AskRoute | null;
  @Field(() => String, { nullable: true, description: 'offline or llm.' }) planner!: string | null;
  @Field(() => Plan, { nullable: true }) plan!: Plan | null;
  @Field(() => [AskStep]) steps!: AskStep[];
  @Field(() => QueryRun, { nullable: true, description: 'The execution, with its rows, when the SQL ran.' }) queryRun!: QueryRun | null;
  @Field(() => AskError, { nullable: true }) error!: AskError | null;
  @Field(() => Boolean, { nullable: true, description: 'Feedback: was the answer right?' }) feedbackCorrect!: boolean | null;
  @Field(() => String, { nullable: true }) correctedSql!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Milliseconds from asking to the end of the run.' }) durationMs!: number | null;
}
