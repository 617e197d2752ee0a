// Password and PIN hashing with Argon2id (OWASP's recommended parameters: 19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

export async function verifySecret(stored: string | null, secret: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, secret);
  } catch {
    return false;
  }
}

/** A hash of a value nobody knows, verified against when a username does not exist, so timing tells nothing. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret('dangan-decoy-' + Math.random().toString(36));
  return decoy;
}
