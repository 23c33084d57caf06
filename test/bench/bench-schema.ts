// The discovery benchmark's synthetic schema: a seeded, deterministic description of N tables (about 25 columns of
// mixed types, a primary key, 1–3 foreign keys to earlier tables, 1–2 secondary indexes, a few unique constraints and
// comments), its DDL for PostgreSQL and MariaDB/MySQL in large batches, and the five alterations of the incremental run.

export type BenchEngine = 'postgres' | 'mysql';

type ColumnType = 'int' | 'bigint' | 'numeric' | 'varchar' | 'text' | 'boolean' | 'date' | 'timestamp';

export interface BenchColumn {
  name: string;
  type: ColumnType;
  /** varchar length. */
  length?: number;
  notNull: boolean;
  /** A default of the column's type (rendered per engine), or none. */
  hasDefault: boolean;
  comment?: string;
  /** A foreign-key column (bigint, references another table's id): never altered by the benchmark. */
  fk?: boolean;
}

export interface BenchKey {
  name: string;
  columns: string[];
}

export interface BenchForeignKey extends BenchKey {
  refTable: string;
}

export interface BenchTable {
  name: string;
  comment?: string;
  columns: BenchColumn[];
  foreignKeys: BenchForeignKey[];
  uniques: BenchKey[];
  /** Secondary (non-unique) indexes; the primary key's index is not listed. */
  indexes: BenchKey[];
}

export interface BenchSchemaTotals {
  tables: number;
  columns: number;
  foreignKeys: number;
  uniques: number;
  indexes: number;
  tableComments: number;
  columnComments: number;
}

/** mulberry32: a tiny, fast, seedable PRNG, so every run builds the very same schema. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = ['orders', 'customers', 'invoices', 'shipments', 'products', 'payments', 'accounts', 'events', 'tickets', 'contracts', 'assets', 'vendors', 'stores', 'claims', 'visits', 'leads'];

const TYPE_WEIGHTS: [ColumnType, number][] = [
  ['int', 3],
  ['bigint', 1],
  ['numeric', 2],
  ['varchar', 4],
  ['text', 1],
  ['boolean', 2],
  ['date', 1],
  ['timestamp', 2],
];

const NAMES_BY_TYPE: Record<ColumnType, string[]> = {
  int: ['qty', 'rank', 'score', 'level', 'units', 'attempts', 'priority'],
  bigint: ['external_ref', 'sequence_no', 'batch_no', 'bytes'],
  numeric: ['amount', 'price', 'discount', 'tax', 'balance', 'weight'],
  varchar: ['label', 'code', 'status', 'email', 'city', 'region', 'title', 'channel', 'currency'],
  text: ['notes', 'description', 'payload'],
  boolean: ['is_active', 'is_deleted', 'flagged', 'verified'],
  date: ['due_on', 'valid_from', 'valid_to', 'birth_date'],
  timestamp: ['created_at', 'updated_at', 'closed_at', 'seen_at'],
};

const VARCHAR_LENGTHS = [16, 32, 64, 128, 255];
/** Column types an index may use on both engines without a prefix length. */
const INDEXABLE = new Set<ColumnType>(['int', 'bigint', 'numeric', 'varchar', 'date', 'timestamp', 'boolean']);

const pad = (n: number) => String(n).padStart(4, '0');

