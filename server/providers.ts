// Time and randomness come from here so tests can control them.
import { randomBytes } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export function fixedClock(
  start: Date | string,
): Clock & { advance(ms: number): void; set(t: Date | string): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (v) => {
      t = new Date(v).getTime();
    },
  };
}

export interface Random {
  /** A URL-safe random token with `bytes` bytes of entropy. */
  token(bytes?: number): string;
}

export const systemRandom: Random = { token: (bytes = 32) => randomBytes(bytes).toString('base64url') };

export const iso = (d: Date): string => d.toISOString();
