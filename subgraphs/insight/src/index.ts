// @querent/insight: writes statistics, trends and follow-ups.
export { createInsightSubgraph } from './insight-subgraph';
