// Deterministic DataPoint generation: one SCHEMA per table, BUSINESS metrics, PROCESS hints for dated tables, from
// the database's facts alone. The whole database is modelled (dimensions and filters may sit in other tables); only
// the tables asked for get DataPoints.
import crypto from 'node:crypto';
import { businessDataPoints } from './business-datapoints';
import type { GeneratedDataPoint } from './datapoint';
import type { DatabaseFacts } from './database-facts';
import { buildDatabaseModel } from './database-model';
import { processDataPoint } from './process-datapoints';
import { schemaDataPoint } from './schema-datapoints';

/** `orders` or `sales.orders`: whether a table is among those named (no names: every table). */
export function tableSelector(tables: readonly string[] | null | undefined): (schema: string | null, table: string | null) => boolean {
  if (!tables || tables.length === 0) return () => true;
  const wanted = new Set(tables.map((t) => t.trim()));
  return (schema, table) => table !== null && (wanted.has(table) || (schema !== null && wanted.has(`${schema}.${table}`)));
}

export function generateDataPoints(facts: DatabaseFacts, tables?: readonly string[] | null): GeneratedDataPoint[] {
  const model = buildDatabaseModel(facts);
  const selected = tableSelector(tables);
  const chosen = model.tables.filter((t) => selected(t.schema, t.name));
  return [
    ...chosen.map((t) => schemaDataPoint(model, t)),
    ...businessDataPoints(model).filter((p) => selected(p.schema, p.table)),
    ...chosen.map((t) => processDataPoint(model, t)).filter((p): p is GeneratedDataPoint => p !== null),
  ];
}

/** JSON with object keys sorted, so equal content always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * `<basis>:<content>`: the basis part moves when what a decision rests on moves (a decided DataPoint goes stale);
 * the content part moves with anything the generator writes (a pending one is rewritten).
 */
export function generatedHash(point: GeneratedDataPoint): string {
  return `${sha(canonical(point.basis))}:${sha(canonical({ title: point.title, body: point.body, confidence: point.confidence }))}`;
}

export function basisPart(hash: string | null): string | null {
  return hash ? (hash.split(':')[0] ?? null) : null;
}
