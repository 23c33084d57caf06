// Relationships implied by column names: `customer_id` → `customers.id` / `customer.customer_id`, `CustomerId`,
// `manager_staff_id` → `staff`, `country_code` → a unique `code`, `isbn` → the table keyed by `isbn`, `airline` →
// `airlines.uid`, with table prefixes (`tbl_`, `dim_`, shared namespaces) stripped. Each candidate carries the
// evidence its confidence was computed from. Pure: structures in, candidates out.
import { splitIdentifier, type TableStructure } from '@querent/common';
import { singular } from './inflector';
import { compareKeyTypes, isKeyType, keyTypeFamily, type TypeMatch } from './key-types';
import { columnType, singlePrimaryKey, uniqueColumns } from './table-keys';

export interface ColumnRef {
  schema: string;
  table: string;
  column: string;
}

/** How the parent table was recognized in the column name, best first. */
export type TableMatch = 'exact' | 'prefix-stripped' | 'namespace-stripped' | 'role-prefix' | 'table-suffix' | 'key-name';
/** Which parent column the child points at. */
export type TargetMatch = 'same-name-key' | 'primary-key' | 'unique' | 'id-column';

export interface NamingEvidence {
  /** The suffix that made the column look like a reference (`id`, `key`, `code`), `key-name` for a column named
   *  exactly like another table's primary key, or `table-name` for a column named like a table, without a suffix. */
  rule: 'id' | 'key' | 'code' | 'key-name' | 'table-name';
  tableMatch: TableMatch;
  target: TargetMatch;
  typeMatch: Exclude<TypeMatch, 'incompatible'>;
  /** `table-name` only: the column holds text (or is untyped), so it may hold names rather than keys. */
  textValues?: true;
}

export interface NamingCandidate {
  from: ColumnRef;
  to: ColumnRef;
  confidence: number;
  evidence: NamingEvidence;
}

/** Leading words that say what kind of table it is, not what it holds. */
export const TABLE_PREFIXES: ReadonlySet<string> = new Set([
  'tbl', 'tb', 't', 'dim', 'fact', 'fct', 'f', 'd', 'stg', 'stage', 'src', 'raw', 'lkp', 'lookup', 'lu', 'ref', 'vw', 'v', 'mst', 'trn', 'tmp',
]);

/** Last words that make a column look like a reference, and the kind of key they point at. */
export const REFERENCE_SUFFIXES: Readonly<Record<string, 'id' | 'key' | 'code'>> = {
  id: 'id', fk: 'id', ref: 'id', uuid: 'id', guid: 'id',
  key: 'key', sk: 'key',
  code: 'code', cd: 'code', no: 'code', nr: 'code', num: 'code', number: 'code',
};

/** First words that make a column a measure of the table its other words name (`num_orders`, `total_sales`). */
const MEASURE_WORDS: ReadonlySet<string> = new Set([
  'num', 'number', 'count', 'cnt', 'total', 'sum', 'avg', 'average', 'mean', 'min', 'max', 'qty', 'quantity', 'amount', 'pct', 'percent', 'share', 'ratio', 'rate', 'n',
]);

/** Primary-key names too generic to link two tables by name alone. */
const GENERIC_KEY_NAMES: ReadonlySet<string> = new Set(['id', 'code', 'key', 'name', 'type', 'status', 'uuid', 'guid', 'no', 'num', 'number', 'value', 'rowid', 'oid']);

