// BUSINESS DataPoints: likely metrics with their SQL definition and the dimensions they can be split by. Derived
// from column roles, not from table names: a per-unit price times a quantity is revenue (or cost), a money amount
// is summed, dated tables are counted; rows whose status means "does not count" (cancelled, void, …, read from the
// profile's top values) are excluded, on the table itself or on a table it belongs to. Dimensions come only through
// many-to-one joins (child → parent), so splitting a metric never multiplies its rows.
import type { ColumnClass } from './column-roles';
import type { GeneratedDataPoint } from './datapoint';
import { joinCondition, type DatabaseModel, type Link, type TableModel } from './database-model';
import { capitalize, humanize, listOf, pluralOf, singularOf, sqlString } from './english-wording';

interface Hop {
  from: TableModel;
  link: Link;
}

/** A table reachable from the metric's base table through many-to-one joins, and the joins that reach it. */
interface Ancestor {
  table: TableModel;
  path: Hop[];
}

export interface MetricDimension {
  name: string;
  table: string;
  column: string;
  kind: 'time' | 'status' | 'category' | 'label';
  values?: string[];
  joins: string[];
}

interface MetricPlan {
  name: string;
  title: string;
  expression: string;
  aggregation: 'SUM' | 'COUNT' | 'RATIO';
  base: TableModel;
  /** Tables the expression itself needs besides the base (for a ratio over a parent). */
  extraPath: Hop[];
  measures: string[];
  synonyms: string[];
  confidence: number;
  /** Whether rows with a "does not count" status are excluded (money: yes; counting rows: no, status is a dimension). */
  excludeStatuses: boolean;
  summary: string;
}

const MAX_HOPS = 3;
const MAX_DIMENSIONS = 12;
const SMALL_TABLE_ROWS = 500;

const SYNONYMS: Readonly<Record<string, string[]>> = {
  revenue: ['sales', 'turnover', 'income', 'gross sales', 'money made', 'GMV'],
  cost: ['cost of goods', 'COGS', 'spend'],
  count: ['how many', 'volume', 'number of'],
  average: ['average value', 'AOV', 'average basket', 'average ticket'],
};

const SALES_TABLE = /(order|sale|invoice|payment|transaction|booking|purchase|rental|subscription|line|item)/;

function ancestorsOf(base: TableModel): Ancestor[] {
  const found: Ancestor[] = [{ table: base, path: [] }];
  const seen = new Set([base.key]);
  for (let i = 0; i < found.length; i++) {
    const current = found[i];
    if (current.path.length >= MAX_HOPS) continue;
    for (const link of current.table.parents) {
      if (seen.has(link.other.key)) continue;
      seen.add(link.other.key);
      found.push({ table: link.other, path: [...current.path, { from: current.table, link }] });
    }
  }
  return found;
}

/** The column that dates a table's rows: named after the table or an event, never a birth or update date. */
function timeColumnOf(table: TableModel): ColumnClass | undefined {
  const thing = singularOf(table.name).split(' ').pop() ?? '';
  const score = (c: ColumnClass): number => {
    const words = humanize(c.name);
    let s = 0;
    if (thing && words.includes(thing)) s += 2;
    if (/(created|placed|ordered|date|time|at)$/.test(words)) s += 1;
    if (/birth|expir|due|end|valid/.test(words)) s -= 3;
    return s;
  };
  return table.columns.filter((c) => c.role === 'time').sort((a, b) => score(b) - score(a))[0];
}

function joinsOf(model: DatabaseModel, path: Hop[]): string[] {
  return path.map((hop) => `JOIN ${hop.link.other.sqlName} ON ${joinCondition(model, hop.from, hop.link)}`);
}

/** The union of several paths from the base, each join once, in order. */
function mergePaths(paths: Hop[][]): Hop[] {
  const merged: Hop[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    for (const hop of path) {
      if (seen.has(hop.link.other.key)) continue;
      seen.add(hop.link.other.key);
      merged.push(hop);
    }
  }
  return merged;
}

