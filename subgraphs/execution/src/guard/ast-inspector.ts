// Walks a node-sql-parser AST of one statement and decides whether it only reads: every node kind must be one the
// guard knows, every function must be on the engine's allowlist, no statement inside may write, no SELECT may have
// INTO, no variable may appear, and (DuckDB) no table may be a path or URL. It also collects the tables read and the
// names the statement declares (CTEs, aliases), which the lexical cross-check needs.
import type { DialectSqlRules } from '@querent/common';
import { decodePlaceholder } from './sql-lexer';
import type { SqlRefusalCode } from './refusal-codes';

export interface TableReference {
  schema: string | null;
  table: string;
}

export type InspectionOutcome =
  | { ok: true; tables: TableReference[]; declaredNames: Set<string> }
  | { ok: false; code: SqlRefusalCode; reason: string };

/** Node kinds that only compute values or shape a query. Anything else in the tree is refused. */
const VALUE_NODE_KINDS = new Set([
  'select', 'column_ref', 'binary_expr', 'unary_expr', 'expr', 'expr_list', 'case', 'when', 'else', 'cast',
  'interval', 'extract', 'array', 'window', 'datatype', 'default', 'origin', 'values', 'star', 'number', 'bigint',
  'bool', 'boolean', 'null', 'single_quote_string', 'double_quote_string', 'backticks_quote_string', 'natural_string',
  'hex_string', 'full_hex_string', 'bit_string', 'string', 'regex_string', 'param_string', 'date', 'time',
  'timestamp', 'datetime', 'fulltext_search', 'dual', 'unnest', 'ASC', 'DESC', 'asc', 'desc', 'unknown',
  'DISTINCT', 'DISTINCT ON', 'columns_list', 'collate', 'ESCAPE',
]);

/** Statement node kinds that write, anywhere in the tree. */
const WRITING_NODE_KINDS = new Set([
  'insert', 'replace', 'update', 'delete', 'merge', 'create', 'drop', 'alter', 'truncate', 'rename', 'grant',
  'revoke', 'load_data', 'upsert',
]);

/** Other statement node kinds: session control, procedures, locks. */
const OTHER_STATEMENT_KINDS = new Set([
  'use', 'set', 'show', 'lock', 'unlock', 'call', 'exec', 'transaction', 'declare', 'desc', 'explain', 'go',
  'deallocate', 'prepare', 'execute', 'comment', 'analyze', 'attach', 'detach', 'vacuum', 'pragma', 'copy',
  'load', 'install', 'export', 'do', 'listen', 'notify', 'checkpoint',
]);

/** Function-shaped keywords the grammars emit as function nodes; all are SQL-standard and side-effect free. */
const SYNTAX_FUNCTIONS = new Set([
  'current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp', 'trim', 'position', 'substring',
  'overlay', 'extract', 'cast', 'coalesce', 'nullif', 'convert', 'exists', 'rollup', 'cube', 'any', 'all', 'some',
  'row', 'array',
]);

interface NamePart {
  value: string;
  quoted: boolean;
}

export class AstInspector {
  private readonly tables = new Map<string, TableReference>();
  private readonly declaredNames = new Set<string>();
  private readonly cteNames = new Set<string>();
  private refusal: { code: SqlRefusalCode; reason: string } | null = null;

  constructor(
    private readonly rules: DialectSqlRules,
    private readonly names: readonly string[],
    private readonly strings: readonly string[],
  ) {}

  inspect(ast: unknown): InspectionOutcome {
    this.visit(ast);
    if (this.refusal) return { ok: false, ...this.refusal };
    const tables = [...this.tables.values()].filter((t) => t.schema !== null || !this.cteNames.has(t.table.toLowerCase()));
    return { ok: true, tables, declaredNames: this.declaredNames };
  }

  private refuse(code: SqlRefusalCode, reason: string): void {
    if (!this.refusal) this.refusal = { code, reason };
  }

  /** A name as the engine sees it: placeholders decoded, and flagged when it was quoted. */
  private part(value: unknown): NamePart | null {
    if (typeof value !== 'string') {
      if (value && typeof value === 'object' && 'value' in value) return this.part((value as { value: unknown }).value);
      return null;
    }
    const decoded = decodePlaceholder(value, this.names, this.strings);
    if (decoded?.kind === 'name') return { value: decoded.value, quoted: true };
    return { value, quoted: false };
  }

