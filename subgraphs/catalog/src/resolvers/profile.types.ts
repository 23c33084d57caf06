// GraphQL types of profiling: jobs, table and column profiles, top values and value patterns.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ProfileJobStatusEnum {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ProfileJobStatusEnum, {
  name: 'ProfileJobStatus',
  description: 'PENDING (queued behind another job of the database), RUNNING, then SUCCEEDED, PARTIAL (some tables failed or ran out of budget), FAILED or CANCELLED.',
});

export enum ValuePatternEnum {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  URL = 'URL',
  UUID = 'UUID',
  ISO_DATE = 'ISO_DATE',
  CURRENCY_CODE = 'CURRENCY_CODE',
  COUNTRY_CODE = 'COUNTRY_CODE',
  JSON = 'JSON',
}
registerEnumType(ValuePatternEnum, {
  name: 'ValuePattern',
  description: 'What most (90%) of a text column\'s non-null values read are: ISO_DATE is a date stored as text, CURRENCY_CODE ISO 4217, COUNTRY_CODE ISO 3166-1 alpha-2 or alpha-3.',
});

@ObjectType({ description: 'A profiling job over tables of a database.' })
export class ProfileJob {
  @Field(() => ID) id!: string;
  @Field(() => ID) databaseId!: string;
  @Field(() => ProfileJobStatusEnum) status!: ProfileJobStatusEnum;
  @Field(() => Float, { description: 'Share of the tables done, from 0 to 1.' }) progress!: number;
  @Field(() => Int, { description: 'Tables finished: profiled, unchanged or failed.' }) tablesDone!: number;
  @Field(() => Int) tablesTotal!: number;
  @Field(() => Int) tablesProfiled!: number;
  @Field(() => Int, { description: 'Tables not re-profiled: same structure fingerprint, row estimate within 20%.' }) tablesUnchanged!: number;
  @Field(() => Int) tablesFailed!: number;
  @Field(() => Int, { description: 'Rows read into Querent over all tables (whole small tables, samples of large ones).' }) rowsRead!: number;
  @Field(() => [String], { nullable: true, description: 'The tables asked for; null for every table of the default schema.' }) tables!: string[] | null;
  @Field(() => Int, { description: 'Rows a sample of a large table aims at.' }) sampleSize!: number;
  @Field(() => Boolean) force!: boolean;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the job or some of its tables failed.' }) error!: string | null;
}

@ObjectType({ description: "A table's profile: how many rows it has and how they were read." })
export class TableProfile {
  @Field(() => Float, { description: 'Exact when rowCountExact; otherwise the engine\'s estimate.' }) rowCount!: number;
  @Field(() => Boolean, { description: 'True for a table of at most 10,000 rows, counted and read whole.' }) rowCountExact!: boolean;
  @Field(() => Date) profiledAt!: Date;
  @Field(() => Int, { description: 'Rows read for the column profiles (all of a small table, a sample of a large one).' }) rowsSampled!: number;
  @Field(() => String, { nullable: true, description: 'full, tablesample-system, tablesample-bernoulli, using-sample-reservoir, using-sample-system, key-range or head.' }) sampleMethod!: string | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => String, { nullable: true, description: 'The structure fingerprint the profile was taken at.' }) fingerprint!: string | null;
}

@ObjectType({ description: 'A value and how many of the rows read hold it.' })
export class TopValue {
  @Field(() => String) value!: string;
  @Field(() => Int, { description: 'Rows among those read (TableProfile.rowsSampled) that hold the value.' }) count!: number;
}

@ObjectType({ description: "A column's profile, from every row of a small table or a sample of a large one." })
export class ColumnProfile {
  @Field(() => Float) nullFraction!: number;
  @Field(() => Float, { description: 'Exact when distinctExact; otherwise estimated from the sample (Haas–Stokes Duj1).' }) distinctCount!: number;
  @Field(() => Boolean) distinctExact!: boolean;
  @Field(() => String, { nullable: true, description: 'Numbers and dates: the smallest value read, as the engine wrote it.' }) min!: string | null;
  @Field(() => String, { nullable: true, description: 'Numbers and dates: the largest value read.' }) max!: string | null;
  @Field(() => String, { nullable: true, description: 'Numbers: the mean; dates: the mean instant as an ISO timestamp.' }) mean!: string | null;
  @Field(() => [TopValue], { description: 'The most frequent values of a low-cardinality column (at most 50 distinct values); empty otherwise.' }) topValues!: TopValue[];
  @Field(() => [String], { description: 'A few values read (binary columns: none).' }) samples!: string[];
  @Field(() => [ValuePatternEnum]) patterns!: ValuePatternEnum[];
  @Field(() => String, { nullable: true, description: 'number, date, boolean, text, json, binary or other.' }) kind!: string | null;
  @Field(() => Date) profiledAt!: Date;
}
