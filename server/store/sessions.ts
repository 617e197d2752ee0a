// Sign-in sessions. Only a token's SHA-256 is stored, so a copy of the database holds no live session.
import type { UserRow } from './credentials.js';
import type { Queryable } from './db.js';

export type SessionKind = 'password' | 'badge';

export interface NewSession {
  tokenHash: string;
  userId: number;
  kind: SessionKind;
  badgeId: number | null;
  /** The paired station a badge session was opened at; null for password sessions. */
  station: string | null;
  createdAt: string;
  expiresAt: string;
}

export async function insertSession(q: Queryable, s: NewSession): Promise<number> {
  const [row] = (await q('sessions')
    .insert({
      token_hash: s.tokenHash,
      user_id: s.userId,
      kind: s.kind,
      badge_id: s.badgeId,
      station: s.station,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
    })
    .returning('id')) as Array<{ id: number } | number>;
  return typeof row === 'object' ? row.id : Number(row);
}

export type LiveSessionRow = UserRow & {
  session_id: number;
  kind: SessionKind;
  station: string | null;
  expires_at: string;
};

/** A session that has neither ended nor expired, of a user who is still active. */
export async function findLiveSession(
  q: Queryable,
  tokenHash: string,
  now: string,
): Promise<LiveSessionRow | null> {
  const row = (await q('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', tokenHash)
    .whereNull('s.ended_at')
    .where('s.expires_at', '>', now)
    .where('u.active', true)
    .first('s.id as session_id', 's.kind', 's.station', 's.expires_at', 'u.*')) as LiveSessionRow | undefined;
  return row ?? null;
}

export async function extendSession(q: Queryable, sessionId: number, expiresAt: string): Promise<void> {
  await q('sessions').where({ id: sessionId }).update({ expires_at: expiresAt });
}

export async function endSession(q: Queryable, sessionId: number, at: string): Promise<void> {
  await q('sessions').where({ id: sessionId }).update({ ended_at: at });
}

/** Ends every open badge session at a station; returns their ids. */
export async function endBadgeSessionsAt(q: Queryable, station: string, at: string): Promise<number[]> {
  const rows = (await q('sessions')
    .where({ kind: 'badge', station })
    .whereNull('ended_at')
    .select('id')) as Array<{ id: number }>;
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) await q('sessions').whereIn('id', ids).update({ ended_at: at });
  return ids;
}
