// Execution through the gateway (embedded default, demo database): executeSql by role, refusals as runs, the result of a
// run read back across subgraphs, PII masking per role, history paging, the unknown-table feedback that makes the
// catalog re-read (end to end), and the CLI's sql and history commands.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createLogger, loadSettings, openPrismaStore, type PrismaStore } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { graphql, REPO_ROOT } from './support/processes';

let running: RunningQuerent;
let dataDir: string;
let store: PrismaStore;
let gql: string;
let demoId: string;
let demoFile: string;

const RUN_FIELDS = 'id status sql question database { id name } columns { name type } rows truncated rowCount durationMs cacheHit error { code message } user createdAt';
const EXECUTE = `mutation($id: ID!, $sql: String!, $question: String) { executeSql(databaseId: $id, sql: $sql, question: $question) { ${RUN_FIELDS} } }`;

async function q<T = any>(query: string, variables: Record<string, unknown> = {}, role = 'analyst') {
  return graphql<T>(gql, query, variables, { 'x-querent-role': role });
}

async function execute(sql: string, role = 'analyst', question?: string) {
  const result = await q(EXECUTE, { id: demoId, sql, question }, role);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data.executeSql;
}

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'clients', 'cli', 'dist', 'main.js'), ...args, '--url', running.gateway.url], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-exec-api-'));
  running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('test', 'error'));
  gql = running.gateway.graphqlUrl;
  store = await openPrismaStore({ dataDir, migrate: false });
  const { data } = await q('{ databases { id name } }');
  demoId = data.databases.find((d: { name: string }) => d.name === 'demo').id;
  demoFile = path.join(dataDir, 'demo.db');
});

