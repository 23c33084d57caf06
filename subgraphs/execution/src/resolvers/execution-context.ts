// Per-request context of the execution subgraph, with its DataLoaders.
import DataLoader from 'dataloader';
import type { RequestContext } from '@querent/common';
import type { QueryRunService } from '../runs/query-run-service';

export interface ExecutionContext extends RequestContext {
  executionLoaders?: { runCount: DataLoader<string, number> };
}

export function runCountLoader(context: ExecutionContext, runs: QueryRunService): DataLoader<string, number> {
  context.executionLoaders ??= { runCount: new DataLoader((ids) => runs.countFor(ids)) };
  return context.executionLoaders.runCount;
}
