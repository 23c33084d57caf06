// The `querent` CLI against a running gateway: listing, registering, describing, refreshing, the change log, and clear errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createLogger, loadSettings } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { REPO_ROOT } from './support/processes';

let running: RunningQuerent;
let dataDir: string;
let shop: string;

/** Runs the CLI as its own process; asynchronously, because the gateway it talks to runs in this one. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'clients', 'cli', 'dist', 'main.js'), ...args, '--url', running.gateway.url], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-cli-'));
  shop = path.join(dataDir, 'shop.db');
  const db = new Database(shop);
  db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL);');
  db.close();
  running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_DEMO: 'false', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('test', 'error'));
});

after(async () => {
  await running?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('health, services and an empty database list', async () => {
  const health = await cli('health');
  assert.equal(health.code, 0, health.stderr);
  assert.match(health.stdout, /^status: ok/);
  assert.equal(health.stdout.match(/^ {2}ok /gm)?.length, 5);
  assert.match((await cli('services')).stdout, /^catalog +0\.1\.0 +databases, schema-memory, change-log, relationships, datapoints, vector-search, system-status$/m);
  assert.equal((await cli('databases')).stdout.trim(), 'no databases registered');
});

test('register, browse, change, refresh, read the change log, remove', async () => {
  const added = await cli('add', 'shop', `sqlite://${shop}`, '--tag', 'retail', '--description', 'A tiny shop');
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout.trim(), `added shop (sqlite) sqlite://${shop} — the default database`);
  assert.deepEqual((await cli('tables', 'shop')).stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]), ['customers', 'orders']);
  const described = await cli('describe', 'shop', 'orders');
  assert.match(described.stdout, /^main\.orders \(TABLE\)$/m);
  assert.match(described.stdout, /^ {2}foreign key: \(customer_id\) → main\.customers\(id\)$/m);

  const db = new Database(shop);
  db.exec('ALTER TABLE orders ADD COLUMN status TEXT');
  db.close();
  const refreshed = await cli('refresh', 'shop');
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.match(refreshed.stdout, /^succeeded: 1 change\(s\), 1 table\(s\) read, \d+ round trip\(s\)/);
  const changes = await cli('changes', 'shop', '--json');
  const parsed = JSON.parse(changes.stdout) as { edges: { node: { action: string; objectType: string; table: string; column: string } }[] };
  assert.deepEqual(parsed.edges.map((e) => [e.node.action, e.node.objectType, e.node.table, e.node.column]), [['ADDED', 'COLUMN', 'orders', 'status']]);

  assert.match((await cli('remove', 'shop', '--purge')).stdout, /^removed shop and its change history$/m);
  assert.equal((await cli('databases')).stdout.trim(), 'no databases registered');
});

test('mistakes get one clear line and a non-zero exit', async () => {
  const cases: [string[], number, RegExp][] = [
    [['frobnicate'], 2, /^querent: BAD_INPUT: unknown command "frobnicate"/],
    [['tables'], 2, /^querent: BAD_INPUT: usage: querent tables <db> \[schema\]/],
    [['describe', 'nowhere', 't'], 1, /^querent: NOT_FOUND: no database named "nowhere"/],
    [['add', 'x', 'postgresql://u:cli-secret@127.0.0.1:1/db'], 1, /^querent: CONNECTION_UNREACHABLE: /],
    [['changes', 'x', '--first'], 2, /^querent: --first needs a value/],
  ];
  for (const [args, code, message] of cases) {
    const result = await cli(...args);
    assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr.trim(), message);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.ok(!result.stderr.includes('cli-secret'));
  }
});

test('relationships and join paths of a database', async () => {
  const file = path.join(dataDir, 'rel.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), total REAL);
    CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, amount REAL);
    INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bo');
    INSERT INTO orders VALUES (10, 1, 5.0), (11, 2, 7.5);
    INSERT INTO refunds VALUES (100, 10, 5.0);`);
  db.close();
  assert.equal((await cli('add', 'rel', `sqlite://${file}`)).code, 0);
  const listed = await cli('relationships', 'rel');
  assert.equal(listed.code, 0, listed.stderr);
  const lines = listed.stdout.trim().split('\n').map((l) => l.replace(/\s+/g, ' '));
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'orders(customer_id) → customers(id) DECLARED 1.00 ONE_TO_MANY');
  // refunds.order_id has no foreign key: its name implies it and its one value is an order (confidence raised).
  assert.match(lines[1], /^refunds\(order_id\) → orders\(id\) NAMING 0\.9\d ONE_TO_MANY$/);
  const json = JSON.parse((await cli('relationships', 'rel', '--json')).stdout) as { fromTable: string; source: string; confidence: number }[];
  assert.deepEqual(json.map((r) => [r.fromTable, r.source]), [['orders', 'DECLARED'], ['refunds', 'NAMING']]);
  const joined = await cli('join', 'rel', 'customers', 'refunds');
  assert.equal(joined.code, 0, joined.stderr);
  assert.deepEqual(joined.stdout.trim().split('\n').slice(0, 3).map((l) => l.replace(/ +--.*$/, '')), [
    'FROM main.customers',
    'JOIN main.orders ON customers.id = orders.customer_id',
    'JOIN main.refunds ON orders.id = refunds.order_id',
  ]);
  assert.match(joined.stdout, /\(cost 2\.\d+\)$/m);
  const apart = await cli('join', 'rel', 'customers', 'nowhere');
  assert.equal(apart.code, 1);
  assert.match(apart.stderr.trim(), /^querent: NOT_FOUND: no table or view named "nowhere"/);
  assert.equal((await cli('remove', 'rel')).code, 0);
});

test('ask and plan: the SQL, the rows and the steps; exit 1 without an answer', async () => {
  const file = path.join(dataDir, 'askme.db');
  const db = new Database(file);
  db.exec("CREATE TABLE tickets (id INTEGER PRIMARY KEY, priority TEXT, opened_at TEXT); INSERT INTO tickets (priority, opened_at) VALUES ('high', '2025-01-02'), ('low', '2025-01-03'), ('high', '2025-02-01');");
  db.close();
  assert.equal((await cli('add', 'helpdesk', `sqlite://${file}`)).code, 0);

  const answered = await cli('ask', 'How many tickets are there?', '--db', 'helpdesk');
  assert.equal(answered.code, 0, answered.stdout + answered.stderr);
  assert.match(answered.stdout, /^ANSWERED/);
  assert.match(answered.stdout, /SQL: SELECT COUNT\(\*\) FROM tickets/i);
  assert.match(answered.stdout, /\b3\b/);
  assert.match(answered.stdout, /execute +DONE/);

  const json = JSON.parse((await cli('ask', 'How many tickets are there?', '--db', 'helpdesk', '--json')).stdout);
  assert.deepEqual(json.queryRun.rows, [[3]]);

  // Values ("high") are linked through profiles: profile first, as `querent init` does.
  assert.equal((await cli('profile', 'helpdesk', '--wait')).code, 0);
  const planned = await cli('plan', 'How many high priority tickets are there?', '--db', 'helpdesk');
  assert.equal(planned.code, 0, planned.stdout + planned.stderr);
  assert.match(planned.stdout, /^PLAN\nSQL: SELECT COUNT\(\*\) FROM tickets WHERE .*high/i);

  const unanswerable = await cli('ask', 'How many rockets launched from Mars?', '--db', 'helpdesk');
  assert.equal(unanswerable.code, 1);
  assert.match(unanswerable.stdout, /UNANSWERABLE|NEEDS_CLARIFICATION/);
  const missing = await cli('ask');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /usage: querent ask/);
});
