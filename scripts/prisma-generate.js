#!/usr/bin/env node
// Generates both Prisma clients (SQLite default, PostgreSQL for DATABASE_URL=postgresql://…) offline.
// prisma/schema.prisma is the source; prisma/postgresql/schema.prisma is derived from it here,
// so the two can never disagree on a model. `prisma generate` needs no engine, but Prisma 7 still
// insists that PRISMA_SCHEMA_ENGINE_BINARY names an existing file when it cannot download one.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'prisma', 'schema.prisma');
const derived = path.join(root, 'prisma', 'postgresql', 'schema.prisma');

function derivePostgresSchema(text) {
  const out = text
    .replace(/^\/\/ Querent's own state\. This file is the single source of truth for the models\.$/m,
      '// GENERATED from prisma/schema.prisma by scripts/prisma-generate.js. Do not edit; edit the source.')
    .replace(/output\s*=\s*"\.\.\/subgraphs\/common\/src\/store\/generated\/sqlite"/, 'output       = "../../subgraphs/common/src/store/generated/postgresql"')
    .replace(/provider = "sqlite"/, 'provider = "postgresql"');
  if (out === text || !out.includes('provider = "postgresql"') || !out.includes('generated/postgresql')) {
    throw new Error('prisma-generate: could not derive the PostgreSQL schema; prisma/schema.prisma changed shape');
  }
  return out;
}

function main() {
  const check = process.argv.includes('--check');
  const wanted = derivePostgresSchema(fs.readFileSync(source, 'utf8'));
  const current = fs.existsSync(derived) ? fs.readFileSync(derived, 'utf8') : '';
  if (check) {
    if (current !== wanted) {
      console.error('prisma/postgresql/schema.prisma is out of date: run `npm run prisma:generate`');
      process.exit(1);
    }
    return;
  }
  if (current !== wanted) {
    fs.mkdirSync(path.dirname(derived), { recursive: true });
    fs.writeFileSync(derived, wanted);
  }
  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !fs.existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
    // Any existing file will do: generate never runs it.
    env.PRISMA_SCHEMA_ENGINE_BINARY = source;
  }
  env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  for (const schema of [source, derived]) {
    execFileSync(process.execPath, [cli, 'generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

module.exports = { derivePostgresSchema };
if (require.main === module) main();
