// DataPoints end to end on the demo database through the gateway: generation after real profiling (the revenue metric
// with its cancelled-order filter, a SCHEMA per table, PROCESS hints on dated tables), the review queue and its
// permissions, edit-then-approve, regeneration that keeps people's decisions and marks them stale, search with the
// local embedding; the LLM enrichment and OpenAI embedding path against the loopback OpenAI fixture; the vector index
// implementations (embedded, Pinecone against its loopback fixture).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  createLogger,
  createVectorIndex,
  EmbeddedVectorIndex,
  embedTextLocally,
  loadSettings,
  LocalTextEmbedder,
  openPrismaStore,
  PineconeVectorIndex,
  PrismaVectorEntryStore,
  QuerentError,
  type PrismaStore,
} from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { DEMO_ANCHOR_DATE, DEMO_FILE_NAME } from '@querent/catalog';
import { DATAPOINT_INDEX_NAMESPACE } from '@querent/catalog/dist/system/knowledge-wiring';
import { generateDataPoints, generatedHash } from '@querent/catalog/dist/datapoints/datapoint-generator';
import { reconcile } from '@querent/catalog/dist/datapoints/datapoint-reconcile';
import type { DataPointRecord } from '@querent/catalog/dist/datapoints/datapoint';
import type { ColumnProfileFacts, DatabaseFacts, TableFacts } from '@querent/catalog/dist/datapoints/database-facts';
import { DIALECTS, type ColumnInfo, type TableStructure } from '@querent/common';

const postgresDialect = DIALECTS.postgres;
import { graphql } from './support/processes';
import { OpenAiFixtureServer, reply, type RecordedRequest } from './support/openai-fixture-server';
import { PineconeFixtureServer } from './support/pinecone-fixture-server';

const FIELDS = 'id key type status title description body confidence schema table stale staleReason proposal { title body confidence } reviewedBy reviewedAt';

interface Point {
  id: string;
  key: string;
  type: string;
  status: string;
  title: string;
  description: string;
  body: any;
  confidence: number;
  schema: string | null;
  table: string | null;
  stale: boolean;
  staleReason: string | null;
  proposal: { title: string; body: any } | null;
  reviewedBy: string | null;
}

interface Stack {
  running: RunningQuerent;
  dataDir: string;
  demoId: string;
  q<T = any>(query: string, variables?: Record<string, unknown>, role?: string): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  ok<T = any>(query: string, variables?: Record<string, unknown>, role?: string): Promise<T>;
  all(status?: string): Promise<Point[]>;
  close(): Promise<void>;
}

