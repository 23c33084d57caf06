// Multi-row INSERT through Prisma's raw API, for writes of thousands of rows: Prisma's createMany costs about a
// millisecond per row through the SQLite driver adapter (2,000 table structures: ~2 s), one statement per 500 rows
// costs a fifth of that. Placeholders and casts follow the store's provider.
import type { StoreProvider } from './migration-applier.js';

export type BulkColumnKind = 'text' | 'json' | 'datetime' | 'bigint' | 'int' | 'boolean' | 'float';

export interface BulkColumn {
  name: string;
  kind: BulkColumnKind;
}

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

const PG_CASTS: Record<BulkColumnKind, string> = {
  text: '',
  json: '::jsonb',
  datetime: '::timestamp(3)',
  bigint: '::bigint',
  int: '::integer',
  boolean: '::boolean',
  float: '::double precision',
};

/** Rows per statement: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters for any table of ours. */
const ROWS_PER_STATEMENT = 500;

function encode(value: unknown, kind: BulkColumnKind, provider: StoreProvider): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json':
      return JSON.stringify(value);
    case 'datetime':
      // On SQLite a DateTime is text, compared as text: write it exactly as Prisma's adapter does (…+00:00, not …Z).
      return provider === 'postgresql' ? (value as Date).toISOString() : (value as Date).toISOString().replace(/Z$/, '+00:00');
    case 'bigint':
      return provider === 'postgresql' ? String(value) : Number(value);
    case 'boolean':
      return provider === 'postgresql' ? Boolean(value) : value ? 1 : 0;
    default:
      return value;
  }
}

export interface BulkInsertOptions {
  /**
   * A unique key of the table: a row whose key already exists is updated in place (every column but the key and
   * `keep`) instead of failing, which spares a delete of the old rows before rewriting them.
   */
  upsertOn?: readonly string[];
  /** Columns an upsert leaves as they were (e.g. the primary key). */
  keep?: readonly string[];
}

function conflictClause(columns: readonly BulkColumn[], options: BulkInsertOptions): string {
  if (!options.upsertOn?.length) return '';
  const fixed = new Set([...options.upsertOn, ...(options.keep ?? [])]);
  const updates = columns.filter((c) => !fixed.has(c.name)).map((c) => `"${c.name}" = excluded."${c.name}"`);
  const target = options.upsertOn.map((c) => `"${c}"`).join(', ');
  return updates.length ? ` ON CONFLICT (${target}) DO UPDATE SET ${updates.join(', ')}` : ` ON CONFLICT (${target}) DO NOTHING`;
}

export async function bulkInsert(executor: RawExecutor, provider: StoreProvider, table: string, columns: readonly BulkColumn[], rows: readonly Record<string, unknown>[], options: BulkInsertOptions = {}): Promise<void> {
  const quoted = columns.map((c) => `"${c.name}"`).join(', ');
  const onConflict = conflictClause(columns, options);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const part = rows.slice(start, start + ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    const tuples = part.map((row) => {
      const slots = columns.map((c) => {
        values.push(encode(row[c.name], c.kind, provider));
        return provider === 'postgresql' ? `$${values.length}${PG_CASTS[c.kind]}` : '?';
      });
      return `(${slots.join(', ')})`;
    });
    await executor.$executeRawUnsafe(`INSERT INTO "${table}" (${quoted}) VALUES ${tuples.join(', ')}${onConflict}`, ...values);
  }
}
