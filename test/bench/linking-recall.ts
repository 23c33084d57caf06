// Owns the schema-linking recall measurement: for each question, the context the LLM planner would send (the
// progressive PlanningContextBuilder over a DialectCatalogReader, then the LLM context pruner), checked against the
// tables and columns its gold SQL uses. recall = share of gold tables and columns inside the pruned context;
// context_share = the pruned context's columns as a share of every column of the database.
// Runnable alone: node test/dist/bench/linking-recall.js [--misses] (Spider open split and the demo BI set).
// The memory is what the catalog would hold: profile-sized value samples and the relationships its inference finds.
// The final line counts spider_open and demo_bi (no DataPoint approved, as a new installation starts: initialize's
// autoApprove is off by default, so the LLM context cannot count on a reviewer having approved the generated metrics);
// demo_bi_with_approved_metrics (the catalog's generated metrics taken as approved, as bench:accuracy plans the demo
// set) is printed beside it.
// gold_share is what a perfect pruner would keep: the gold query's own columns as a share of all columns.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'node-sql-parser';
import { DialectCatalogReader } from '@querent/planning/dist/catalog-access/dialect-catalog-reader';
import { PlanningContextBuilder } from '@querent/planning/dist/context/planning-context-builder';
import { pruneContext, type PruneOptions, type PrunedContext } from '@querent/planning/dist/context/llm-context-pruner';
import { generateDemoDatabase } from '@querent/catalog/dist/demo/demo-database';
import type { ColumnProfileFacts, DatabaseFacts, TableFacts } from '@querent/catalog/dist/datapoints/database-facts';
import { generateDataPoints } from '@querent/catalog/dist/datapoints/datapoint-generator';
import { RelationshipInference } from '@querent/catalog/dist/relationships/relationship-inference';
import { SqlOverlapMeter } from '@querent/catalog/dist/relationships/value-overlap';
import { dialectForUrl, type Relationship, type TableStructure, type ReadOnlyExecutor, type Dialect } from '@querent/common';
import type { PlannerDataPoint } from '@querent/planning/dist/planner/planner-context';
import { loadDemoBiQuestions } from '../support/demo-bi-set';
import { SHARED_DIR } from '../support/shared-data';

export interface LinkingItem {
  question: string;
  goldSql: string;
  /** Connection URL of the database the gold SQL runs on. */
  dbUrl: string;
}

export interface LinkingMiss {
  question: string;
  goldSql: string;
  missing: string[];
}

export interface LinkingRecall {
  questions: number;
  /** Questions whose gold SQL could be parsed (the others are left out of every figure). */
  parsed: number;
  /** Gold tables and columns, and how many of them the pruned contexts held. */
  goldItems: number;
  covered: number;
  /** covered / goldItems, 0..1. */
  recall: number;
  /** Questions whose every gold table and column was in the context, 0..1 of parsed. */
  fullyCovered: number;
  /** Mean over questions of (pruned context's columns / all columns of the database), 0..1. */
  contextShare: number;
  /** Sum of pruned columns / sum of database columns over questions, 0..1. */
  pooledContextShare: number;
  /** Mean over questions of (the gold query's own distinct columns / all columns): what a perfect pruner would keep. */
  goldShare: number;
  /** Mean tables whose structure the builder read per question. */
  tablesDescribed: number;
  misses: LinkingMiss[];
}

interface GoldItem {
  label: string;
  /** Covered when any of these (table, column|null) pairs is in the context; column null = the table itself. */
  options: { table: string; column: string | null }[];
}

const parser = new Parser();

