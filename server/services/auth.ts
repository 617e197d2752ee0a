// Sign-in by username + password or badge + PIN, sessions, and lock-out after repeated wrong guesses.
// Tokens are random; only their SHA-256 is stored, so a copy of the database does not hold live sessions.
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import type { Role } from '../domain/vocabulary.js';
import type { Config } from '../config.js';
import type { Clock, Random } from '../providers.js';
import type { Database } from '../store/db.js';
import type { EventBus } from '../events.js';
import { estatesOf } from '../store/users.js';
import { decoyHash, verifySecret } from './passwords.js';

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
  kind: 'password' | 'badge';
  station: string | null;
  expiresAt: string;
}

export interface SignIn {
  token: string;
  actor: SessionActor;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  password_hash: string | null;
  failed_logins: number;
  locked_until: string | null;
  active: boolean | number;
}

export function createAuthService(deps: AuthDeps) {
  const { db, clock, random, security, bus } = deps;
  const knex = db.knex;
  const lockMs = security.lockMinutes * 60_000;

  async function openSession(
    user: UserRow,
    kind: 'password' | 'badge',
    badgeId: number | null,
    station: string | null,
  ): Promise<SignIn> {
    const token = random.token(32);
    const now = clock.now();
    const ttl = kind === 'badge' ? security.badgeSessionMinutes * 60_000 : security.sessionHours * 3_600_000;
    const expiresAt = new Date(now.getTime() + ttl).toISOString();
    const [row] = (await knex('sessions')
      .insert({
        token_hash: tokenHash(token),
        user_id: user.id,
        kind,
        badge_id: badgeId,
        station,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .returning('id')) as Array<{ id: number } | number>;
    const sessionId = typeof row === 'object' ? row.id : Number(row);
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
        kind,
        station,
        expiresAt,
      },
    };
  }

  /** Counts a wrong guess; locks for `lockMinutes` once `maxFailedAttempts` is reached. Returns the error to throw. */
  async function recordFailure(
    table: 'users' | 'badges',
    id: number,
    failures: number,
    column: 'failed_logins' | 'failed_pins',
  ) {
    const next = failures + 1;
    if (next >= security.maxFailedAttempts) {
      const until = new Date(clock.now().getTime() + lockMs).toISOString();
      await knex(table)
        .where({ id })
        .update({ [column]: 0, locked_until: until });
      return new DanganError(table === 'users' ? 'ACCOUNT_LOCKED' : 'BADGE_LOCKED', { until });
    }
    await knex(table)
      .where({ id })
      .update({ [column]: next });
    return new DanganError(table === 'users' ? 'LOGIN_FAILED' : 'BADGE_PIN_FAILED', {
      attemptsLeft: security.maxFailedAttempts - next,
    });
  }

  const isLocked = (until: string | null) => until !== null && until > clock.now().toISOString();

  return {
    async loginWithPassword(username: string, password: string): Promise<SignIn> {
      const user = (await knex('users').where({ username }).first()) as UserRow | undefined;
      if (!user || !user.active || !user.password_hash) {
        await verifySecret(await decoyHash(), password); // same work as a real check: no user enumeration by timing
        throw new DanganError('LOGIN_FAILED');
      }
      if (isLocked(user.locked_until)) throw new DanganError('ACCOUNT_LOCKED', { until: user.locked_until });
      if (!(await verifySecret(user.password_hash, password))) {
        throw await recordFailure('users', user.id, user.failed_logins, 'failed_logins');
      }
      await knex('users').where({ id: user.id }).update({ failed_logins: 0, locked_until: null });
      return openSession(user, 'password', null, null);
    },

    async loginWithBadge(number: string, pin: string, station: string | null): Promise<SignIn> {
      const badge = (await knex('badges').where({ number }).first()) as
        | {
            id: number;
            user_id: number;
            pin_hash: string;
            failed_pins: number;
            locked_until: string | null;
            active: boolean | number;
          }
        | undefined;
      const user = badge
        ? ((await knex('users').where({ id: badge.user_id }).first()) as UserRow | undefined)
        : undefined;
      if (!badge || !badge.active || !user || !user.active) {
        await verifySecret(await decoyHash(), pin);
        throw new DanganError('BADGE_PIN_FAILED');
      }
      if (isLocked(badge.locked_until)) throw new DanganError('BADGE_LOCKED', { until: badge.locked_until });
      if (!(await verifySecret(badge.pin_hash, pin))) {
        throw await recordFailure('badges', badge.id, badge.failed_pins, 'failed_pins');
      }
      await knex('badges').where({ id: badge.id }).update({ failed_pins: 0, locked_until: null });
      return openSession(user, 'badge', badge.id, station);
    },

    /** The actor behind a token, or null. Badge sessions slide: each use extends them by the idle limit. */
    async authenticate(token: string): Promise<SessionActor | null> {
      const now = clock.now();
      const row = (await knex('sessions as s')
        .join('users as u', 'u.id', 's.user_id')
        .where('s.token_hash', tokenHash(token))
        .whereNull('s.ended_at')
        .where('s.expires_at', '>', now.toISOString())
        .where('u.active', true)
        .first('s.id as session_id', 's.kind', 's.station', 's.expires_at', 'u.*')) as
        | (UserRow & {
            session_id: number;
            kind: 'password' | 'badge';
            station: string | null;
            expires_at: string;
          })
        | undefined;
      if (!row) return null;
      let expiresAt = row.expires_at;
      if (row.kind === 'badge') {
        const extended = new Date(now.getTime() + security.badgeSessionMinutes * 60_000).toISOString();
        // Write at most every 30 s, not on every request.
        if (Date.parse(extended) - Date.parse(expiresAt) > 30_000) {
          await knex('sessions').where({ id: row.session_id }).update({ expires_at: extended });
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
      await knex('sessions').where({ id: sessionId }).update({ ended_at: clock.now().toISOString() });
      bus?.publish('session_ended', sessionId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
