// A table's declared foreign keys as DECLARED relationships (confidence 1): the one mapping the catalog's inference
// and planning's catalog readers share.
import type { Relationship } from './relationship';

export interface DeclaredKeysSource {
  schema: string;
  name: string;
  foreignKeys: readonly { name?: string | null; columns: readonly string[]; refSchema: string; refTable: string; refColumns: readonly string[] }[];
  /** When given, a key whose columns are the primary key or a unique key is ONE_TO_ONE. */
  primaryKey?: readonly string[] | null;
  uniques?: readonly { columns: readonly string[] }[];
}

export function declaredRelationships(table: DeclaredKeysSource): (Relationship & { constraint: string | null })[] {
  const same = (keys: readonly string[] | null | undefined, columns: readonly string[]) => !!keys && keys.length === columns.length && keys.every((k) => columns.includes(k));
  return table.foreignKeys
    .filter((fk) => fk.columns.length > 0 && fk.columns.length === fk.refColumns.length)
    .map((fk) => ({
      fromSchema: table.schema,
      fromTable: table.name,
      fromColumns: [...fk.columns],
      toSchema: fk.refSchema,
      toTable: fk.refTable,
      toColumns: [...fk.refColumns],
      source: 'DECLARED' as const,
      confidence: 1,
      cardinality: same(table.primaryKey, fk.columns) || (table.uniques ?? []).some((u) => same(u.columns, fk.columns)) ? ('ONE_TO_ONE' as const) : ('ONE_TO_MANY' as const),
      via: null,
      constraint: fk.name ?? null,
    }));
}
