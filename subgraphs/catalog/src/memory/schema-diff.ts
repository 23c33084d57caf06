// Compares old and new memory and names every difference once: schemas, tables and views, columns, keys, indexes, renames.
import { hashTokens, structureFingerprint, type ColumnInfo, type ForeignKeyInfo, type IndexInfo, type KeyInfo, type SchemaInfo, type TableInfo, type TableStructure } from '@querent/common';
import type { DetectedChange, TableNode } from './catalog-nodes';

export function diffSchemaList(before: readonly string[], after: readonly SchemaInfo[]): DetectedChange[] {
  const old = new Set(before);
  const now = new Set(after.map((s) => s.name));
  const change = (action: 'ADDED' | 'REMOVED', name: string): DetectedChange => ({ action, objectType: 'SCHEMA', schema: name, table: null, column: null, before: action === 'REMOVED' ? { name } : null, after: action === 'ADDED' ? { name } : null });
  return [...[...now].filter((n) => !old.has(n)).map((n) => change('ADDED', n)), ...[...old].filter((n) => !now.has(n)).map((n) => change('REMOVED', n))];
}

/**
 * The structure without any name that a rename may change: the table's own, and those of its keys and indexes
 * (engines name them after the table: PostgreSQL's `orders_pkey`, DuckDB's constraint indexes).
 */
function shapeOf(structure: TableStructure): string {
  return structureFingerprint({
    ...structure,
    name: '',
    primaryKey: structure.primaryKey ? { ...structure.primaryKey, name: null } : null,
    foreignKeys: structure.foreignKeys.map((f) => ({ ...f, name: null })),
    uniques: structure.uniques.map((u) => ({ ...u, name: null })),
    indexes: structure.indexes.map((i) => ({ ...i, name: '' })),
  });
}

/**
 * The old structure as it would read under its new name, so diffing a renamed table shows only real changes.
 * A key or index name follows the rename only where the fresh structure shows the engine renamed it too.
 */
export function renamedStructure(old: TableStructure, fresh: TableStructure): TableStructure {
  const newName = fresh.name;
  const freshNames = new Set<string>([...(fresh.primaryKey?.name ? [fresh.primaryKey.name] : []), ...fresh.foreignKeys.flatMap((f) => (f.name ? [f.name] : [])), ...fresh.uniques.flatMap((u) => (u.name ? [u.name] : [])), ...fresh.indexes.map((i) => i.name)]);
  const rename = (name: string) => {
    const candidate = name.split(old.name).join(newName);
    return !freshNames.has(name) && freshNames.has(candidate) ? candidate : name;
  };
  return {
    ...old,
    name: newName,
    primaryKey: old.primaryKey ? { ...old.primaryKey, name: old.primaryKey.name === null ? null : rename(old.primaryKey.name) } : null,
    foreignKeys: old.foreignKeys.map((f) => ({ ...f, name: f.name === null ? null : rename(f.name) })),
    uniques: old.uniques.map((u) => ({ ...u, name: u.name === null ? null : rename(u.name) })),
    indexes: old.indexes.map((i) => ({ ...i, name: rename(i.name) })),
  };
}

export interface TableListDiff {
  changes: DetectedChange[];
  /** New name → old name, for tables recognized as renamed (their memory carries over). */
  renamed: Map<string, string>;
}

/**
 * Diffs a schema's table list. `addedStructures` holds the freshly read structure of added tables where the
 * caller read them to look for renames: a removed and an added table of identical shape, one each, is a rename.
 */
