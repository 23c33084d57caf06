// schema/ and the generated SDK must match the code: these fail when someone changes a type and forgets `npm run schema:update`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '@querent/common';
import { SCHEMA_DIR } from '@querent/gateway';
import { renderSchemaFiles } from '@querent/gateway/dist/schema-emitter';
import { REPO_ROOT } from './support/processes';

test('schema/ holds every subgraph SDL, the supergraph, the API and subscription schemas, all up to date', async () => {
  const rendered = await renderSchemaFiles();
  assert.deepEqual(Object.keys(rendered).sort(), [...SUBGRAPH_NAMES.map((n) => `${n}.graphql`), 'api.graphql', 'subscriptions.graphql', 'supergraph.graphql'].sort());
  for (const [name, content] of Object.entries(rendered)) {
    const file = path.join(SCHEMA_DIR, name);
    assert.ok(fs.existsSync(file), `schema/${name} is missing: run npm run schema:update`);
    assert.equal(fs.readFileSync(file, 'utf8'), content, `schema/${name} is stale: run npm run schema:update`);
  }
  assert.match(rendered['catalog.graphql'], /type Database\s+@key\(fields: "id"\)/);
  assert.match(rendered['execution.graphql'], /type Database\s+@key\(fields: "id"\)/);
  assert.match(rendered['supergraph.graphql'], /@join__type\(graph: CATALOG, key: "id"\)\s+@join__type\(graph: EXECUTION, key: "id"\)/);
});

test('the typed SDK in clients/sdk is what codegen.yml generates from schema/', () => {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', 'codegen.yml', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `clients/sdk is stale: run npm run schema:update\n${result.stdout}\n${result.stderr}`);
});

test('the Prisma schema for PostgreSQL is derived from prisma/schema.prisma', () => {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'prisma-generate.js'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
