// Profiles never leak PII to roles without the `pii` permission: samples, top values and min/max of an email or
// phone column are masked like query results are; admin sees them as profiled.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createLogger, loadSettings } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';
import { graphql } from './support/processes';

let running: RunningQuerent;
let dataDir: string;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-pii-'));
  running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_DEMO: 'false', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('test', 'warn'));
});

after(async () => {
  await running?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('masks profile samples and top values of PII columns for viewers and analysts, not for admin', async () => {
  const file = path.join(dataDir, 'people.db');
  const db = new Database(file);
  db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, city TEXT)');
  const insert = db.prepare('INSERT INTO people (email, phone, city) VALUES (?, ?, ?)');
  for (let i = 0; i < 40; i++) insert.run(`person${i}@example.org`, `+33 6 12 34 ${String(10 + i).padStart(2, '0')} 00`, i % 2 ? 'Lyon' : 'Paris');
  db.close();
  const gql = running.gateway.graphqlUrl;
  const added = await graphql(gql, 'mutation($u: String!) { addDatabase(input: {name: "people", url: $u}) { id } }', { u: `sqlite://${file}` });
  const id = added.data.addDatabase.id;
  const job = await graphql(gql, 'mutation($id: ID!) { profileDatabase(databaseId: $id, wait: true) { status } }', { id });
  assert.equal(job.data.profileDatabase.status, 'SUCCEEDED', JSON.stringify(job));
  const query = 'query($id: ID!) { database(id: $id) { table(name: "people") { columns { name profile { samples min max patterns topValues { value } } } } } }';
  const columnsAs = async (role: string) => (await graphql(gql, query, { id }, { 'x-querent-role': role })).data.database.table.columns as { name: string; profile: { samples: string[]; min: string | null; max: string | null; patterns: string[]; topValues: { value: string }[] } }[];

  const admin = await columnsAs('admin');
  const adminEmail = admin.find((c) => c.name === 'email')!.profile;
  assert.ok(adminEmail.patterns.includes('EMAIL'));
  assert.ok(adminEmail.samples.some((s) => /^person\d+@example\.org$/.test(s)), 'admin sees the values');

  for (const role of ['viewer', 'analyst']) {
    const columns = await columnsAs(role);
    const email = columns.find((c) => c.name === 'email')!.profile;
    const phone = columns.find((c) => c.name === 'phone')!.profile;
    const city = columns.find((c) => c.name === 'city')!.profile;
    const shown = JSON.stringify({ email, phone });
    assert.ok(!/person\d+@/.test(shown), `${role} sees no local part of an email: ${shown}`);
    assert.ok(!/12 34/.test(shown), `${role} sees no phone digits: ${shown}`);
    assert.ok(email.samples.every((s) => s === '**@example.org'), email.samples.join(','));
    assert.ok(phone.samples.length > 0 && phone.samples.every((s) => s === '+3***'), phone.samples.join(','));
    assert.ok(city.topValues.some((t) => t.value === 'Paris'), 'columns that are not PII are shown as they are');
  }
});
