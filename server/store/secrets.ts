// Encryption at rest for ID numbers and phone numbers (AES-256-GCM), plus a keyed digest for exact lookup
// without decrypting. The key comes from configuration or a key file created once under the data directory
// with owner-only permissions; it is never logged and never in the repository.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Deterministic keyed digest of a normalised value, for `WHERE id_number_digest = ?`. */
  digest(plain: string): string;
}

const VERSION = 'v1';

export function createFieldCipher(keyHex: string): FieldCipher {
  const key = Buffer.from(keyHex, 'hex');
  if (key.length !== 32) throw new Error('data key must be 32 bytes (64 hex characters)');
  // Separate sub-keys so the digest never reveals anything about the encryption key.
  const encKey = createHmac('sha256', key).update('dangan:enc').digest();
  const macKey = createHmac('sha256', key).update('dangan:digest').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    decrypt(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || !iv || !body || !tag) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    digest(plain) {
      return createHmac('sha256', macKey).update(normaliseIdentifier(plain)).digest('hex');
    },
  };
}

/** ID numbers are compared without spaces and case (a trailing `x` in a resident ID is the same as `X`). */
export function normaliseIdentifier(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** The configured key, or the key file under the data directory (created with mode 0600 when absent). */
export function loadDataKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured.toLowerCase();
  const file = path.join(dataDir, 'data.key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(key)) throw new Error(`${file} does not hold a 64-hex-character key`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