async function startStack(prefix: string, env: Record<string, string> = {}): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const settings = loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000', ...env });
  const running = await startEmbedded(settings, createLogger('test', 'error'));
  const q: Stack['q'] = (query, variables, role) => graphql(running.gateway.graphqlUrl, query, variables, role ? { 'x-querent-role': role } : {});
  const ok: Stack['ok'] = async (query, variables, role) => {
    const result = await q(query, variables, role);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data as never;
  };
  const { databases } = await ok<{ databases: { id: string; name: string }[] }>('{ databases { id name } }');
  const demoId = databases.find((d) => d.name === 'demo')?.id as string;
  assert.ok(demoId, 'the demo database is registered');
  const all = async (status?: string) => {
    const data = await ok(`query($id: ID!, $status: DataPointStatus) { dataPoints(databaseId: $id, status: $status, first: 500) { edges { node { ${FIELDS} } } pageInfo { hasNextPage } } }`, { id: demoId, status: status ?? null });
    assert.equal(data.dataPoints.pageInfo.hasNextPage, false);
    return data.dataPoints.edges.map((e: { node: Point }) => e.node) as Point[];
  };
  return {
    running,
    dataDir,
    demoId,
    q,
    ok,
    all,
    close: async () => {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function profileAndGenerate(stack: Stack): Promise<any> {
  const profiled = await stack.ok(`mutation($id: ID!) { profileDatabase(databaseId: $id, wait: true) { status tablesProfiled tablesFailed } }`, { id: stack.demoId });
  assert.equal(profiled.profileDatabase.status, 'SUCCEEDED', JSON.stringify(profiled));
  const generated = await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { generated created rewritten unchanged markedStale removed enriched enrichmentModel enrichmentError } }`, { id: stack.demoId });
  return generated.generateDataPoints;
}

const review = (stack: Stack, id: string, decision: string, edits?: unknown, role = 'admin') =>
  stack.q(`mutation($id: ID!, $d: ReviewDecision!, $e: JSON) { reviewDataPoint(id: $id, decision: $d, edits: $e) { ${FIELDS} } }`, { id, d: decision, e: edits ?? null }, role);

function demoDb(stack: Stack): Database.Database {
  return new Database(path.join(stack.dataDir, DEMO_FILE_NAME), { readonly: true });
}

describe('DataPoints on the demo database (local embedding, no key)', () => {
  let stack: Stack;
  let points: Point[];
  const byKey = (key: string) => points.find((p) => p.key === key) as Point;

  before(async () => {
    stack = await startStack('querent-dp-');
  });
  after(async () => stack?.close());

  it('generates a SCHEMA DataPoint per table, the revenue metric with the cancelled-order filter, and PROCESS hints on dated tables', async () => {
    const summary = await profileAndGenerate(stack);
    assert.equal(summary.enriched, 0, 'no LLM configured: deterministic descriptions');
    assert.equal(summary.enrichmentModel, null);
    points = await stack.all();
    assert.equal(summary.created, points.length);
    assert.ok(points.every((p) => p.status === 'PENDING' && p.confidence > 0 && p.confidence <= 1));

    const tables = (await stack.ok(`query($id: ID!) { database(id: $id) { schema(name: "main") { tables { name kind } } } }`, { id: stack.demoId })).database.schema.tables as { name: string }[];
    const schemaPoints = points.filter((p) => p.type === 'SCHEMA');
    assert.deepEqual(schemaPoints.map((p) => p.table).sort(), tables.map((t) => t.name).sort(), 'one SCHEMA DataPoint per table');
    const orders = byKey('schema:main.orders');
    assert.equal(orders.body.grain, 'one row per order (key id)');
    assert.deepEqual(orders.body.keyColumns.primaryKey, ['id']);
    assert.equal(orders.body.columns.customer_id.references, 'customers.id');
    assert.ok(orders.body.columns.status.values.includes('cancelled'), 'status values come from the profile');
    assert.ok(orders.body.typicalFilters.some((f: string) => /orders\.order_date BETWEEN/.test(f)));
    const customers = byKey('schema:main.customers');
    assert.equal(customers.body.columns.email.pii, true, 'the profile saw e-mail addresses');
    assert.equal(customers.body.columns.email.piiSource, 'pattern');
    assert.equal(customers.body.columns.segment.pii, false);
    assert.deepEqual(customers.body.piiColumns, ['email']);

    const revenue = points.find((p) => p.type === 'BUSINESS' && p.title === 'Revenue') as Point;
    assert.ok(revenue, `a Revenue metric among ${points.filter((p) => p.type === 'BUSINESS').map((p) => p.title).join(', ')}`);
    assert.equal(revenue.body.expression, 'SUM(order_items.quantity * order_items.unit_price)');
    assert.deepEqual(revenue.body.filters, ["orders.status NOT IN ('cancelled')"]);
    assert.equal(revenue.body.timeDimension, 'orders.order_date');
    assert.ok(revenue.body.dimensions.some((d: { name: string }) => d.name === 'customers.segment'), 'dimensions reach customers through orders');
    assert.ok(revenue.body.dimensions.some((d: { name: string }) => d.name === 'product_categories.name'));
    assert.ok(!revenue.body.dimensions.some((d: { name: string }) => d.name.startsWith('customers.email')), 'personal data is never a dimension');
    // The SQL definition runs and equals revenue computed independently.
    const db = demoDb(stack);
    try {
      const generatedValue = Object.values(db.prepare(revenue.body.sql).get() as object)[0] as number;
      const expected = (db.prepare(`SELECT SUM(oi.quantity * oi.unit_price) AS v FROM order_items oi WHERE oi.order_id IN (SELECT id FROM orders WHERE status <> 'cancelled')`).get() as { v: number }).v;
      const withCancelled = (db.prepare('SELECT SUM(quantity * unit_price) AS v FROM order_items').get() as { v: number }).v;
      assert.ok(Math.abs(generatedValue - expected) < 1e-6 * expected, `${generatedValue} vs ${expected}`);
      assert.ok(withCancelled > expected, 'the filter matters on this data');
    } finally {
      db.close();
    }

    const processOrders = byKey('process:main.orders');
    assert.equal(processOrders.body.loadPattern, 'append-only by date');
    assert.equal(processOrders.body.dateColumn, 'order_date');
    assert.equal(processOrders.body.latestValue, DEMO_ANCHOR_DATE, 'the newest order date, read from the table');
    assert.equal(byKey('process:main.regions'), undefined, 'no PROCESS hint for a table without dates');
    assert.ok(points.filter((p) => p.type === 'PROCESS').every((p) => p.body.dateColumn || p.body.updateColumn));
  });

  it('lets only the admin review or edit, through GraphQL with the x-querent-role header', async () => {
    const revenue = points.find((p) => p.title === 'Revenue') as Point;
    for (const role of ['analyst', 'viewer']) {
      const refused = await review(stack, revenue.id, 'APPROVE', null, role);
      assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${role}: ${JSON.stringify(refused)}`);
      assert.match(refused.errors?.[0]?.message ?? '', /only the admin role may review DataPoints/);
      const edit = await stack.q(`mutation($id: ID!) { updateDataPoint(id: $id, input: { title: "x" }) { id } }`, { id: revenue.id }, role);
      assert.equal(edit.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    }
    const viewerGenerate = await stack.q(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { created } }`, { id: stack.demoId }, 'viewer');
    assert.equal(viewerGenerate.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    // Reading the queue is open to every role.
    const asViewer = await stack.ok(`query($id: ID!) { dataPoint(id: $id) { status } }`, { id: revenue.id }, 'viewer');
    assert.equal(asViewer.dataPoint.status, 'PENDING', 'refused reviews changed nothing');

    const approved = await review(stack, revenue.id, 'APPROVE');
    assert.equal(approved.errors, undefined);
    assert.equal(approved.data.reviewDataPoint.status, 'APPROVED');
    assert.equal(approved.data.reviewDataPoint.reviewedBy, 'admin');
    const badReject = await review(stack, byKey('schema:main.returns').id, 'REJECT', { title: 'no' });
    assert.equal(badReject.errors?.[0]?.extensions?.code, 'BAD_INPUT');
    const badEdit = await review(stack, byKey('schema:main.returns').id, 'EDIT', { color: 'red' });
    assert.equal(badEdit.errors?.[0]?.extensions?.code, 'BAD_INPUT');
    const missing = await review(stack, 'no-such-id', 'APPROVE');
    assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');

    const store = await openPrismaStore({ dataDir: stack.dataDir, migrate: false });
    try {
      const audit = await store.prisma.auditEntry.findMany({ where: { target: revenue.id } });
      assert.deepEqual(audit.map((a) => [a.action, a.actor]), [['datapoint.approved', 'admin']], 'refused attempts leave no audit entry; the approval does');
    } finally {
      await store.close();
    }
  });

  it('edit then approve: EDITED keeps the edits, APPROVE keeps them too; the queue filters by status', async () => {
    const returns = byKey('schema:main.returns');
    const description = 'Returned orders: one row per return, linked to orders by order_id (no declared key).';
    const edited = await review(stack, returns.id, 'EDIT', { description, body: { grain: 'one row per returned order' } });
    assert.equal(edited.errors, undefined, JSON.stringify(edited.errors));
    assert.equal(edited.data.reviewDataPoint.status, 'EDITED');
    assert.equal(edited.data.reviewDataPoint.description, description);
    assert.equal(edited.data.reviewDataPoint.body.grain, 'one row per returned order');
    assert.ok(edited.data.reviewDataPoint.body.columns.refund_amount, 'other body fields stay');
    const queue = await stack.all('EDITED');
    assert.deepEqual(queue.map((p) => p.id), [returns.id]);
    const approved = await review(stack, returns.id, 'APPROVE');
    assert.equal(approved.data.reviewDataPoint.status, 'APPROVED');
    assert.equal(approved.data.reviewDataPoint.description, description);
    // updateDataPoint is the typed form of EDIT.
    const customers = byKey('schema:main.customers');
    const updated = await stack.ok(`mutation($id: ID!) { updateDataPoint(id: $id, input: { title: "Customers (companies)", confidence: 0.9 }) { status title confidence } }`, { id: customers.id });
    assert.deepEqual(updated.updateDataPoint, { status: 'EDITED', title: 'Customers (companies)', confidence: 0.9 });
    await review(stack, customers.id, 'APPROVE');
    const rejected = await review(stack, byKey('schema:main.data_dictionary').id, 'REJECT');
    assert.equal(rejected.data.reviewDataPoint.status, 'REJECTED');
  });

  it('finds approved DataPoints by meaning with the local embedding, and only approved ones', async () => {
    const search = async (text: string, k = 3) =>
      (await stack.ok(`query($id: ID!, $t: String!, $k: Int) { searchDataPoints(databaseId: $id, text: $t, k: $k) { score dataPoint { id title status } } }`, { id: stack.demoId, t: text, k })).searchDataPoints as { score: number; dataPoint: { id: string; title: string; status: string } }[];
    const sales = await search('total sales revenue by month');
    assert.equal(sales[0]?.dataPoint.title, 'Revenue', JSON.stringify(sales));
    assert.ok(sales.every((m) => m.dataPoint.status === 'APPROVED'));
    assert.ok(sales[0].score > (sales[1]?.score ?? 0));
    const emails = await search('customer email address');
    assert.equal(emails[0]?.dataPoint.title, 'Customers (companies)');
    const refunds = await search('returned orders and refunds');
    assert.match(refunds[0]?.dataPoint.title ?? '', /^Returns/);
    // Not approved (pending) or rejected: never found.
    const dictionary = await search('data dictionary column descriptions', 10);
    assert.ok(!dictionary.some((m) => /dictionary/i.test(m.dataPoint.title)), JSON.stringify(dictionary));
    // The vectors live in Querent's store, tagged with the local embedding.
    const store = await openPrismaStore({ dataDir: stack.dataDir, migrate: false });
    try {
      const entries = await store.prisma.vectorEntry.findMany({ where: { namespace: DATAPOINT_INDEX_NAMESPACE } });
      assert.equal(entries.length, 3);
      assert.ok(entries.every((e) => e.model === 'local-hash-512' && (e.embedding as number[]).length === 512));
    } finally {
      await store.close();
    }
    // Rejecting an approved DataPoint removes it from search.
    const revenue = points.find((p) => p.title === 'Revenue') as Point;
    await review(stack, revenue.id, 'REJECT');
    assert.ok(!(await search('total sales revenue by month', 5)).some((m) => m.dataPoint.title === 'Revenue'));
    await review(stack, revenue.id, 'APPROVE');
    assert.equal((await search('revenue'))[0]?.dataPoint.title, 'Revenue');
  });

  it('regeneration keeps approved and edited DataPoints, follows the schema for pending ones, and marks decided ones stale', async () => {
    const before = await stack.all();
    const again = await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { created rewritten unchanged markedStale removed } }`, { id: stack.demoId });
    assert.equal(again.generateDataPoints.created, 0);
    assert.equal(again.generateDataPoints.markedStale, 0);
    const afterSame = await stack.all();
    for (const p of before.filter((x) => x.status !== 'PENDING')) {
      const now = afterSame.find((x) => x.id === p.id) as Point;
      assert.deepEqual([now.status, now.title, now.description, now.stale], [p.status, p.title, p.description, false], `${p.key} kept`);
    }
    // Approve order_items' SCHEMA, then change the table and add another.
    const items = byKey('schema:main.order_items');
    await review(stack, items.id, 'APPROVE');
    const file = path.join(stack.dataDir, DEMO_FILE_NAME);
    const writer = new Database(file);
    writer.exec("ALTER TABLE order_items ADD COLUMN gift_note TEXT; CREATE TABLE shipments (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(id), shipped_at TEXT); INSERT INTO shipments VALUES (1, 1, '2025-12-30');");
    writer.close();
    await stack.ok(`mutation($id: ID!) { refreshCatalog(databaseId: $id, force: true) { status } }`, { id: stack.demoId });
    const third = (await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { created markedStale removed } }`, { id: stack.demoId })).generateDataPoints;
    assert.equal(third.markedStale, 1, JSON.stringify(third));
    assert.ok(third.created >= 2, 'shipments: SCHEMA and PROCESS');
    const staleItems = (await stack.ok(`query($id: ID!) { dataPoint(id: $id) { ${FIELDS} } }`, { id: items.id })).dataPoint as Point;
    assert.equal(staleItems.status, 'APPROVED');
    assert.equal(staleItems.stale, true);
    assert.match(staleItems.staleReason ?? '', /columns added: gift_note/);
    assert.equal(staleItems.body.columns.gift_note, undefined, 'the approved content is kept');
    assert.ok(staleItems.proposal?.body.columns.gift_note, 'the proposal shows the new column');
    // The people's other decisions are untouched.
    const revenue = (await stack.all()).find((p) => p.title === 'Revenue') as Point;
    assert.deepEqual([revenue.status, revenue.stale], ['APPROVED', false]);
    // Approving again acknowledges the new basis: no longer stale, and regeneration leaves it alone.
    const reapproved = await review(stack, items.id, 'APPROVE', { body: { columns: staleItems.proposal?.body.columns } });
    assert.deepEqual([reapproved.data.reviewDataPoint.stale, !!reapproved.data.reviewDataPoint.body.columns.gift_note], [false, true]);
    // A table that goes away: its pending DataPoints go, an approved one stays and is marked stale.
    const shipments = (await stack.all()).find((p) => p.key === 'schema:main.shipments') as Point;
    await review(stack, shipments.id, 'APPROVE');
    const pendingShipments = (await stack.all('PENDING')).filter((p) => p.table === 'shipments');
    assert.ok(pendingShipments.some((p) => p.key === 'process:main.shipments'));
    const dropper = new Database(file);
    dropper.exec('DROP TABLE shipments');
    dropper.close();
    await stack.ok(`mutation($id: ID!) { refreshCatalog(databaseId: $id, force: true) { status } }`, { id: stack.demoId });
    const fourth = (await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { created markedStale removed } }`, { id: stack.demoId })).generateDataPoints;
    assert.deepEqual([fourth.created, fourth.markedStale, fourth.removed], [0, 1, pendingShipments.length], 'the pending DataPoints of shipments went; the approved SCHEMA was marked stale');
    assert.ok(!(await stack.all()).some((p) => p.table === 'shipments' && p.status === 'PENDING'));
    const gone = (await stack.all()).find((p) => p.key === 'schema:main.shipments') as Point;
    assert.deepEqual([gone.status, gone.stale, gone.proposal], ['APPROVED', true, null]);
    assert.match(gone.staleReason ?? '', /no longer proposes main\.shipments/);
  });

  it('answers bad input with typed errors, never an empty shrug', async () => {
    const unknownTable = await stack.q(`mutation($id: ID!) { generateDataPoints(databaseId: $id, tables: ["nope"]) { created } }`, { id: stack.demoId });
    assert.equal(unknownTable.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(unknownTable.errors?.[0]?.message ?? '', /no table named "nope"/);
    const unknownDb = await stack.q(`{ dataPoints(databaseId: "missing") { edges { node { id } } } }`);
    assert.equal(unknownDb.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    const emptyText = await stack.q(`query($id: ID!) { searchDataPoints(databaseId: $id, text: "  ") { score } }`, { id: stack.demoId });
    assert.equal(emptyText.errors?.[0]?.extensions?.code, 'BAD_INPUT');
    // Only the tables asked for: one table's regeneration leaves the others alone.
    const one = (await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id, tables: ["main.orders"]) { generated removed markedStale } }`, { id: stack.demoId })).generateDataPoints;
    assert.equal(one.removed, 0);
    assert.equal(one.markedStale, 0);
    assert.ok(one.generated >= 3, 'SCHEMA, PROCESS and the metrics over orders');
    // Generations of one database run one after the other: two at once both succeed and duplicate nothing.
    const before = (await stack.all()).length;
    const both = await Promise.all([1, 2].map(() => stack.q(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { created } }`, { id: stack.demoId })));
    assert.deepEqual(both.map((r) => r.errors), [undefined, undefined], JSON.stringify(both));
    assert.equal((await stack.all()).length, before);
  });
});

