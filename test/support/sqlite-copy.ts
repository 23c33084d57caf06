// Copies the tables of a SQLite database (columns, primary and foreign keys, rows) into PostgreSQL, MariaDB or DuckDB,
// so one fixture (the demo database) can be read through every engine. Handles the types the demo uses: integers,
// text and reals; foreign keys are declared inline, so tables are created and filled parents first.
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import { DuckDBInstance } from '@duckdb/node-api';

export type CopyEngine = 'postgres' | 'mysql' | 'duckdb';

interface SourceColumn {
  name: string;
  type: string;
  notNull: boolean;
  pk: number;
}

interface SourceTable {
  name: string;
  columns: SourceColumn[];
  foreignKeys: { from: string; table: string; to: string }[];
  rows: unknown[][];
}

function readSource(file: string): SourceTable[] {
  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
    return names.map(({ name }) => {
      const columns = (db.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as { name: string; type: string; required: number; pk: number }[]).map((c) => ({ name: c.name, type: c.type, pk: c.pk, notNull: c.required === 1 }));
      const foreignKeys = db.prepare('SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)').all(name) as { from: string; table: string; to: string }[];
      const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().all() as unknown[][];
      return { name, columns, foreignKeys, rows };
    });
  } finally {
    db.close();
  }
}

/** Parents before children; a table whose parents are all placed goes next (names break ties). */
function parentsFirst(tables: SourceTable[]): SourceTable[] {
  const placed: SourceTable[] = [];
  const pending = [...tables];
  while (pending.length > 0) {
    const next = pending.find((t) => t.foreignKeys.every((fk) => fk.table === t.name || placed.some((p) => p.name === fk.table)));
    if (!next) throw new Error(`foreign keys form a cycle among ${pending.map((t) => t.name).join(', ')}`);
    placed.push(next);
    pending.splice(pending.indexOf(next), 1);
  }
  return placed;
}

const TYPES: Record<CopyEngine, Record<'integer' | 'text' | 'keyText' | 'real', string>> = {
  postgres: { integer: 'INTEGER', text: 'TEXT', keyText: 'TEXT', real: 'DOUBLE PRECISION' },
  mysql: { integer: 'INTEGER', text: 'TEXT', keyText: 'VARCHAR(191)', real: 'DOUBLE' },
  duckdb: { integer: 'INTEGER', text: 'VARCHAR', keyText: 'VARCHAR', real: 'DOUBLE' },
};

function typeFor(engine: CopyEngine, column: SourceColumn, keyed: boolean): string {
  const t = column.type.toUpperCase();
  if (t.includes('INT')) return TYPES[engine].integer;
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') || t.includes('NUMERIC')) return TYPES[engine].real;
  return keyed ? TYPES[engine].keyText : TYPES[engine].text;
}

function quoteName(engine: CopyEngine, name: string): string {
  return engine === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

function literal(engine: CopyEngine, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = String(value).replace(/'/g, "''");
  return engine === 'mysql' ? `'${text.replace(/\\/g, '\\\\')}'` : `'${text}'`;
}

function statements(engine: CopyEngine, tables: SourceTable[]): string[] {
  const out: string[] = [];
  for (const table of parentsFirst(tables)) {
    const q = (n: string) => quoteName(engine, n);
    const pk = table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const keyed = new Set([...pk, ...table.foreignKeys.map((f) => f.from)]);
    const parts = table.columns.map((c) => `${q(c.name)} ${typeFor(engine, c, keyed.has(c.name))}${c.notNull ? ' NOT NULL' : ''}`);
    if (pk.length > 0) parts.push(`PRIMARY KEY (${pk.map(q).join(', ')})`);
    for (const fk of table.foreignKeys) parts.push(`FOREIGN KEY (${q(fk.from)}) REFERENCES ${q(fk.table)} (${q(fk.to)})`);
    out.push(`CREATE TABLE ${q(table.name)} (${parts.join(', ')})`);
    for (let i = 0; i < table.rows.length; i += 500) {
      const values = table.rows.slice(i, i + 500).map((row) => `(${row.map((v) => literal(engine, v)).join(', ')})`);
      out.push(`INSERT INTO ${q(table.name)} VALUES ${values.join(', ')}`);
    }
  }
  return out;
}

/** Copies every table of `sqliteFile` into the empty database at `target` (a URL, or a DuckDB file path). */
export async function copySqliteInto(engine: CopyEngine, sqliteFile: string, target: string): Promise<void> {
  const sql = statements(engine, readSource(sqliteFile));
  if (engine === 'postgres') {
    const client = new Client({ connectionString: target });
    await client.connect();
    try {
      for (const statement of sql) await client.query(statement);
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
  } else if (engine === 'mysql') {
    const url = new URL(target);
    const conn = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password), database: url.pathname.slice(1) });
    try {
      for (const statement of sql) await conn.query(statement);
    } finally {
      await conn.end();
    }
  } else {
    const instance = await DuckDBInstance.create(target);
    const connection = await instance.connect();
    try {
      for (const statement of sql) await connection.run(statement);
      await connection.run('CHECKPOINT');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
}
