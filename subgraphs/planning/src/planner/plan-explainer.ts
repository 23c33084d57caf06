// Owns the plain-words explanation of a plan and its intent summary: what is counted or measured, over which rows,
// grouped and ordered how — read from the QueryModel, so the words always match the SQL.
import { readableName } from '../semantic/schema-words';
import type { PlanIntent } from './planner';
import type { Condition, Expr, QueryModel } from './query-model';

function exprWords(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return `${readableName(e.column.name)} (${e.column.table.name})`;
    case 'star':
      return 'rows';
    case 'aggregate': {
      const arg = e.arg.kind === 'star' ? 'rows' : exprWords(e.arg);
      const fn = { count: 'number of', sum: 'total', avg: 'average', min: 'minimum', max: 'maximum' }[e.fn];
      return `${fn} ${e.distinct ? 'different ' : ''}${arg}`;
    }
    case 'metric':
      return e.name;
    case 'bucket':
      return `${e.unit} of ${readableName(e.column.name)}`;
    case 'year':
      return `year of ${readableName(e.column.name)}`;
  }
}

function conditionWords(c: Condition): string {
  switch (c.kind) {
    case 'compare': {
      const op = { '=': 'is', '!=': 'is not', '>': 'is more than', '<': 'is less than', '>=': 'is at least', '<=': 'is at most' }[c.op];
      return `${exprWords(c.left)} ${op} ${typeof c.right === 'string' ? `"${c.right}"` : c.right}`;
    }
    case 'compareSubquery': {
      const inner = c.query.select[0]?.expr;
      const op = { '=': 'equals', '!=': 'differs from', '>': 'is above', '<': 'is below', '>=': 'is at least', '<=': 'is at most' }[c.op];
      return `${exprWords(c.left)} ${op} the ${inner ? exprWords(inner) : 'value'}${c.query.where.length ? ` where ${c.query.where.map(conditionWords).join(' and ')}` : ''}`;
    }
    case 'between':
      return `${exprWords(c.left)} is between ${c.low} and ${c.high}`;
    case 'like':
      return `${exprWords(c.left)} ${c.negated ? 'does not contain' : 'matches'} "${c.pattern.replace(/%/g, '…')}"`;
    case 'in':
      return `${exprWords(c.left)} ${c.negated ? 'has no' : 'has a'} match in ${c.query.tables.map((t) => t.name).join(', ')}${c.query.where.length ? ` where ${c.query.where.map(conditionWords).join(' and ')}` : ''}`;
    case 'inList':
      return `${exprWords(c.left)} is ${c.negated ? 'none' : 'one'} of ${c.values.join(', ')}`;
    case 'null':
      return `${exprWords(c.left)} is ${c.negated ? 'known' : 'missing'}`;
    case 'or':
      return c.items.map(conditionWords).join(' or ');
    case 'and':
      return c.items.map(conditionWords).join(' and ');
    case 'raw':
      return c.sql;
  }
}

export function explainQuery(q: QueryModel): string {
  const parts: string[] = [];
  const what = q.select.map((s) => exprWords(s.expr)).join(', ');
  parts.push(`Shows ${q.distinct ? 'the different values of ' : ''}${what}`);
  parts.push(`from ${q.tables.map((t) => t.name).join(' joined with ')}`);
  if (q.where.length) parts.push(`where ${q.where.map(conditionWords).join(' and ')}`);
  if (q.groupBy.length) parts.push(`for each ${q.groupBy.map(exprWords).join(' and ')}`);
  if (q.having.length) parts.push(`keeping groups where ${q.having.map(conditionWords).join(' and ')}`);
  if (q.orderBy.length) parts.push(`sorted by ${q.orderBy.map((o) => `${exprWords(o.expr)} (${o.direction === 'desc' ? 'highest first' : 'lowest first'})`).join(', ')}`);
  if (q.limit !== null) parts.push(q.limit === 1 ? 'keeping the first row' : `keeping the first ${q.limit} rows`);
  let text = `${parts.join(', ')}.`;
  if (q.setOperation) {
    const word = { INTERSECT: 'that also appear in', EXCEPT: 'that do not appear in', UNION: 'together with' }[q.setOperation.op];
    text = `${text.slice(0, -1)}, ${word}: ${explainQuery(q.setOperation.query).replace(/^Shows /, 'what ')}`;
  }
  return text;
}

export function intentOf(q: QueryModel, kind: string): PlanIntent {
  return {
    kind,
    measures: q.select.filter((s) => s.expr.kind === 'aggregate' || s.expr.kind === 'metric').map((s) => exprWords(s.expr)),
    dimensions: q.groupBy.map(exprWords),
    filters: [...q.where, ...q.having].map(conditionWords),
    orderBy: q.orderBy.length ? q.orderBy.map((o) => `${exprWords(o.expr)} ${o.direction}`).join(', ') : null,
    limit: q.limit,
    timeRange: null,
  };
}