  private visit(node: unknown): void {
    if (this.refusal || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) this.visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    // A sub-query arrives wrapped as { tableList, columnList, ast }.
    if ('ast' in record && 'tableList' in record) {
      this.visit(record.ast);
      return;
    }
    const kind = record.type;
    if (typeof kind === 'string') {
      // Statement kinds are lower case in node-sql-parser; upper-case kinds (`DESC` of an ORDER BY item) are not.
      if (WRITING_NODE_KINDS.has(kind)) {
        return this.refuse('SQL_NOT_READ_ONLY', `The statement contains ${kind.toUpperCase().replace('_', ' ')}, which changes data or schema; only reading is allowed.`);
      }
      if (OTHER_STATEMENT_KINDS.has(kind)) {
        return this.refuse('SQL_FORBIDDEN_STATEMENT', `The statement contains ${kind.toUpperCase()}; only SELECT, WITH … SELECT, VALUES and EXPLAIN are run.`);
      }
      switch (kind) {
        case 'select':
          this.checkSelect(record);
          break;
        case 'function':
          this.checkFunction(record.name);
          break;
        case 'aggr_func':
        case 'window_func':
          this.checkFunction(record.name);
          break;
        case 'var':
          return this.refuse('SQL_VARIABLE', `The statement uses ${describeVariable(record)}; variables and bind parameters are not allowed.`);
        case 'assign':
          return this.refuse('SQL_VARIABLE', 'The statement assigns a variable (:=); variables are not allowed.');
        case 'into':
          return this.refuse('SQL_INTO', 'SELECT … INTO writes its result somewhere (a table, a variable or a file); only plain SELECTs are run.');
        default:
          if (!VALUE_NODE_KINDS.has(kind)) {
            return this.refuse('SQL_UNSUPPORTED_SYNTAX', `The statement contains a construct the guard does not check (${kind}); rewrite it with plain SELECT syntax.`);
          }
      }
    }
    for (const key in record) {
      if (key === 'type' || key === 'loc') continue;
      const child = record[key];
      if (child !== null && typeof child === 'object') this.visit(child);
    }
  }

  private checkSelect(select: Record<string, unknown>): void {
    const into = select.into as Record<string, unknown> | null | undefined;
    if (into && (into.position || into.expr || into.keyword)) {
      return this.refuse('SQL_INTO', 'SELECT … INTO writes its result somewhere (a table, a variable or a file); only plain SELECTs are run.');
    }
    if (select.locking_read || select.for_update) {
      return this.refuse('SQL_LOCKING_CLAUSE', 'The SELECT has a locking clause; only plain reads are run.');
    }
    for (const cte of (Array.isArray(select.with) ? select.with : []) as Record<string, unknown>[]) {
      const name = this.part(cte.name);
      if (name) {
        this.cteNames.add(name.value.toLowerCase());
        this.declaredNames.add(name.value.toLowerCase());
      }
    }
    for (const entry of (Array.isArray(select.from) ? select.from : []) as Record<string, unknown>[]) {
      this.checkFromEntry(entry);
    }
  }

