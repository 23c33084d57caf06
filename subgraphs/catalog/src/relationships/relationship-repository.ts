// The port through which inferred relationships are persisted: one set per connection, replaced whole or not at all.
import type { InferenceStats } from './relationship-inference';
import type { InferredRelationship } from './inferred-relationship';

export interface StoredRelationshipSet {
  connectionId: string;
  /** Hash of what the set was inferred from (scope, table structures, inference version, overlap on or off). */
  fingerprint: string;
  schemas: string[];
  stats: InferenceStats;
  computedAt: Date;
  relationships: InferredRelationship[];
}

export interface RelationshipRepository {
  load(connectionId: string): Promise<StoredRelationshipSet | null>;
  /** Replaces the connection's relationships and set record in one transaction. */
  replace(set: StoredRelationshipSet): Promise<void>;
  forget(connectionId: string): Promise<void>;
}
