// A CatalogReader straight over one database's Dialect connection, without the catalog subgraph or GraphQL: level 1
// and 2 from the dialect's bulk catalog queries, level 3 for the named tables only (declared foreign keys become
// DECLARED relationships), and, when asked, a profile-sized value sample per text column through the read-only
// executor. Used by benchmarks and batch tools; it counts the tables it described so they can report it.
import { declaredRelationships, dialectForUrl, redactUrl, type Dialect, type DialectConnection, type ReadOnlyExecutor, type Relationship, type TableInfo, type TableStructure } from '@querent/common';
import type { PlannerColumnProfile, PlannerDataPoint, PlannerTable } from '../planner/planner-context';
import type { CatalogDatabaseSummary, CatalogReader, CatalogSchemaSummary, CatalogTableSummary, DescribedTables } from './catalog-reader';

export interface DialectCatalogReaderOptions {
  /** The id this reader answers to (default: the URL without its password). */
  databaseId?: string;
  /** The name the database goes by in messages (default: the last part of the URL's path). */
  name?: string;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /**
   * Most frequent values read per text column of a described table, like a profile's top values (the catalog's
   * profiler keeps 10); 0 reads no values (structure only).
   */
  valuesPerColumn?: number;
  /** Approved DataPoints to hand out (this reader has no store of its own). */
  dataPoints?: PlannerDataPoint[];
  /**
   * Answer `inferredRelationships` with the declared keys of the whole schema, read once per schema, as the catalog's
   * relationship memory would hold them; default true. Without it only the keys of described tables are known.
   */
  relationshipMemory?: boolean;
  /**
   * What the relationship memory holds for a schema, given every table's structure (e.g. the catalog's inference by
   * names and value overlap); default: their declared keys.
   */
  relationshipSource?: (structures: readonly TableStructure[]) => Promise<Relationship[]>;
}

export class DialectCatalogReader implements CatalogReader {
  readonly databaseId: string;
  /** Level-3 reads: every table whose structure was described (a table described twice counts twice). */
  tablesDescribed = 0;
  /** Value-sampling statements sent through the executor. */
  sampleQueries = 0;
  /** Whole-schema structure reads for the relationship memory (once per schema), apart from `tablesDescribed`. */
  relationshipMemoryReads = 0;
  private readonly dialect: Dialect;
  private readonly name: string;
  private connection: DialectConnection | null = null;
  private executor: ReadOnlyExecutor | null = null;
  private schemaList: CatalogSchemaSummary[] | null = null;
  private readonly tableLists = new Map<string, TableInfo[]>();
  private readonly structures = new Map<string, DescribedTables>();
  private readonly declaredBySchema = new Map<string, Relationship[]>();

