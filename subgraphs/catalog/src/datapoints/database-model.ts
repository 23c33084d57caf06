// The generator's working view of a database: every table with its classified columns, the tables it references and
// is referenced by (declared keys first, then inferred relationships, one per column set), and how to name it in SQL.
import type { Relationship } from '@querent/common';
import { classifyColumns, type ColumnClass } from './column-roles';
import { qualifiedName, type DatabaseFacts, type TableFacts } from './database-facts';

export interface Link {
  relationship: Relationship;
  /** Columns of this table, pairwise with `otherColumns`. */
  columns: string[];
  other: TableModel;
  otherColumns: string[];
}

export interface TableModel {
  facts: TableFacts;
  schema: string;
  name: string;
  /** `schema.table`. */
  key: string;
  /** The table's name as SQL writes it (schema left out in the default schema; quoted only when it must be). */
  sqlName: string;
  columns: ColumnClass[];
  column(name: string): ColumnClass | undefined;
  /** Tables this one references (this table is the child). */
  parents: Link[];
  /** Tables that reference this one. */
  children: Link[];
  rowCount: number | null;
}

export interface DatabaseModel {
  facts: DatabaseFacts;
  tables: TableModel[];
  table(schema: string, name: string): TableModel | undefined;
  /** `table.column` as SQL writes it. */
  columnSql(table: TableModel, column: string): string;
}

// Bare words SQL would misread as keywords; such names are quoted even when they are plain lower case.
const RESERVED = new Set(
  'all and any as asc between by case cast check column constraint create cross current date default delete desc distinct drop else end except exists false fetch for foreign from full grant group having in index inner insert intersect into is join key left like limit natural not null offset on or order outer primary references right row select set table then time timestamp to true union unique update user using values when where window with'.split(' '),
);

function sqlIdentifier(name: string, facts: DatabaseFacts): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : facts.quoteIdentifier(name);
}

/** Declared keys from the structures, plus stored relationships for column sets no declared key covers. */
function mergedRelationships(facts: DatabaseFacts): Relationship[] {
  const declared: Relationship[] = facts.tables.flatMap((t) =>
    t.structure.foreignKeys.map((fk) => ({
      fromSchema: t.structure.schema,
      fromTable: t.structure.name,
      fromColumns: fk.columns,
      toSchema: fk.refSchema,
      toTable: fk.refTable,
      toColumns: fk.refColumns,
      source: 'DECLARED' as const,
      confidence: 1,
      cardinality: 'ONE_TO_MANY' as const,
    })),
  );
  const byColumns = new Map<string, Relationship>();
  const keyOf = (r: Relationship) => `${r.fromSchema}.${r.fromTable}(${r.fromColumns.join(',')})`;
  const rank = (r: Relationship) => (r.source === 'DECLARED' ? 2 : 0) + r.confidence;
  for (const r of [...declared, ...facts.relationships.filter((r) => r.cardinality !== 'MANY_TO_MANY')]) {
    const existing = byColumns.get(keyOf(r));
    if (!existing || rank(r) > rank(existing)) byColumns.set(keyOf(r), r);
  }
  return [...byColumns.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

export function buildDatabaseModel(facts: DatabaseFacts): DatabaseModel {
  const relationships = mergedRelationships(facts);
  const referencing = new Map<string, Set<string>>();
  for (const r of relationships) {
    const key = qualifiedName(r.fromSchema, r.fromTable);
    referencing.set(key, new Set([...(referencing.get(key) ?? []), ...r.fromColumns]));
  }
  const tables: TableModel[] = facts.tables.map((t) => {
    const { schema, name } = t.structure;
    const key = qualifiedName(schema, name);
    const columns = classifyColumns(t, facts, referencing.get(key) ?? new Set());
    const byName = new Map(columns.map((c) => [c.name, c]));
    return {
      facts: t,
      schema,
      name,
      key,
      sqlName: t.inDefaultSchema ? sqlIdentifier(name, facts) : `${sqlIdentifier(schema, facts)}.${sqlIdentifier(name, facts)}`,
      columns,
      column: (n: string) => byName.get(n),
      parents: [],
      children: [],
      rowCount: t.profile?.rowCount ?? t.rowEstimate,
    };
  });
  const byKey = new Map(tables.map((t) => [t.key, t]));
  for (const r of relationships) {
    const child = byKey.get(qualifiedName(r.fromSchema, r.fromTable));
    const parent = byKey.get(qualifiedName(r.toSchema, r.toTable));
    if (!child || !parent || child === parent) continue;
    child.parents.push({ relationship: r, columns: r.fromColumns, other: parent, otherColumns: r.toColumns });
    parent.children.push({ relationship: r, columns: r.toColumns, other: child, otherColumns: r.fromColumns });
  }
  return {
    facts,
    tables,
    table: (schema, name) => byKey.get(qualifiedName(schema, name)),
    columnSql: (table, column) => `${sqlIdentifier(table.name, facts)}.${sqlIdentifier(column, facts)}`,
  };
}

/** `a.x = b.y AND …` for a link, written with table names. */
export function joinCondition(model: DatabaseModel, from: TableModel, link: Link): string {
  return link.columns.map((c, i) => `${model.columnSql(from, c)} = ${model.columnSql(link.other, link.otherColumns[i])}`).join(' AND ');
}
