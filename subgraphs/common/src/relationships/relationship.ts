// The shape of a relationship between two tables, shared by the catalog (which infers and stores them) and
// planning (which joins over them). Names follow the public GraphQL API of the relationships issue.

export type RelationshipSource = 'DECLARED' | 'NAMING' | 'VALUE_OVERLAP';

/** ONE_TO_ONE: each child row matches at most one parent row and the child columns are unique.
 *  ONE_TO_MANY: the usual foreign key. MANY_TO_MANY: two tables related through a link table (`via`). */
export type RelationshipCardinality = 'ONE_TO_ONE' | 'ONE_TO_MANY' | 'MANY_TO_MANY';

export interface TableRef {
  schema: string;
  table: string;
}

/** `from` is the referencing (child) side, `to` the referenced (parent) key. */
export interface Relationship {
  fromSchema: string;
  fromTable: string;
  fromColumns: string[];
  toSchema: string;
  toTable: string;
  toColumns: string[];
  source: RelationshipSource;
  /** 0..1; DECLARED is 1. */
  confidence: number;
  cardinality: RelationshipCardinality;
  /** For MANY_TO_MANY only: the link table the two sides meet in. */
  via?: TableRef | null;
}
