// The SQL guard against its security corpus (every hostile case refused with its code, every benign one accepted),
// the shape of its verdicts, its limits, and the check:sql command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DialectName } from '@querent/common';
import { checkSql, MAX_SQL_LENGTH, SQL_REFUSAL_CODE_LIST, type GuardVerdict } from '@querent/execution/dist/guard';
import { REPO_ROOT } from './support/processes';
import { corpusCounts, loadSqlGuardCorpus, type SqlGuardCase } from './support/sql-guard-corpus';

const DIALECTS: DialectName[] = ['postgres', 'mysql', 'sqlite', 'duckdb'];
const corpus = loadSqlGuardCorpus();

function mismatch(c: SqlGuardCase, verdict: GuardVerdict): string | null {
  if (c.expect === 'accept') return verdict.accepted ? null : `expected ACCEPTED, got ${verdict.code}: ${verdict.reason}`;
  if (verdict.accepted) return `expected ${c.code}, got ACCEPTED`;
  return verdict.code === c.code ? null : `expected ${c.code}, got ${verdict.code}: ${verdict.reason}`;
}

test('the corpus has at least 250 cases over the four dialects, hostile and benign, covering every refusal code', () => {
  assert.ok(corpus.length >= 250, `${corpus.length} cases`);
  const counts = corpusCounts(corpus);
  for (const dialect of DIALECTS) {
    assert.ok(counts[dialect]!.accept >= 20, `${dialect} benign cases: ${counts[dialect]!.accept}`);
    assert.ok(counts[dialect]!.refuse >= 20, `${dialect} hostile cases: ${counts[dialect]!.refuse}`);
  }
  for (const c of corpus) {
    assert.ok(DIALECTS.includes(c.dialect), `dialect ${c.dialect}`);
    assert.ok(c.why.length > 0, `a reason for ${c.sql}`);
    if (c.expect === 'refuse') assert.ok(SQL_REFUSAL_CODE_LIST.includes(c.code!), `known code ${c.code} for ${c.sql}`);
    else assert.equal(c.code, undefined, `no code on the benign case ${c.sql}`);
  }
  // SQL_TOO_LONG is exercised below with a generated statement (a 100 kB case does not belong in a fixture).
  const covered = new Set(corpus.filter((c) => c.expect === 'refuse').map((c) => c.code));
  const missing = SQL_REFUSAL_CODE_LIST.filter((code) => code !== 'SQL_TOO_LONG' && !covered.has(code));
  assert.deepEqual(missing, [], 'every refusal code has a corpus case');
});

test('the corpus names every statement and function the issue lists', () => {
  const text = (dialect: DialectName) => corpus.filter((c) => c.dialect === dialect && c.expect === 'refuse').map((c) => c.sql.toLowerCase()).join('\n');
  const named: Record<DialectName, string[]> = {
    postgres: ['pg_sleep', 'pg_read_file', 'pg_ls_dir', 'lo_', 'dblink', 'set_config', 'pg_terminate_backend', 'nextval', 'for update', 'set ', 'copy', 'do ', 'call', 'listen', 'vacuum', 'into'],
    mysql: ['sleep', 'benchmark', 'load_file', 'get_lock', '/*!', 'into outfile', 'dumpfile', 'lock in share mode'],
    sqlite: ['load_extension', 'readfile', 'writefile', 'pragma', 'attach', 'detach'],
    duckdb: ['read_csv', 'read_parquet', 'read_text', 'glob', "from '/etc/passwd'", 'install', 'load', 'export', 'create secret', 'attach', 'detach'],
  };
  for (const dialect of DIALECTS) {
    const all = text(dialect);
    for (const word of named[dialect]) assert.ok(all.includes(word), `${dialect} corpus refuses something with ${word}`);
  }
  const obfuscations = ['quoted function', 'schema-qualified', 'nested cte', 'stacked', 'cyrillic', 'fullwidth', 'case'];
  const whys = corpus.map((c) => c.why.toLowerCase()).join('\n');
  for (const word of obfuscations) assert.ok(whys.includes(word), `an obfuscation case about ${word}`);
  assert.ok(corpus.some((c) => c.expect === 'accept' && /string/i.test(c.why) && /drop|delete/i.test(c.sql)), 'keywords inside strings accepted');
});