describe('LLM enrichment and OpenAI embeddings against the loopback OpenAI fixture', () => {
  let fixture: OpenAiFixtureServer;
  let stack: Stack;
  const KEY = 'sk-fixture-key-do-not-leak-4d2';

  before(async () => {
    fixture = await OpenAiFixtureServer.start();
    // Enrichment: the fixture answers every batch from the request, so the test sees what was sent and what came back.
    fixture.chatFallback = (request: RecordedRequest) => {
      const sent = JSON.parse(request.body.messages.at(-1).content) as { items: { key: string; title: string; type: string; columns?: Record<string, unknown> }[] };
      return reply.chat(
        JSON.stringify({
          items: sent.items.map((item) => ({
            key: item.key,
            description: `LLM: ${item.title} explained for business people.`,
            ...(item.type === 'SCHEMA' && item.columns && 'email' in item.columns ? { columns: { email: 'Where invoices are e-mailed.', not_a_column: 'ignored' } } : {}),
          })),
        }),
      );
    };
    stack = await startStack('querent-dp-llm-', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fixture.baseUrl, QUERENT_EMBEDDING_MODEL: 'text-embedding-3-small', QUERENT_LLM_MODEL: 'gpt-fixture' });
  });
  after(async () => {
    await stack?.close();
    await fixture?.close();
  });

  it('enriches descriptions in JSON mode from the deterministic facts, keeping structure and SQL', async () => {
    const summary = await profileAndGenerate(stack);
    const points = await stack.all();
    assert.equal(summary.enrichmentError, null);
    assert.equal(summary.enrichmentModel, 'gpt-fixture');
    assert.equal(summary.enriched, points.length);
    const chats = fixture.requestsTo('/chat/completions');
    assert.ok(chats.length >= Math.ceil(points.length / 8));
    for (const chat of chats) {
      assert.deepEqual(chat.body.response_format, { type: 'json_object' });
      assert.equal(chat.body.model, 'gpt-fixture');
      assert.equal(chat.headers.authorization, `Bearer ${KEY}`);
    }
    const revenue = points.find((p) => p.title === 'Revenue') as Point;
    assert.equal(revenue.description, 'LLM: Revenue explained for business people.');
    assert.equal(revenue.body.descriptionSource, 'llm:gpt-fixture');
    assert.match(revenue.body.generatedDescription, /^Revenue: the sum of quantity × unit_price over order_items/);
    assert.deepEqual(revenue.body.filters, ["orders.status NOT IN ('cancelled')"], 'the SQL never comes from the model');
    const customers = points.find((p) => p.key === 'schema:main.customers') as Point;
    assert.equal(customers.body.columns.email.meaning, 'Where invoices are e-mailed.');
    assert.equal(customers.body.columns.not_a_column, undefined, 'the model cannot add columns');
    // Unchanged DataPoints are not sent again.
    const before = chats.length;
    await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id) { unchanged } }`, { id: stack.demoId });
    assert.equal(fixture.requestsTo('/chat/completions').length, before);
  });

  it('indexes approved DataPoints with the provider embeddings and searches with them', async () => {
    // Embeddings: the local embedding of each input, served by the fixture, so similarity is meaningful.
    const served: string[] = [];
    fixture.embeddingsScript.length = 0;
    const embeddings = (request: RecordedRequest) => {
      const inputs: string[] = Array.isArray(request.body.input) ? request.body.input : [request.body.input];
      served.push(...inputs);
      return reply.embeddings(inputs.map((text) => embedTextLocally(text, 512)));
    };
    for (let i = 0; i < 20; i++) fixture.scriptEmbeddings(embeddings);
    const points = await stack.all();
    for (const title of ['Revenue', 'Number of orders', 'Total refund amount']) {
      const point = points.find((p) => p.title === title) as Point;
      const approved = await review(stack, point.id, 'APPROVE');
      assert.equal(approved.errors, undefined, JSON.stringify(approved.errors));
    }
    const calls = fixture.requestsTo('/embeddings');
    assert.equal(calls.length, 3);
    assert.ok(calls.every((c) => c.body.model === 'text-embedding-3-small' && c.headers.authorization === `Bearer ${KEY}`));
    const found = (await stack.ok(`query($id: ID!) { searchDataPoints(databaseId: $id, text: "total sales revenue by month", k: 2) { score dataPoint { title } } }`, { id: stack.demoId })).searchDataPoints;
    assert.equal(found[0].dataPoint.title, 'Revenue', JSON.stringify(found));
    assert.equal(served.at(-1), 'total sales revenue by month', 'the question was embedded by the provider');
    const store = await openPrismaStore({ dataDir: stack.dataDir, migrate: false });
    try {
      const entries = await store.prisma.vectorEntry.findMany();
      assert.equal(entries.length, 3);
      assert.ok(entries.every((e) => e.model === 'text-embedding-3-small' && (e.embedding as number[]).length === 512));
      const audit = JSON.stringify(await store.prisma.auditEntry.findMany());
      assert.ok(!audit.includes(KEY), 'the key never reaches the audit log');
    } finally {
      await store.close();
    }
  });

  it('keeps the deterministic text when the model fails, and says why', async () => {
    fixture.chatFallback = () => reply.malformed('{"items": oops');
    const file = path.join(stack.dataDir, DEMO_FILE_NAME);
    const writer = new Database(file);
    writer.exec('CREATE TABLE promotions (id INTEGER PRIMARY KEY, code TEXT, starts_on TEXT)');
    writer.close();
    await stack.ok(`mutation($id: ID!) { refreshCatalog(databaseId: $id, force: true) { status } }`, { id: stack.demoId });
    const summary = (await stack.ok(`mutation($id: ID!) { generateDataPoints(databaseId: $id, tables: ["promotions"]) { created enriched enrichmentError } }`, { id: stack.demoId })).generateDataPoints;
    assert.equal(summary.enriched, 0);
    assert.ok(summary.created >= 1);
    assert.ok(summary.enrichmentError, 'the failure is reported');
    assert.ok(!String(summary.enrichmentError).includes(KEY));
    const promo = (await stack.all()).find((p) => p.key === 'schema:main.promotions') as Point;
    assert.match(promo.description, /^Table main\.promotions: one row per promotion/);
  });
});

describe('the generator and regeneration, on facts built by hand (no engine)', () => {
  const column = (name: string, dataType: string, ordinal: number): ColumnInfo => ({ name, ordinal, dataType, nullable: false, default: null, comment: null });
  const structure = (name: string, columns: [string, string][], extra: Partial<TableStructure> = {}): TableStructure => ({
    schema: 'billing', name, kind: 'TABLE', comment: null, columns: columns.map(([n, t], i) => column(n, t, i + 1)), primaryKey: { name: null, columns: [columns[0][0]] }, foreignKeys: [], uniques: [], indexes: [], ...extra,
  });
  const profile = (values: Record<string, Partial<ColumnProfileFacts>>): TableFacts['profile'] => ({
    rowCount: 5000,
    rowCountExact: true,
    profiledAt: new Date('2026-01-02T00:00:00Z'),
    columns: new Map(Object.entries(values).map(([k, v]) => [k, { nullFraction: 0, distinctCount: 1000, distinctExact: true, min: null, max: null, mean: null, topValues: [], samples: [], patterns: [], ...v }])),
  });
  const facts = (extraColumn = false): DatabaseFacts => ({
    databaseName: 'billing',
    quoteIdentifier: (n) => postgresDialect.quoteIdentifier(n),
    valueKind: (t) => postgresDialect.sampling.valueKind(t),
    relationships: [],
    tables: [
      { structure: structure('accounts', [['account_id', 'integer'], ['contact_phone', 'text'], ['plan', 'text']]), inDefaultSchema: false, rowEstimate: 300, latest: null,
        profile: profile({ contact_phone: { patterns: ['phone'] }, plan: { distinctCount: 3, topValues: [{ value: 'basic', count: 200 }, { value: 'pro', count: 90 }, { value: 'team', count: 10 }] } }) },
      { structure: structure('invoices', [['invoice_id', 'integer'], ['account_id', 'integer'], ['issued_on', 'date'], ['state', 'text']], { foreignKeys: [{ name: null, columns: ['account_id'], refSchema: 'billing', refTable: 'accounts', refColumns: ['account_id'] }] }),
        inDefaultSchema: false, rowEstimate: 5000, latest: null,
        profile: profile({ issued_on: { min: '2025-01-01', max: '2025-12-30' }, state: { distinctCount: 3, topValues: [{ value: 'paid', count: 4000 }, { value: 'open', count: 900 }, { value: 'void', count: 100 }] } }) },
      { structure: structure('invoice_lines', [['line_id', 'bigint'], ['invoice_id', 'integer'], ['units', 'integer'], ['unit_amount', 'numeric(12,2)'], ...(extraColumn ? [['memo', 'text'] as [string, string]] : [])], { foreignKeys: [{ name: null, columns: ['invoice_id'], refSchema: 'billing', refTable: 'invoices', refColumns: ['invoice_id'] }] }),
        inDefaultSchema: false, rowEstimate: 20000, latest: null, profile: null },
    ],
  });

  it('derives revenue, its void filter and dimensions from roles, not names; flags a phone column from its pattern', () => {
    const points = generateDataPoints(facts());
    const revenue = points.find((p) => p.title === 'Revenue');
    assert.ok(revenue, points.map((p) => p.title).join(', '));
    assert.equal(revenue.body.expression, 'SUM(invoice_lines.units * invoice_lines.unit_amount)');
    assert.deepEqual(revenue.body.filters, ["invoices.state NOT IN ('void')"]);
    assert.match(String(revenue.body.sql), /^SELECT SUM\(invoice_lines\.units \* invoice_lines\.unit_amount\) AS revenue\nFROM billing\.invoice_lines\nJOIN billing\.invoices ON invoice_lines\.invoice_id = invoices\.invoice_id\nWHERE invoices\.state NOT IN \('void'\)$/);
    assert.equal(revenue.body.timeDimension, 'invoices.issued_on');
    assert.deepEqual((revenue.body.dimensions as { name: string }[]).map((d) => d.name), ['invoices.issued_on', 'invoices.state', 'accounts.plan']);
    assert.deepEqual(revenue.body.filterTable, { schema: 'billing', table: 'invoices' });
    const accounts = points.find((p) => p.key === 'schema:billing.accounts');
    assert.deepEqual([(accounts?.body.columns as any).contact_phone.pii, (accounts?.body.columns as any).contact_phone.piiKind], [true, 'phone']);
    const invoicesProcess = points.find((p) => p.key === 'process:billing.invoices');
    assert.deepEqual([invoicesProcess?.body.loadPattern, invoicesProcess?.body.latestValue], ['append-only by date', '2025-12-30']);
    assert.equal(points.filter((p) => p.type === 'SCHEMA').length, 3);
    assert.deepEqual(generateDataPoints(facts()), points, 'deterministic');
  });

  it('reconciles: new pending, rewritten pending, untouched decisions, stale when their basis moves, removal of pending ones that are gone', () => {
    const first = generateDataPoints(facts());
    let n = 0;
    const record = (p: (typeof first)[number], status: DataPointRecord['status']): DataPointRecord => ({
      ...p, id: `id${n++}`, connectionId: 'c', status, stale: false, staleReason: null, proposal: null, generatedHash: generatedHash(p), reviewedBy: null, reviewedAt: null, createdAt: new Date(), updatedAt: new Date(),
    });
    const existing = first.map((p) => record(p, p.key === 'schema:billing.invoice_lines' || p.title === 'Revenue' ? 'APPROVED' : 'PENDING'));
    const same = reconcile(existing, first, () => true);
    assert.deepEqual([same.create.length, same.rewrite.length, same.stale.length, same.remove.length, same.unchanged.length], [0, 0, 0, 0, existing.length]);
    const moved = reconcile(existing, generateDataPoints(facts(true)), () => true);
    assert.deepEqual(moved.stale.map((s) => s.record.key), ['schema:billing.invoice_lines']);
    assert.match(moved.stale[0].reason, /columns added: memo/);
    assert.equal(moved.create.length, 0);
    const withoutAccounts = generateDataPoints({ ...facts(), tables: facts().tables.slice(1) });
    const gone = reconcile(existing, withoutAccounts, () => true);
    assert.ok(gone.remove.some((r) => r.key === 'schema:billing.accounts'), 'a pending DataPoint of a table that is gone goes');
    assert.equal(gone.stale.length, 0, 'the approved revenue and invoice_lines rest on nothing that moved');
    assert.ok(gone.rewrite.some((r) => r.record.key === 'schema:billing.invoices'), 'pending invoices lost its reference to accounts');
  });
});

describe('vector index implementations', () => {
  let store: PrismaStore;
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-vec-'));
    store = await openPrismaStore({ dataDir });
  });
  after(async () => {
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const ITEMS = [
    { id: 'a', text: 'Revenue: sum of quantity times unit price over order items, excluding cancelled orders', metadata: { databaseId: 'db1', type: 'BUSINESS' } },
    { id: 'b', text: 'Customers: one row per customer with email, segment and country', metadata: { databaseId: 'db1', type: 'SCHEMA' } },
    { id: 'c', text: 'Revenue of the other database: invoice totals', metadata: { databaseId: 'db2', type: 'BUSINESS' } },
  ];

  it('local embedding: deterministic, unit length, closer for related texts', () => {
    const v1 = embedTextLocally('monthly revenue by region');
    assert.deepEqual(v1, embedTextLocally('monthly revenue by region'));
    assert.ok(Math.abs(Math.hypot(...v1) - 1) < 1e-9);
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
    assert.ok(dot(v1, embedTextLocally('revenue per region each month')) > dot(v1, embedTextLocally('customer email addresses')));
    assert.deepEqual(embedTextLocally(''), new Array(512).fill(0));
  });

  it('embedded: upsert, filtered cosine query, replace, delete, and re-embedding when the model changes', async () => {
    const index = new EmbeddedVectorIndex(new PrismaVectorEntryStore(store), new LocalTextEmbedder(), 'test-ns');
    await index.upsert(ITEMS);
    const found = await index.query('revenue from orders', 3, { databaseId: 'db1' });
    assert.deepEqual(found.map((m) => m.id), ['a', 'b']);
    assert.deepEqual(found[0].metadata, { databaseId: 'db1', type: 'BUSINESS' });
    assert.equal((await index.query('revenue', 1)).length, 1);
    await index.upsert([{ id: 'b', text: 'Revenue per customer segment and country', metadata: { databaseId: 'db1', type: 'BUSINESS' } }]);
    assert.equal((await index.query('revenue', 5, { type: 'SCHEMA' })).length, 0, 'b was replaced');
    await index.delete(['a', 'missing']);
    assert.deepEqual((await index.query('revenue', 5, { databaseId: 'db1' })).map((m) => m.id), ['b']);
    // Another model over the same namespace re-embeds stored vectors before comparing them.
    const other = new EmbeddedVectorIndex(new PrismaVectorEntryStore(store), new LocalTextEmbedder(128), 'test-ns');
    assert.deepEqual((await other.query('revenue', 5)).map((m) => m.id).sort(), ['b', 'c']);
    const rows = await store.prisma.vectorEntry.findMany({ where: { namespace: 'test-ns' } });
    assert.ok(rows.every((r) => r.model === 'local-hash-128' && (r.embedding as number[]).length === 128));
    await assert.rejects(index.query('x', 0), (e: QuerentError) => e.code === 'BAD_INPUT');
  });

  it('Pinecone (loopback fixture): describes the index once, upserts on its host, queries with $eq filters, deletes; the key only in its header', async () => {
    const API_KEY = 'pc-fixture-key-7781';
    const pinecone = await PineconeFixtureServer.start({ apiKey: API_KEY, indexName: 'querent-test', dimension: 96 });
    try {
      const settings = loadSettings({ PINECONE_API_KEY: API_KEY, QUERENT_PINECONE_INDEX: 'querent-test', QUERENT_PINECONE_CONTROLLER_URL: pinecone.url });
      const index = createVectorIndex({ config: settings.vectorIndex, store, namespace: 'dp-ns' });
      assert.equal(index.kind, 'pinecone');
      await index.upsert(ITEMS);
      assert.equal(index.embeddingModel, 'local-hash-96', 'the local embedding took the index dimension');
      assert.equal(pinecone.vectors('dp-ns').length, 3);
      assert.equal(pinecone.vectors('dp-ns')[0].values.length, 96);
      const found = await index.query('revenue from orders', 5, { databaseId: 'db1' });
      assert.deepEqual(found.map((m) => m.id), ['a', 'b']);
      assert.deepEqual(found[0].metadata, { databaseId: 'db1', type: 'BUSINESS' }, 'the stored text is not returned as metadata');
      assert.ok(found[0].score > found[1].score);
      const query = pinecone.requestsTo('/query')[0];
      assert.deepEqual(query.body.filter, { databaseId: { $eq: 'db1' } });
      assert.equal(query.body.topK, 5);
      await index.delete(['a']);
      assert.deepEqual((await index.query('revenue', 5, { databaseId: 'db1' })).map((m) => m.id), ['b']);
      assert.equal(pinecone.requests.filter((r) => r.path === '/indexes/querent-test').length, 1, 'one describe, then the data-plane host');
      assert.ok(pinecone.requests.every((r) => r.headers['api-key'] === API_KEY));

      // A provider embedding of another dimension is refused with a typed error that names both sizes.
      const mismatched = new PineconeVectorIndex({ apiKey: API_KEY, indexName: 'querent-test', namespace: 'dp-ns', controllerHostUrl: pinecone.url, embedder: () => new LocalTextEmbedder(32) });
      await assert.rejects(mismatched.upsert(ITEMS), (e: QuerentError) => e.code === 'VECTOR_INDEX_FAILED' && /96-dimensional/.test(e.message) && /32/.test(e.message));
      // An index that does not exist, or a wrong key: VECTOR_INDEX_FAILED, never the key in the message.
      const missing = new PineconeVectorIndex({ apiKey: API_KEY, indexName: 'nope', namespace: 'x', controllerHostUrl: pinecone.url, embedder: () => new LocalTextEmbedder(96) });
      await assert.rejects(missing.query('x', 1), (e: QuerentError) => e.code === 'VECTOR_INDEX_FAILED' && /describing index "nope"/.test(e.message));
      const wrongKey = new PineconeVectorIndex({ apiKey: 'wrong-key-123', indexName: 'querent-test', namespace: 'x', controllerHostUrl: pinecone.url, embedder: () => new LocalTextEmbedder(96) });
      await assert.rejects(wrongKey.query('x', 1), (e: QuerentError) => e.code === 'VECTOR_INDEX_FAILED' && !e.message.includes('wrong-key-123'));
    } finally {
      await pinecone.close();
    }
  });

  it('without PINECONE_API_KEY the index is the embedded one', () => {
    const index = createVectorIndex({ config: loadSettings({}).vectorIndex, store, namespace: 'x' });
    assert.equal(index.kind, 'embedded');
    assert.equal(index.embeddingModel, 'local-hash-512');
  });
});
