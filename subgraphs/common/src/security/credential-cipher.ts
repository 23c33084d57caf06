// AES-256-GCM encryption of connection URLs at rest; the stored form is versioned so the scheme can change later.
import crypto from 'node:crypto';
import { QuerentError } from '../errors/querent-error';

const VERSION = 'v1';

export class CredentialCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new QuerentError('SECRET_INVALID', 'the encryption key must be 32 bytes');
  }

  encrypt(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new QuerentError('SECRET_INVALID', 'a stored connection URL is not in a format this version of Querent reads');
    }
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new QuerentError('SECRET_INVALID', 'a stored connection URL cannot be decrypted: QUERENT_SECRET differs from the key it was stored with');
    }
  }
}