after(async () => {
  await store?.close();
  await running?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('executeSql through the gateway', () => {
  it('an analyst runs a statement; the run carries its result and its database across subgraphs', async () => {
    const sql = 'SELECT segment, count(*) AS customers FROM customers GROUP BY segment ORDER BY segment';
    const run = await execute(sql, 'analyst', 'how many customers per segment?');
    const direct = new Database(demoFile, { readonly: true });
    const expected = direct.prepare(sql).raw().all();
    direct.close();
    assert.equal(run.status, 'OK');
    assert.deepEqual(run.columns.map((c: { name: string }) => c.name), ['segment', 'customers']);
    assert.deepEqual(run.rows, expected);
    assert.equal(run.rowCount, expected.length);
    assert.equal(run.database.name, 'demo', 'Database.name comes from the catalog');
    assert.equal(run.question, 'how many customers per segment?');
    assert.equal(run.user, 'analyst');
    assert.equal(run.cacheHit, false);
    assert.equal((await execute(sql)).cacheHit, true);
    // Read back by id and through Database.recentQueryRuns: the result is still there while cached.
    const { data } = await q(`query($id: ID!) { queryRun(id: $id) { status rows } databases { name recentQueryRuns(first: 1) { sql rows cacheHit } } }`, { id: run.id });
    assert.deepEqual(data.queryRun, { status: 'OK', rows: expected });
    assert.deepEqual(data.databases[0].recentQueryRuns, [{ sql, rows: expected, cacheHit: true }]);
  });

  it('a viewer may not run SQL; an admin may', async () => {
    const viewer = await q(EXECUTE, { id: demoId, sql: 'SELECT 1 AS one' }, 'viewer');
    assert.equal(viewer.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(viewer.data, null);
    assert.equal((await execute('SELECT 1 AS one', 'admin')).status, 'OK');
  });

  it('a refused statement is a REFUSED run with the guard\'s code; checkSql says the same without running it', async () => {
    const before = (new Database(demoFile, { readonly: true }).prepare('SELECT count(*) AS n FROM returns').get() as { n: number }).n;
    const run = await execute('DELETE FROM returns');
    assert.equal(run.status, 'REFUSED');
    assert.equal(run.error.code, 'SQL_NOT_READ_ONLY');
    assert.equal(run.rows, null);
    assert.equal((new Database(demoFile, { readonly: true }).prepare('SELECT count(*) AS n FROM returns').get() as { n: number }).n, before);
    const { data } = await q('query($id: ID!) { checkSql(databaseId: $id, sql: "UPDATE orders SET status = 1") { accepted code reason } }', { id: demoId }, 'viewer');
    assert.equal(data.checkSql.accepted, false);
    assert.equal(data.checkSql.code, 'SQL_NOT_READ_ONLY');
    const audit = await store.prisma.auditEntry.findFirstOrThrow({ where: { target: run.id } });
    assert.equal(audit.action, 'query.refused');
  });

  it('unknown databases and empty SQL are typed errors', async () => {
    assert.equal((await q(EXECUTE, { id: 'no-such-db', sql: 'SELECT 1' })).errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.equal((await q(EXECUTE, { id: demoId, sql: ' ' })).errors?.[0]?.extensions?.code, 'BAD_INPUT');
  });
});

describe('PII through the gateway', () => {
  before(async () => {
    await store.prisma.columnProfile.create({
      data: { id: crypto.randomUUID(), connectionId: demoId, schemaName: 'main', tableName: 'customers', columnName: 'email', nullFraction: 0, distinctCount: 5000n, distinctExact: true, topValues: [], samples: [], patterns: ['EMAIL'] },
    });
  });

  it('masks emails for an analyst, shows them to an admin, and masks an admin\'s run read back by a viewer', async () => {
    const sql = 'SELECT id, email FROM customers ORDER BY id LIMIT 2';
    const direct = new Database(demoFile, { readonly: true });
    const truth = direct.prepare(sql).raw().all() as [number, string][];
    direct.close();
    const analyst = await execute(sql, 'analyst');
    assert.deepEqual(analyst.rows, truth.map(([id, email]) => [id, `**@${email.split('@')[1]}`]));
    const admin = await execute(sql, 'admin');
    assert.deepEqual(admin.rows, truth);
    const { data } = await q('query($id: ID!) { queryRun(id: $id) { rows } }', { id: admin.id }, 'viewer');
    assert.deepEqual(data.queryRun.rows, analyst.rows);
  });
});

describe('history', () => {
  it('pages the runs newest first with question, SQL, status, timings, row count, error and user', async () => {
    const seen: { sql: string; status: string; user: string; durationMs: number; rowCount: number | null }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result: any = await q(
        'query($id: ID!, $after: String) { queryHistory(databaseId: $id, first: 2, after: $after) { edges { cursor node { sql status user durationMs rowCount question error { code } } } pageInfo { hasNextPage endCursor } } }',
        { id: demoId, after },
        'viewer',
      );
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      seen.push(...result.data.queryHistory.edges.map((e: { node: (typeof seen)[number] }) => e.node));
      if (!result.data.queryHistory.pageInfo.hasNextPage) break;
      after = result.data.queryHistory.pageInfo.endCursor;
    }
    const runs = await store.prisma.queryRun.findMany({ where: { connectionId: demoId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    assert.deepEqual(seen.map((s) => s.sql), runs.map((r) => r.sql));
    assert.ok(seen.length >= 6, `${seen.length} runs`);
    assert.ok(seen.some((s) => s.status === 'REFUSED') && seen.some((s) => s.status === 'OK'));
    assert.ok(seen.every((s) => typeof s.durationMs === 'number' && s.user));
    const audit = await store.prisma.auditEntry.count({ where: { connectionId: demoId, action: { in: ['query.executed', 'query.refused'] } } });
    assert.equal(audit, runs.length, 'one audit entry per run');
  });
});

describe('error feedback to the catalog', () => {
  it('an unknown table makes the catalog re-read that table and record its removal', async () => {
    const writer = new Database(demoFile);
    writer.exec('CREATE TABLE scratch_gone (id INTEGER PRIMARY KEY, label TEXT)');
    writer.close();
    const { data: known } = await q(`query($id: ID!) { database(id: $id) { table(name: "scratch_gone") { name columns { name } } } }`, { id: demoId });
    assert.deepEqual(known.database.table.columns.map((c: { name: string }) => c.name), ['id', 'label']);
    const dropper = new Database(demoFile);
    dropper.exec('DROP TABLE scratch_gone');
    dropper.close();
    const run = await execute('SELECT * FROM scratch_gone');
    assert.equal(run.status, 'ERROR');
    assert.equal(run.error.code, 'UNKNOWN_TABLE');
    const refresh = await until('the error-triggered refresh', async () => {
      const { data } = await q('query($id: ID!) { refreshRuns(databaseId: $id, first: 10) { edges { node { trigger status schema table } } } }', { id: demoId });
      return data.refreshRuns.edges.map((e: { node: unknown }) => e.node).find((n: { trigger: string; status: string }) => n.trigger === 'error' && n.status !== 'running');
    });
    assert.deepEqual(refresh, { trigger: 'error', status: 'succeeded', schema: 'main', table: 'scratch_gone' });
    const { data: changes } = await q('query($id: ID!) { changes(databaseId: $id, table: "scratch_gone", first: 5) { edges { node { action objectType table refreshRun { trigger } } } } }', { id: demoId });
    assert.deepEqual(changes.changes.edges.map((e: { node: unknown }) => e.node), [{ action: 'REMOVED', objectType: 'TABLE', table: 'scratch_gone', refreshRun: { trigger: 'error' } }]);
  });
});

describe('the CLI', () => {
  it('querent sql prints the rows (exit 0) or the refusal (exit 1); querent history lists the runs', async () => {
    const ok = await cli('sql', 'demo', 'SELECT id, name FROM regions ORDER BY id LIMIT 2');
    assert.equal(ok.code, 0, ok.stderr);
    const lines = ok.stdout.trim().split('\n');
    assert.match(lines[0], /^id +name$/);
    assert.match(lines[2], /^1 +\S/);
    assert.match(lines.at(-1)!, /^\(2 row\(s\), \d+ ms/);
    const refused = await cli('sql', 'demo', 'DROP TABLE regions');
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^REFUSED: SQL_NOT_READ_ONLY: /);
    const history = await cli('history', 'demo', '--first', '2');
    assert.equal(history.code, 0, history.stderr);
    const rows = history.stdout.trim().split('\n');
    assert.equal(rows.length, 3, history.stdout);
    assert.match(rows[0], /REFUSED .*DROP TABLE regions/);
    assert.match(rows[1], /OK .*SELECT id, name FROM regions/);
    assert.equal(rows[2], '(more: --first N)');
  });
});
