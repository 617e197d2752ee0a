// Sign-in by username + password or badge + PIN at a paired station, sessions, and lock-out after repeated
// wrong guesses. Tokens are random; only their SHA-256 is stored.
//
// Guessing: each guess is first *reserved* in one short write transaction (refused if locked; counted; the
// guess that reaches `maxFailedAttempts` sets the lock), and only then is the secret checked, outside any
// transaction (argon2 is slow). However many guesses arrive at once, at most `maxFailedAttempts` are checked
// per lock window.
//
// One answer for every failure that could reveal whether a name exists: an unknown or inactive username gets
// LOGIN_FAILED exactly like a wrong password, and its guesses are counted in memory (unknown-names.ts) so it
// locks after the same number of them, answering ACCOUNT_LOCKED with the same details as a real account. The
// lock stays visible (423 with `until`) because a person at a desk or door needs to know to wait rather than
// retype. Every refused guess that is not locked costs one argon2 verification (the decoy hash), so timing
// tells nothing either.
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import { CLEAR_ATTEMPTS, reserveAttempt, type AttemptState } from '../domain/lockout.js';
import type { Config } from '../config.js';
import type { Clock, Random } from '../providers.js';
import type { Database } from '../store/db.js';
import type { EventBus } from '../events.js';
import {
  attemptStateForUpdate,
  findBadgeByNumber,
  findUserById,
  findUserByUsername,
  saveAttemptState,
  type Credential,
  type UserRow,
} from '../store/credentials.js';
import {
  endSession,
  extendSession,
  findLiveSession,
  insertSession,
  type SessionKind,
} from '../store/sessions.js';
import { estatesOf } from '../store/users.js';
import { decoyHash, verifySecret } from './passwords.js';
import { createUnknownNameCounter } from './unknown-names.js';
import { writeTransaction } from './unit-of-work.js';

export interface AuthDeps {
  db: Database;
  bus?: EventBus | null;
  clock: Clock;
  random: Random;
  security: Config['security'];
}

export interface SessionActor extends Actor {
  sessionId: number;
  username: string;
  displayName: string;
  kind: SessionKind;
  /** The authenticated station of a badge session; null for password sessions. */
  station: string | null;
  expiresAt: string;
}

export interface SignIn {
  token: string;
  actor: SessionActor;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const isActive = (row: { active: boolean | number }) => Boolean(row.active);

export function createAuthService(deps: AuthDeps) {
  const { db, clock, random, security } = deps;
  const bus = deps.bus ?? null;
  const knex = db.knex;
  const policy = { maxFailedAttempts: security.maxFailedAttempts, lockMs: security.lockMinutes * 60_000 };
  const unknownNames = createUnknownNameCounter(policy, clock);

  const failure = (kind: Credential['kind'], lockedUntil: string | null) =>
    kind === 'password'
      ? lockedUntil
        ? new DanganError('ACCOUNT_LOCKED', { until: lockedUntil })
        : new DanganError('LOGIN_FAILED')
      : lockedUntil
        ? new DanganError('BADGE_LOCKED', { until: lockedUntil })
        : new DanganError('BADGE_PIN_FAILED');

  /** Counts the guess before it is checked; throws the lock error if the credential is locked. */
  async function reserve(credential: Credential): Promise<AttemptState> {
    return writeTransaction(db, bus, async ({ trx }) => {
      const state = await attemptStateForUpdate(trx, db.dialect, credential);
      const reservation = reserveAttempt(state ?? CLEAR_ATTEMPTS, clock.now(), policy);
      if (!reservation.ok) throw failure(credential.kind, reservation.until);
      await saveAttemptState(trx, credential, reservation.next);
      return reservation.next;
    });
  }

  /** A guess against a name with no usable secret: same counting, same work, same answers. */
  async function refuseUnknown(kind: Credential['kind'], name: string, secret: string): Promise<never> {
    const reservation = unknownNames.reserve(`${kind}:${name}`);
    if (!reservation.ok) throw failure(kind, reservation.until);
    await verifySecret(await decoyHash(), secret);
    throw failure(kind, reservation.next.lockedUntil);
  }

  /** Checks a reserved guess; on success clears the counter and opens the session in one transaction. */
  async function checkAndOpen(
    credential: Credential,
    storedHash: string,
    secret: string,
    user: UserRow,
    session: { kind: SessionKind; badgeId: number | null; station: string | null },
  ): Promise<SignIn> {
    const reserved = await reserve(credential);
    if (!(await verifySecret(storedHash, secret))) throw failure(credential.kind, reserved.lockedUntil);
    const token = random.token(32);
    const now = clock.now();
    const ttl =
      session.kind === 'badge' ? security.badgeSessionMinutes * 60_000 : security.sessionHours * 3_600_000;
    const expiresAt = new Date(now.getTime() + ttl).toISOString();
    const sessionId = await writeTransaction(db, bus, async ({ trx }) => {
      await saveAttemptState(trx, credential, CLEAR_ATTEMPTS);
      return insertSession(trx, {
        tokenHash: tokenHash(token),
        userId: user.id,
        kind: session.kind,
        badgeId: session.badgeId,
        station: session.station,
        createdAt: now.toISOString(),
        expiresAt,
      });
    });
    return {
      token,
      actor: {
        sessionId,
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        role: user.role,
        departmentId: user.department_id,
        estateIds: await estatesOf(knex, user.id),
        kind: session.kind,
        station: session.station,
        expiresAt,
      },
    };
  }

  return {
    async loginWithPassword(username: string, password: string): Promise<SignIn> {
      const user = await findUserByUsername(knex, username);
      if (!user || !isActive(user) || !user.password_hash)
        return refuseUnknown('password', username, password);
      return checkAndOpen({ kind: 'password', id: user.id }, user.password_hash, password, user, {
        kind: 'password',
        badgeId: null,
        station: null,
      });
    },

    /** Badge + PIN at a station whose screen token the caller has already authenticated. */
    async loginWithBadge(number: string, pin: string, stationId: string): Promise<SignIn> {
      const badge = await findBadgeByNumber(knex, number);
      const user = badge ? await findUserById(knex, badge.user_id) : null;
      if (!badge || !isActive(badge) || !user || !isActive(user)) return refuseUnknown('pin', number, pin);
      return checkAndOpen({ kind: 'pin', id: badge.id }, badge.pin_hash, pin, user, {
        kind: 'badge',
        badgeId: badge.id,
        station: stationId,
      });
    },

    /** The actor behind a token, or null. Badge sessions slide: each use extends them by the idle limit. */
    async authenticate(token: string): Promise<SessionActor | null> {
      const now = clock.now();
      const row = await findLiveSession(knex, tokenHash(token), now.toISOString());
      if (!row) return null;
      let expiresAt = row.expires_at;
      if (row.kind === 'badge') {
        const extended = new Date(now.getTime() + security.badgeSessionMinutes * 60_000).toISOString();
        // Write at most every 30 s, not on every request.
        if (Date.parse(extended) - Date.parse(expiresAt) > 30_000) {
          await extendSession(knex, row.session_id, extended);
          expiresAt = extended;
        }
      }
      return {
        sessionId: row.session_id,
        userId: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        departmentId: row.department_id,
        estateIds: await estatesOf(knex, row.id),
        kind: row.kind,
        station: row.station,
        expiresAt,
      };
    },

    async logout(sessionId: number): Promise<void> {
      await endSession(knex, sessionId, clock.now().toISOString());
      bus?.publish('session_ended', sessionId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
