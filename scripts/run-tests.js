#!/usr/bin/env node
// Runs every compiled test file (test/dist/**/*.test.js) with Node's own test runner.
// `npm test` builds first; this script only runs. Pass a substring to run matching files only:
//   node scripts/run-tests.js gateway
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'test', 'dist');

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests(dist)
  .filter((f) => filters.length === 0 || filters.some((x) => path.relative(dist, f).includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`run-tests: no compiled tests found under ${path.relative(root, dist)}${filters.length ? ` matching ${filters.join(', ')}` : ''}; run \`npm run build\` first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, QUERENT_LOG_LEVEL: process.env.QUERENT_LOG_LEVEL ?? 'error' },
});
process.exit(result.status ?? 1);
