// CatalogReader over the catalog subgraph's GraphQL API: one request per level, the named tables in one batch.
import { declaredRelationships, type DialectName, type Relationship, type Role, type SubgraphClient } from '@querent/common';
import type { PlannerDataPoint, PlannerTable } from '../planner/planner-context';
import type { CatalogDatabaseSummary, CatalogReader, CatalogSchemaSummary, CatalogTableSummary, DescribedTables } from './catalog-reader';

export interface CatalogCallSettings {
  timeoutMs: number;
  retries: number;
  /** The role planning reads the catalog with (reading needs none above viewer; refreshing is analyst work). */
  role: Role;
}

interface RawColumn {
  name: string;
  dataType: string;
  comment: string | null;
  profile: {
    nullFraction: number;
    distinctCount: number;
    min: string | null;
    max: string | null;
    topValues: { value: string; count: number }[];
    samples: string[];
    patterns: string[];
  } | null;
}

interface RawTable {
  schema: string;
  name: string;
  comment: string | null;
  rowEstimate: number | null;
  columns: RawColumn[];
  primaryKey: string[] | null;
  foreignKeys: { columns: string[]; refSchema: string; refTable: string; refColumns: string[] }[];
  uniques: { columns: string[] }[];
}

export class GraphqlCatalogReader implements CatalogReader {
  constructor(private readonly client: SubgraphClient, private readonly settings: CatalogCallSettings) {}

  private call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    return this.client.request<T>('catalog', query, variables, { role: this.settings.role, timeoutMs: this.settings.timeoutMs, retries: this.settings.retries });
  }

  async databases(): Promise<CatalogDatabaseSummary[]> {
    const data = await this.call<{ databases: CatalogDatabaseSummary[] }>('query { databases { id name dialect isDefault description tags } }', {});
    return data.databases.map((d) => ({ ...d, dialect: d.dialect as DialectName }));
  }

  async schemas(databaseId: string): Promise<CatalogSchemaSummary[]> {
    const data = await this.call<{ database: { schemas: CatalogSchemaSummary[] } | null }>('query ($id: ID!) { database(id: $id) { schemas { name isDefault } } }', { id: databaseId });
    return data.database?.schemas ?? [];
  }

  async tables(databaseId: string, schema: string): Promise<CatalogTableSummary[]> {
    const data = await this.call<{ database: { schema: { tables: CatalogTableSummary[] } | null } | null }>(
      'query ($id: ID!, $schema: String!) { database(id: $id) { schema(name: $schema) { tables { schema name kind rowEstimate comment } } } }',
      { id: databaseId, schema },
    );
    return data.database?.schema?.tables ?? [];
  }

  async describe(databaseId: string, schema: string, tables: readonly string[]): Promise<DescribedTables> {
    if (tables.length === 0) return { tables: [], declared: [] };
    const data = await this.call<{ database: { schema: { tables: RawTable[] } | null } | null }>(
      `query ($id: ID!, $schema: String!, $names: [String!]) { database(id: $id) { schema(name: $schema) { tables(names: $names) {
        schema name comment rowEstimate primaryKey
        columns { name dataType comment profile { nullFraction distinctCount min max topValues { value count } samples patterns } }
        foreignKeys { columns refSchema refTable refColumns }
        uniques { columns }
      } } } }`,
      { id: databaseId, schema, names: [...tables] },
    );
    const raw = data.database?.schema?.tables ?? [];
    return {
      tables: raw.map(toPlannerTable),
      declared: raw.flatMap((t) => declaredRelationships({ ...t, uniques: t.uniques }).map(({ constraint: _constraint, ...r }) => r)),
    };
  }

  async inferredRelationships(databaseId: string, schema: string): Promise<Relationship[]> {
    const data = await this.call<{ relationships: (Relationship & { via: { schema: string; table: string } | null })[] }>(
      `query ($id: ID!, $schemas: [String!]) { relationships(databaseId: $id, schemas: $schemas) {
        fromSchema fromTable fromColumns toSchema toTable toColumns source confidence cardinality via { schema table }
      } }`,
      { id: databaseId, schemas: [schema] },
    );
    return data.relationships;
  }

  async dataPoints(databaseId: string): Promise<PlannerDataPoint[]> {
    const data = await this.call<{ dataPoints: { edges: { node: RawDataPoint }[] } }>(
      `query ($id: ID!) { dataPoints(databaseId: $id, type: BUSINESS, status: APPROVED, first: ${MAX_DATAPOINTS}) {
        edges { node { id title description schema table body } }
      } }`,
      { id: databaseId },
    );
    return data.dataPoints.edges.map((e) => toPlannerDataPoint(e.node)).filter((dp): dp is PlannerDataPoint => dp !== null);
  }

  async refresh(databaseId: string, schema: string | null, table: string | null): Promise<{ changeCount: number | null }> {
    const data = await this.client.request<{ refreshCatalog: { changeCount: number } }>(
      'catalog',
      'mutation ($id: ID!, $schema: String, $table: String) { refreshCatalog(databaseId: $id, schema: $schema, table: $table, force: false) { id status changeCount } }',
      { id: databaseId, schema, table },
      { role: 'admin', timeoutMs: this.settings.timeoutMs, retries: 0 },
    );
    return { changeCount: data.refreshCatalog.changeCount };
  }
}

/** Approved metrics read per question; a database with more metrics than this is unusual. */
const MAX_DATAPOINTS = 200;

interface RawDataPoint {
  id: string;
  title: string;
  description: string;
  schema: string | null;
  table: string | null;
  body: { kind?: string; metric?: string; expression?: string; synonyms?: string[]; filter?: string | null; filterTable?: { schema: string; table: string } | null };
}

/** An approved BUSINESS DataPoint as the planner's metric; null when it carries no usable expression. */
function toPlannerDataPoint(node: RawDataPoint): PlannerDataPoint | null {
  const body = node.body ?? {};
  if (!body.expression || !node.table) return null;
  return {
    id: node.id,
    name: (body.metric ?? node.title).replace(/_/g, ' '),
    sql: body.expression,
    table: { schema: node.schema ?? 'main', table: node.table },
    synonyms: Array.isArray(body.synonyms) ? body.synonyms : [],
    description: node.description,
    filter: body.filter ?? null,
    filterTable: body.filterTable ?? null,
  };
}

function toPlannerTable(t: RawTable): PlannerTable {
  const pk = new Set(t.primaryKey ?? []);
  return {
    schema: t.schema,
    name: t.name,
    comment: t.comment,
    rowEstimate: t.rowEstimate,
    columns: t.columns.map((c) => ({
      name: c.name,
      dataType: c.dataType,
      comment: c.comment,
      primaryKey: pk.has(c.name),
      ...(c.profile
        ? {
            profile: {
              nullFraction: c.profile.nullFraction,
              distinctCount: c.profile.distinctCount,
              min: c.profile.min,
              max: c.profile.max,
              topValues: c.profile.topValues,
              samples: c.profile.samples,
              patterns: c.profile.patterns.map((p) => p.toLowerCase()),
            },
          }
        : {}),
    })),
  };
}