  constructor(private readonly url: string, private readonly options: DialectCatalogReaderOptions = {}) {
    this.dialect = dialectForUrl(url);
    this.databaseId = options.databaseId ?? redactUrl(url);
    this.name = options.name ?? (decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '') || this.dialect.label).replace(/\.[a-z0-9]+$/i, '');
  }

  get dialectName(): Dialect['name'] {
    return this.dialect.name;
  }

  async databases(): Promise<CatalogDatabaseSummary[]> {
    return [{ id: this.databaseId, name: this.name, dialect: this.dialect.name, isDefault: true, description: null, tags: [] }];
  }

  async schemas(databaseId: string): Promise<CatalogSchemaSummary[]> {
    this.check(databaseId);
    if (!this.schemaList) this.schemaList = (await this.withConnection((c) => c.listSchemas())).map((s) => ({ name: s.name, isDefault: s.isDefault }));
    return this.schemaList;
  }

  async tables(databaseId: string, schema: string): Promise<CatalogTableSummary[]> {
    return (await this.tableInfos(databaseId, schema)).map((t) => ({ schema: t.schema, name: t.name, kind: t.kind, rowEstimate: t.rowEstimate, comment: t.comment }));
  }

  async describe(databaseId: string, schema: string, tables: readonly string[]): Promise<DescribedTables> {
    this.check(databaseId);
    const wanted = [...new Set(tables)];
    const missing = wanted.filter((t) => !this.structures.has(`${schema}.${t}`));
    if (missing.length > 0) {
      const infos = new Map((await this.tableInfos(databaseId, schema)).map((t) => [t.name, t]));
      const structures = await this.withConnection((c) => c.describeTables(schema, missing));
      for (const s of structures) this.structures.set(`${schema}.${s.name}`, await this.toPlannerTable(s, infos.get(s.name)));
    }
    this.tablesDescribed += wanted.length;
    const described = wanted.map((t) => this.structures.get(`${schema}.${t}`)).filter((d): d is DescribedTables => d !== undefined);
    return { tables: described.flatMap((d) => d.tables), declared: described.flatMap((d) => d.declared) };
  }

  /**
   * With the relationship memory on, the relationships of the whole schema (its declared keys, or what the
   * relationship source infers), read once (so a link table is found from either side); off, nothing beyond what
   * `describe` returns.
   */
  async inferredRelationships(databaseId: string, schema: string): Promise<Relationship[]> {
    this.check(databaseId);
    if (this.options.relationshipMemory === false) return [];
    let declared = this.declaredBySchema.get(schema);
    if (!declared) {
      const infos = await this.tableInfos(databaseId, schema);
      const structures = await this.withConnection((c) => c.describeTables(schema, infos.map((t) => t.name)));
      this.relationshipMemoryReads++;
      declared = this.options.relationshipSource ? await this.options.relationshipSource(structures) : structures.flatMap((s) => declaredKeys(s));
      this.declaredBySchema.set(schema, declared);
    }
    return declared;
  }

  async dataPoints(databaseId: string): Promise<PlannerDataPoint[]> {
    this.check(databaseId);
    return this.options.dataPoints ?? [];
  }

  /** Forgets what it read, so the next question reads again; it keeps no memory to compare, so changes are unknown. */
  async refresh(databaseId: string, schema: string | null, table: string | null): Promise<{ changeCount: number | null }> {
    this.check(databaseId);
    if (schema === null) {
      this.schemaList = null;
      this.tableLists.clear();
      this.structures.clear();
      this.declaredBySchema.clear();
      return { changeCount: null };
    }
    this.tableLists.delete(schema);
    this.declaredBySchema.delete(schema);
    for (const key of [...this.structures.keys()]) if (key.startsWith(`${schema}.`) && (table === null || key === `${schema}.${table}`)) this.structures.delete(key);
    return { changeCount: null };
  }

  /**
   * Every table of a schema with its column names, read directly (not counted as described): the whole schema a
   * pruned context is measured against.
   */
  async schemaColumns(databaseId: string, schema: string): Promise<Map<string, string[]>> {
    const infos = await this.tableInfos(databaseId, schema);
    const structures = await this.withConnection((c) => c.describeTables(schema, infos.map((t) => t.name)));
    return new Map(structures.map((s) => [s.name, s.columns.map((c) => c.name)]));
  }

  async close(): Promise<void> {
    const closing = [this.connection?.close(), this.executor?.close()];
    this.connection = null;
    this.executor = null;
    await Promise.allSettled(closing);
  }

  private async tableInfos(databaseId: string, schema: string): Promise<TableInfo[]> {
    this.check(databaseId);
    let list = this.tableLists.get(schema);
    if (!list) {
      list = await this.withConnection((c) => c.listTables(schema));
      this.tableLists.set(schema, list);
    }
    return list;
  }

  private check(databaseId: string): void {
    if (databaseId !== this.databaseId) throw new Error(`this catalog reader reads ${this.databaseId}, not ${databaseId}`);
  }

  /** Network engines keep one connection; file engines open one per call so no file lock outlives it. */
  private async withConnection<T>(work: (connection: DialectConnection) => Promise<T>): Promise<T> {
    const options = { connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000, queryTimeoutMs: this.options.queryTimeoutMs ?? 30_000 };
    if (this.dialect.capabilities.reuseConnections) {
      this.connection ??= await this.dialect.connect(this.url, options);
      return work(this.connection);
    }
    const connection = await this.dialect.connect(this.url, options);
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  }

  private async toPlannerTable(s: TableStructure, info: TableInfo | undefined): Promise<DescribedTables> {
    const profiles = await this.sampleValues(s);
    const table: PlannerTable = {
      schema: s.schema,
      name: s.name,
      comment: s.comment,
      rowEstimate: info?.rowEstimate ?? null,
      columns: s.columns.map((c) => ({
        name: c.name,
        dataType: c.dataType,
        comment: c.comment,
        primaryKey: s.primaryKey?.columns.includes(c.name) ?? false,
        ...(profiles.has(c.name) ? { profile: profiles.get(c.name) } : {}),
      })),
    };
    return { tables: [table], declared: declaredKeys(s) };
  }

  /**
   * The most frequent values of each text column, one statement per column, as a profile's top values, and the number
   * of distinct values of each (one statement per table), as the catalog's profiles hold them: whether the top values
   * list every value of a column is part of what the memory knows.
   */
  private async sampleValues(s: TableStructure): Promise<Map<string, PlannerColumnProfile>> {
    const profiles = new Map<string, PlannerColumnProfile>();
    const limit = this.options.valuesPerColumn ?? 0;
    if (limit <= 0) return profiles;
    const textColumns = s.columns.filter((c) => this.dialect.sampling.valueKind(c.dataType) === 'text');
    if (textColumns.length === 0) return profiles;
    this.executor ??= await this.dialect.openExecutor(this.url, { connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000, poolSize: 1 });
    const q = (name: string) => this.dialect.quoteIdentifier(name);
    for (const c of textColumns) {
      this.sampleQueries++;
      const result = await this.executor.query(
        `SELECT ${q(c.name)}, COUNT(*) FROM ${q(s.schema)}.${q(s.name)} WHERE ${q(c.name)} IS NOT NULL GROUP BY ${q(c.name)} ORDER BY COUNT(*) DESC, ${q(c.name)} LIMIT ${limit}`,
        { timeoutMs: this.options.queryTimeoutMs ?? 30_000, maxRows: limit, maxBytes: 4 * 1024 * 1024 },
      );
      const topValues = result.rows.map((r) => ({ value: String(r[0]), count: Number(r[1]) }));
      profiles.set(c.name, { topValues, samples: topValues.slice(0, 5).map((v) => v.value) });
    }
    this.sampleQueries++;
    const distinct = await this.executor.query(
      `SELECT ${textColumns.map((c) => `COUNT(DISTINCT ${q(c.name)})`).join(', ')} FROM ${q(s.schema)}.${q(s.name)}`,
      { timeoutMs: this.options.queryTimeoutMs ?? 30_000, maxRows: 1, maxBytes: 1024 * 1024 },
    );
    textColumns.forEach((c, i) => {
      const count = Number(distinct.rows[0]?.[i]);
      if (Number.isFinite(count)) profiles.get(c.name)!.distinctCount = count;
    });
    return profiles;
  }
}

/** A table's declared foreign keys as DECLARED relationships (common's one mapping, without the constraint name). */
function declaredKeys(s: TableStructure): Relationship[] {
  return declaredRelationships({ schema: s.schema, name: s.name, foreignKeys: s.foreignKeys }).map(({ constraint: _constraint, ...r }) => ({ ...r, cardinality: 'ONE_TO_MANY' as const }));
}