/** The tables and columns a gold query uses, resolved against the schema (`*` needs only its tables). */
export function goldItems(sql: string, schema: Map<string, string[]>): GoldItem[] | null {
  // The SQLite grammar reads no INTERSECT/EXCEPT; MySQL's does and, like SQLite, reads "…" as a string.
  const parsed = ['sqlite', 'mysql'].map((database) => {
    try {
      return { tables: parser.tableList(sql, { database }), columns: parser.columnList(sql, { database }) };
    } catch {
      return null;
    }
  }).find((p) => p !== null);
  if (!parsed) return null;
  const tableList = parsed.tables;
  const columnList = parsed.columns;
  const byLower = new Map([...schema.keys()].map((t) => [t.toLowerCase(), t]));
  const tables = [...new Set(tableList.map((t) => t.split('::')[2]).map((t) => byLower.get(t.toLowerCase())).filter((t): t is string => Boolean(t)))];
  const items: GoldItem[] = tables.map((t) => ({ label: t, options: [{ table: t, column: null }] }));
  const seen = new Set<string>();
  for (const entry of columnList) {
    const [, owner, column] = entry.split('::');
    if (column === '(.*)' || column === '*') continue;
    const candidates = owner && owner !== 'null' ? [byLower.get(owner.toLowerCase())].filter((t): t is string => Boolean(t)) : tables;
    const holders = candidates.filter((t) => schema.get(t)!.some((c) => c.toLowerCase() === column.toLowerCase()));
    // An alias of the select list (ORDER BY total) or an expression name is no schema item.
    if (holders.length === 0) continue;
    const key = holders.map((t) => `${t}.${column}`.toLowerCase()).sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ label: holders.length === 1 ? `${holders[0]}.${column}` : `${holders.join('|')}.${column}`, options: holders.map((t) => ({ table: t, column })) });
  }
  return items;
}

function inContext(pruned: PrunedContext, option: { table: string; column: string | null }): boolean {
  const table = pruned.tables.find((t) => t.name.toLowerCase() === option.table.toLowerCase());
  if (!table) return false;
  return option.column === null || table.columns.some((c) => c.name.toLowerCase() === option.column!.toLowerCase());
}

/** Reads every column's profile the way the catalog's profiler summarizes it (counts, range, mean, 10 top values). */
async function profileTable(dialect: Dialect, executor: ReadOnlyExecutor, s: TableStructure): Promise<TableFacts['profile']> {
  const q = (n: string) => dialect.quoteIdentifier(n);
  const run = async (sql: string, maxRows: number) => (await executor.query(sql, { timeoutMs: 30_000, maxRows, maxBytes: 4_000_000 })).rows;
  const from = `${q(s.schema)}.${q(s.name)}`;
  const stats = s.columns.flatMap((c) => {
    const numeric = dialect.sampling.valueKind(c.dataType) === 'number';
    return [`COUNT(${q(c.name)})`, `COUNT(DISTINCT ${q(c.name)})`, `MIN(${q(c.name)})`, `MAX(${q(c.name)})`, numeric ? `AVG(${q(c.name)})` : 'NULL'];
  });
  const [row] = await run(`SELECT COUNT(*), ${stats.join(', ')} FROM ${from}`, 1);
  const rowCount = Number(row[0]);
  const columns = new Map<string, ColumnProfileFacts>();
  for (const [i, c] of s.columns.entries()) {
    const base = 1 + i * 5;
    const top = await run(`SELECT ${q(c.name)}, COUNT(*) FROM ${from} WHERE ${q(c.name)} IS NOT NULL GROUP BY ${q(c.name)} ORDER BY COUNT(*) DESC LIMIT 10`, 10);
    const topValues = top.map((r) => ({ value: String(r[0]), count: Number(r[1]) }));
    columns.set(c.name, {
      nullFraction: rowCount ? 1 - Number(row[base]) / rowCount : 0,
      distinctCount: Number(row[base + 1]),
      distinctExact: true,
      min: row[base + 2] === null ? null : String(row[base + 2]),
      max: row[base + 3] === null ? null : String(row[base + 3]),
      mean: row[base + 4] === null ? null : Number(row[base + 4]),
      topValues,
      samples: topValues.slice(0, 5).map((v) => v.value),
      patterns: [],
    });
  }
  return { rowCount, rowCountExact: true, profiledAt: new Date(), columns };
}

/**
 * The BUSINESS DataPoints the catalog's generator proposes for a database (from its structure, profiles and inferred
 * relationships), taken as a reviewer would approve them, in the shape the planner reads approved metrics.
 */