for (const dialect of DIALECTS) {
  test(`${dialect}: every corpus case gets its expected verdict and code`, () => {
    const cases = corpus.filter((c) => c.dialect === dialect);
    const failures: string[] = [];
    for (const c of cases) {
      const problem = mismatch(c, checkSql(c.dialect, c.sql));
      if (problem) failures.push(`${JSON.stringify(c.sql)} (${c.why}): ${problem}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} ${dialect} cases`);
  });
}

test('every verdict carries a reason; accepted ones say which statement form and which tables', () => {
  for (const c of corpus) {
    const verdict = checkSql(c.dialect, c.sql);
    assert.ok(verdict.reason.length > 10, `a reason for ${c.sql}`);
    if (!verdict.accepted) continue;
    assert.equal(verdict.code, 'ACCEPTED');
    const expected = /^\s*explain/i.test(c.sql) ? 'EXPLAIN' : /^\s*values/i.test(c.sql) ? 'VALUES' : 'SELECT';
    assert.equal(verdict.statement, expected, c.sql);
    assert.ok(Array.isArray(verdict.tables));
  }
});

test('tables read are listed once each, CTE names left out, folded as the engine folds them', () => {
  const pg = checkSql('postgres', 'WITH recent AS (SELECT * FROM Public.Orders) SELECT * FROM recent JOIN "Sales"."Customers" c ON true JOIN public.orders o ON true');
  assert.ok(pg.accepted, pg.reason);
  const byName = (a: { table: string }, b: { table: string }) => a.table.localeCompare(b.table);
  assert.deepEqual([...pg.tables].sort(byName), [{ schema: 'Sales', table: 'Customers' }, { schema: 'public', table: 'orders' }]);
  const my = checkSql('mysql', 'SELECT * FROM shop.Orders o JOIN `Customers` c ON c.id = o.customer_id');
  assert.ok(my.accepted, my.reason);
  assert.deepEqual([...my.tables].sort(byName), [{ schema: null, table: 'Customers' }, { schema: 'shop', table: 'Orders' }]);
  const values = checkSql('sqlite', 'VALUES (1), (2)');
  assert.ok(values.accepted && values.statement === 'VALUES' && values.tables.length === 0);
});

test('a statement longer than the limit is refused as SQL_TOO_LONG, one at the limit is read', () => {
  const filler = (n: number) => `SELECT 1 AS x -- ${'x'.repeat(n)}`;
  const atLimit = filler(MAX_SQL_LENGTH - filler(0).length);
  assert.equal(atLimit.length, MAX_SQL_LENGTH);
  assert.equal(checkSql('postgres', atLimit).code, 'ACCEPTED');
  const over = checkSql('postgres', atLimit + 'x');
  assert.equal(over.code, 'SQL_TOO_LONG');
  assert.match(over.reason, /100000/);
});

test('hiding the spaces of a refused statement behind comments keeps it refused', () => {
  for (const c of corpus.filter((x) => x.expect === 'refuse')) {
    const variant = c.sql.replace(/ /g, '/**/');
    const verdict = checkSql(c.dialect, variant);
    assert.equal(verdict.accepted, false, `${c.dialect} ${JSON.stringify(variant)} was accepted`);
  }
});

test('arbitrary text never throws, and what passes starts as a SELECT', () => {
  let seed = 20261121;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const alphabet = ['SELECT', 'DELETE', 'FROM', 'orders', '(', ')', ';', "'", '"', '`', '/*', '*/', '--', '#', '\n', ' ', ',', 'pg_sleep', 'sleep', 'read_csv', 'load_extension', '1', '$$', 'E', '\\', 'INTO', 'WITH', 'x', 'AS', 'é', '\u0000'];
  for (let i = 0; i < 2000; i++) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]);
    const sql = parts.join(random() < 0.5 ? ' ' : '');
    for (const dialect of DIALECTS) {
      const verdict = checkSql(dialect, sql);
      assert.ok(verdict.reason.length > 0);
      if (verdict.accepted) {
        assert.equal(verdict.statement, 'SELECT');
        assert.ok(!sql.includes('\u0000'), `${dialect} accepted a NUL byte`);
        assert.ok(/^\s*\(?\s*(SELECT|WITH)/i.test(sql.replace(/\/\*[^]*?\*\/|--[^\n]*|#[^\n]*/g, ' ')), `${dialect} accepted ${JSON.stringify(sql)}`);
      }
    }
  }
});

// ---- check:sql ----

const CLI = path.join(REPO_ROOT, 'subgraphs', 'execution', 'dist', 'guard', 'check-sql-cli.js');

function tempInput(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-check-sql-'));
  const file = path.join(dir, 'input.json');
  fs.writeFileSync(file, content);
  return file;
}

test('check:sql prints one JSON line per item and the totals (through npm run, as documented)', () => {
  const items = [
    { dialect: 'postgres', sql: 'SELECT 1' },
    { dialect: 'mysql', sql: 'SELECT SLEEP(1)' },
    { dialect: 'sqlite', sql: "SELECT load_extension('x')" },
    { dialect: 'duckdb', sql: "SELECT * FROM '/etc/passwd'" },
    { dialect: 'duckdb', sql: "SELECT 'DROP TABLE x; --'" },
  ];
  const file = tempInput(JSON.stringify(items));
  const run = spawnSync('npm', ['run', '--silent', 'check:sql', '--', '--input', file], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, items.length + 1);
  const verdicts = lines.slice(0, -1).map((line) => JSON.parse(line) as { index: number; accepted: boolean; code: string; reason: string });
  assert.deepEqual(verdicts.map((v) => [v.index, v.accepted, v.code]), [
    [0, true, 'ACCEPTED'],
    [1, false, 'SQL_FORBIDDEN_FUNCTION'],
    [2, false, 'SQL_FILE_ACCESS'],
    [3, false, 'SQL_FILE_ACCESS'],
    [4, true, 'ACCEPTED'],
  ]);
  for (const v of verdicts) assert.deepEqual(Object.keys(v), ['index', 'accepted', 'code', 'reason']);
  assert.equal(lines.at(-1), 'check sql accepted=2 refused=3 total=5');
});

test('check:sql over the whole corpus agrees with the corpus', () => {
  const file = tempInput(JSON.stringify(corpus.map(({ dialect, sql }) => ({ dialect, sql }))));
  const run = spawnSync(process.execPath, [CLI, '--input', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const accepted = corpus.filter((c) => c.expect === 'accept').length;
  assert.equal(lines.at(-1), `check sql accepted=${accepted} refused=${corpus.length - accepted} total=${corpus.length}`);
  lines.slice(0, -1).forEach((line, i) => {
    const verdict = JSON.parse(line) as { index: number; accepted: boolean; code: string };
    assert.equal(verdict.index, i);
    assert.equal(verdict.code, corpus[i]!.expect === 'accept' ? 'ACCEPTED' : corpus[i]!.code);
  });
});

test('check:sql exits 2 with a clear message on a missing, malformed or ill-shaped input', () => {
  const cases: [string[], RegExp][] = [
    [[], /--input <file.json> is required/],
    [['--input'], /--input needs a file path/],
    [['--input', path.join(os.tmpdir(), 'querent-no-such-file.json')], /does not exist/],
    [['--input', tempInput('{ not json')], /is not valid JSON/],
    [['--input', tempInput('{"dialect": "postgres", "sql": "SELECT 1"}')], /must hold a JSON array/],
    [['--input', tempInput('[{"dialect": "oracle", "sql": "SELECT 1"}]')], /item 0 .*"dialect" must be one of postgres, mysql, sqlite, duckdb/],
    [['--input', tempInput('[{"dialect": "mysql", "sql": 42}]')], /item 0 .*"sql" must be a string/],
    [['--bogus'], /unknown argument '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 2, `exit status for ${args.join(' ')}`);
    assert.match(run.stderr, message);
    assert.match(run.stderr, /usage: npm run check:sql -- --input <file.json>/);
    assert.equal(run.stdout, '');
  }
});

test('check:sql with an empty array prints only the totals', () => {
  const run = spawnSync(process.execPath, [CLI, `--input=${tempInput('[]')}`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'check sql accepted=0 refused=0 total=0\n');
});
