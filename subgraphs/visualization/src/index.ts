// @querent/visualization: turns results into charts.
export { createVisualizationSubgraph } from './visualization-subgraph';