export async function generatedMetrics(url: string): Promise<PlannerDataPoint[]> {
  const dialect = dialectForUrl(url);
  const connection = await dialect.connect(url, { connectTimeoutMs: 10_000, queryTimeoutMs: 30_000 });
  const executor = await dialect.openExecutor(url, { connectTimeoutMs: 10_000, poolSize: 1 });
  try {
    const schemas = await connection.listSchemas();
    const schema = (schemas.find((x) => x.isDefault) ?? schemas[0]).name;
    const structures = await connection.describeTables(schema, (await connection.listTables(schema)).map((t) => t.name));
    const meter = new SqlOverlapMeter(executor, (name) => dialect.quoteIdentifier(name), { timeoutMs: 10_000 });
    const relationships = (await new RelationshipInference({ maxOverlapQueries: 200, overlapBudgetMs: 30_000 }).infer(structures, meter)).relationships;
    const tables: TableFacts[] = [];
    for (const structure of structures) tables.push({ structure, inDefaultSchema: true, rowEstimate: null, profile: await profileTable(dialect, executor, structure), latest: null });
    const facts: DatabaseFacts = { databaseName: schema, tables, relationships, quoteIdentifier: (n) => dialect.quoteIdentifier(n), valueKind: (t) => dialect.sampling.valueKind(t) };
    return generateDataPoints(facts)
      .filter((p) => p.type === 'BUSINESS' && typeof p.body.expression === 'string' && p.table)
      .map((p, i) => {
        const body = p.body as unknown as { expression: string; metric?: string; synonyms?: string[]; filter?: string | null; filterTable?: { schema: string; table: string } | null };
        return {
          id: `generated-${i}`,
          name: (body.metric ?? p.title).replace(/_/g, ' '),
          sql: body.expression,
          table: { schema: p.schema ?? schema, table: p.table! },
          synonyms: Array.isArray(body.synonyms) ? body.synonyms : [],
          description: p.body.description,
          filter: body.filter ?? null,
          filterTable: body.filterTable ?? null,
        };
      });
  } finally {
    await connection.close();
    await executor.close();
  }
}

