// Cardinality of relationships from the child's structure (unique child columns → one-to-one), and many-to-many pairs
// from link tables: a table whose primary key is made of two references (or, with no key, that holds little besides them).
import type { RelationshipSource, TableStructure } from '@querent/common';
import type { InferredRelationship } from './inferred-relationship';
import { isUniqueColumnSet } from './table-keys';

const SOURCE_STRENGTH: Record<RelationshipSource, number> = { DECLARED: 2, NAMING: 1, VALUE_OVERLAP: 0 };

/** Columns a link table may carry besides its two references and still be a link (`last_update`, `created_at`). */
const MAX_LINK_EXTRA_COLUMNS = 2;

export function tableKeyOf(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}

/** ONE_TO_ONE when the child columns are unique in the child table (primary key, unique constraint or index). */
export function withCardinality(relationships: InferredRelationship[], tables: ReadonlyMap<string, TableStructure>): InferredRelationship[] {
  return relationships.map((r) => {
    if (r.cardinality === 'MANY_TO_MANY') return r;
    const child = tables.get(tableKeyOf(r.fromSchema, r.fromTable));
    const unique = child ? isUniqueColumnSet(child, r.fromColumns) : false;
    return { ...r, cardinality: unique ? 'ONE_TO_ONE' : 'ONE_TO_MANY' };
  });
}

/**
 * The many-to-many pairs link tables make. A link's primary key is exactly the columns of two of its references
 * (film_actor: actor_id + film_id); a link without a primary key has exactly two references and at most
 * MAX_LINK_EXTRA_COLUMNS other columns. The pair goes from the side named first in the key (or in column order)
 * to the other, between the parents' key columns; its source is the weaker of the two references' and its
 * confidence the lower one.
 */
export function manyToManyPairs(relationships: InferredRelationship[], tables: ReadonlyMap<string, TableStructure>): InferredRelationship[] {
  const outgoing = new Map<string, InferredRelationship[]>();
  for (const r of relationships) {
    if (r.cardinality === 'MANY_TO_MANY' || (r.fromSchema === r.toSchema && r.fromTable === r.toTable)) continue;
    const key = tableKeyOf(r.fromSchema, r.fromTable);
    outgoing.set(key, [...(outgoing.get(key) ?? []), r]);
  }
  const pairs: InferredRelationship[] = [];
  for (const [key, refs] of outgoing) {
    const link = tables.get(key);
    if (!link || link.kind !== 'TABLE' || refs.length < 2) continue;
    const order = (r: InferredRelationship) => {
      const columns = link.primaryKey?.columns ?? link.columns.map((c) => c.name);
      return Math.min(...r.fromColumns.map((c) => (columns.indexOf(c) < 0 ? Number.MAX_SAFE_INTEGER : columns.indexOf(c))));
    };
    let sides: InferredRelationship[];
    if (link.primaryKey) {
      const pk = link.primaryKey.columns;
      sides = refs.filter((r) => r.fromColumns.every((c) => pk.includes(c)));
      const covered = new Set(sides.flatMap((r) => r.fromColumns));
      if (sides.length !== 2 || covered.size !== pk.length || !pk.every((c) => covered.has(c))) continue;
      if (sides[0].fromColumns.some((c) => sides[1].fromColumns.includes(c))) continue;
    } else {
      if (refs.length !== 2) continue;
      const referencing = new Set(refs.flatMap((r) => r.fromColumns));
      if (link.columns.filter((c) => !referencing.has(c.name)).length > MAX_LINK_EXTRA_COLUMNS) continue;
      sides = refs;
    }
    const [a, b] = [...sides].sort((x, y) => order(x) - order(y));
    const weaker = SOURCE_STRENGTH[a.source] <= SOURCE_STRENGTH[b.source] ? a.source : b.source;
    pairs.push({
      fromSchema: a.toSchema,
      fromTable: a.toTable,
      fromColumns: a.toColumns,
      toSchema: b.toSchema,
      toTable: b.toTable,
      toColumns: b.toColumns,
      source: weaker,
      confidence: Math.min(a.confidence, b.confidence),
      cardinality: 'MANY_TO_MANY',
      via: { schema: link.schema, table: link.name },
      evidence: { link: { fromColumns: a.fromColumns, toColumns: b.fromColumns } },
    });
  }
  return pairs;
}
