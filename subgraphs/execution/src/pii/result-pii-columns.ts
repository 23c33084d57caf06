// Decides which result columns carry PII, from the PII columns of the tables a statement reads.
//
// The rule is deliberately simple and errs towards masking:
// - a PII column is known by its name alone, whichever of the statement's tables it belongs to (a name that is PII
//   in one table and not in another is masked: ambiguous → masked);
// - a result column is PII when its label is such a name, when its label mentions one (SQLite and MySQL label an
//   unaliased expression by its text: `lower(email)`), or when the select-list item at its position references one;
// - an alias of an expression that references a PII name becomes a PII name itself, through CTEs and subqueries
//   (`WITH x AS (SELECT email AS e …) SELECT e FROM x` masks `e`);
// - only COUNT(…) reveals nothing of the values it reads, so its arguments do not make a column PII.
// An email column keeps its domain only when the result column is the bare column; any expression over it is
// masked as other text.
import type { PiiColumn } from '../execution/execution-ports';

export interface SelectListSources {
  /** The outermost select list, in order: the names each item references, or `star` for `*` / `t.*`. */
  items: ({ star: true } | { star: false; refs: string[]; bare: boolean })[];
  /** Alias (lower case) → the names its expression references, and whether it is a bare column, statement-wide. */
  aliases: { alias: string; refs: string[]; bare: boolean }[];
}

interface GrammarParser {
  astify(sql: string, options: { database: string }): unknown;
}

const parsers = new Map<string, GrammarParser>();

/** One parser per grammar, loaded on first use from node-sql-parser's per-grammar builds (as the guard does). */
function parserFor(grammar: string): GrammarParser {
  let parser = parsers.get(grammar);
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`node-sql-parser/build/${grammar}`) as { Parser: new () => GrammarParser };
    parser = new module.Parser();
    parsers.set(grammar, parser);
  }
  return parser;
}

function nameOf(node: unknown): string | null {
  if (typeof node === 'string') return node;
  const value = (node as { expr?: { value?: unknown } } | null)?.expr?.value;
  return typeof value === 'string' ? value : null;
}

/** Column names an expression references (lower case), skipping what COUNT(…) reads. */
function columnRefs(node: unknown, into: string[]): string[] {
  if (!node || typeof node !== 'object') return into;
  if (Array.isArray(node)) {
    for (const item of node) columnRefs(item, into);
    return into;
  }
  const record = node as Record<string, unknown>;
  if (record.type === 'aggr_func' && String(record.name).toUpperCase() === 'COUNT') return into;
  if (record.type === 'column_ref') {
    const name = nameOf(record.column);
    if (name && name !== '*') into.push(name.toLowerCase());
    return into;
  }
  for (const value of Object.values(record)) columnRefs(value, into);
  return into;
}

function isBareColumn(expr: unknown): boolean {
  return (expr as { type?: string } | null)?.type === 'column_ref';
}

function collectAliases(node: unknown, into: SelectListSources['aliases']): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectAliases(item, into);
    return;
  }
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.columns) && record.type === 'select') {
    for (const item of record.columns as { expr?: unknown; as?: unknown }[]) {
      const alias = nameOf(item?.as);
      if (alias) into.push({ alias: alias.toLowerCase(), refs: columnRefs(item.expr, []), bare: isBareColumn(item.expr) });
    }
  }
  for (const value of Object.values(record)) collectAliases(value, into);
}

/** Reads the select lists of a statement the guard accepted; null when none of the grammars parses it. */
export function selectListSources(sql: string, grammars: readonly string[]): SelectListSources | null {
  for (const database of grammars) {
    let ast: unknown;
    try {
      ast = parserFor(database).astify(sql, { database });
    } catch {
      continue;
    }
    const statement = (Array.isArray(ast) ? ast[0] : ast) as Record<string, unknown> | undefined;
    if (!statement || statement.type !== 'select' || !Array.isArray(statement.columns)) return null;
    const items = (statement.columns as { expr?: unknown }[]).map((item) => {
      const expr = item?.expr as { type?: string; column?: unknown } | undefined;
      if (expr?.type === 'column_ref' && nameOf(expr.column) === '*') return { star: true as const };
      return { star: false as const, refs: columnRefs(expr, []), bare: isBareColumn(expr) };
    });
    const aliases: SelectListSources['aliases'] = [];
    collectAliases(statement, aliases);
    return { items, aliases };
  }
  return null;
}

/** Result columns that carry PII, by position, with how to mask each. */
export function piiResultColumns(
  labels: readonly string[],
  flagged: readonly PiiColumn[],
  sources: SelectListSources | null,
): { index: number; kind: 'email' | 'other' }[] {
  if (flagged.length === 0) return [];
  // name → kind; a name that is email in one table and other text in another masks as other text.
  const tainted = new Map<string, 'email' | 'other'>();
  const taint = (name: string, kind: 'email' | 'other') => {
    const previous = tainted.get(name);
    tainted.set(name, previous && previous !== kind ? 'other' : kind);
  };
  for (const column of flagged) taint(column.column.toLowerCase(), column.kind);
  // Aliases propagate through CTEs and subqueries: repeat until nothing new is tainted.
  for (let changed = true; changed && sources; ) {
    changed = false;
    for (const { alias, refs, bare } of sources.aliases) {
      const hit = refs.find((r) => tainted.has(r));
      if (!hit) continue;
      const before = tainted.get(alias);
      taint(alias, bare ? (tainted.get(hit) ?? 'other') : 'other');
      if (tainted.get(alias) !== before) changed = true;
    }
  }
  const positional = sources && !sources.items.some((i) => i.star) && sources.items.length === labels.length ? sources.items : null;
  const out: { index: number; kind: 'email' | 'other' }[] = [];
  labels.forEach((label, index) => {
    const name = label.toLowerCase();
    let kind: 'email' | 'other' | undefined = tainted.get(name);
    if (!kind) {
      const words = name.match(/[a-z_][a-z0-9_$]*/g) ?? [];
      if (words.some((w) => tainted.has(w))) kind = 'other';
    }
    const item = positional?.[index];
    if (item && !item.star) {
      const hit = item.refs.find((r) => tainted.has(r));
      if (hit) {
        const fromItem = item.bare ? (tainted.get(hit) ?? 'other') : 'other';
        kind = kind === undefined || kind === fromItem ? fromItem : 'other';
      }
    }
    if (kind) out.push({ index, kind });
  });
  return out;
}