export async function measureLinkingRecall(items: LinkingItem[], options: { prune?: Partial<PruneOptions>; valuesPerColumn?: number; dataPoints?: (url: string) => Promise<PlannerDataPoint[]> } = {}): Promise<LinkingRecall> {
  const out: LinkingRecall = { questions: items.length, parsed: 0, goldItems: 0, covered: 0, recall: 0, fullyCovered: 0, contextShare: 0, pooledContextShare: 0, goldShare: 0, tablesDescribed: 0, misses: [] };
  let shareSum = 0;
  let goldShareSum = 0;
  let keptSum = 0;
  let allSum = 0;
  let describedSum = 0;
  const byDb = new Map<string, LinkingItem[]>();
  for (const item of items) byDb.set(item.dbUrl, [...(byDb.get(item.dbUrl) ?? []), item]);
  for (const [url, dbItems] of byDb) {
    // As the catalog's memory would have it: profile-sized value samples (its profiler keeps 10 top values per
    // column) and the relationships its inference finds (declared keys, names, value overlap; same budget).
    const dialect = dialectForUrl(url);
    const executor = await dialect.openExecutor(url, { connectTimeoutMs: 10_000, poolSize: 1 });
    const relationshipSource = async (structures: readonly TableStructure[]): Promise<Relationship[]> => {
      const meter = new SqlOverlapMeter(executor, (name) => dialect.quoteIdentifier(name), { timeoutMs: 10_000 });
      const inferred = await new RelationshipInference({ maxOverlapQueries: 200, overlapBudgetMs: 30_000 }).infer(structures, meter);
      return inferred.relationships;
    };
    const dataPoints = options.dataPoints ? await options.dataPoints(url) : [];
    const reader = new DialectCatalogReader(url, { valuesPerColumn: options.valuesPerColumn ?? 10, relationshipSource, dataPoints });
    try {
      const schemas = await reader.schemas(reader.databaseId);
      const schema = (schemas.find((s) => s.isDefault) ?? schemas[0]).name;
      const all = await reader.schemaColumns(reader.databaseId, schema);
      const columnCount = [...all.values()].reduce((n, c) => n + c.length, 0);
      const builder = new PlanningContextBuilder(reader);
      for (const item of dbItems) {
        const gold = goldItems(item.goldSql, all);
        if (!gold || gold.length === 0) continue;
        const before = reader.tablesDescribed;
        const built = await builder.build(reader.databaseId, reader.dialectName, item.question);
        describedSum += reader.tablesDescribed - before;
        const pruned = pruneContext(item.question, built.context, options.prune);
        out.parsed++;
        const missing = gold.filter((g) => !g.options.some((o) => inContext(pruned, o))).map((g) => g.label);
        out.goldItems += gold.length;
        out.covered += gold.length - missing.length;
        if (missing.length === 0) out.fullyCovered++;
        else out.misses.push({ question: item.question, goldSql: item.goldSql, missing });
        shareSum += pruned.columnsKept / columnCount;
        goldShareSum += gold.filter((g) => g.options.some((o) => o.column !== null)).length / columnCount;
        keptSum += pruned.columnsKept;
        allSum += columnCount;
      }
    } finally {
      await reader.close();
      await executor.close();
    }
  }
  const n = Math.max(1, out.parsed);
  out.recall = out.goldItems ? out.covered / out.goldItems : 0;
  out.fullyCovered /= n;
  out.contextShare = shareSum / n;
  out.pooledContextShare = allSum ? keptSum / allSum : 0;
  out.goldShare = goldShareSum / n;
  out.tablesDescribed = describedSum / n;
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One line per set. */
export function linkingSetLine(name: string, r: LinkingRecall): string {
  return `linking set=${name} recall=${pct(r.recall)} (${r.covered}/${r.goldItems}) fully_covered=${pct(r.fullyCovered)} context_share=${pct(r.contextShare)} pooled_share=${pct(r.pooledContextShare)} gold_share=${pct(r.goldShare)} tables_described=${r.tablesDescribed.toFixed(1)} questions=${r.parsed}/${r.questions}`;
}

/** The final line over every set: recall over all gold items, context share as the mean over all questions. */
export function linkingFinalLine(results: LinkingRecall[]): string {
  const gold = results.reduce((n, r) => n + r.goldItems, 0);
  const covered = results.reduce((n, r) => n + r.covered, 0);
  const questions = results.reduce((n, r) => n + r.parsed, 0);
  const share = results.reduce((n, r) => n + r.contextShare * r.parsed, 0) / Math.max(1, questions);
  return `bench linking recall=${pct(gold ? covered / gold : 0)} context_share=${pct(share)}`;
}

/** The Spider open split (gold SQL over its SQLite files), when the shared data is there. */
export function spiderLinkingItems(spiderDir: string): LinkingItem[] {
  const file = path.join(spiderDir, 'dev_open.json');
  if (!fs.existsSync(file)) return [];
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as { db_id: string; question: string; query: string }[];
  return entries.map((e) => ({ question: e.question, goldSql: e.query, dbUrl: `sqlite://${path.join(spiderDir, 'database', e.db_id, `${e.db_id}.sqlite`)}` }));
}

/** Every set the benchmark measures, with its items (the demo database is generated into `workDir`). */
export interface LinkingSet {
  name: string;
  items: LinkingItem[];
  /** Approved DataPoints the memory holds for the set's databases (none unless said). */
  dataPoints?: (url: string) => Promise<PlannerDataPoint[]>;
  /** Printed, but left out of the final line (a variant of a set already counted). */
  variant?: boolean;
}

export async function linkingSets(workDir: string): Promise<LinkingSet[]> {
  const demoPath = path.join(workDir, 'demo.db');
  if (!fs.existsSync(demoPath)) generateDemoDatabase(demoPath);
  const demo = loadDemoBiQuestions().map((q) => ({ question: q.question, goldSql: q.sql, dbUrl: `sqlite://${demoPath}` }));
  return [
    { name: 'spider_open', items: spiderLinkingItems(path.join(SHARED_DIR, 'bench', 'spider')) },
    // As first started: no DataPoint approved yet.
    { name: 'demo_bi', items: demo },
    // After a reviewer approved the metrics the catalog proposes (revenue and its "does not count" statuses, …).
    { name: 'demo_bi_with_approved_metrics', items: demo, dataPoints: generatedMetrics, variant: true },
  ];
}

/** Measures every set and prints one line per set and the final line; returns the final line. */
export async function printLinkingRecall(options: { misses?: boolean; prune?: Partial<PruneOptions> } = {}): Promise<string> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-linking-'));
  try {
    const results: LinkingRecall[] = [];
    for (const set of await linkingSets(workDir)) {
      if (set.items.length === 0) {
        console.log(`linking set=${set.name} skipped (no data)`);
        continue;
      }
      const r = await measureLinkingRecall(set.items, { prune: options.prune, dataPoints: set.dataPoints });
      if (!set.variant) results.push(r);
      console.log(linkingSetLine(set.name, r));
      if (options.misses) for (const m of r.misses) console.log(`  miss ${m.missing.join(', ')} :: ${m.question} :: ${m.goldSql}`);
    }
    const line = linkingFinalLine(results);
    console.log(line);
    return line;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  printLinkingRecall({ misses: process.argv.includes('--misses') }).catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  });
}
