// Builds a PlannerContext the progressive way: the database's schemas, then the relevant schema's table list, then
// the structure of only the best candidate tables and the tables that join them, never the whole database.
import type { DialectName, Relationship } from '@querent/common';
import type { CatalogReader, CatalogSchemaSummary, CatalogTableSummary, DescribedTables } from '../catalog-access/catalog-reader';
import type { PlannerContext } from '../planner/planner-context';
import type { FeedbackStore } from '../semantic/feedback-store';
import { questionStems, rankTables, type RankedTable } from './table-relevance';

export interface ContextBudget {
  /** Tables whose structure may be read for one question (the bound is 20). */
  maxTables: number;
  /** Best-ranked tables taken before join neighbours are added. */
  seedTables: number;
  /**
   * Inferred relationships (names, value overlap) are asked for only when the schema has at most this many tables:
   * inferring them reads every structure of the schema once (the catalog then keeps them). Larger schemas join on
   * declared keys until their relationships have been inferred on purpose (relationships / refreshRelationships).
   */
  inferenceSchemaLimit: number;
}

export const DEFAULT_CONTEXT_BUDGET: ContextBudget = { maxTables: 20, seedTables: 8, inferenceSchemaLimit: 150 };

export interface BuiltContext {
  context: PlannerContext;
  schema: string;
  /** The candidate ranking with reasons (for explanations and the linking-recall benchmark). */
  ranking: RankedTable[];
  /** How many tables the schema has, and how many were described. */
  tablesInSchema: number;
  tablesDescribed: number;
}

export class PlanningContextBuilder {
  constructor(
    private readonly catalog: CatalogReader,
    private readonly budget: ContextBudget = DEFAULT_CONTEXT_BUDGET,
    /** Mappings learned from feedback on earlier answers, when the caller keeps them. */
    private readonly feedback?: Pick<FeedbackStore, 'learnedMappings'>,
  ) {}

  async build(databaseId: string, dialect: DialectName, question: string): Promise<BuiltContext> {
    const schemas = await this.catalog.schemas(databaseId);
    const schema = chooseSchema(question, schemas);
    const [tables, dataPoints, learnedMappings] = await Promise.all([
      this.catalog.tables(databaseId, schema),
      this.catalog.dataPoints(databaseId),
      this.feedback ? this.feedback.learnedMappings(databaseId) : Promise.resolve([]),
    ]);
    const ranking = rankTables(question, tables, dataPoints);
    const seeds = pickSeeds(ranking, tables, this.budget.seedTables);
    const described = await this.catalog.describe(databaseId, schema, seeds.map((t) => t.name));
    const inferred = tables.length <= this.budget.inferenceSchemaLimit ? await this.catalog.inferredRelationships(databaseId, schema) : [];
    const withNeighbours = await this.addJoinNeighbours(databaseId, schema, described, inferred, tables);
    const names = new Set(withNeighbours.tables.map((t) => `${t.schema}.${t.name}`));
    const touches = (r: Relationship) => names.has(`${r.fromSchema}.${r.fromTable}`) && names.has(`${r.toSchema}.${r.toTable}`);
    const relationships = dedupe([...withNeighbours.declared, ...inferred]).filter(touches);
    return {
      context: { databaseId, dialect, tables: withNeighbours.tables, relationships, dataPoints, learnedMappings },
      schema,
      ranking,
      tablesInSchema: tables.length,
      tablesDescribed: withNeighbours.tables.length,
    };
  }

  /** Tables the seeds reference or are referenced by (one hop), so the planner can join them, within the budget. */
  private async addJoinNeighbours(databaseId: string, schema: string, described: DescribedTables, inferred: Relationship[], all: readonly CatalogTableSummary[]): Promise<DescribedTables> {
    const have = new Set(described.tables.map((t) => t.name));
    const room = this.budget.maxTables - described.tables.length;
    if (room <= 0) return described;
    const referenced: string[] = [];
    for (const r of [...described.declared, ...inferred]) {
      for (const [s, t] of [[r.toSchema, r.toTable], [r.fromSchema, r.fromTable]]) if (s === schema && !have.has(t)) referenced.push(t);
    }
    // Tables whose name contains a seed's name (`order_items` for `orders`) are likely children that join them.
    const seedStems = new Set(described.tables.flatMap((t) => questionStems(t.name)));
    const children = all
      .filter((t) => !have.has(t.name) && questionStems(t.name).some((s) => seedStems.has(s)))
      .map((t) => t.name);
    const extra = [...new Set([...referenced, ...children])].filter((n) => all.some((t) => t.name === n)).slice(0, room);
    if (extra.length === 0) return described;
    const more = await this.catalog.describe(databaseId, schema, extra);
    return { tables: [...described.tables, ...more.tables], declared: [...described.declared, ...more.declared] };
  }
}

/** A schema the question names, else the default schema, else the first. */
export function chooseSchema(question: string, schemas: readonly CatalogSchemaSummary[]): string {
  if (schemas.length === 0) return 'main';
  const lowered = question.toLowerCase();
  const named = schemas.find((s) => new RegExp(`\\b${s.name.toLowerCase().replace(/[^a-z0-9_]/g, '')}\\b`).test(lowered) && !s.isDefault);
  return (named ?? schemas.find((s) => s.isDefault) ?? schemas[0]).name;
}

function pickSeeds(ranking: RankedTable[], all: readonly CatalogTableSummary[], count: number): CatalogTableSummary[] {
  const matched = ranking.filter((r) => r.score > 0).slice(0, count).map((r) => r.table);
  // Nothing matched by name: a small database is described whole (up to the seed count), a large one by its largest tables.
  if (matched.length > 0) return matched;
  return all.length <= count ? [...all] : ranking.slice(0, count).map((r) => r.table);
}

function dedupe(relationships: Relationship[]): Relationship[] {
  const seen = new Map<string, Relationship>();
  for (const r of relationships) {
    const key = `${r.fromSchema}.${r.fromTable}(${r.fromColumns.join(',')})>${r.toSchema}.${r.toTable}(${r.toColumns.join(',')})`;
    const prior = seen.get(key);
    // A declared key wins over the same pair inferred.
    if (!prior || (prior.source !== 'DECLARED' && (r.source === 'DECLARED' || r.confidence > prior.confidence))) seen.set(key, r);
  }
  return [...seen.values()];
}