/** Builds the schema description; the same (count, seed) always gives the same tables. */
export function generateBenchSchema(count: number, seed: number): BenchTable[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const totalWeight = TYPE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pickType = (): ColumnType => {
    let r = random() * totalWeight;
    for (const [type, w] of TYPE_WEIGHTS) {
      r -= w;
      if (r < 0) return type;
    }
    return 'int';
  };

  const tables: BenchTable[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `${DOMAINS[i % DOMAINS.length]}_${pad(i)}`;
    const table: BenchTable = { name, columns: [{ name: 'id', type: 'bigint', notNull: true, hasDefault: false }], foreignKeys: [], uniques: [], indexes: [] };
    const used = new Set(['id']);

    // 1–3 foreign keys to earlier tables: half to the first 50 (the "dimension" hubs), half anywhere before.
    const fkCount = i === 0 ? 0 : Math.min(i, 1 + int(3));
    for (let k = 0; k < fkCount; k += 1) {
      const ref = random() < 0.5 ? int(Math.min(i, 50)) : int(i);
      const refTable = tables[ref]!.name;
      let column = `${refTable}_id`;
      for (let n = 2; used.has(column); n += 1) column = `${refTable}_id${n}`;
      used.add(column);
      table.columns.push({ name: column, type: 'bigint', notNull: random() < 0.6, hasDefault: false, fk: true });
      table.foreignKeys.push({ name: `fk_${name}_${k + 1}`, columns: [column], refTable });
    }

    // Filler columns up to 22–28 in all (about 25 on average).
    const total = 22 + int(7);
    for (let j = table.columns.length; j < total; j += 1) {
      const type = pickType();
      let column = `${pick(NAMES_BY_TYPE[type])}_${j}`;
      while (used.has(column)) column = `${column}x`;
      used.add(column);
      const col: BenchColumn = { name: column, type, notNull: random() < 0.3, hasDefault: type !== 'text' && random() < 0.25 };
      if (type === 'varchar') col.length = pick(VARCHAR_LENGTHS);
      table.columns.push(col);
    }

    const fillers = table.columns.filter((c) => !c.fk && c.name !== 'id');
    const indexable = fillers.filter((c) => INDEXABLE.has(c.type));
    const inKey = new Set<string>();

    // A few unique constraints (about one table in eight), on a short varchar, sometimes with a second column.
    if (random() < 0.125) {
      const candidates = fillers.filter((c) => c.type === 'varchar' && (c.length ?? 0) <= 128);
      if (candidates.length > 0) {
        const first = pick(candidates);
        const columns = [first.name];
        if (random() < 0.3) {
          const second = pick(indexable);
          if (second.name !== first.name) columns.push(second.name);
        }
        columns.forEach((c) => inKey.add(c));
        table.uniques.push({ name: `uq_${name}_1`, columns });
      }
    }

    // 1–2 secondary indexes, a quarter of them on two columns.
    const indexCount = 1 + int(2);
    for (let k = 0; k < indexCount && indexable.length > 0; k += 1) {
      const columns = [pick(indexable).name];
      if (random() < 0.25) {
        const second = pick(indexable).name;
        if (second !== columns[0]) columns.push(second);
      }
      const signature = columns.join(',');
      if (table.indexes.some((x) => x.columns.join(',') === signature)) continue;
      columns.forEach((c) => inKey.add(c));
      table.indexes.push({ name: `ix_${name}_${table.indexes.length + 1}`, columns });
    }

    // A few comments: one table in twenty, and one column in about every fifteenth table.
    if (random() < 0.05) table.comment = `Synthetic ${DOMAINS[i % DOMAINS.length]} table #${i} for the discovery benchmark`;
    if (random() < 0.07) {
      const col = pick(fillers.filter((c) => !inKey.has(c.name)));
      if (col) col.comment = `What ${col.name} means, in plain words`;
    }
    tables.push(table);
  }
  return tables;
}

export function totalsOf(tables: readonly BenchTable[]): BenchSchemaTotals {
  return {
    tables: tables.length,
    columns: tables.reduce((s, t) => s + t.columns.length, 0),
    foreignKeys: tables.reduce((s, t) => s + t.foreignKeys.length, 0),
    uniques: tables.reduce((s, t) => s + t.uniques.length, 0),
    indexes: tables.reduce((s, t) => s + t.indexes.length, 0),
    tableComments: tables.filter((t) => t.comment).length,
    columnComments: tables.reduce((s, t) => s + t.columns.filter((c) => c.comment).length, 0),
  };
}

// ------------------------------------------------------------------------------------------------ DDL

const pgIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const myIdent = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function pgType(c: BenchColumn): string {
  switch (c.type) {
    case 'int':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'numeric':
      return 'numeric(12,2)';
    case 'varchar':
      return `varchar(${c.length ?? 64})`;
    case 'text':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
  }
}

function myType(c: BenchColumn): string {
  switch (c.type) {
    case 'int':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'numeric':
      return 'decimal(12,2)';
    case 'varchar':
      return `varchar(${c.length ?? 64})`;
    case 'text':
      return 'text';
    case 'boolean':
      return 'tinyint(1)';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'datetime';
  }
}

