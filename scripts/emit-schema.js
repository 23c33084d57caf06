#!/usr/bin/env node
// Writes schema/*.graphql from the built code (`npm run build` first). With --check, only reports stale files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const { renderSchemaFiles } = require('../gateway/dist/schema-emitter.js');
  const dir = path.resolve(__dirname, '..', 'schema');
  const files = await renderSchemaFiles();
  const stale = Object.keys(files).filter((name) => {
    const file = path.join(dir, name);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== files[name];
  });
  if (process.argv.includes('--check')) {
    if (stale.length) {
      console.error(`stale schema files: ${stale.join(', ')}; run \`npm run schema:update\``);
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const name of stale) fs.writeFileSync(path.join(dir, name), files[name]);
  console.log(stale.length ? `wrote ${stale.map((n) => `schema/${n}`).join(', ')}` : 'schema/ is up to date');
}

main().catch((error) => {
  console.error(`emit-schema: ${error.message}`);
  process.exit(1);
});
