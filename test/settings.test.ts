// Settings: defaults, one clear error per bad variable, no secret echoed, and every setting documented in the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadSettings, QuerentError, SETTING_SPECS, SUBGRAPH_NAMES } from '@querent/common';

function settingError(env: Record<string, string>): QuerentError {
  try {
    loadSettings(env, '/srv');
  } catch (error) {
    assert.ok(error instanceof QuerentError, 'a typed error');
    return error;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

test('defaults describe the embedded layout', () => {
  const settings = loadSettings({}, '/srv');
  assert.equal(settings.port, 4000);
  assert.equal(settings.host, '127.0.0.1');
  assert.equal(settings.mode, 'embedded');
  assert.equal(settings.dataDir, '/srv/data');
  assert.equal(settings.databaseUrl, undefined);
  assert.equal(settings.redisUrl, undefined);
  assert.equal(settings.demo, true);
  assert.deepEqual(Object.keys(settings.subgraphUrls), [...SUBGRAPH_NAMES]);
  assert.equal(settings.subgraphUrls.catalog, 'http://127.0.0.1:4001/graphql');
});

test('each bad variable is refused with a message naming it', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ PORT: 'abc' }, 'PORT', /port number/],
    [{ PORT: '70000' }, 'PORT', /port number/],
    [{ QUERENT_MODE: 'cluster' }, 'QUERENT_MODE', /embedded, gateway/],
    [{ QUERENT_LOG_LEVEL: 'loud' }, 'QUERENT_LOG_LEVEL', /debug/],
    [{ QUERENT_DEMO: 'maybe' }, 'QUERENT_DEMO', /true or false/],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL', /redis:\/\//],
    [{ DATABASE_URL: 'mysql://root@localhost/q' }, 'DATABASE_URL', /postgresql:\/\//],
    [{ QUERENT_SECRET: 'short' }, 'QUERENT_SECRET', /32 characters/],
    [{ QUERENT_SUBGRAPH_TIMEOUT_MS: '5' }, 'QUERENT_SUBGRAPH_TIMEOUT_MS', /at least 100/],
    [{ QUERENT_CATALOG_URL: 'not a url' }, 'QUERENT_CATALOG_URL', /not a valid URL/],
    [{ QUERENT_DATADIR: '/tmp' }, 'QUERENT_DATADIR', /not a Querent setting/],
  ];
  for (const [env, name, reason] of cases) {
    const error = settingError(env);
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.ok(error.message.startsWith(name + ' '), `"${error.message}" should start with ${name}`);
    assert.match(error.message, reason);
    assert.ok(!error.message.includes('\n'), 'one line');
  }
});

test('a malformed DATABASE_URL is refused without echoing its password', () => {
  const error = settingError({ DATABASE_URL: 'postgresql://admin:hunter2-secret@:::bad' });
  assert.match(error.message, /^DATABASE_URL /);
  assert.ok(!error.message.includes('hunter2-secret'), error.message);
});

test('every setting is documented in the README', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
  const missing = SETTING_SPECS.filter((spec) => !readme.includes('`' + spec.name + '`'));
  assert.deepEqual(missing.map((s) => s.name), [], 'settings missing from README.md');
});
