// The notification outbox table (migrations/20261201_002_notification_outbox.ts): notices are inserted in
// the transaction of the event that causes them, claimed by one dispatcher with a conditional UPDATE, and
// marked sent, failed (to retry) or dead. Times are ISO strings, which sort as they compare.
import type { ChannelKind, NewNotice, Notice, NoticeMessage, NoticeStatus } from '../domain/notifications.js';
import type { Queryable } from './db.js';

type Row = Record<string, unknown>;
const TABLE = 'notification_outbox';
/** Statuses a dispatcher may pick up. */
const OPEN = ['pending', 'failed'];

function toNotice(r: Row): Notice {
  return {
    id: Number(r.id),
    channel: r.channel as string,
    channelKind: r.channel_kind as ChannelKind,
    recipients: JSON.parse(r.recipients as string) as string[],
    message: JSON.parse(r.payload as string) as NoticeMessage,
    dedupeKey: r.dedupe_key as string,
    status: r.status as NoticeStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at as string,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as string,
    sentAt: (r.sent_at as string | null) ?? null,
  };
}

/** Inserts the notices not already there (by dedupe key); returns how many were new. */
export async function enqueueNotices(q: Queryable, notices: NewNotice[], at: string): Promise<number> {
  let inserted = 0;
  for (const n of notices) {
    const rows = (await q(TABLE)
      .insert({
        channel: n.channel,
        channel_kind: n.channelKind,
        recipients: JSON.stringify(n.recipients),
        payload: JSON.stringify(n.message),
        dedupe_key: n.dedupeKey,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        created_at: at,
      })
      .onConflict('dedupe_key')
      .ignore()
      .returning('id')) as unknown[];
    inserted += rows.length;
  }
  return inserted;
}

/** Notices due now (open, next attempt reached, not held by a live claim), oldest first. */
export async function dueNotices(
  q: Queryable,
  now: string,
  staleBefore: string,
  limit: number,
): Promise<Notice[]> {
  const rows = (await q(TABLE)
    .whereIn('status', OPEN)
    .where('next_attempt_at', '<=', now)
    .where((w) => w.whereNull('claimed_by').orWhere('claimed_at', '<', staleBefore))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)) as Row[];
  return rows.map(toNotice);
}

/** Tries begun per channel since `since` (for the per-channel rate limits). */
export async function attemptsSince(q: Queryable, since: string): Promise<Map<string, number>> {
  const rows = (await q(TABLE)
    .where('last_attempt_at', '>', since)
    .groupBy('channel')
    .select('channel')
    .count({ n: '*' })) as Array<{ channel: string; n: number | string }>;
  return new Map(rows.map((r) => [r.channel, Number(r.n)]));
}

/**
 * Claims one notice for dispatcher `by` and counts the try: true only for the one dispatcher whose
 * conditional UPDATE changed the row (still open, unclaimed or its claim stale).
 */
export async function claimNotice(
  q: Queryable,
  id: number,
  by: string,
  now: string,
  staleBefore: string,
): Promise<boolean> {
  const changed = await q(TABLE)
    .where({ id })
    .whereIn('status', OPEN)
    .where((w) => w.whereNull('claimed_by').orWhere('claimed_at', '<', staleBefore))
    .update({
      claimed_by: by,
      claimed_at: now,
      last_attempt_at: now,
      attempts: q.raw('attempts + 1'),
    });
  return changed === 1;
}

/** Records a send; false when `by` no longer holds the claim. */
export async function markSent(q: Queryable, id: number, by: string, at: string): Promise<boolean> {
  const changed = await q(TABLE)
    .where({ id, claimed_by: by })
    .update({ status: 'sent', sent_at: at, claimed_by: null, claimed_at: null, last_error: null });
  return changed === 1;
}

/** Records a failed try: retried from `nextAttemptAt` (failed) or given up (dead). */
export async function markFailed(
  q: Queryable,
  id: number,
  by: string,
  outcome: { status: 'failed'; nextAttemptAt: string } | { status: 'dead' },
  error: string,
): Promise<boolean> {
  const changed = await q(TABLE)
    .where({ id, claimed_by: by })
    .update({
      status: outcome.status,
      ...(outcome.status === 'failed' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
      last_error: error,
      claimed_by: null,
      claimed_at: null,
    });
  return changed === 1;
}

export async function findNotice(q: Queryable, id: number): Promise<Notice | null> {
  const row = (await q(TABLE).where({ id }).first()) as Row | undefined;
  return row ? toNotice(row) : null;
}

/** Notices in the order they were made (status pages, tests). */
export async function listNotices(q: Queryable, filter: { status?: NoticeStatus } = {}): Promise<Notice[]> {
  let query = q(TABLE).orderBy('id');
  if (filter.status) query = query.where('status', filter.status);
  return ((await query) as Row[]).map(toNotice);
}

/** The estate code an item's dossier belongs to (recipients are chosen by estate), or null. */
export async function estateOfItem(q: Queryable, itemId: number): Promise<string | null> {
  const row = (await q('items as i')
    .join('dossiers as d', 'd.id', 'i.dossier_id')
    .join('properties as p', 'p.id', 'd.property_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .join('estates as e', 'e.id', 'b.estate_id')
    .where('i.id', itemId)
    .first('e.code')) as { code: string } | undefined;
  return row?.code ?? null;
}
