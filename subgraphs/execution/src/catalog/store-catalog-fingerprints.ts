// CatalogFingerprints over the schema memory's store rows (CatalogSchema, CatalogTable): what the catalog last
// recorded about the tables a statement reads.
import crypto from 'node:crypto';
import type { PrismaStore } from '@querent/common';
import type { CatalogFingerprints, TableRef } from '../execution/execution-ports';

/** Spellings to look a table up by: engines differ in how they fold unquoted names, the store keeps the engine's. */
export function nameVariants(tables: readonly TableRef[]): string[] {
  return [...new Set(tables.flatMap((t) => [t.name, t.name.toLowerCase(), t.name.toUpperCase()]))];
}

/** Whether a stored (schema, table) is the one a reference names: case-insensitively, any schema when unqualified. */
export function refersTo(ref: TableRef, schema: string, table: string): boolean {
  return ref.name.toLowerCase() === table.toLowerCase() && (ref.schema === null || ref.schema.toLowerCase() === schema.toLowerCase());
}

export class StoreCatalogFingerprints implements CatalogFingerprints {
  constructor(private readonly store: PrismaStore) {}

  async tokenFor(connectionId: string, tables: readonly TableRef[]): Promise<string> {
    if (tables.length === 0) return 'no-tables';
    const rows = await this.store.prisma.catalogTable.findMany({
      where: { name: { in: nameVariants(tables) }, schema: { database: { connectionId } } },
      select: { name: true, fingerprint: true, probeToken: true, lastChangedAt: true, schema: { select: { name: true, fingerprint: true } } },
    });
    const parts = tables.map((ref) => {
      const found = rows
        .filter((r) => refersTo(ref, r.schema.name, r.name))
        .map((r) => [r.schema.name, r.schema.fingerprint, r.name, r.fingerprint, r.probeToken, r.lastChangedAt?.toISOString() ?? null]);
      return [ref.schema, ref.name, found.sort((a, b) => String(a[0]).localeCompare(String(b[0])))];
    });
    return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
  }

  async defaultSchema(connectionId: string): Promise<string | null> {
    const row = await this.store.prisma.catalogSchema.findFirst({ where: { isDefault: true, database: { connectionId } }, select: { name: true } });
    return row?.name ?? null;
  }
}
