// What sign-in reads and writes about people and badges: who a username or badge number is, and the
// wrong-guess counter with its lock (see domain/lockout.ts).
import type { AttemptState } from '../domain/lockout.js';
import type { Role } from '../domain/vocabulary.js';
import type { Dialect, Queryable } from './db.js';

export interface UserRow {
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

export interface BadgeRow {
  id: number;
  user_id: number;
  pin_hash: string;
  failed_pins: number;
  locked_until: string | null;
  active: boolean | number;
}

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | null> {
  return ((await q('users').where({ username }).first()) as UserRow | undefined) ?? null;
}

export async function findUserById(q: Queryable, id: number): Promise<UserRow | null> {
  return ((await q('users').where({ id }).first()) as UserRow | undefined) ?? null;
}

export async function findBadgeByNumber(q: Queryable, number: string): Promise<BadgeRow | null> {
  return ((await q('badges').where({ number }).first()) as BadgeRow | undefined) ?? null;
}

/** Which secret a guess is against: a user's password or a badge's PIN. */
export type Credential = { kind: 'password'; id: number } | { kind: 'pin'; id: number };

const TABLE = {
  password: { table: 'users', counter: 'failed_logins' },
  pin: { table: 'badges', counter: 'failed_pins' },
} as const;

/**
 * The counter and lock of a credential, read inside a write transaction. On PostgreSQL the row is locked
 * (`FOR UPDATE`) so concurrent reservations queue; SQLite's BEGIN IMMEDIATE already holds the database.
 */
export async function attemptStateForUpdate(
  q: Queryable,
  dialect: Dialect,
  credential: Credential,
): Promise<AttemptState | null> {
  const { table, counter } = TABLE[credential.kind];
  let query = q(table)
    .where({ id: credential.id })
    .select({ failures: counter, locked_until: 'locked_until' });
  if (dialect === 'pg') query = query.forUpdate();
  const row = (await query.first()) as { failures: number; locked_until: string | null } | undefined;
  return row ? { failures: Number(row.failures), lockedUntil: row.locked_until } : null;
}

export async function saveAttemptState(q: Queryable, credential: Credential, state: AttemptState) {
  const { table, counter } = TABLE[credential.kind];
  await q(table)
    .where({ id: credential.id })
    .update({ [counter]: state.failures, locked_until: state.lockedUntil });
}
