// Owns the last compiler step: a QueryModel becomes one line of SQL in the target dialect, with joins taken from the
// relationship graph, aliases only when several tables are read, and literals typed after their column.
import { QuerentError, type JoinPath, type SqlEmitter, type TableRef } from '@querent/common';
import type { IndexedColumn, IndexedTable } from '../semantic/semantic-index';
import type { Condition, Expr, Literal, QueryModel } from './query-model';

export interface JoinResolver {
  /** The join path connecting the tables, or null. */
  path(tables: IndexedTable[]): JoinPath | null;
  /** The indexed table behind a table the path passes through. */
  table(ref: TableRef): IndexedTable | undefined;
}

export interface WrittenQuery {
  sql: string;
  /** The join path of the outer query (empty for one table). */
  joinPath: JoinPath;
}

interface Scope {
  alias: Map<string, string>;
  /** Tables by key, to map join steps back. */
  byKey: Map<string, IndexedTable>;
}

const refOf = (t: IndexedTable): TableRef => ({ schema: t.schema, table: t.name });
const keyOf = (r: TableRef): string => `${r.schema}.${r.table}`;

export class SqlWriter {
  constructor(
    private readonly emit: SqlEmitter,
    private readonly joins: JoinResolver,
  ) {}

  write(query: QueryModel): WrittenQuery {
    const { sql, path } = this.query(query, 0);
    return { sql, joinPath: path };
  }

  private query(q: QueryModel, depth: number): { sql: string; path: JoinPath } {
    const tables = dedupe(q.tables);
    const path = this.joins.path(tables);
    if (!path) {
      throw new QuerentError('BAD_INPUT', `no join path connects ${tables.map((t) => t.name).join(', ')}`, { tables: tables.map((t) => t.name) });
    }
    const byKey = new Map<string, IndexedTable>();
    for (const t of tables) byKey.set(t.key, t);
    const ordered = path.tables.length ? path.tables.map((r) => byKey.get(keyOf(r)) ?? this.lookup(tables, r)) : tables;
    const alias = new Map<string, string>();
    const prefix = depth === 0 ? 'T' : `S${depth}_`;
    if (ordered.length > 1) ordered.forEach((t, i) => alias.set(t.key, `${prefix}${i + 1}`));
    const scope: Scope = { alias, byKey };
    for (const t of ordered) byKey.set(t.key, t);

    const parts: string[] = [];
    const select = q.select.map((s) => {
      const e = this.expr(s.expr, scope);
      return s.alias ? `${e} AS ${this.emit.identifier(s.alias)}` : e;
    });
    parts.push(`SELECT ${q.distinct ? 'DISTINCT ' : ''}${select.join(', ')}`);
    let from = `FROM ${this.tableRef(ordered[0], scope)}`;
    for (const step of path.joins) {
      const right = byKey.get(keyOf(step.right)) ?? this.lookup(ordered, step.right);
      const left = byKey.get(keyOf(step.left)) ?? this.lookup(ordered, step.left);
      const on = step.leftColumns
        .map((c, i) => `${this.columnName(left, c, scope)} = ${this.columnName(right, step.rightColumns[i], scope)}`)
        .join(' AND ');
      from += ` JOIN ${this.tableRef(right, scope)} ON ${on}`;
    }
    parts.push(from);
    if (q.where.length) parts.push(`WHERE ${q.where.map((c) => this.condition(c, scope, depth, q.where.length > 1)).join(' AND ')}`);
    if (q.groupBy.length) parts.push(`GROUP BY ${q.groupBy.map((g) => this.expr(g, scope)).join(', ')}`);
    if (q.having.length) parts.push(`HAVING ${q.having.map((c) => this.condition(c, scope, depth, q.having.length > 1)).join(' AND ')}`);
    let sql = parts.join(' ');
    if (q.setOperation) {
      sql += ` ${q.setOperation.op} ${this.query(q.setOperation.query, depth).sql}`;
    }
    if (q.orderBy.length) sql += ` ORDER BY ${q.orderBy.map((o) => `${this.expr(o.expr, scope)}${o.direction === 'desc' ? ' DESC' : ''}`).join(', ')}`;
    if (q.limit !== null) sql += ` ${this.emit.limit(q.limit)}`;
    return { sql, path };
  }

  private lookup(tables: IndexedTable[], ref: TableRef): IndexedTable {
    const t = tables.find((x) => x.schema === ref.schema && x.name === ref.table) ?? this.joins.table(ref);
    if (!t) throw new QuerentError('INTERNAL', `the join path names ${ref.table}, which the query does not read`);
    return t;
  }

