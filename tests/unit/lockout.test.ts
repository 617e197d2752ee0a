// The lock-out rule and the sign-in token buckets, without a database.
import { describe, expect, it } from 'vitest';
import { reserveAttempt, type AttemptState } from '../../server/domain/lockout.js';
import { createRateLimiter } from '../../server/http/rate-limit.js';
import { fixedClock } from '../../server/providers.js';

const policy = { maxFailedAttempts: 3, lockMs: 60_000 };
const T = new Date('2026-11-25T02:00:00.000Z');
const later = (ms: number) => new Date(T.getTime() + ms);

describe('reserveAttempt', () => {
  it('lets exactly maxFailedAttempts guesses through, the last one setting the lock', () => {
    let state: AttemptState = { failures: 0, lockedUntil: null };
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = reserveAttempt(state, T, policy);
      outcomes.push(r.ok ? (r.next.lockedUntil ? 'locks' : 'checked') : 'refused');
      if (r.ok) state = r.next;
    }
    expect(outcomes).toEqual(['checked', 'checked', 'locks', ...Array(7).fill('refused')]);
    expect(state).toEqual({ failures: 3, lockedUntil: later(60_000).toISOString() });
  });

  it('starts a fresh window once the lock has run out', () => {
    const locked = { failures: 3, lockedUntil: later(60_000).toISOString() };
    expect(reserveAttempt(locked, later(59_999), policy)).toEqual({ ok: false, until: locked.lockedUntil });
    expect(reserveAttempt(locked, later(60_000), policy)).toEqual({
      ok: true,
      next: { failures: 1, lockedUntil: null },
    });
  });
});

describe('rate limiter', () => {
  it('spends a burst, then refuses with the seconds until the next token, refilled over time', () => {
    const clock = fixedClock(T);
    const limiter = createRateLimiter({ burst: 3, perMinute: 6 }, clock);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limiter.take('b').ok).toBe(true); // keys are independent
    clock.advance(9_000);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    clock.advance(1_000);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});
