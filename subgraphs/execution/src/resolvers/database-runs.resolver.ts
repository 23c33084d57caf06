// Adds query history to the Database entity owned by catalog, and serves single runs.
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { QuerentError, ServiceInfo, serviceInfo } from '@querent/common';
import type { QueryRunService } from '../runs/query-run-service';
import { MAX_RECENT_RUNS } from '../runs/query-run-service';
import { Database, QueryRun } from './execution.types';
import { toQueryRun } from './query-run.mapper';
import { runCountLoader, type ExecutionContext } from './execution-context';

export const EXECUTION_CAPABILITIES = ['query-history', 'execute-sql', 'result-cache', 'pii-masking', 'audit-log'];

@Resolver(() => Database)
export class DatabaseRunsResolver {
  constructor(private readonly runs: QueryRunService, private readonly startedAt: Date) {}

  @FieldResolver(() => Int, { description: 'How many queries have run against this database.' })
  queryRunCount(@Root() database: Database, @Ctx() context: ExecutionContext): Promise<number> {
    return runCountLoader(context, this.runs).load(database.id);
  }

  @FieldResolver(() => [QueryRun], { description: 'The most recent runs, newest first.' })
  async recentQueryRuns(@Root() database: Database, @Arg('first', () => Int, { defaultValue: 10 }) first: number): Promise<QueryRun[]> {
    if (first < 1 || first > MAX_RECENT_RUNS) throw new QuerentError('BAD_INPUT', `first must be between 1 and ${MAX_RECENT_RUNS}, got ${first}`);
    return (await this.runs.recent(database.id, first)).map((run) => toQueryRun(run));
  }

  @Query(() => QueryRun, { nullable: true, description: 'One query run by id.' })
  async queryRun(@Arg('id', () => ID) id: string): Promise<QueryRun | null> {
    const [record] = await this.runs.getMany([id]);
    return record ? toQueryRun(record) : null;
  }

  @Query(() => ServiceInfo, { description: 'The execution service and what it can do.' })
  executionService(): ServiceInfo {
    return serviceInfo('execution', this.startedAt, EXECUTION_CAPABILITIES);
  }
}
