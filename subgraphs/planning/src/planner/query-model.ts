// The planner's intermediate representation: a query as tables, expressions and conditions over indexed schema objects,
// before any SQL text exists. The interpreter builds it; the SQL writer turns it into one dialect's SQL.
import type { DateUnit } from '@querent/common';
import type { IndexedColumn, IndexedTable } from '../semantic/semantic-index';

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
export type CompareOp = '=' | '!=' | '>' | '<' | '>=' | '<=';

export type Expr =
  | { kind: 'column'; column: IndexedColumn }
  | { kind: 'star' }
  | { kind: 'aggregate'; fn: AggregateFn; arg: Expr; distinct?: boolean }
  /** A metric's SQL expression; `{{table}}` placeholders are replaced by the table's alias when written. */
  | { kind: 'metric'; sql: string; table: IndexedTable; name: string }
  | { kind: 'bucket'; column: IndexedColumn; unit: DateUnit }
  | { kind: 'year'; column: IndexedColumn };

export type Literal = string | number;

export type Condition =
  | { kind: 'compare'; left: Expr; op: CompareOp; right: Literal; date?: boolean }
  | { kind: 'compareSubquery'; left: Expr; op: CompareOp; query: QueryModel }
  | { kind: 'between'; left: Expr; low: Literal; high: Literal; date?: boolean }
  | { kind: 'like'; left: Expr; pattern: string; negated: boolean }
  | { kind: 'in'; left: Expr; query: QueryModel; negated: boolean }
  | { kind: 'inList'; left: Expr; values: Literal[]; negated: boolean }
  | { kind: 'null'; left: Expr; negated: boolean }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'and'; items: Condition[] }
  /** SQL written over one table (a DataPoint's filter); `{{table}}` is replaced by its alias. */
  | { kind: 'raw'; sql: string; table: IndexedTable };

export interface OrderItem {
  expr: Expr;
  direction: 'asc' | 'desc';
}

export interface SelectItem {
  expr: Expr;
  /** A readable output name, used where the expression alone would be unclear (metrics, buckets). */
  alias?: string;
}

export interface QueryModel {
  select: SelectItem[];
  distinct: boolean;
  /** Every table the query reads; the first is where joining starts. Joins are found over the relationship graph. */
  tables: IndexedTable[];
  where: Condition[];
  groupBy: Expr[];
  having: Condition[];
  orderBy: OrderItem[];
  limit: number | null;
  setOperation?: { op: 'INTERSECT' | 'EXCEPT' | 'UNION'; query: QueryModel } | null;
}

export function emptyQuery(tables: IndexedTable[]): QueryModel {
  return { select: [], distinct: false, tables, where: [], groupBy: [], having: [], orderBy: [], limit: null, setOperation: null };
}

export function columnExpr(column: IndexedColumn): Expr {
  return { kind: 'column', column };
}

/** Tables an expression reads. */
export function exprTables(expr: Expr): IndexedTable[] {
  switch (expr.kind) {
    case 'column':
    case 'bucket':
    case 'year':
      return [expr.column.table];
    case 'aggregate':
      return exprTables(expr.arg);
    case 'metric':
      return [expr.table];
    default:
      return [];
  }
}

/** Tables a condition reads in the outer query (subqueries read their own). */
export function conditionTables(c: Condition): IndexedTable[] {
  switch (c.kind) {
    case 'or':
    case 'and':
      return c.items.flatMap(conditionTables);
    case 'raw':
      return [c.table];
    default:
      return exprTables(c.left);
  }
}

export function sameExpr(a: Expr, b: Expr): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'column' && b.kind === 'column') return a.column === b.column;
  if (a.kind === 'aggregate' && b.kind === 'aggregate') return a.fn === b.fn && !!a.distinct === !!b.distinct && sameExpr(a.arg, b.arg);
  if (a.kind === 'bucket' && b.kind === 'bucket') return a.column === b.column && a.unit === b.unit;
  if (a.kind === 'year' && b.kind === 'year') return a.column === b.column;
  if (a.kind === 'metric' && b.kind === 'metric') return a.sql === b.sql;
  return a.kind === 'star';
}
