// Encryption at rest for ID numbers and phone numbers (AES-256-GCM), plus a keyed digest for exact lookup
// without decrypting. Where the key comes from, and how it is matched to the archive, is data-key.ts; the key
// is never logged and never in the repository.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

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

/** Names a key without revealing it: HMAC-SHA256 of a constant under the key, first 16 hex digits. */
export function keyFingerprint(keyHex: string): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex'))
    .update('dangan:key-fingerprint')
    .digest('hex')
    .slice(0, 16);
}
