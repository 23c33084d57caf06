// Maps relationships and join paths onto their GraphQL types.
import type { JoinPath as DomainJoinPath, Relationship as DomainRelationship, TableRef } from '@querent/common';
import { JoinPath, JoinStep, Relationship, RelationshipCardinalityEnum, RelationshipSourceEnum, TableReference } from './relationship.types';

export function toTableReference(ref: TableRef): TableReference {
  return Object.assign(new TableReference(), { schema: ref.schema, table: ref.table });
}

export function toRelationship(r: DomainRelationship): Relationship {
  return Object.assign(new Relationship(), {
    fromSchema: r.fromSchema,
    fromTable: r.fromTable,
    fromColumns: r.fromColumns,
    toSchema: r.toSchema,
    toTable: r.toTable,
    toColumns: r.toColumns,
    source: r.source as RelationshipSourceEnum,
    confidence: r.confidence,
    cardinality: r.cardinality as RelationshipCardinalityEnum,
    via: r.via ? toTableReference(r.via) : null,
  });
}

export function toJoinPath(path: DomainJoinPath): JoinPath {
  return Object.assign(new JoinPath(), {
    tables: path.tables.map(toTableReference),
    joins: path.joins.map((j) =>
      Object.assign(new JoinStep(), {
        left: toTableReference(j.left),
        leftColumns: j.leftColumns,
        right: toTableReference(j.right),
        rightColumns: j.rightColumns,
        relationship: toRelationship(j.relationship),
      }),
    ),
    cost: Math.round(path.cost * 1000) / 1000,
  });
}
