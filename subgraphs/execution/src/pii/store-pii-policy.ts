// PiiPolicy over the store: a column is PII when its profile found email or phone values, or when an approved
// DataPoint says so (`body.columns[<name>].pii`: true or a kind such as "email").
import { PII_PATTERNS, type PrismaStore } from '@querent/common';
import type { PiiColumn, PiiPolicy, TableRef } from '../execution/execution-ports';
import { nameVariants, refersTo } from '../catalog/store-catalog-fingerprints';

/** Pattern names from a stored `patterns` value: ["EMAIL"], [{ "pattern": "email", … }] or { "email": 0.98 }. */
export function patternNames(patterns: unknown): string[] {
  if (Array.isArray(patterns)) {
    return patterns
      .map((p) => (typeof p === 'string' ? p : typeof p === 'object' && p ? ((p as Record<string, unknown>).pattern ?? (p as Record<string, unknown>).name ?? (p as Record<string, unknown>).kind) : null))
      .filter((p): p is string => typeof p === 'string')
      .map((p) => p.toLowerCase());
  }
  if (patterns && typeof patterns === 'object') return Object.keys(patterns).map((p) => p.toLowerCase());
  return [];
}

/** PII columns a DataPoint body declares: `columns` as a map by name or a list of `{ name, pii }`. */
export function dataPointPiiColumns(body: unknown): { column: string; kind: PiiColumn['kind'] }[] {
  const columns = (body as { columns?: unknown } | null)?.columns;
  const entries: [string, unknown][] = Array.isArray(columns)
    ? columns.filter((c) => c && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string').map((c) => [(c as { name: string }).name, c])
    : columns && typeof columns === 'object'
      ? Object.entries(columns as Record<string, unknown>)
      : [];
  return entries.flatMap(([column, spec]) => {
    const pii = (spec as { pii?: unknown } | null)?.pii;
    if (!pii) return [];
    return [{ column, kind: typeof pii === 'string' && pii.toLowerCase() === 'email' ? ('email' as const) : ('other' as const) }];
  });
}

export class StorePiiPolicy implements PiiPolicy {
  constructor(private readonly store: PrismaStore) {}

  async flaggedColumns(connectionId: string, tables: readonly TableRef[]): Promise<PiiColumn[]> {
    if (tables.length === 0) return [];
    const names = nameVariants(tables);
    const [profiles, dataPoints] = await Promise.all([
      this.store.prisma.columnProfile.findMany({ where: { connectionId, tableName: { in: names } }, select: { schemaName: true, tableName: true, columnName: true, patterns: true } }),
      this.store.prisma.dataPoint.findMany({ where: { connectionId, tableName: { in: names } }, select: { schemaName: true, tableName: true, status: true, body: true } }),
    ]);
    const read = (schema: string, table: string) => tables.some((ref) => refersTo(ref, schema, table));
    const flagged: PiiColumn[] = [];
    for (const p of profiles) {
      if (!read(p.schemaName, p.tableName)) continue;
      for (const pattern of patternNames(p.patterns)) {
        const kind = PII_PATTERNS[pattern];
        if (kind) flagged.push({ schema: p.schemaName, table: p.tableName, column: p.columnName, reason: `profile:${pattern}`, kind });
      }
    }
    for (const d of dataPoints) {
      const table = d.tableName;
      if (d.status.toUpperCase() !== 'APPROVED' || !table) continue;
      const matches = d.schemaName === null ? tables.some((ref) => ref.name.toLowerCase() === table.toLowerCase()) : read(d.schemaName, table);
      if (!matches) continue;
      for (const { column, kind } of dataPointPiiColumns(d.body)) flagged.push({ schema: d.schemaName ?? '', table, column, reason: 'datapoint', kind });
    }
    return flagged;
  }
}
