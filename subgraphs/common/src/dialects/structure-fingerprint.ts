// Canonical ordering and a stable hash of a table's structure: equal structure, equal fingerprint, on every engine.
import crypto from 'node:crypto';
import type { TableStructure } from './catalog-metadata';

const byName = <T extends { name: string | null; columns: string[] }>(a: T, b: T) =>
  (a.name ?? '').localeCompare(b.name ?? '') || a.columns.join(',').localeCompare(b.columns.join(','));

/** Sorts every list of a structure the same way, so two reads of an unchanged table compare equal. */
export function sortStructure(structure: TableStructure): TableStructure {
  return {
    ...structure,
    columns: [...structure.columns].sort((a, b) => a.ordinal - b.ordinal),
    foreignKeys: [...structure.foreignKeys].sort(byName),
    uniques: [...structure.uniques].sort(byName),
    indexes: [...structure.indexes].sort(byName),
  };
}

/** sha256 over the canonical JSON of the structure (row estimates are not structure and are not part of it). */
export function structureFingerprint(structure: TableStructure): string {
  const s = sortStructure(structure);
  const canonical = JSON.stringify([
    s.kind,
    s.comment,
    s.columns.map((c) => [c.name, c.ordinal, c.dataType, c.nullable, c.default, c.comment]),
    s.primaryKey ? [s.primaryKey.name, s.primaryKey.columns] : null,
    s.foreignKeys.map((f) => [f.name, f.columns, f.refSchema, f.refTable, f.refColumns]),
    s.uniques.map((u) => [u.name, u.columns]),
    s.indexes.map((i) => [i.name, i.columns, i.unique, i.primary]),
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** A short stable hash of any strings, for probe tokens computed client-side. */
export function hashTokens(parts: readonly (string | number | null)[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
