// People as the access rules see them.
import type { Actor } from '../domain/access.js';
import type { Role } from '../domain/vocabulary.js';
import type { Queryable } from './db.js';

/**
 * The estates a person serves: 'all' only for an explicit grant (users.all_estates); no rows means no
 * estates, so a person nobody has assigned an area sees no owners.
 */
export async function estatesOf(q: Queryable, userId: number): Promise<number[] | 'all'> {
  const user = (await q('users').where({ id: userId }).first('all_estates')) as
    { all_estates: boolean | number } | undefined;
  if (user?.all_estates) return 'all';
  const rows = (await q('user_estates').where({ user_id: userId }).select('estate_id')) as Array<{
    estate_id: number;
  }>;
  return rows.map((r) => Number(r.estate_id));
}

/** An active user as an Actor, or null. */
export async function actorOf(q: Queryable, userId: number): Promise<Actor | null> {
  const user = (await q('users').where({ id: userId, active: true }).first('id', 'role', 'department_id')) as
    { id: number; role: Role; department_id: number | null } | undefined;
  if (!user) return null;
  return {
    userId: user.id,
    role: user.role,
    departmentId: user.department_id,
    estateIds: await estatesOf(q, user.id),
  };
}

/** When a session ends now: its expiry, or null once it has been signed out (a check that never slides it). */
export async function sessionExpiry(q: Queryable, sessionId: number): Promise<string | null> {
  const row = (await q('sessions').where({ id: sessionId }).whereNull('ended_at').first('expires_at')) as
    { expires_at: string } | undefined;
  return row?.expires_at ?? null;
}