// Why these weights: the table match says most about intent, the target (a real key) next, the type last. A plain
// `order_id` → `orders.id` (pk, same type) lands at 0.9; a role-prefixed or partial match lands near 0.7; anything
// under MIN_CONFIDENCE is dropped. Value overlap later confirms (raises) or refutes (lowers or drops) these.
const BASE = 0.35;
const TABLE_MATCH_WEIGHT: Record<TableMatch, number> = {
  'exact': 0.3, 'prefix-stripped': 0.25, 'namespace-stripped': 0.2, 'role-prefix': 0.15, 'table-suffix': 0.1, 'key-name': 0.1,
};
const TARGET_WEIGHT: Record<TargetMatch, number> = { 'same-name-key': 0.2, 'primary-key': 0.2, 'unique': 0.12, 'id-column': 0.02 };
const TYPE_WEIGHT: Record<Exclude<TypeMatch, 'incompatible'>, number> = { identical: 0.05, compatible: 0 };
// A column named like a table, without a suffix, is a weaker hint than `_id`: names, counts and labels get such names
// too. An exact match lands at 0.75 (0.65 for a text column, which may hold the parent's names rather than its keys).
const RULE_WEIGHT: Record<NamingEvidence['rule'], number> = { 'id': 0, 'key': 0, 'code': 0, 'key-name': 0, 'table-name': -0.15 };
const TEXT_VALUES_WEIGHT = -0.1;
const MAX_NAMING_CONFIDENCE = 0.95;
export const MIN_NAMING_CONFIDENCE = 0.5;

/** Words of an identifier, lower case (common's one splitter): `CustomerId` → customer id, `tbl_Orders` → tbl orders. */
export const identifierWords = splitIdentifier;

/** A comparable key for a run of words: the last word singular, no separators (`MediaTypes` ~ `media_type`). */
export function nameKey(words: readonly string[]): string {
  if (words.length === 0) return '';
  return [...words.slice(0, -1), singular(words[words.length - 1])].join('');
}

interface Alias {
  key: string;
  words: string[];
  match: 'exact' | 'prefix-stripped' | 'namespace-stripped';
}

interface IndexedTable {
  structure: TableStructure;
  words: string[];
  aliases: Alias[];
  unique: Set<string>;
  pk: string | null;
}

const MATCH_RANK: Record<TableMatch, number> = { 'exact': 0, 'prefix-stripped': 1, 'namespace-stripped': 2, 'role-prefix': 3, 'table-suffix': 4, 'key-name': 5 };

function indexTables(tables: readonly TableStructure[]): IndexedTable[] {
  // A first word shared by several multi-word tables of a schema is a namespace (`crm_customers`, `crm_orders`).
  const firstWords = new Map<string, number>();
  for (const t of tables) {
    const words = identifierWords(t.name);
    if (words.length > 1) firstWords.set(`${t.schema}\u0000${words[0]}`, (firstWords.get(`${t.schema}\u0000${words[0]}`) ?? 0) + 1);
  }
  return tables.map((structure) => {
    const words = identifierWords(structure.name);
    const aliases: Alias[] = [{ key: nameKey(words), words, match: 'exact' }];
    let rest = words;
    while (rest.length > 1 && TABLE_PREFIXES.has(rest[0])) {
      rest = rest.slice(1);
      aliases.push({ key: nameKey(rest), words: rest, match: 'prefix-stripped' });
    }
    if (rest.length > 1 && (firstWords.get(`${structure.schema}\u0000${rest[0]}`) ?? 0) >= 2) {
      aliases.push({ key: nameKey(rest.slice(1)), words: rest.slice(1), match: 'namespace-stripped' });
    }
    return { structure, words, aliases, unique: uniqueColumns(structure), pk: singlePrimaryKey(structure) };
  });
}

interface ParsedReference {
  rule: 'id' | 'key' | 'code';
  stem: string[];
  suffix: string;
}

/** `customer_id` → stem [customer], rule id; `CountryCode` → [country], code; `customerid` → [customer], id. */
export function parseReference(column: string): ParsedReference | null {
  const words = identifierWords(column);
  if (words.length >= 2) {
    const suffix = words[words.length - 1];
    const rule = REFERENCE_SUFFIXES[suffix];
    return rule ? { rule, stem: words.slice(0, -1), suffix } : null;
  }
  // One lower-case word glued to its suffix: only `…id`, and only when the rest later names a table.
  const only = words[0] ?? '';
  if (only.length > 4 && only.endsWith('id')) return { rule: 'id', stem: [only.slice(0, -2)], suffix: 'id' };
  return null;
}

interface ParentMatch {
  table: IndexedTable;
  match: TableMatch;
}

