// What a table's structure says about uniqueness: which column sets are a primary key, a unique constraint or a
// unique index, and which single columns are keys another table could reference.
import type { TableStructure } from '@querent/common';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));

/** Whether these columns (in any order) are exactly the primary key, a unique constraint or a plain unique index. */
export function isUniqueColumnSet(table: TableStructure, columns: readonly string[]): boolean {
  if (columns.length === 0) return false;
  if (table.primaryKey && sameSet(table.primaryKey.columns, columns)) return true;
  if (table.uniques.some((u) => sameSet(u.columns, columns))) return true;
  return table.indexes.some((i) => i.unique && sameSet(i.columns, columns));
}

/** The single-column primary key, or null (none, or composite). */
export function singlePrimaryKey(table: TableStructure): string | null {
  return table.primaryKey?.columns.length === 1 ? table.primaryKey.columns[0] : null;
}

/** Columns that alone identify a row: a single-column primary key, unique constraint or unique index. */
export function uniqueColumns(table: TableStructure): Set<string> {
  const found = new Set<string>();
  const pk = singlePrimaryKey(table);
  if (pk) found.add(pk);
  for (const u of table.uniques) if (u.columns.length === 1) found.add(u.columns[0]);
  for (const i of table.indexes) if (i.unique && i.columns.length === 1) found.add(i.columns[0]);
  return found;
}

export function columnType(table: TableStructure, column: string): string | null {
  return table.columns.find((c) => c.name === column)?.dataType ?? null;
}

/** Columns with a single-column index of their own (unique or not): how engines mark a column as a lookup key. */
export function indexedColumns(table: TableStructure): Set<string> {
  return new Set(table.indexes.filter((i) => i.columns.length >= 1).map((i) => i.columns[0]));
}
