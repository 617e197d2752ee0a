// People as the access rules see them.
import type { Knex } from 'knex';
import type { Actor } from '../domain/access.js';
import type { Role } from '../domain/vocabulary.js';

/** The estates a person serves; 'all' when they have no area limit (no rows). */
export async function estatesOf(knex: Knex | Knex.Transaction, userId: number): Promise<number[] | 'all'> {
  const rows = (await knex('user_estates').where({ user_id: userId }).select('estate_id')) as Array<{
    estate_id: number;
  }>;
  return rows.length === 0 ? 'all' : rows.map((r) => r.estate_id);
}

/** An active user as an Actor, or null. */
export async function actorOf(knex: Knex | Knex.Transaction, userId: number): Promise<Actor | null> {
  const user = (await knex('users')
    .where({ id: userId, active: true })
    .first('id', 'role', 'department_id')) as
    { id: number; role: Role; department_id: number | null } | undefined;
  if (!user) return null;
  return {
    userId: user.id,
    role: user.role,
    departmentId: user.department_id,
    estateIds: await estatesOf(knex, user.id),
  };
}
