// Lock-out after repeated wrong guesses, as a pure rule. A guess is counted when it is *reserved*, before the
// secret is checked, so however many guesses arrive at once, at most `maxFailedAttempts` are checked per lock
// window: the one that reaches the limit locks, the others are refused unchecked.

export interface AttemptState {
  /** Guesses reserved since the last success or the last lock's end. */
  failures: number;
  /** ISO time until which guesses are refused, or null. */
  lockedUntil: string | null;
}

export interface LockoutPolicy {
  maxFailedAttempts: number;
  lockMs: number;
}

export type Reservation =
  /** The guess may be checked; `next` is the state to store before checking it. */
  | { ok: true; next: AttemptState }
  /** Locked: the guess is refused without checking it. */
  | { ok: false; until: string };

export function reserveAttempt(state: AttemptState, now: Date, policy: LockoutPolicy): Reservation {
  const nowIso = now.toISOString();
  if (state.lockedUntil !== null && state.lockedUntil > nowIso)
    return { ok: false, until: state.lockedUntil };
  // A lock that has run out starts a fresh window.
  const failures = (state.lockedUntil === null ? state.failures : 0) + 1;
  const lockedUntil =
    failures >= policy.maxFailedAttempts ? new Date(now.getTime() + policy.lockMs).toISOString() : null;
  return { ok: true, next: { failures, lockedUntil } };
}

/** After the right secret: the counter starts again. */
export const CLEAR_ATTEMPTS: AttemptState = { failures: 0, lockedUntil: null };