function dimensionsOf(model: DatabaseModel, ancestors: Ancestor[], time: { ancestor: Ancestor; column: ColumnClass } | undefined): MetricDimension[] {
  const dimensions: MetricDimension[] = [];
  const joins = (a: Ancestor) => a.path.map((hop) => joinCondition(model, hop.from, hop.link));
  if (time) dimensions.push({ name: `${time.ancestor.table.name}.${time.column.name}`, table: time.ancestor.table.key, column: time.column.name, kind: 'time', joins: joins(time.ancestor) });
  for (const ancestor of ancestors) {
    const table = ancestor.table;
    for (const column of table.columns) {
      if (column.pii) continue;
      if (column.role === 'status' || column.role === 'category') {
        dimensions.push({ name: `${table.name}.${column.name}`, table: table.key, column: column.name, kind: column.role, ...(column.values.length ? { values: column.values.slice(0, 12) } : {}), joins: joins(ancestor) });
      }
    }
    const small = (table.rowCount !== null && table.rowCount <= SMALL_TABLE_ROWS) || (table.rowCount === null && table.columns.length <= 4);
    const label = table.columns.find((c) => c.role === 'label' && !c.pii);
    if (ancestor.path.length > 0 && small && label) {
      dimensions.push({ name: `${table.name}.${label.name}`, table: table.key, column: label.name, kind: 'label', joins: joins(ancestor) });
    }
  }
  return dimensions.slice(0, MAX_DIMENSIONS);
}

function metricDataPoint(model: DatabaseModel, plan: MetricPlan): GeneratedDataPoint {
  const ancestors = ancestorsOf(plan.base);
  // Exclusions: the nearest tables (the base and what it belongs to directly) whose status says "does not count".
  const exclusions = plan.excludeStatuses
    ? ancestors
        .filter((a) => a.path.length <= 1)
        .flatMap((a) => a.table.columns.filter((c) => c.role === 'status' && c.excludedValues.length > 0).map((column) => ({ ancestor: a, column })))
    : [];
  const timeAncestor = ancestors.map((a) => ({ ancestor: a, column: timeColumnOf(a.table) })).find((t) => t.column) as { ancestor: Ancestor; column: ColumnClass } | undefined;
  const filters = exclusions.map(({ ancestor, column }) => `${model.columnSql(ancestor.table, column.name)} NOT IN (${column.excludedValues.map(sqlString).join(', ')})`);
  const path = mergePaths([plan.extraPath, ...exclusions.map((e) => e.ancestor.path)]);
  const sql = [`SELECT ${plan.expression} AS ${plan.name}`, `FROM ${plan.base.sqlName}`, ...joinsOf(model, path), ...(filters.length ? [`WHERE ${filters.join(' AND ')}`] : [])].join('\n');
  const dimensions = dimensionsOf(model, ancestors, timeAncestor);
  const excludedText = exclusions.length
    ? ` Counts only ${listOf(exclusions.map((e) => `${pluralOf(e.ancestor.table.name)} whose ${e.column.name} is not ${listOf(e.column.excludedValues)}`))}.`
    : '';
  const timeText = timeAncestor ? ` Over time by ${timeAncestor.ancestor.table.name}.${timeAncestor.column.name}.` : '';
  const splitText = dimensions.filter((d) => d.kind !== 'time').length ? ` Split by ${listOf(dimensions.filter((d) => d.kind !== 'time').slice(0, 6).map((d) => d.name))}.` : '';
  const confidence = Math.min(0.95, plan.confidence + (exclusions.length ? 0.05 : 0));
  return {
    key: `business:${plan.base.key}:${plan.name}`,
    type: 'BUSINESS',
    title: plan.title,
    schema: plan.base.schema,
    table: plan.base.name,
    confidence: Math.round(confidence * 100) / 100,
    basis: { sql },
    body: {
      description: `${plan.summary}${excludedText}${timeText}${splitText}`,
      kind: 'metric',
      metric: plan.name,
      aggregation: plan.aggregation,
      expression: plan.expression,
      measures: plan.measures,
      sql,
      tables: [plan.base.key, ...path.map((hop) => hop.link.other.key)],
      joins: path.map((hop) => joinCondition(model, hop.from, hop.link)),
      filters,
      // The planner's shape: one row filter over one table (the nearest exclusion), the column unqualified.
      filter: exclusions[0] ? `${exclusions[0].column.name} NOT IN (${exclusions[0].column.excludedValues.map(sqlString).join(', ')})` : null,
      filterTable: exclusions[0] ? { schema: exclusions[0].ancestor.table.schema, table: exclusions[0].ancestor.table.name } : null,
      timeDimension: timeAncestor ? `${timeAncestor.ancestor.table.name}.${timeAncestor.column.name}` : null,
      dimensions,
      synonyms: plan.synonyms,
    },
  };
}

