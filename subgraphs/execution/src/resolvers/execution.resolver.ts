// executeSql and queryHistory, and the result fields of a QueryRun (read from the cache when not already at hand).
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireRole, toRelayConnection } from '@querent/common';
import type { ExecutionService } from '../execution/execution-service';
import type { QueryRunService } from '../runs/query-run-service';
import type { StoredResult } from '../cache/result-cache';
import { GraphQLJSON, QueryRun, QueryRunConnection, ResultColumn, SqlCheck } from './execution.types';
import { toQueryRun } from './query-run.mapper';
import { runResultLoader, type ExecutionContext } from './execution-context';

@Resolver(() => QueryRun)
export class ExecutionResolver {
  constructor(private readonly execution: ExecutionService, private readonly runs: QueryRunService) {}

  @Mutation(() => QueryRun, {
    description:
      'Runs one read-only statement (analyst). The SQL guard checks it first; a refused statement comes back as a run with status REFUSED and the guard\'s code, and nothing reaches the database. Engine failures are runs too (ERROR, TIMEOUT, CANCELLED). Every run is kept in the history and the audit log.',
  })
  async executeSql(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('sql', () => String) sql: string,
    @Ctx() context: ExecutionContext,
    @Arg('question', () => String, { nullable: true, description: 'The question the SQL answers, kept with the run.' }) question?: string | null,
  ): Promise<QueryRun> {
    requireRole(context, 'analyst', 'run SQL');
    const { run, result } = await this.execution.execute({ connectionId: databaseId, sql, question, requester: { role: context.role, actor: context.role } });
    return toQueryRun(run, result);
  }

  @Query(() => SqlCheck, { description: 'Checks a statement with the SQL guard for this database\'s engine, without running or recording it.' })
  async checkSql(@Arg('databaseId', () => ID) databaseId: string, @Arg('sql', () => String) sql: string): Promise<SqlCheck> {
    return Object.assign(new SqlCheck(), await this.execution.check(databaseId, sql));
  }

  @Query(() => QueryRunConnection, { description: 'The runs of a database, newest first: question, SQL, status, timings, row count, error, user.' })
  async queryHistory(
    @Arg('databaseId', () => ID) databaseId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<QueryRunConnection> {
    const page = await this.runs.history(databaseId, { first, after });
    return Object.assign(new QueryRunConnection(), toRelayConnection(page, (run) => ({ at: run.createdAt, id: run.id }), (run) => toQueryRun(run)));
  }

  @FieldResolver(() => [ResultColumn], { nullable: true, description: 'The result\'s columns; null when the run has no result, or it is no longer cached (history keeps runs, not rows).' })
  async columns(@Root() run: QueryRun, @Ctx() context: ExecutionContext): Promise<ResultColumn[] | null> {
    const result = await this.resultOf(run, context);
    return result ? result.columns.map((c) => Object.assign(new ResultColumn(), c)) : null;
  }

  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: 'The rows, each an array of values in column order; PII columns masked for roles without the pii permission. Null like columns.',
  })
  async rows(@Root() run: QueryRun, @Ctx() context: ExecutionContext): Promise<unknown[][] | null> {
    return (await this.resultOf(run, context))?.rows ?? null;
  }

  private async resultOf(run: QueryRun, context: ExecutionContext): Promise<StoredResult | null> {
    if (run.result !== undefined) return run.result;
    if (run.status !== 'OK') return null;
    return runResultLoader(context, this.execution).load(run.id);
  }
}
