// The SQLite executor keeps its handle open between statements; a schema changed by another connection must show
// in the next result's columns, not only in its rows.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DIALECTS } from '@querent/common';

it('columns follow an ALTER TABLE made by another connection', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-stale-'));
  const file = path.join(dir, 't.db');
  const writer = new Database(file);
  writer.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')");
  const executor = await DIALECTS.sqlite.openExecutor(`sqlite://${file}`, { connectTimeoutMs: 5000, poolSize: 1 });
  const options = { timeoutMs: 5000, maxRows: 10, maxBytes: 1_000_000 };
  try {
    assert.deepEqual((await executor.query('SELECT * FROM t', options)).columns.map((c) => c.name), ['a', 'b']);
    writer.exec('ALTER TABLE t ADD COLUMN c REAL DEFAULT 2.5');
    const after = await executor.query('SELECT * FROM t', options);
    assert.deepEqual(after.columns.map((c) => c.name), ['a', 'b', 'c']);
    assert.deepEqual(after.rows, [[1, 'x', 2.5]]);
  } finally {
    writer.close();
    await executor.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
