// @querent/execution: safe execution and query history.
export { createExecutionSubgraph } from './execution-subgraph';
export { QueryRunService } from './runs/query-run-service';
