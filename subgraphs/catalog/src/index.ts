// @querent/catalog: schema memory and registered databases.
export { createCatalogSubgraph } from './catalog-subgraph';
export { ConnectionService, DEMO_CONNECTION_NAME } from './connections/connection-service';
export { parseConnectionUrl } from './connections/connection-url';
export { generateDemoDatabase, DEMO_ANCHOR_DATE } from './demo/demo-database';
export { bootstrapDemoDatabase, DEMO_FILE_NAME } from './demo/demo-bootstrap';