function defaultOf(c: BenchColumn, engine: BenchEngine): string {
  switch (c.type) {
    case 'int':
    case 'bigint':
    case 'numeric':
      return '0';
    case 'varchar':
      return `'n/a'`;
    case 'boolean':
      return engine === 'postgres' ? 'false' : '0';
    case 'date':
      return engine === 'postgres' ? 'CURRENT_DATE' : `'2000-01-01'`;
    case 'timestamp':
      return 'CURRENT_TIMESTAMP';
    case 'text':
      return `''`;
  }
}

/** One table's PostgreSQL statements (CREATE TABLE with its keys, then indexes and comments). */
function postgresTableDdl(schema: string, t: BenchTable): string {
  const q = (name: string) => `${pgIdent(schema)}.${pgIdent(name)}`;
  const parts = t.columns.map((c) => `${pgIdent(c.name)} ${pgType(c)}${c.notNull ? ' NOT NULL' : ''}${c.hasDefault ? ` DEFAULT ${defaultOf(c, 'postgres')}` : ''}`);
  parts.push(`CONSTRAINT ${pgIdent(`pk_${t.name}`)} PRIMARY KEY (id)`);
  for (const u of t.uniques) parts.push(`CONSTRAINT ${pgIdent(u.name)} UNIQUE (${u.columns.map(pgIdent).join(', ')})`);
  for (const f of t.foreignKeys) parts.push(`CONSTRAINT ${pgIdent(f.name)} FOREIGN KEY (${f.columns.map(pgIdent).join(', ')}) REFERENCES ${q(f.refTable)} (id)`);
  const statements = [`CREATE TABLE ${q(t.name)} (\n  ${parts.join(',\n  ')}\n)`];
  for (const ix of t.indexes) statements.push(`CREATE INDEX ${pgIdent(ix.name)} ON ${q(t.name)} (${ix.columns.map(pgIdent).join(', ')})`);
  if (t.comment) statements.push(`COMMENT ON TABLE ${q(t.name)} IS ${literal(t.comment)}`);
  for (const c of t.columns) if (c.comment) statements.push(`COMMENT ON COLUMN ${q(t.name)}.${pgIdent(c.name)} IS ${literal(c.comment)}`);
  return statements.join(';\n') + ';';
}

/** One table's MariaDB/MySQL statement: keys, indexes and comments all inline. */
function mysqlTableDdl(t: BenchTable): string {
  const parts = t.columns.map(
    (c) => `${myIdent(c.name)} ${myType(c)}${c.notNull ? ' NOT NULL' : ' NULL'}${c.hasDefault ? ` DEFAULT ${defaultOf(c, 'mysql')}` : ''}${c.comment ? ` COMMENT ${literal(c.comment)}` : ''}`,
  );
  parts.push('PRIMARY KEY (`id`)');
  for (const u of t.uniques) parts.push(`UNIQUE KEY ${myIdent(u.name)} (${u.columns.map(myIdent).join(', ')})`);
  for (const ix of t.indexes) parts.push(`KEY ${myIdent(ix.name)} (${ix.columns.map(myIdent).join(', ')})`);
  for (const f of t.foreignKeys) parts.push(`CONSTRAINT ${myIdent(f.name)} FOREIGN KEY (${f.columns.map(myIdent).join(', ')}) REFERENCES ${myIdent(f.refTable)} (\`id\`)`);
  return `CREATE TABLE ${myIdent(t.name)} (\n  ${parts.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4${t.comment ? ` COMMENT=${literal(t.comment)}` : ''};`;
}

/**
 * The DDL in batches of `perBatch` tables, each batch one multi-statement query. PostgreSQL runs a multi-statement
 * query as one transaction, so a batch must stay well under the lock table (max_locks_per_transaction × connections):
 * every new table, its TOAST table and each index takes a lock until the batch commits.
 */
export function ddlBatches(engine: BenchEngine, tables: readonly BenchTable[], options: { schema?: string; perBatch?: number } = {}): string[] {
  const perBatch = options.perBatch ?? (engine === 'postgres' ? 250 : 200);
  const batches: string[] = [];
  for (let i = 0; i < tables.length; i += perBatch) {
    const slice = tables.slice(i, i + perBatch);
    if (engine === 'postgres') batches.push(slice.map((t) => postgresTableDdl(options.schema ?? 'bench', t)).join('\n'));
    else batches.push(['SET FOREIGN_KEY_CHECKS = 0;', ...slice.map(mysqlTableDdl)].join('\n'));
  }
  return batches;
}

