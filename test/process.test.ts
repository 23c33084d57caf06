// `npm start` as an operator meets it: one clear line for bad settings, two instances side by side, a taken port, Ctrl-C.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startProcess, waitForHttp, type QuerentProcess } from './support/processes';

const started: QuerentProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-proc-'));
  dirs.push(dir);
  return dir;
}

after(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function runToExit(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | string; output: string }> {
  const child = startProcess(script, args, env);
  const code = await Promise.race([child.exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000))]);
  await child.stop('SIGKILL');
  return { code, output: child.output() };
}

test('bad settings stop start-up with one line naming the variable', async () => {
  const cases: [Record<string, string>, RegExp, number][] = [
    [{ PORT: 'abc' }, /^querent: PORT must be a port number/, 2],
    [{ QUERENT_MODE: 'everything' }, /^querent: QUERENT_MODE must be one of embedded, gateway/, 2],
    [{ DATABASE_URL: 'postgresql://q:pw-that-must-not-leak@127.0.0.1:5432/q' }, /^querent: QUERENT_SECRET is required/, 2],
    [{ DATABASE_URL: 'postgresql://q:pw-that-must-not-leak@127.0.0.1:1/q', QUERENT_SECRET: 's'.repeat(40) }, /^querent: .*127\.0\.0\.1:1/, 1],
    [{ REDIS_URL: 'redis://:pw-that-must-not-leak@127.0.0.1:1' }, /^querent: REDIS_URL: cannot connect/, 2],
  ];
  for (const [env, expected, exitCode] of cases) {
    const { code, output } = await runToExit('gateway/dist/main.js', [], { QUERENT_DATA_DIR: tempDir(), PORT: '0', QUERENT_LOG_LEVEL: 'error', QUERENT_DEMO: 'false', ...env });
    assert.equal(code, exitCode, `${JSON.stringify(env)} → ${output}`);
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 1, `one line for ${JSON.stringify(env)}, got:\n${output}`);
    assert.match(lines[0], expected);
    assert.ok(!output.includes('pw-that-must-not-leak'), `a password leaked: ${output}`);
  }
});

test('start:subgraph names the subgraphs when given a wrong one', async () => {
  const { code, output } = await runToExit('gateway/dist/subgraph-main.js', ['catalogue'], { QUERENT_DATA_DIR: tempDir() });
  assert.equal(code, 2);
  assert.match(output.trim(), /^querent: name the subgraph to start: one of catalog, planning, execution, visualization, insight/);
});

test('two instances with different data dirs and ports run side by side; a taken port is refused clearly; Ctrl-C stops cleanly', { timeout: 90_000 }, async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const [dirA, dirB] = [tempDir(), tempDir()];
  const a = startProcess('gateway/dist/main.js', [], { QUERENT_DATA_DIR: dirA, PORT: String(portA) });
  const b = startProcess('gateway/dist/main.js', [], { QUERENT_DATA_DIR: dirB, PORT: String(portB) });
  started.push(a, b);
  for (const [p, port] of [[a, portA], [b, portB]] as const) {
    const health = (await (await waitForHttp(`http://127.0.0.1:${port}/health`, { status: 200, timeoutMs: 60_000, process: p })).json()) as { subgraphs: { healthy: boolean }[] };
    assert.equal(health.subgraphs.filter((s) => s.healthy).length, 5);
  }
  for (const dir of [dirA, dirB]) {
    for (const file of ['querent.db', 'secret.key', 'demo.db']) assert.ok(fs.existsSync(path.join(dir, file)), `${file} in ${dir}`);
  }
  assert.notEqual(fs.readFileSync(path.join(dirA, 'secret.key'), 'utf8'), fs.readFileSync(path.join(dirB, 'secret.key'), 'utf8'));
  assert.match(a.output(), new RegExp(`GraphQL: +http://127\\.0\\.0\\.1:${portA}/graphql`));

  const clash = await runToExit('gateway/dist/main.js', [], { QUERENT_DATA_DIR: tempDir(), PORT: String(portA), QUERENT_LOG_LEVEL: 'error', QUERENT_DEMO: 'false' });
  assert.equal(clash.code, 1);
  assert.equal(clash.output.trim(), `querent: PORT ${portA} is already in use; stop the other process or set PORT to a free port`);

  const t0 = Date.now();
  assert.equal(await a.stop('SIGINT'), 0, a.output());
  assert.equal(await b.stop('SIGINT'), 0, b.output());
  assert.ok(Date.now() - t0 < 10_000, 'shutdown is prompt');
  await assert.rejects(fetch(`http://127.0.0.1:${portA}/health`), 'the port is released');
});
