// @querent/gateway: the federated gateway, subscriptions, and the launchers for every layout.
export { startGateway, type RunningGateway, type GatewayOptions } from './gateway-server';
export { startEmbedded, startGatewayOnly, startOneSubgraph, type RunningQuerent } from './launcher';
export { SUBGRAPH_FACTORIES, healthUrlOf, type SubgraphEndpoint } from './subgraph-registry';
export { composeSupergraph, composeFromEndpoints, fetchSubgraphSdl, SCHEMA_DIR } from './supergraph-composer';
export { buildSubscriptionSchema } from './subscriptions/subscription-schema';
export { SubgraphHealthMonitor, type GatewayHealth } from './subgraph-health-monitor';