// ------------------------------------------------------------------------------------------------ alterations

export interface BenchAlteration {
  table: string;
  kind: 'add column' | 'change column type' | 'drop index' | 'add index' | 'rename column';
  /** What it does, for the report. */
  detail: string;
  sql: string;
}

/**
 * Exactly five alterations on five distinct tables, one DDL kind each; the tables are the first suitable ones at
 * fixed positions, so the set is the same on every run.
 */
export function benchAlterations(engine: BenchEngine, tables: readonly BenchTable[], options: { schema?: string } = {}): BenchAlteration[] {
  const schema = options.schema ?? 'bench';
  const ident = engine === 'postgres' ? pgIdent : myIdent;
  const q = (name: string) => (engine === 'postgres' ? `${pgIdent(schema)}.${pgIdent(name)}` : myIdent(name));
  const keyed = (t: BenchTable) => new Set([...t.uniques, ...t.indexes, ...t.foreignKeys].flatMap((k) => k.columns));
  // A plain filler column: not a key, no comment, no default (so MODIFY needs to restate nothing but NULL-ness).
  const plain = (t: BenchTable, type?: ColumnType) => t.columns.find((c) => !c.fk && c.name !== 'id' && !keyed(t).has(c.name) && !c.comment && !c.hasDefault && (!type || c.type === type));
  const taken = new Set<string>();
  const find = (start: number, ok: (t: BenchTable) => boolean): BenchTable => {
    for (let k = 0; k < tables.length; k += 1) {
      const t = tables[(start + k) % tables.length]!;
      if (!taken.has(t.name) && ok(t)) {
        taken.add(t.name);
        return t;
      }
    }
    throw new Error('no table suits the alteration');
  };
  const n = tables.length;
  const out: BenchAlteration[] = [];

  const a = find(Math.floor(n * 0.07), () => true);
  out.push({ table: a.name, kind: 'add column', detail: 'ADD COLUMN bench_added integer', sql: `ALTER TABLE ${q(a.name)} ADD COLUMN bench_added integer` });

  const b = find(Math.floor(n * 0.26), (t) => Boolean(plain(t, 'int')));
  const bc = plain(b, 'int')!;
  out.push({
    table: b.name,
    kind: 'change column type',
    detail: `${bc.name} integer -> bigint`,
    sql: engine === 'postgres' ? `ALTER TABLE ${q(b.name)} ALTER COLUMN ${ident(bc.name)} TYPE bigint` : `ALTER TABLE ${q(b.name)} MODIFY COLUMN ${ident(bc.name)} bigint${bc.notNull ? ' NOT NULL' : ' NULL'}`,
  });

  const c = find(Math.floor(n * 0.45), (t) => t.indexes.length > 0);
  const ci = c.indexes[0]!;
  out.push({ table: c.name, kind: 'drop index', detail: `DROP INDEX ${ci.name}`, sql: engine === 'postgres' ? `DROP INDEX ${q(ci.name)}` : `DROP INDEX ${ident(ci.name)} ON ${q(c.name)}` });

  const d = find(Math.floor(n * 0.7), (t) => t.columns.some((x) => x.type === 'date' && !keyed(t).has(x.name)));
  const dc = d.columns.find((x) => x.type === 'date' && !keyed(d).has(x.name))!;
  out.push({ table: d.name, kind: 'add index', detail: `CREATE INDEX ix_${d.name}_added (${dc.name})`, sql: `CREATE INDEX ${ident(`ix_${d.name}_added`)} ON ${q(d.name)} (${ident(dc.name)})` });

  const e = find(Math.floor(n * 0.93), (t) => Boolean(plain(t)));
  const ec = plain(e)!;
  out.push({ table: e.name, kind: 'rename column', detail: `${ec.name} -> ${ec.name}_renamed`, sql: `ALTER TABLE ${q(e.name)} RENAME COLUMN ${ident(ec.name)} TO ${ident(`${ec.name}_renamed`)}` });
  return out;
}
