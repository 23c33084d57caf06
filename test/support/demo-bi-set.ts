// Owns the demo BI question set (test/fixtures/demo-bi-questions.json): its loader, its capability vocabulary
// and the conventions its gold SQL follows, so the fixture test and the accuracy benchmark read them from one place.
//
// Conventions of the gold SQL (SQLite, one line each):
// - Revenue / sales / turnover = SUM(order_items.quantity * order_items.unit_price) over orders whose status is
//   not 'cancelled'; "units sold" and "customers who bought" also skip cancelled orders. Plain order counts,
//   shipping costs and refunds count every row unless the question names a status.
// - Time is anchored to the data's own latest order date, MAX(orders.order_date) = DEMO_BI_ANCHOR_DATE, never the
//   wall clock; the gold SQL spells the resulting ranges as literal dates derived from that anchor (the fixture
//   test checks the anchor still holds). Calendar periods: "this year" = the anchor's year, "last year" = the one
//   before, likewise quarter and month; "last N days" = N days ending on the anchor inclusive; "last N months" = N
//   whole calendar months ending with the anchor's month; "last two years" = the anchor's year and the one before.
//   Returns are dated by returns.return_date, customers by customers.signup_date.
// - Period labels: year strftime('%Y') (text), month 'YYYY-MM', quarter 'YYYY-Qn'.
// - Shape: a scalar question returns one value; a grouped question returns its label column(s) and the measure;
//   "top/bottom N" and "which … the most/fewest" return label and measure ordered by the measure with LIMIT (no
//   ties at the cut); a list question ("which products cost less than …") returns names only. Labels are names
//   (customers.name, products.name, product_categories.name, regions.name, customers.country), never ids. Values
//   are not rounded. Rankings cover only the entities that have rows in the period (inner joins).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './processes';

export const DEMO_BI_QUESTIONS_PATH = path.join(REPO_ROOT, 'test', 'fixtures', 'demo-bi-questions.json');

/** MAX(orders.order_date) of the generated demo database, from which every relative range in the gold SQL is derived. */
export const DEMO_BI_ANCHOR_DATE = '2025-12-31';

/** The offline planner's capabilities (issue 5, section 3), as tags on each question. */
export const DEMO_BI_CAPABILITIES = {
  count: 'COUNT',
  sum: 'SUM',
  avg: 'AVG (or an average computed as a ratio)',
  min: 'MIN',
  max: 'MAX',
  top_n: '"top N … by …"',
  bottom_n: '"bottom N … by …"',
  group_by_one: 'grouping by one dimension',
  group_by_two: 'grouping by two dimensions',
  filter_value: 'filter on a value present in the data (country, category, status, segment, …)',
  filter_numeric: 'numeric comparison (>, <, >=, BETWEEN)',
  time_relative: 'relative time range anchored to the data (this year, last quarter, last 30 days)',
  time_absolute: 'absolute time range (in 2024, March 2024, Q4 2024)',
  time_bucket: 'per month / quarter / year',
  time_trend: 'a trend: a time series in chronological order',
  distinct: 'DISTINCT values or COUNT(DISTINCT …)',
  having: 'a condition on an aggregate (HAVING)',
  nested_above_average: 'simple nesting: above the average',
  nested_most: 'simple nesting: the one with the most / fewest',
  join_2: 'a join over two tables',
  join_3: 'a join over three tables',
  join_4: 'a join over four tables',
  join_inferred: 'a join over returns.order_id → orders.id, which has no foreign key',
} as const;

export type DemoBiCapability = keyof typeof DEMO_BI_CAPABILITIES;

export interface DemoBiQuestion {
  id: string;
  question: string;
  /** Gold SQL in the SQLite dialect, one line. */
  sql: string;
  capabilities: DemoBiCapability[];
}

export function loadDemoBiQuestions(file: string = DEMO_BI_QUESTIONS_PATH): DemoBiQuestion[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of questions`);
  return parsed as DemoBiQuestion[];
}