  private tableRef(t: IndexedTable, scope: Scope): string {
    const name = this.emit.identifier(t.name);
    const a = scope.alias.get(t.key);
    return a ? `${name} AS ${a}` : name;
  }

  private columnName(t: IndexedTable, column: string, scope: Scope): string {
    const a = scope.alias.get(t.key);
    return a ? `${a}.${this.emit.identifier(column)}` : this.emit.identifier(column);
  }

  private column(c: IndexedColumn, scope: Scope): string {
    return this.columnName(c.table, c.name, scope);
  }

  private expr(e: Expr, scope: Scope): string {
    switch (e.kind) {
      case 'column':
        return this.column(e.column, scope);
      case 'star':
        return '*';
      case 'aggregate':
        return `${e.fn.toUpperCase()}(${e.distinct ? 'DISTINCT ' : ''}${this.expr(e.arg, scope)})`;
      case 'bucket':
        return this.emit.dateBucket(this.column(e.column, scope), e.unit);
      case 'year':
        return this.emit.year(this.column(e.column, scope));
      case 'metric':
        return this.rewriteTables(e.sql, scope);
    }
  }

  /** Qualifies a metric's or filter's SQL: `{{table}}.x` and `tablename.x` become `alias.x` (or just `x`). */
  private rewriteTables(sql: string, scope: Scope): string {
    let out = sql;
    for (const t of scope.byKey.values()) {
      const a = scope.alias.get(t.key);
      const replacement = a ? `${a}.` : '';
      const escaped = t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`(?<![\\w."])(?:"${escaped}"|${escaped})\\.`, 'gi'), replacement);
    }
    return out.replace(/\{\{table\}\}\./g, '');
  }

  private literal(value: Literal, left: Expr): string {
    const column = left.kind === 'column' ? left.column : null;
    if (typeof value === 'number') {
      // A number compared with a text column is quoted: engines with strict types refuse text = integer.
      return column && column.declaredText && column.type !== 'number' ? this.emit.stringLiteral(String(value)) : String(value);
    }
    if (column && column.type === 'number' && !column.declaredText && /^-?\d+(\.\d+)?$/.test(value)) return value;
    return this.emit.stringLiteral(value);
  }

  private condition(c: Condition, scope: Scope, depth: number, nested: boolean): string {
    switch (c.kind) {
      case 'compare': {
        const left = this.expr(c.left, scope);
        const right = c.date && typeof c.right === 'string' ? this.emit.dateLiteral(c.right, c.left.kind === 'column' && c.left.column.declaredText) : this.literal(c.right, c.left);
        return `${left} ${c.op} ${right}`;
      }
      case 'compareSubquery':
        return `${this.expr(c.left, scope)} ${c.op} (${this.query(c.query, depth + 1).sql})`;
      case 'between': {
        const lit = (v: Literal) => (c.date && typeof v === 'string' ? this.emit.dateLiteral(v, c.left.kind === 'column' && c.left.column.declaredText) : this.literal(v, c.left));
        return `${this.expr(c.left, scope)} BETWEEN ${lit(c.low)} AND ${lit(c.high)}`;
      }
      case 'like':
        return `${this.expr(c.left, scope)} ${c.negated ? 'NOT ' : ''}${this.emit.likeOperator} ${this.emit.stringLiteral(c.pattern)}`;
      case 'in':
        return `${this.expr(c.left, scope)} ${c.negated ? 'NOT IN' : 'IN'} (${this.query(c.query, depth + 1).sql})`;
      case 'inList':
        return `${this.expr(c.left, scope)} ${c.negated ? 'NOT IN' : 'IN'} (${c.values.map((v) => this.literal(v, c.left)).join(', ')})`;
      case 'null':
        return `${this.expr(c.left, scope)} IS ${c.negated ? 'NOT ' : ''}NULL`;
      case 'or': {
        const body = c.items.map((i) => this.condition(i, scope, depth, true)).join(' OR ');
        return nested ? `(${body})` : body;
      }
      case 'and': {
        const body = c.items.map((i) => this.condition(i, scope, depth, true)).join(' AND ');
        return nested ? `(${body})` : body;
      }
      case 'raw':
        return `(${this.rewriteTables(c.sql, scope)})`;
    }
  }
}

function dedupe(tables: IndexedTable[]): IndexedTable[] {
  return [...new Set(tables)];
}
