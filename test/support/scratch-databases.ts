// Empty scratch databases for the engine-matrix tests, one per engine: a writable connection of its own for setting up
// and checking (separate from whatever the code under test opens), and a drop that removes the database or its file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import Database from 'better-sqlite3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createTempPostgresDatabase } from './postgres';
import { createTempMysqlDatabase, withMysqlAdmin } from './sample-databases';

export type ScratchEngine = 'postgres' | 'mysql' | 'sqlite' | 'duckdb';

export interface ScratchDatabase {
  url: string;
  /** The database's name (network engines) or its file (file engines). */
  name: string;
  /** Runs one or more statements through a separate, writable connection. */
  exec(sql: string): Promise<void>;
  /** The first value of the first row, through a separate connection; parameters as `$1` (PostgreSQL) or `?`. */
  scalar(sql: string, params?: unknown[]): Promise<unknown>;
  drop(): Promise<void>;
}

function scratchFile(prefix: string, ext: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), `fixture.${ext}`);
}

export async function openScratchDatabase(engine: ScratchEngine, prefix = 'querent-scratch-'): Promise<ScratchDatabase> {
  switch (engine) {
    case 'postgres': {
      const db = await createTempPostgresDatabase();
      const withClient = async <T>(work: (c: Client) => Promise<T>) => {
        const c = new Client({ connectionString: db.url });
        await c.connect();
        try {
          return await work(c);
        } finally {
          await c.end();
        }
      };
      return {
        url: db.url,
        name: new URL(db.url).pathname.slice(1),
        exec: (sql) => withClient(async (c) => void (await c.query(sql))),
        scalar: (sql, params = []) => withClient(async (c) => Object.values((await c.query(sql, params)).rows[0] as object)[0]),
        drop: db.drop,
      };
    }
    case 'mysql': {
      const db = await createTempMysqlDatabase();
      return {
        url: db.url,
        name: db.name,
        exec: (sql) => withMysqlAdmin(async (c) => void (await c.query(sql)), db.name),
        scalar: (sql, params = []) =>
          withMysqlAdmin(async (c) => {
            const [rows] = await c.query({ sql, values: params, rowsAsArray: true });
            return (rows as unknown[][])[0]?.[0];
          }, db.name),
        drop: db.drop,
      };
    }
    case 'sqlite': {
      const file = scratchFile(prefix, 'db');
      const withDb = <T>(work: (db: Database.Database) => T) => {
        const db = new Database(file);
        try {
          return work(db);
        } finally {
          db.close();
        }
      };
      withDb(() => undefined);
      return {
        url: `sqlite://${file}`,
        name: file,
        exec: async (sql) => withDb((db) => void db.exec(sql)),
        scalar: async (sql, params = []) => withDb((db) => db.prepare(sql).pluck().get(...params)),
        drop: async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }),
      };
    }
    case 'duckdb': {
      const file = scratchFile(prefix, 'duckdb');
      // A fresh instance per call: DuckDB locks its file while an instance is open, and the code under test opens it too.
      const withDb = async <T>(work: (c: DuckDBConnection) => Promise<T>) => {
        const instance = await DuckDBInstance.create(file);
        const c = await instance.connect();
        try {
          return await work(c);
        } finally {
          c.closeSync();
          instance.closeSync();
        }
      };
      await withDb(async () => undefined);
      return {
        url: `duckdb://${file}`,
        name: file,
        exec: (sql) => withDb(async (c) => void (await c.run(sql))),
        scalar: (sql, params = []) => {
          if (params.length > 0) throw new Error('the DuckDB scratch database takes no statement parameters');
          return withDb(async (c) => (await c.runAndReadAll(sql)).getRows()[0]?.[0]);
        },
        drop: async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }),
      };
    }
  }
}
