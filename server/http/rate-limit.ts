// In-memory token buckets: each key (a source address, a username, a badge number) may spend `burst`
// requests at once, refilled at `perMinute`. A refusal says when the next token arrives (Retry-After).
import type { Clock } from '../providers.js';

export interface RateLimit {
  burst: number;
  perMinute: number;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(limit: RateLimit, clock: Clock, maxKeys = 50_000) {
  const buckets = new Map<string, Bucket>();
  const perMs = limit.perMinute / 60_000;
  return {
    take(key: string): Take {
      const now = clock.now().getTime();
      const previous = buckets.get(key);
      const tokens = previous
        ? Math.min(limit.burst, previous.tokens + Math.max(0, now - previous.at) * perMs)
        : limit.burst;
      buckets.delete(key); // re-insert so the least recently seen key is evicted first
      if (tokens < 1) {
        buckets.set(key, { tokens, at: now });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: now });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      return { ok: true };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
