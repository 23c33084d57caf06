// Event topics and their payload shapes: the one module both publishers and subscribers import.
import type { SubgraphName } from '../config/settings';

export const TOPICS = {
  /** The gateway saw a subgraph become healthy or unhealthy. */
  SUBGRAPH_HEALTH: 'querent.gateway.subgraph-health',
  /** A connection was registered, removed or made the default. */
  CONNECTION: 'querent.catalog.connection',
  /** The schema memory recorded a change (one event per ChangeEvent row). */
  CATALOG_CHANGE: 'querent.catalog.change',
  /** A schema-memory refresh started, progressed, finished or failed. */
  REFRESH_PROGRESS: 'querent.catalog.refresh-progress',
  /** Someone (execution, on an unknown table or column) asks the catalog to re-read a node. */
  CATALOG_REFRESH_REQUESTED: 'querent.catalog.refresh-requested',
  /** A profiling job started, finished a table (profiled, unchanged or failed), or ended. */
  PROFILE_PROGRESS: 'querent.catalog.profile-progress',
  /** A step of an ask run (route, plan, validate, execute, chart, insight) started, finished, failed or was skipped. */
  WORKFLOW_PROGRESS: 'querent.planning.workflow-progress',
  /** A step of `initialize` (add, test, discover, profile, generate, approve) for one database started, finished, failed or was skipped. */
  INITIALIZE_PROGRESS: 'querent.catalog.initialize-progress',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export interface SubgraphHealthPayload {
  name: SubgraphName;
  healthy: boolean;
  url: string;
  /** ISO time the change was seen. */
  at: string;
  /** Why it is unhealthy, when it is. */
  error?: string;
}

export type ConnectionEventKind = 'ADDED' | 'REMOVED' | 'DEFAULT_CHANGED';

export interface ConnectionPayload {
  kind: ConnectionEventKind;
  databaseId: string;
  name: string;
  at: string;
}

export interface CatalogChangePayload {
  databaseId: string;
  refreshRunId: string;
  trigger: string;
  action: 'ADDED' | 'REMOVED' | 'CHANGED' | 'RENAMED';
  objectType: 'SCHEMA' | 'TABLE' | 'VIEW' | 'COLUMN' | 'PRIMARY_KEY' | 'FOREIGN_KEY' | 'UNIQUE' | 'INDEX';
  schema: string;
  table: string | null;
  column: string | null;
  before: unknown;
  after: unknown;
  detectedAt: string;
}

export interface RefreshProgressPayload {
  databaseId: string;
  refreshRunId: string;
  trigger: string;
  phase: 'STARTED' | 'READING' | 'FINISHED' | 'FAILED';
  message: string;
  roundTrips: number;
  tablesRead: number;
  changeCount: number;
  at: string;
}

export interface CatalogRefreshRequestPayload {
  databaseId: string;
  schema: string | null;
  table: string | null;
  /** Why, in words (for example the database's error message). */
  reason: string;
}

export type WorkflowStepName = 'route' | 'plan' | 'validate' | 'execute' | 'chart' | 'insight';
export type WorkflowStepStatus = 'RUNNING' | 'DONE' | 'FAILED' | 'SKIPPED' | 'CANCELLED';

export interface WorkflowProgressPayload {
  runId: string;
  step: WorkflowStepName;
  status: WorkflowStepStatus;
  /** What happened, in words a person reads. */
  message: string;
  /** The run's own status after this event (RUNNING until the last step). */
  runStatus: string;
  at: string;
}

export interface ProfileProgressPayload {
  jobId: string;
  databaseId: string;
  phase: 'STARTED' | 'TABLE_PROFILED' | 'TABLE_UNCHANGED' | 'TABLE_FAILED' | 'FINISHED';
  /** The job's status after this event: RUNNING, then SUCCEEDED, PARTIAL, FAILED or CANCELLED. */
  status: string;
  /** The table this event is about (TABLE_* phases). */
  schema: string | null;
  table: string | null;
  tablesDone: number;
  tablesTotal: number;
  rowsRead: number;
  message: string;
  at: string;
}

export type InitializeStep = 'ADD' | 'TEST' | 'DISCOVER' | 'PROFILE' | 'GENERATE' | 'APPROVE' | 'DONE';

export interface InitializeProgressPayload {
  /** One `initialize` call. */
  initializationId: string;
  /** The database's name as given in the input. */
  database: string;
  /** Set once the database is registered. */
  databaseId: string | null;
  step: InitializeStep;
  phase: 'STARTED' | 'FINISHED' | 'FAILED' | 'SKIPPED';
  message: string;
  /** 1-based position of this database in the input, and how many there are. */
  index: number;
  total: number;
  at: string;
}

export interface TopicPayloads {
  [TOPICS.SUBGRAPH_HEALTH]: SubgraphHealthPayload;
  [TOPICS.CONNECTION]: ConnectionPayload;
  [TOPICS.CATALOG_CHANGE]: CatalogChangePayload;
  [TOPICS.REFRESH_PROGRESS]: RefreshProgressPayload;
  [TOPICS.CATALOG_REFRESH_REQUESTED]: CatalogRefreshRequestPayload;
  [TOPICS.PROFILE_PROGRESS]: ProfileProgressPayload;
  [TOPICS.WORKFLOW_PROGRESS]: WorkflowProgressPayload;
  [TOPICS.INITIALIZE_PROGRESS]: InitializeProgressPayload;
}

export function isTopic(value: string): value is Topic {
  return (Object.values(TOPICS) as string[]).includes(value);
}
