// A relationship as the catalog keeps it: the shared Relationship shape plus the evidence its confidence came from.
import type { Relationship } from '@querent/common';
import type { NamingEvidence } from './naming-heuristics';

/** What a sample of the child's distinct values showed: how many were looked up and how many the parent has. */
export interface OverlapMeasure {
  sampled: number;
  matched: number;
  /** matched / sampled; null when the child had no non-null value to look up. */
  ratio: number | null;
}

export interface RelationshipEvidence {
  /** The declared foreign key's constraint name, when it has one. */
  constraint?: string | null;
  naming?: NamingEvidence;
  /** Set when a declared key's column names also imply it (the naming heuristic agrees with the schema). */
  namesAgree?: boolean;
  overlap?: OverlapMeasure;
  /** Why value overlap was not measured, when it was wanted (`no executor`, `budget`, `QUERY_TIMEOUT`, …). */
  overlapSkipped?: string;
  /** MANY_TO_MANY: the link table's own columns towards the `from` and the `to` side. */
  link?: { fromColumns: string[]; toColumns: string[] };
}

export interface InferredRelationship extends Relationship {
  evidence: RelationshipEvidence;
}

/** A stable identity for a relationship: both ends and their columns (and the link table for a pair). */
export function relationshipKey(r: Relationship): string {
  const via = r.via ? `~${r.via.schema}.${r.via.table}` : '';
  return `${r.fromSchema}.${r.fromTable}(${r.fromColumns.join(',')})>${r.toSchema}.${r.toTable}(${r.toColumns.join(',')})${via}`;
}
