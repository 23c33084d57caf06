// Event topics and their payload shapes: the one module both publishers and subscribers import.
import type { SubgraphName } from '../config/settings';

export const TOPICS = {
  /** The gateway saw a subgraph become healthy or unhealthy. */
  SUBGRAPH_HEALTH: 'querent.gateway.subgraph-health',
  /** A connection was registered, removed or made the default. */
  CONNECTION: 'querent.catalog.connection',
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

export interface TopicPayloads {
  [TOPICS.SUBGRAPH_HEALTH]: SubgraphHealthPayload;
  [TOPICS.CONNECTION]: ConnectionPayload;
}

export function isTopic(value: string): value is Topic {
  return (Object.values(TOPICS) as string[]).includes(value);
}