export function diffTableList(schema: string, before: ReadonlyMap<string, TableNode>, after: readonly TableInfo[], addedStructures: ReadonlyMap<string, TableStructure> = new Map()): TableListDiff {
  const changes: DetectedChange[] = [];
  const renamed = new Map<string, string>();
  const now = new Map(after.map((t) => [t.name, t]));
  const removed = [...before.values()].filter((t) => !now.has(t.name));
  const added = after.filter((t) => !before.has(t.name));

  const removedByShape = new Map<string, TableNode[]>();
  for (const t of removed) {
    if (!t.structure) continue;
    const key = `${t.kind}:${shapeOf(t.structure)}`;
    removedByShape.set(key, [...(removedByShape.get(key) ?? []), t]);
  }
  const addedByShape = new Map<string, TableInfo[]>();
  for (const t of added) {
    const structure = addedStructures.get(t.name);
    if (!structure) continue;
    const key = `${t.kind}:${shapeOf(structure)}`;
    addedByShape.set(key, [...(addedByShape.get(key) ?? []), t]);
  }
  for (const [key, olds] of removedByShape) {
    const news = addedByShape.get(key) ?? [];
    // Clear evidence only: exactly one table of that shape disappeared and exactly one appeared.
    if (olds.length === 1 && news.length === 1) renamed.set(news[0].name, olds[0].name);
  }
  const renamedOld = new Set(renamed.values());

  for (const t of added) {
    const oldName = renamed.get(t.name);
    if (oldName) changes.push({ action: 'RENAMED', objectType: t.kind, schema, table: t.name, column: null, before: { name: oldName }, after: { name: t.name } });
    else changes.push({ action: 'ADDED', objectType: t.kind, schema, table: t.name, column: null, before: null, after: { name: t.name, kind: t.kind, comment: t.comment } });
  }
  for (const t of removed) {
    if (renamedOld.has(t.name)) continue;
    changes.push({ action: 'REMOVED', objectType: t.kind, schema, table: t.name, column: null, before: { name: t.name, kind: t.kind, comment: t.comment }, after: null });
  }
  for (const t of after) {
    const old = before.get(t.name);
    if (!old) continue;
    if (old.kind !== t.kind) {
      changes.push({ action: 'REMOVED', objectType: old.kind, schema, table: t.name, column: null, before: { name: t.name, kind: old.kind }, after: null });
      changes.push({ action: 'ADDED', objectType: t.kind, schema, table: t.name, column: null, before: null, after: { name: t.name, kind: t.kind } });
    } else if ((old.comment ?? null) !== (t.comment ?? null)) {
      changes.push({ action: 'CHANGED', objectType: t.kind, schema, table: t.name, column: null, before: { comment: old.comment }, after: { comment: t.comment } });
    }
  }
  return { changes, renamed };
}

function columnFacts(c: ColumnInfo) {
  return { name: c.name, dataType: c.dataType, nullable: c.nullable, default: c.default, comment: c.comment };
}

function sameColumn(a: ColumnInfo, b: ColumnInfo): boolean {
  return a.dataType === b.dataType && a.nullable === b.nullable && a.default === b.default && a.comment === b.comment;
}

const keyId = (k: KeyInfo) => `${k.name ?? ''}(${k.columns.join(',')})`;
const fkId = (k: ForeignKeyInfo) => `${k.name ?? ''}(${k.columns.join(',')})->${k.refSchema}.${k.refTable}(${k.refColumns.join(',')})`;
const indexId = (i: IndexInfo) => `${i.name}(${i.columns.join(',')})${i.unique ? 'U' : ''}${i.primary ? 'P' : ''}`;

