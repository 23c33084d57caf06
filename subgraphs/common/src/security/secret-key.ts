// Finds the key that encrypts stored connection URLs: QUERENT_SECRET, or on the embedded default a generated 0600 file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { QuerentError } from '../errors/querent-error';

export const SECRET_FILE_NAME = 'secret.key';

export interface SecretSource {
  key: Buffer;
  origin: 'QUERENT_SECRET' | 'generated-file' | 'existing-file';
  file?: string;
}

function deriveKey(secret: string): Buffer {
  // HKDF turns any long-enough passphrase into a uniform 256-bit key; the salt pins it to this use.
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('querent'), Buffer.from('connection-url-encryption'), 32));
}

export function resolveSecretKey(options: { secret?: string; dataDir: string; embedded: boolean }): SecretSource {
  if (options.secret) return { key: deriveKey(options.secret), origin: 'QUERENT_SECRET' };
  if (!options.embedded) {
    throw new QuerentError('CONFIG_INVALID', 'QUERENT_SECRET is required when DATABASE_URL points to a shared store; set it to a random string of at least 32 characters', { setting: 'QUERENT_SECRET' });
  }
  const file = path.join(options.dataDir, SECRET_FILE_NAME);
  fs.mkdirSync(options.dataDir, { recursive: true });
  try {
    // 'wx' fails when the file exists, so two processes starting together agree on one secret.
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, crypto.randomBytes(32).toString('base64url') + '\n');
    fs.closeSync(fd);
    return { key: deriveKey(fs.readFileSync(file, 'utf8').trim()), origin: 'generated-file', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new QuerentError('SECRET_INVALID', `${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run chmod 600 on it`);
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new QuerentError('SECRET_INVALID', `${file} does not hold a valid secret; restore it from a backup (removing it makes stored connections unreadable)`);
  return { key: deriveKey(secret), origin: 'existing-file', file };
}
