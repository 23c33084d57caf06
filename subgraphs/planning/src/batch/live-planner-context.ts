// Builds a PlannerContext straight from a live database for batch planning: structure through the dialect's catalog
// queries (schemas → tables → described tables), relationships by the catalog's inference (declared, names, value
// overlap) and a value sample through the read-only executor (distinct values of text columns, min/max and distinct
// counts of the rest).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dialectForUrl, QuerentError, type Dialect, type ReadOnlyExecutor, type Relationship, type TableStructure } from '@querent/common';
// The catalog's own inference (declared keys, names, value overlap), imported by path: batch planning must see the
// relationships the product sees, without loading the catalog's GraphQL and store layers.
import { RelationshipInference } from '@querent/catalog/dist/relationships/relationship-inference';
import { SqlOverlapMeter } from '@querent/catalog/dist/relationships/value-overlap';
import type { PlannerColumnProfile, PlannerContext, PlannerTable } from '../planner/planner-context';

export interface LiveContextOptions {
  /** Schema to read; the database's default schema when not given. */
  schema?: string;
  /** Distinct values read per text column (most frequent first). */
  valuesPerColumn?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export interface LiveContext {
  context: PlannerContext;
  schema: string;
  /** Sampling queries sent. */
  queries: number;
  close(): Promise<void>;
}

/** A connection URL, or a SQLite file path turned into its `sqlite:///` URL. */
export function databaseUrl(dbArgument: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(dbArgument) && !/^[a-z]:[\\/]/i.test(dbArgument)) return dbArgument;
  const absolute = path.resolve(dbArgument);
  return `sqlite://${pathToFileURL(absolute).pathname}`;
}

export async function readLiveContext(url: string, options: LiveContextOptions = {}): Promise<LiveContext> {
  const dialect = dialectForUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const queryTimeoutMs = options.queryTimeoutMs ?? 30_000;
  const connection = await dialect.connect(url, { connectTimeoutMs, queryTimeoutMs });
  let structures: TableStructure[];
  let schema: string;
  let estimates = new Map<string, number | null>();
  try {
    const schemas = await connection.listSchemas();
    const chosen = options.schema ? schemas.find((s) => s.name === options.schema) : schemas.find((s) => s.isDefault) ?? schemas[0];
    if (!chosen) throw new QuerentError('BAD_INPUT', options.schema ? `the database has no schema named "${options.schema}"` : 'the database has no schema to read');
    schema = chosen.name;
    const tables = await connection.listTables(schema);
    estimates = new Map(tables.map((t) => [t.name, t.rowEstimate]));
    structures = await connection.describeTables(schema, tables.map((t) => t.name));
  } finally {
    await connection.close();
  }
  const executor = await dialect.openExecutor(url, { connectTimeoutMs, poolSize: 1 });
  let queries = 0;
  const tables: PlannerTable[] = [];
  let relationships: Relationship[];
  try {
    const meter = new SqlOverlapMeter(executor, (name) => dialect.quoteIdentifier(name), { timeoutMs: queryTimeoutMs });
    const inferred = await new RelationshipInference({ maxOverlapQueries: 400, overlapBudgetMs: 20_000 }).infer(structures, meter);
    queries += inferred.stats.overlapQueries;
    relationships = inferred.relationships.map(({ evidence: _evidence, ...r }) => r);
    for (const s of structures) {
      const sampled = await sampleTable(dialect, executor, s, options.valuesPerColumn ?? 1000, queryTimeoutMs);
      queries += sampled.queries;
      tables.push({
        schema: s.schema,
        name: s.name,
        comment: s.comment,
        rowEstimate: sampled.rows ?? estimates.get(s.name) ?? null,
        columns: s.columns.map((c) => ({
          name: c.name,
          dataType: c.dataType,
          comment: c.comment,
          primaryKey: s.primaryKey?.columns.includes(c.name) ?? false,
          profile: sampled.profiles.get(c.name),
        })),
      });
    }
  } catch (error) {
    await executor.close();
    throw error;
  }
  const context: PlannerContext = {
    dialect: dialect.name,
    tables,
    relationships,
    latestDate: async (table, column) => {
      const t = tables.find((x) => x.schema === table.schema && x.name === table.table);
      const max = t?.columns.find((c) => c.name === column)?.profile?.max;
      return max === undefined || max === null ? null : String(max);
    },
  };
  return { context, schema, queries, close: () => executor.close() };
}

async function sampleTable(
  dialect: Dialect,
  executor: ReadOnlyExecutor,
  table: TableStructure,
  valuesPerColumn: number,
  timeoutMs: number,
): Promise<{ rows: number | null; profiles: Map<string, PlannerColumnProfile>; queries: number }> {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const from = `${q(table.schema)}.${q(table.name)}`;
  const profiles = new Map<string, PlannerColumnProfile>();
  let queries = 0;
  const run = async (sql: string, maxRows: number): Promise<unknown[][]> => {
    queries++;
    const result = await executor.query(sql, { timeoutMs, maxRows, maxBytes: 16 * 1024 * 1024 });
    return result.rows;
  };
  const kinds = table.columns.map((c) => dialect.sampling.valueKind(c.dataType));
  const sampleable = table.columns.filter((_, i) => kinds[i] !== 'binary' && kinds[i] !== 'json');
  // One statement for the row count and every column's distinct count, min and max.
  const stats = sampleable.flatMap((c) => [`COUNT(DISTINCT ${q(c.name)})`, `MIN(${q(c.name)})`, `MAX(${q(c.name)})`]);
  const [summary] = await run(`SELECT COUNT(*)${stats.length ? `, ${stats.join(', ')}` : ''} FROM ${from}`, 1);
  const rows = summary ? Number(summary[0]) : null;
  sampleable.forEach((c, i) => {
    const base = 1 + i * 3;
    profiles.set(c.name, {
      distinctCount: summary ? Number(summary[base]) : null,
      min: summary ? asScalar(summary[base + 1]) : null,
      max: summary ? asScalar(summary[base + 2]) : null,
    });
  });
  for (const [i, c] of table.columns.entries()) {
    if (kinds[i] === 'binary' || kinds[i] === 'json' || kinds[i] === 'number' || kinds[i] === 'boolean') continue;
    const values = await run(
      `SELECT ${q(c.name)}, COUNT(*) FROM ${from} WHERE ${q(c.name)} IS NOT NULL GROUP BY ${q(c.name)} ORDER BY COUNT(*) DESC LIMIT ${valuesPerColumn}`,
      valuesPerColumn,
    );
    const profile = profiles.get(c.name) ?? {};
    profile.topValues = values.map((r) => ({ value: String(r[0]), count: Number(r[1]) }));
    profiles.set(c.name, profile);
  }
  return { rows, profiles, queries };
}

function asScalar(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  return String(value);
}