/** Diffs one table's structure (level 3). Comments of the table itself are reported by the table-list diff. */
export function diffStructure(before: TableStructure, after: TableStructure): DetectedChange[] {
  const schema = after.schema;
  const table = after.name;
  const changes: DetectedChange[] = [];
  const event = (action: DetectedChange['action'], objectType: DetectedChange['objectType'], column: string | null, b: unknown, a: unknown) =>
    changes.push({ action, objectType, schema, table, column, before: b ?? null, after: a ?? null });

  // Columns, with renames when one column left and one arrived at the same position with the same definition.
  const oldCols = new Map(before.columns.map((c) => [c.name, c]));
  const newCols = new Map(after.columns.map((c) => [c.name, c]));
  const gone = before.columns.filter((c) => !newCols.has(c.name));
  const came = after.columns.filter((c) => !oldCols.has(c.name));
  const renamedFrom = new Map<string, ColumnInfo>();
  for (const c of came) {
    const candidates = gone.filter((g) => g.ordinal === c.ordinal && sameColumn(g, c));
    const rivals = came.filter((o) => o.ordinal === c.ordinal && candidates.length === 1 && sameColumn(candidates[0], o));
    if (candidates.length === 1 && rivals.length === 1) renamedFrom.set(c.name, candidates[0]);
  }
  const renamedOld = new Set([...renamedFrom.values()].map((c) => c.name));
  for (const c of came) {
    const from = renamedFrom.get(c.name);
    if (from) event('RENAMED', 'COLUMN', c.name, { name: from.name }, { name: c.name });
    else event('ADDED', 'COLUMN', c.name, null, columnFacts(c));
  }
  for (const c of gone) if (!renamedOld.has(c.name)) event('REMOVED', 'COLUMN', c.name, columnFacts(c), null);
  for (const c of after.columns) {
    const old = oldCols.get(c.name);
    if (old && !sameColumn(old, c)) event('CHANGED', 'COLUMN', c.name, columnFacts(old), columnFacts(c));
  }

  // Primary key: added, removed, or its columns changed.
  if (before.primaryKey && !after.primaryKey) event('REMOVED', 'PRIMARY_KEY', null, before.primaryKey, null);
  else if (!before.primaryKey && after.primaryKey) event('ADDED', 'PRIMARY_KEY', null, null, after.primaryKey);
  else if (before.primaryKey && after.primaryKey && before.primaryKey.columns.join(',') !== after.primaryKey.columns.join(',')) {
    event('CHANGED', 'PRIMARY_KEY', null, before.primaryKey, after.primaryKey);
  }

  // Keys and indexes: the same object (same name, or same columns when unnamed) with a new definition is one
  // CHANGED event, not a REMOVED and an ADDED (SQLite, say, rewrites a foreign key when its target is renamed).
  const setDiff = <T>(objectType: DetectedChange['objectType'], olds: T[], news: T[], id: (x: T) => string, identity: (x: T) => string) => {
    const oldIds = new Map(olds.map((x) => [id(x), x]));
    const newIds = new Map(news.map((x) => [id(x), x]));
    const added = [...newIds].filter(([k]) => !oldIds.has(k)).map(([, x]) => x);
    const removed = [...oldIds].filter(([k]) => !newIds.has(k)).map(([, x]) => x);
    const pairedOld = new Set<T>();
    for (const x of added) {
      const match = removed.filter((r) => !pairedOld.has(r) && identity(r) === identity(x));
      if (match.length === 1 && added.filter((a) => identity(a) === identity(x)).length === 1) {
        pairedOld.add(match[0]);
        event('CHANGED', objectType, null, match[0], x);
      } else event('ADDED', objectType, null, null, x);
    }
    for (const x of removed) if (!pairedOld.has(x)) event('REMOVED', objectType, null, x, null);
  };
  const keyIdentity = (k: KeyInfo) => (k.name !== null ? `name:${k.name}` : `columns:${k.columns.join(',')}`);
  setDiff('FOREIGN_KEY', before.foreignKeys, after.foreignKeys, fkId, keyIdentity);
  setDiff('UNIQUE', before.uniques, after.uniques, keyId, keyIdentity);
  setDiff('INDEX', before.indexes, after.indexes, indexId, (i) => `name:${i.name}`);
  return changes;
}

/** Fingerprint of a table list, so an unchanged list is recognized without comparing it row by row. */
export function tableListFingerprint(tables: readonly TableInfo[]): string {
  return hashTokens(tables.map((t) => `${t.kind}:${t.name}:${t.comment ?? ''}`).sort());
}
