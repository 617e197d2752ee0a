// Wrong guesses against names that have no account (or an inactive one) are counted here, in memory, by the
// same rule as real accounts, so a name that does not exist "locks" exactly like one that does: the answers
// to both are identical and tell nobody which names exist. Bounded: the oldest names are forgotten first.
import {
  reserveAttempt,
  type AttemptState,
  type LockoutPolicy,
  type Reservation,
} from '../domain/lockout.js';
import type { Clock } from '../providers.js';

export function createUnknownNameCounter(policy: LockoutPolicy, clock: Clock, maxNames = 10_000) {
  const states = new Map<string, AttemptState>();
  return {
    reserve(name: string): Reservation {
      const reservation = reserveAttempt(
        states.get(name) ?? { failures: 0, lockedUntil: null },
        clock.now(),
        policy,
      );
      if (reservation.ok) {
        states.delete(name); // re-insert: Map order is then least recently guessed first
        states.set(name, reservation.next);
        if (states.size > maxNames) states.delete(states.keys().next().value!);
      }
      return reservation;
    },
  };
}
