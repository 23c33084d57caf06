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
import { generateDataPoints } from '@querent/catalog/dist/datapoints/datapoint-generator';
import type { DatabaseFacts } from '@querent/catalog/dist/datapoints/database-facts';
import type { PlannerColumnProfile, PlannerContext, PlannerDataPoint, PlannerTable } from '../planner/planner-context';

export interface LiveContextOptions {
  /** Schema to read; the database's default schema when not given. */
  schema?: string;
  /** Distinct values read per text column (most frequent first). */
  valuesPerColumn?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /**
   * `generated`: the catalog's deterministic BUSINESS DataPoints (metrics such as revenue = quantity × unit price,
   * minus cancelled rows) taken as approved, as `initialize(autoApprove: true)` does for a new database. Default none.
   */
  dataPoints?: 'none' | 'generated';
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
  const dataPoints = options.dataPoints === 'generated' ? generatedMetrics(dialect, structures, tables, relationships) : [];
  const context: PlannerContext = {
    dialect: dialect.name,
    tables,
    relationships,
    dataPoints,
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
    if (profile.topValues.length && profile.topValues.every((v) => /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(v.value))) profile.patterns = ['iso_date'];
    profiles.set(c.name, profile);
  }
  return { rows, profiles, queries };
}

/** The catalog generator's BUSINESS metrics (sums and ratios; counting is the planner's own) as planner DataPoints. */
function generatedMetrics(dialect: Dialect, structures: TableStructure[], tables: PlannerTable[], relationships: Relationship[]): PlannerDataPoint[] {
  const facts: DatabaseFacts = {
    databaseName: 'batch',
    relationships,
    quoteIdentifier: (name) => dialect.quoteIdentifier(name),
    valueKind: (dataType) => dialect.sampling.valueKind(dataType),
    tables: structures.map((structure) => {
      const table = tables.find((t) => t.schema === structure.schema && t.name === structure.name);
      const rows = table?.rowEstimate ?? 0;
      return {
        structure,
        inDefaultSchema: true,
        rowEstimate: table?.rowEstimate ?? null,
        latest: null,
        profile: table
          ? {
              rowCount: rows,
              rowCountExact: true,
              profiledAt: new Date(0),
              columns: new Map(
                table.columns.map((c) => [
                  c.name,
                  {
                    nullFraction: 0,
                    distinctCount: c.profile?.distinctCount ?? 0,
                    distinctExact: true,
                    min: c.profile?.min === null || c.profile?.min === undefined ? null : String(c.profile.min),
                    max: c.profile?.max === null || c.profile?.max === undefined ? null : String(c.profile.max),
                    mean: null,
                    topValues: (c.profile?.topValues ?? []).slice(0, 10),
                    samples: (c.profile?.topValues ?? []).slice(0, 5).map((v) => v.value),
                    patterns: c.profile?.patterns ?? [],
                  },
                ]),
              ),
            }
          : null,
      };
    }),
  };
  // Taken as approved: composite metrics only (revenue = quantity × price, average order value). A sum of one column is
  // what the planner reads from the column itself; its generated status filter is a guess a person should confirm.
  const composite = (expression: string) => new Set(expression.match(/\.\w+|\b\w+(?=\s*[*/+-])/g) ?? []).size > 1;
  return generateDataPoints(facts)
    .filter((p) => p.type === 'BUSINESS' && (p.body.aggregation === 'SUM' || p.body.aggregation === 'RATIO') && p.schema && p.table && composite(String(p.body.expression ?? '')))
    .map((p) => {
      const body = p.body as { expression?: string; synonyms?: string[]; filter?: string | null; filterTable?: { schema: string; table: string } | null; metric?: string; timeDimension?: string | null };
      const [timeTable, timeColumn] = (body.timeDimension ?? '').split('.');
      return {
        id: p.key,
        name: p.title,
        sql: String(body.expression ?? ''),
        table: { schema: p.schema!, table: p.table! },
        synonyms: [...(body.synonyms ?? []), ...(body.metric ? [body.metric.replace(/_/g, ' ')] : [])],
        description: p.body.description,
        filter: body.filter ?? null,
        filterTable: body.filterTable ?? null,
        timeColumn: timeTable && timeColumn ? { schema: p.schema!, table: timeTable, column: timeColumn } : null,
      };
    })
    .filter((p) => p.sql);
}

function asScalar(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  return String(value);
}
