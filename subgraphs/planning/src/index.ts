// @querent/planning: turns questions into SQL plans.
export { createPlanningSubgraph } from './planning-subgraph';