function metricName(words: string): string {
  return words.replace(/[^a-z0-9]+/g, '_');
}

export function businessDataPoints(model: DatabaseModel): GeneratedDataPoint[] {
  const plans: MetricPlan[] = [];
  const col = (t: TableModel, c: string) => model.columnSql(t, c);
  for (const table of model.tables.filter((t) => t.facts.structure.kind === 'TABLE')) {
    const prices = table.columns.filter((c) => c.role === 'unit_price');
    const quantities = table.columns.filter((c) => c.role === 'quantity');
    const quantity = quantities[0];
    for (const price of quantity ? prices : []) {
      const isCost = /cost/.test(humanize(price.name));
      const name = isCost ? 'cost' : 'revenue';
      plans.push({
        name,
        title: capitalize(name),
        expression: `SUM(${col(table, quantity.name)} * ${col(table, price.name)})`,
        aggregation: 'SUM',
        base: table,
        extraPath: [],
        measures: [`${table.name}.${quantity.name}`, `${table.name}.${price.name}`],
        synonyms: SYNONYMS[name],
        confidence: 0.8,
        excludeStatuses: true,
        summary: `${capitalize(name)}: the sum of ${quantity.name} × ${price.name} over ${table.name}.`,
      });
      if (!isCost) {
        // Average value per parent (order, invoice): the parent is what people count.
        const parent = table.parents.find((p) => timeColumnOf(p.other) && p.other.facts.structure.primaryKey?.columns.length === 1);
        if (parent) {
          const pk = parent.other.facts.structure.primaryKey?.columns[0] as string;
          const thing = singularOf(parent.other.name);
          plans.push({
            name: `average_${metricName(thing)}_value`,
            title: `Average ${thing} value`,
            expression: `SUM(${col(table, quantity.name)} * ${col(table, price.name)}) * 1.0 / COUNT(DISTINCT ${col(parent.other, pk)})`,
            aggregation: 'RATIO',
            base: table,
            extraPath: [{ from: table, link: parent }],
            measures: [`${table.name}.${quantity.name}`, `${table.name}.${price.name}`, `${parent.other.name}.${pk}`],
            synonyms: SYNONYMS.average,
            confidence: 0.6,
            excludeStatuses: true,
            summary: `Average ${thing} value: revenue (${quantity.name} × ${price.name} over ${table.name}) divided by the number of distinct ${pluralOf(parent.other.name)}.`,
          });
        }
      }
    }
    for (const money of table.columns.filter((c) => c.role === 'money')) {
      const words = humanize(money.name);
      const generic = /^(total|amount|value|sum)$/.test(words);
      const title = generic ? `${capitalize(singularOf(table.name))} ${words}` : `Total ${words}`;
      const salesLike = SALES_TABLE.test(humanize(table.name)) && /(total|amount|revenue|sales|payment|paid|price)/.test(words);
      plans.push({
        name: generic ? `${metricName(singularOf(table.name))}_${metricName(words)}` : `total_${metricName(words)}`,
        title,
        expression: `SUM(${col(table, money.name)})`,
        aggregation: 'SUM',
        base: table,
        extraPath: [],
        measures: [`${table.name}.${money.name}`],
        synonyms: salesLike ? SYNONYMS.revenue : [],
        confidence: salesLike ? 0.7 : 0.6,
        excludeStatuses: true,
        summary: `${title}: the sum of ${table.name}.${money.name}.`,
      });
    }
    const time = timeColumnOf(table);
    if (time && (table.parents.length > 0 || table.children.length > 0)) {
      const plural = pluralOf(table.name);
      plans.push({
        name: `${metricName(plural)}_count`,
        title: `Number of ${plural}`,
        expression: 'COUNT(*)',
        aggregation: 'COUNT',
        base: table,
        extraPath: [],
        measures: [],
        synonyms: SYNONYMS.count,
        confidence: 0.6,
        excludeStatuses: false,
        summary: `Number of ${plural}: rows of ${table.name}, one per ${singularOf(table.name)}.`,
      });
    }
  }
  // Several tables may each look like revenue; the surest keeps the plain title.
  const titles = new Map<string, number>();
  for (const plan of plans) titles.set(plan.title, (titles.get(plan.title) ?? 0) + 1);
  for (const plan of plans) if ((titles.get(plan.title) ?? 0) > 1) plan.title = `${plan.title} (${plan.base.name})`;
  return plans.map((plan) => metricDataPoint(model, plan));
}
