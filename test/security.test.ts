// Credentials at rest and in text: AES-256-GCM round trips, wrong keys fail clearly, the embedded secret file is 0600, redaction works.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CredentialCipher, QuerentError, redactSecrets, redactUrl, resolveSecretKey } from '@querent/common';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-sec-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('the cipher round-trips and never stores the plaintext', () => {
  const { key } = resolveSecretKey({ secret: 'x'.repeat(40), dataDir: tempDir(), embedded: false });
  const cipher = new CredentialCipher(key);
  const url = 'postgresql://analyst:pa55word@db.internal:5432/sales';
  const stored = cipher.encrypt(url);
  assert.ok(!stored.includes('pa55word') && !stored.includes('analyst'));
  assert.notEqual(cipher.encrypt(url), stored, 'a fresh IV each time');
  assert.equal(cipher.decrypt(stored), url);
});

test('a different key or a tampered value fails with SECRET_INVALID', () => {
  const dir = tempDir();
  const a = new CredentialCipher(resolveSecretKey({ secret: 'a'.repeat(40), dataDir: dir, embedded: false }).key);
  const b = new CredentialCipher(resolveSecretKey({ secret: 'b'.repeat(40), dataDir: dir, embedded: false }).key);
  const stored = a.encrypt('sqlite:///tmp/x.db');
  assert.throws(() => b.decrypt(stored), (e: QuerentError) => e.code === 'SECRET_INVALID' && /QUERENT_SECRET/.test(e.message));
  const parts = stored.split('.');
  parts[3] = Buffer.from('tampered').toString('base64url');
  assert.throws(() => a.decrypt(parts.join('.')), (e: QuerentError) => e.code === 'SECRET_INVALID');
});

test('the embedded default generates one 0600 secret file and reuses it', () => {
  const dir = tempDir();
  const first = resolveSecretKey({ dataDir: dir, embedded: true });
  assert.equal(first.origin, 'generated-file');
  const stat = fs.statSync(path.join(dir, 'secret.key'));
  assert.equal(stat.mode & 0o777, 0o600);
  const second = resolveSecretKey({ dataDir: dir, embedded: true });
  assert.equal(second.origin, 'existing-file');
  assert.ok(first.key.equals(second.key));
  fs.chmodSync(path.join(dir, 'secret.key'), 0o644);
  assert.throws(() => resolveSecretKey({ dataDir: dir, embedded: true }), (e: QuerentError) => e.code === 'SECRET_INVALID' && /chmod 600/.test(e.message));
});

test('a shared store without QUERENT_SECRET is refused', () => {
  assert.throws(() => resolveSecretKey({ dataDir: tempDir(), embedded: false }), (e: QuerentError) => e.code === 'CONFIG_INVALID' && /^QUERENT_SECRET is required/.test(e.message));
});

test('redaction removes passwords from URLs and key=value text', () => {
  assert.equal(redactUrl('postgresql://u:s3cret@h:5432/db'), 'postgresql://u:***@h:5432/db');
  assert.equal(redactUrl('mysql://h/db?password=s3cret'), 'mysql://h/db?password=***');
  const text = redactSecrets('connect postgresql://u:s3cret@h/db failed; password=s3cret token: abc123');
  assert.ok(!text.includes('s3cret') && !text.includes('abc123'), text);
  assert.ok(new QuerentError('INTERNAL', 'at mysql://root:topsecret@db/x').message.includes('***'));
});
