// Per-request context of the execution subgraph, with its DataLoaders.
import DataLoader from 'dataloader';
import type { RequestContext } from '@querent/common';
import type { StoredResult } from '../cache/result-cache';
import type { ExecutionService } from '../execution/execution-service';
import type { QueryRunService } from '../runs/query-run-service';

export interface ExecutionContext extends RequestContext {
  executionLoaders?: { runCount?: DataLoader<string, number>; runResult?: DataLoader<string, StoredResult | null> };
}

export function runCountLoader(context: ExecutionContext, runs: QueryRunService): DataLoader<string, number> {
  context.executionLoaders ??= {};
  context.executionLoaders.runCount ??= new DataLoader((ids) => runs.countFor(ids));
  return context.executionLoaders.runCount;
}

/** Results of runs by id, as this request's role may see them (masked without the `pii` permission). */
export function runResultLoader(context: ExecutionContext, execution: ExecutionService): DataLoader<string, StoredResult | null> {
  context.executionLoaders ??= {};
  context.executionLoaders.runResult ??= new DataLoader((ids) => Promise.all(ids.map((id) => execution.resultOf(id, { role: context.role, actor: context.role }))));
  return context.executionLoaders.runResult;
}