/** Look-ups over the parent tables, so matching a column costs a few map reads whatever the number of tables. */
interface ParentIndex {
  /** Alias key → tables with that alias and how it was derived. */
  byKey: Map<string, { table: IndexedTable; match: Alias['match'] }[]>;
  /** Key of an alias's trailing words (`categories` of `product_categories`) → tables. */
  bySuffix: Map<string, IndexedTable[]>;
  /** Lower-cased single-column primary key name → tables. */
  byPrimaryKey: Map<string, IndexedTable[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

function parentIndex(parents: IndexedTable[]): ParentIndex {
  const index: ParentIndex = { byKey: new Map(), bySuffix: new Map(), byPrimaryKey: new Map() };
  for (const table of parents) {
    for (const alias of table.aliases) {
      const list = index.byKey.get(alias.key) ?? [];
      list.push({ table, match: alias.match });
      index.byKey.set(alias.key, list);
      for (let i = 1; i < alias.words.length; i += 1) push(index.bySuffix, nameKey(alias.words.slice(i)), table);
    }
    if (table.pk) push(index.byPrimaryKey, table.pk.toLowerCase(), table);
  }
  return index;
}

/** Tables the stem names, best match kind first; same-schema tables before others. */
function parentsFor(stem: string[], child: IndexedTable, index: ParentIndex): ParentMatch[] {
  const found: ParentMatch[] = [];
  const consider = (table: IndexedTable, match: TableMatch) => {
    const existing = found.find((f) => f.table === table);
    if (!existing) found.push({ table, match });
    else if (MATCH_RANK[match] < MATCH_RANK[existing.match]) existing.match = match;
  };
  const key = nameKey(stem);
  for (const entry of index.byKey.get(key) ?? []) consider(entry.table, entry.match);
  if (found.length === 0) {
    // A role before the table: `manager_staff_id` → staff, `original_language_id` → language.
    for (let i = 1; i < stem.length && found.length === 0; i += 1) {
      for (const entry of index.byKey.get(nameKey(stem.slice(i))) ?? []) consider(entry.table, 'role-prefix');
    }
  }
  if (found.length === 0) {
    // The table's name ends with the stem: `category_id` → product_categories.
    for (const table of index.bySuffix.get(key) ?? []) consider(table, 'table-suffix');
  }
  const childWords = new Set(child.words.map(singular));
  const shared = (t: IndexedTable) => t.words.filter((w) => childWords.has(singular(w))).length;
  return found.sort(
    (a, b) =>
      MATCH_RANK[a.match] - MATCH_RANK[b.match] ||
      Number(b.table.structure.schema === child.structure.schema) - Number(a.table.structure.schema === child.structure.schema) ||
      shared(b.table) - shared(a.table) ||
      compareNames(a.table.structure, b.table.structure),
  );
}

function compareNames(a: TableStructure, b: TableStructure): number {
  const x = `${a.schema}\u0000${a.name}`;
  const y = `${b.schema}\u0000${b.name}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The parent column a reference points at, or null when the parent has no fitting key. */
function targetFor(parent: IndexedTable, column: string, reference: ParsedReference): { column: string; target: TargetMatch } | null {
  const lower = (s: string) => s.toLowerCase();
  const sameName = parent.structure.columns.find((c) => lower(c.name) === lower(column));
  if (sameName && parent.unique.has(sameName.name)) return { column: sameName.name, target: 'same-name-key' };
  if (reference.rule === 'id') {
    if (parent.pk) return { column: parent.pk, target: 'primary-key' };
    const id = parent.structure.columns.find((c) => lower(c.name) === 'id');
    if (id) return { column: id.name, target: parent.unique.has(id.name) ? 'unique' : 'id-column' };
    return null;
  }
  // key / code: a unique column named like the suffix (`code`, `country_code`, `CountryCode`).
  const stemKey = nameKey([...reference.stem, reference.suffix]);
  const named = parent.structure.columns.find(
    (c) => parent.unique.has(c.name) && (lower(c.name) === reference.suffix || nameKey(identifierWords(c.name)) === stemKey),
  );
  if (named) return { column: named.name, target: named.name === parent.pk ? 'primary-key' : 'unique' };
  if (parent.pk && identifierWords(parent.pk).at(-1) === reference.suffix) return { column: parent.pk, target: 'primary-key' };
  return null;
}

function confidenceOf(evidence: NamingEvidence): number {
  const value = BASE + TABLE_MATCH_WEIGHT[evidence.tableMatch] + TARGET_WEIGHT[evidence.target] + TYPE_WEIGHT[evidence.typeMatch] + RULE_WEIGHT[evidence.rule] + (evidence.textValues ? TEXT_VALUES_WEIGHT : 0);
  return Math.round(Math.min(MAX_NAMING_CONFIDENCE, value) * 1000) / 1000;
}

/**
 * Every single-column relationship the names imply between the given tables (views are not parents), whatever is
 * declared: the caller drops what a declared key already says. At most one candidate per child column: the best
 * table match, same schema first; an exact tie between two parents is ambiguous and dropped.
 */
export function inferFromNames(tables: readonly TableStructure[]): NamingCandidate[] {
  const index = indexTables(tables);
  const parents = index.filter((t) => t.structure.kind === 'TABLE');
  const lookup = parentIndex(parents);
  const candidates: NamingCandidate[] = [];
  for (const child of index) {
    const matchedColumns = new Set<string>();
    for (const column of child.structure.columns) {
      if (!isKeyType(column.dataType)) continue;
      const reference = parseReference(column.name);
      if (!reference) continue;
      const options = parentsFor(reference.stem, child, lookup)
        .map((p) => ({ parent: p, target: targetFor(p.table, column.name, reference) }))
        .filter((o): o is { parent: ParentMatch; target: NonNullable<typeof o.target> } => o.target !== null)
        .filter((o) => !(o.parent.table === child && o.target.column === column.name))
        .map((o) => {
          const typeMatch = compareKeyTypes(column.dataType, columnType(o.parent.table.structure, o.target.column) ?? '');
          return { ...o, typeMatch };
        })
        .filter((o): o is typeof o & { typeMatch: Exclude<TypeMatch, 'incompatible'> } => o.typeMatch !== 'incompatible');
      if (options.length === 0) continue;
      const best = options[0];
      const evidence: NamingEvidence = { rule: reference.rule, tableMatch: best.parent.match, target: best.target.target, typeMatch: best.typeMatch };
      const confidence = confidenceOf(evidence);
      const rival = options[1];
      if (rival && rival.parent.match === best.parent.match && rival.parent.table.structure.schema === best.parent.table.structure.schema && confidenceOf({ ...evidence, tableMatch: rival.parent.match, target: rival.target.target, typeMatch: rival.typeMatch }) === confidence) {
        const sharedBest = best.parent.table.words.filter((w) => child.words.includes(w)).length;
        const sharedRival = rival.parent.table.words.filter((w) => child.words.includes(w)).length;
        if (sharedBest === sharedRival) continue; // two equally good parents: the name alone cannot say which
      }
      if (confidence < MIN_NAMING_CONFIDENCE) continue;
      matchedColumns.add(column.name);
      candidates.push({
        from: { schema: child.structure.schema, table: child.structure.name, column: column.name },
        to: { schema: best.parent.table.structure.schema, table: best.parent.table.structure.name, column: best.target.column },
        confidence,
        evidence,
      });
    }
    // A column named exactly like another table's own primary key (`isbn` → books.isbn), when no suffix rule fired.
    for (const column of child.structure.columns) {
      if (matchedColumns.has(column.name) || !isKeyType(column.dataType)) continue;
      if (GENERIC_KEY_NAMES.has(column.name.toLowerCase()) || column.name.length < 3) continue;
      if (child.pk === column.name) continue; // pk to pk: which side is the parent is anyone's guess
      const owners = (lookup.byPrimaryKey.get(column.name.toLowerCase()) ?? []).filter((p) => p !== child);
      const sameSchema = owners.filter((o) => o.structure.schema === child.structure.schema);
      const pick = sameSchema.length === 1 ? sameSchema[0] : sameSchema.length === 0 && owners.length === 1 ? owners[0] : null;
      if (!pick) continue;
      const typeMatch = compareKeyTypes(column.dataType, columnType(pick.structure, pick.pk!) ?? '');
      if (typeMatch === 'incompatible') continue;
      const evidence: NamingEvidence = { rule: 'key-name', tableMatch: 'key-name', target: 'primary-key', typeMatch };
      const confidence = confidenceOf(evidence);
      if (confidence < MIN_NAMING_CONFIDENCE) continue;
      matchedColumns.add(column.name);
      candidates.push({
        from: { schema: child.structure.schema, table: child.structure.name, column: column.name },
        to: { schema: pick.structure.schema, table: pick.structure.name, column: pick.pk! },
        confidence,
        evidence,
      });
    }
    for (const column of child.structure.columns) {
      if (matchedColumns.has(column.name)) continue;
      const candidate = tableNameCandidate(child, column, lookup);
      if (candidate) candidates.push(candidate);
    }
  }
  return candidates;
}

/**
 * A column named like another table, without a reference suffix (`flights.airline` → airlines, `home_team` → teams,
 * `tbl_Orders.Customer` → customers): a reference to that table's single-column primary key, or to a unique column of
 * the same name. Not for the table's own primary key, a self-reference, a plural column name (`orders` in a summary
 * is a count, not one order), a measure (`num_orders`, `total_sale`) or a type no key has (dates, floats, booleans);
 * nor for a view's column, which is mostly a label joined in (`store` = 'Lethbridge, Canada') and which value overlap
 * never samples. Value overlap then confirms it or drops it; a text column may hold the parent's names, so it starts
 * lower.
 */
function tableNameCandidate(child: IndexedTable, column: TableStructure['columns'][number], lookup: ParentIndex): NamingCandidate | null {
  if (child.structure.kind !== 'TABLE' || column.name === child.pk || !isKeyType(column.dataType) || parseReference(column.name)) return null;
  const words = identifierWords(column.name);
  const last = words[words.length - 1];
  if (!last || singular(last) !== last) return null;
  const lower = (s: string) => s.toLowerCase();
  const options = parentsFor(words, child, lookup)
    .filter((p) => p.match !== 'table-suffix' && p.table !== child && !(p.match === 'role-prefix' && MEASURE_WORDS.has(words[0])))
    .map((p) => {
      const same = p.table.structure.columns.find((c) => lower(c.name) === lower(column.name) && p.table.unique.has(c.name));
      const target: { column: string; target: TargetMatch } | null = same ? { column: same.name, target: 'same-name-key' } : p.table.pk ? { column: p.table.pk, target: 'primary-key' } : null;
      const typeMatch = target ? compareKeyTypes(column.dataType, columnType(p.table.structure, target.column) ?? '') : 'incompatible';
      return { parent: p, target, typeMatch };
    })
    .filter((o): o is { parent: ParentMatch; target: { column: string; target: TargetMatch }; typeMatch: Exclude<TypeMatch, 'incompatible'> } => o.target !== null && o.typeMatch !== 'incompatible');
  if (options.length === 0) return null;
  const [best, rival] = options;
  // Two tables the name fits equally well (same match, same schema): the name alone cannot say which.
  if (rival && rival.parent.match === best.parent.match && rival.parent.table.structure.schema === best.parent.table.structure.schema) return null;
  const family = keyTypeFamily(column.dataType);
  const evidence: NamingEvidence = { rule: 'table-name', tableMatch: best.parent.match, target: best.target.target, typeMatch: best.typeMatch };
  if (family === 'text' || family === 'unknown') evidence.textValues = true;
  const confidence = confidenceOf(evidence);
  if (confidence < MIN_NAMING_CONFIDENCE) return null;
  return {
    from: { schema: child.structure.schema, table: child.structure.name, column: column.name },
    to: { schema: best.parent.table.structure.schema, table: best.parent.table.structure.name, column: best.target.column },
    confidence,
    evidence,
  };
}