  private checkFromEntry(entry: Record<string, unknown>): void {
    if (typeof entry.as === 'string') {
      const alias = this.part(entry.as.replace(/\(.*$/s, '').trim());
      if (alias) this.declaredNames.add(alias.value.toLowerCase());
    }
    if (typeof entry.table !== 'string') return;
    const table = decodePlaceholder(entry.table, this.names, this.strings);
    if (table?.kind === 'string') {
      return this.refuse(
        this.rules.fileAccess.replacementScans ? 'SQL_FILE_ACCESS' : 'SQL_UNSUPPORTED_SYNTAX',
        this.rules.fileAccess.replacementScans
          ? `FROM '${table.value}' would be read as a file or URL (a replacement scan); only tables of the database are read.`
          : `A string stands where a table name goes ('${table.value}').`,
      );
    }
    const tablePart = this.part(entry.table)!;
    const qualifiers = [entry.db, entry.schema].map((q) => (typeof q === 'string' ? this.part(q) : null)).filter((q): q is NamePart => q !== null);
    const pathLike = this.rules.fileAccess.pathLikeTableName;
    if (pathLike) {
      const written = [...qualifiers, tablePart].map((p) => p.value).join('.');
      if (pathLike.test(tablePart.value) || pathLike.test(written)) {
        return this.refuse('SQL_FILE_ACCESS', `The table name "${written}" looks like a file path or URL, which DuckDB would read as a file (a replacement scan).`);
      }
    }
    const fold = (p: NamePart) => (!p.quoted && this.rules.identifiers.unquotedCase === 'lower' ? p.value.toLowerCase() : p.value);
    // Two-part names put the schema in `db`; three-part names put the database there and the schema in `schema`.
    const schemaPart = typeof entry.schema === 'string' ? this.part(entry.schema) : typeof entry.db === 'string' ? this.part(entry.db) : null;
    const reference: TableReference = { schema: schemaPart ? fold(schemaPart) : null, table: fold(tablePart) };
    this.tables.set(`${reference.schema ?? ''}\u0000${reference.table}`, reference);
  }

  private checkFunction(name: unknown): void {
    const parts = this.functionNameParts(name);
    if (parts.length === 0) {
      return this.refuse('SQL_UNSUPPORTED_SYNTAX', 'The statement calls a function whose name the guard cannot read.');
    }
    const verdict = checkFunctionName(this.rules, parts);
    if (verdict) this.refuse(verdict.code, verdict.reason);
  }

  private functionNameParts(name: unknown): NamePart[] {
    if (typeof name === 'string') return [this.part(name)!];
    if (!name || typeof name !== 'object') return [];
    const record = name as { name?: unknown; schema?: unknown };
    const parts: NamePart[] = [];
    if (record.schema) {
      const schema = this.part(record.schema);
      if (schema) parts.push(schema);
    }
    if (Array.isArray(record.name)) {
      for (const piece of record.name) {
        const part = this.part(piece);
        if (part) parts.push(part);
      }
    } else if (record.name !== undefined) {
      const part = this.part(record.name);
      if (part) parts.push(part);
    }
    return parts;
  }
}

function describeVariable(node: Record<string, unknown>): string {
  const prefix = typeof node.prefix === 'string' ? node.prefix : '';
  return `${prefix}${String(node.name ?? '')}`.trim() || 'a variable';
}

/**
 * Decides one function call from its name parts (qualifiers first): null when allowed, else the refusal. Used by the
 * AST walk and by the lexical cross-check, so both walls apply the same rules.
 */
export function checkFunctionName(
  rules: DialectSqlRules,
  parts: readonly { value: string; quoted: boolean }[],
): { code: SqlRefusalCode; reason: string } | null {
  const last = parts[parts.length - 1]!;
  const lower = last.value.toLowerCase();
  const key = last.quoted && rules.identifiers.quotedFunctionNamesCaseSensitive ? last.value : lower;
  const written = parts.map((p) => (p.quoted ? `"${p.value}"` : p.value)).join('.');
  const known = rules.functions.knownRefused[lower]
    ?? Object.entries(rules.functions.refusedPrefixes).find(([prefix]) => lower.startsWith(prefix))?.[1];
  if (known) {
    return {
      code: known.fileAccess ? 'SQL_FILE_ACCESS' : 'SQL_FORBIDDEN_FUNCTION',
      reason: `${written}(…) is not allowed: ${known.reason}`,
    };
  }
  if (parts.length > 1) {
    const qualifier = parts.slice(0, -1);
    const allowedQualifier = qualifier.length === 1
      && rules.functions.allowedQualifiers.has(qualifier[0]!.quoted && rules.identifiers.quotedFunctionNamesCaseSensitive ? qualifier[0]!.value : qualifier[0]!.value.toLowerCase());
    if (!allowedQualifier) {
      return {
        code: 'SQL_FORBIDDEN_FUNCTION',
        reason: `${written}(…) is a schema-qualified function; only built-in functions are allowed${rules.functions.allowedQualifiers.size ? ` (qualified at most with ${[...rules.functions.allowedQualifiers].join(', ')})` : ', written without a schema'}.`,
      };
    }
  }
  if (rules.functions.allowed.has(key) || SYNTAX_FUNCTIONS.has(key)) return null;
  if (key !== lower && (rules.functions.allowed.has(lower) || SYNTAX_FUNCTIONS.has(lower))) {
    return {
      code: 'SQL_FORBIDDEN_FUNCTION',
      reason: `${written}(…) is not allowed: in ${rules.dialect} a quoted name keeps its exact case, so it is not the built-in ${lower}; write ${lower}(…).`,
    };
  }
  return {
    code: 'SQL_FORBIDDEN_FUNCTION',
    reason: `${written}(…) is not on the ${rules.dialect} allowlist of side-effect-free functions.`,
  };
}
