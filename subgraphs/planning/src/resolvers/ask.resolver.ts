// The ask workflow over GraphQL: ask, plan, follow, cancel and give feedback on questions.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { QuerentError, requireRole, type RequestContext } from '@querent/common';
import type { AskWorkflow } from '../ask/ask-workflow';
import type { AskRunRepository } from '../ask/ask-run';
import { AskInput, AskRun, Plan } from './ask.types';
import { toAskRun, toPlan } from './ask.mapper';

@Resolver()
export class AskResolver {
  constructor(private readonly workflow: AskWorkflow, private readonly runs: AskRunRepository) {}

  @Mutation(() => AskRun, {
    description:
      'Asks a question: route → plan → validate → execute → chart → insight. With wait (default) it returns the finished run; without, it returns at once and workflowProgress(runId) streams the steps.',
  })
  async ask(@Arg('input', () => AskInput) input: AskInput, @Ctx() context: RequestContext, @Arg('wait', () => Boolean, { defaultValue: true }) wait: boolean): Promise<AskRun> {
    requireRole(context, 'viewer', 'ask questions');
    return toAskRun(await this.workflow.ask(input, { user: context.role, wait, role: context.role }));
  }

  @Query(() => Plan, { description: 'Plans a question without running it: the SQL and its explanation, or a clarification.' })
  async plan(@Arg('question', () => String) question: string, @Arg('databaseId', () => ID, { nullable: true }) databaseId?: string | null): Promise<Plan> {
    return toPlan((await this.workflow.planOnly({ question, databaseId })).plan);
  }

  @Query(() => AskRun, { nullable: true, description: 'One ask run by id.' })
  async askRun(@Arg('id', () => ID) id: string): Promise<AskRun | null> {
    const run = await this.runs.find(id);
    return run ? toAskRun(run) : null;
  }

  @Mutation(() => Boolean, { description: 'Cancels a running ask run; false when it is not running in this service.' })
  cancelAsk(@Arg('runId', () => ID) runId: string, @Ctx() context: RequestContext): boolean {
    requireRole(context, 'viewer', 'cancel questions');
    return this.workflow.cancel(runId);
  }

  @Mutation(() => AskRun, { description: 'Says whether an answer was right; a corrected SQL teaches the planner (few-shot examples, learned mappings).' })
  async recordFeedback(
    @Arg('runId', () => ID) runId: string,
    @Arg('correct', () => Boolean) correct: boolean,
    @Ctx() context: RequestContext,
    @Arg('correctedSql', () => String, { nullable: true }) correctedSql?: string | null,
  ): Promise<AskRun> {
    requireRole(context, 'viewer', 'give feedback');
    if (correct && correctedSql) throw new QuerentError('BAD_INPUT', 'A corrected SQL only makes sense when the answer was not correct.');
    const run = await this.runs.recordFeedback(runId, correct, correctedSql?.trim() || null);
    if (!run) throw new QuerentError('NOT_FOUND', `No ask run has the id "${runId}".`);
    return toAskRun(run);
  }
}
