#!/usr/bin/env node
// Bundles the web app (clients/web/src/app.ts and the typed SDK it uses) into clients/web/dist/app.js for the
// browser; the SDK's `ws` import becomes the browser's own WebSocket. Run by `npm run build`.
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
// esbuild does not type-check: tsc does, against the DOM and the SDK's generated types.
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'clients/web/tsconfig.json')], { stdio: 'inherit' });
} catch {
  console.error('web app type check failed');
  process.exit(1);
}
esbuild
  .build({
    entryPoints: [path.join(root, 'clients/web/src/app.ts')],
    outfile: path.join(root, 'clients/web/dist/app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    alias: { ws: path.join(root, 'clients/web/src/browser-ws.ts') },
    logLevel: 'warning',
  })
  .catch((error) => {
    console.error(`web app build failed: ${error.message}`);
    process.exit(1);
  });
