// The notification outbox table (migrations/20261201_002_notification_outbox.ts): notices are inserted in
// the transaction of the event that causes them, claimed by one dispatcher with a conditional UPDATE, and
// marked sent, failed (to retry) or dead. Times are ISO strings, which sort as they compare.
import type { ChannelKind, NewNotice, Notice, NoticeMessage, NoticeStatus } from '../domain/notifications.js';
import type { ConfidentialityLevel, DossierKind, Role } from '../domain/vocabulary.js';
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

// ---------------------------------------------------------------------------------------------------------
// The overdue digest's reads

/** An overdue loan with what the digest needs: the folder, the rules' record facts, the holder. */
export interface DigestLoan {
  itemId: number;
  barcode: string;
  title: string;
  archiveNo: string | null;
  dueAt: string;
  confidentiality: ConfidentialityLevel;
  dossierKind: DossierKind | null;
  estateId: number | null;
  estateCode: string | null;
  /** The department owning the dossier (area of estate-less files). */
  dossierDepartmentId: number | null;
  holder: {
    userId: number;
    username: string;
    /** The account's work e-mail (users.email), if any. */
    email: string | null;
    name: string;
    role: Role;
    departmentId: number | null;
    departmentName: string | null;
  };
}

/** Every loan past due at `now`, by holder, soonest due first. */
export async function overdueLoansForDigest(q: Queryable, now: string): Promise<DigestLoan[]> {
  const rows = (await q('items as i')
    .join('users as hu', 'hu.id', 'i.holder_user_id')
    .leftJoin('departments as hd', 'hd.id', 'hu.department_id')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('properties as p', 'p.id', 'd.property_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('estates as e', 'e.id', 'b.estate_id')
    .where('i.state', 'out')
    .where('i.due_at', '<', now)
    .orderBy('hu.id')
    .orderBy('i.due_at')
    .orderBy('i.id')
    .select(
      'i.id',
      'i.barcode',
      'i.title',
      'i.due_at',
      'd.archive_no',
      'd.confidentiality',
      'd.kind as dossier_kind',
      'd.department_id as dossier_department_id',
      'e.id as estate_id',
      'e.code as estate_code',
      'hu.id as holder_id',
      'hu.username',
      'hu.email',
      'hu.display_name',
      'hu.role',
      'hu.department_id as holder_department_id',
      'hd.name as holder_department_name',
    )) as Row[];
  const n = (v: unknown) => (v == null ? null : Number(v));
  return rows.map((r) => ({
    itemId: Number(r.id),
    barcode: r.barcode as string,
    title: r.title as string,
    archiveNo: (r.archive_no as string | null) ?? null,
    dueAt: r.due_at as string,
    confidentiality: ((r.confidentiality as ConfidentialityLevel | null) ?? 'C') as ConfidentialityLevel,
    dossierKind: (r.dossier_kind as DossierKind | null) ?? null,
    estateId: n(r.estate_id),
    estateCode: (r.estate_code as string | null) ?? null,
    dossierDepartmentId: n(r.dossier_department_id),
    holder: {
      userId: Number(r.holder_id),
      username: r.username as string,
      email: (r.email as string | null) ?? null,
      name: r.display_name as string,
      role: r.role as Role,
      departmentId: n(r.holder_department_id),
      departmentName: (r.holder_department_name as string | null) ?? null,
    },
  }));
}

/** Active supervisors' accounts by department (the holder's department's supervisor reads their digest). */
export async function supervisorsByDepartment(
  q: Queryable,
  departmentIds: number[],
): Promise<
  Array<{ userId: number; username: string; email: string | null; name: string; departmentId: number }>
> {
  if (departmentIds.length === 0) return [];
  const rows = (await q('users')
    .where({ role: 'supervisor', active: true })
    .whereIn('department_id', departmentIds)
    .orderBy('id')
    .select('id', 'username', 'email', 'display_name', 'department_id')) as Row[];
  return rows.map((r) => ({
    userId: Number(r.id),
    username: r.username as string,
    email: (r.email as string | null) ?? null,
    name: r.display_name as string,
    departmentId: Number(r.department_id),
  }));
}

/** Active accounts by username (configured recipients tied to an account). */
export async function usersByUsername(
  q: Queryable,
  usernames: string[],
): Promise<Map<string, { userId: number; name: string }>> {
  if (usernames.length === 0) return new Map();
  const rows = (await q('users')
    .where({ active: true })
    .whereIn('username', usernames)
    .select('id', 'username', 'display_name')) as Row[];
  return new Map(
    rows.map((r) => [r.username as string, { userId: Number(r.id), name: r.display_name as string }]),
  );
}

/** Estate ids by code (configured estates are codes; the access rules speak ids). */
export async function estateIdsByCode(q: Queryable): Promise<Map<string, number>> {
  const rows = (await q('estates').select('id', 'code')) as Row[];
  return new Map(rows.map((r) => [r.code as string, Number(r.id)]));
}

const DIGEST_DAY = 'notifications.overdue_digest.day';

/** The last local day whose digest was made, or null. */
export async function lastDigestDay(q: Queryable): Promise<string | null> {
  const row = (await q('settings').where({ key: DIGEST_DAY }).first('value')) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export async function setLastDigestDay(q: Queryable, day: string): Promise<void> {
  await q('settings').insert({ key: DIGEST_DAY, value: day }).onConflict('key').merge();
}

// ---------------------------------------------------------------------------------------------------------
// Status (GET /notifications/outbox) and a retry of a dead notice

/** How many notices there are per channel and status. */
export async function outboxCounts(
  q: Queryable,
): Promise<Array<{ channel: string; channelKind: ChannelKind; status: NoticeStatus; count: number }>> {
  const rows = (await q(TABLE)
    .groupBy('channel', 'channel_kind', 'status')
    .select('channel', 'channel_kind', 'status')
    .count({ n: '*' })
    .orderBy('channel')
    .orderBy('status')) as Array<Row & { n: number | string }>;
  return rows.map((r) => ({
    channel: r.channel as string,
    channelKind: r.channel_kind as ChannelKind,
    status: r.status as NoticeStatus,
    count: Number(r.n),
  }));
}

/** A page of notices, newest first, and how many match. */
export async function recentNotices(
  q: Queryable,
  filter: { status?: NoticeStatus; limit: number; offset: number },
): Promise<{ notices: Array<Notice & { lastAttemptAt: string | null }>; total: number }> {
  const base = () => (filter.status ? q(TABLE).where('status', filter.status) : q(TABLE));
  const counted = (await base().count({ n: '*' }).first()) as { n: number | string } | undefined;
  const rows = (await base().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset)) as Row[];
  return {
    notices: rows.map((r) => ({
      ...toNotice(r),
      lastAttemptAt: (r.last_attempt_at as string | null) ?? null,
    })),
    total: Number(counted?.n ?? 0),
  };
}

/**
 * Gives a dead notice another round of tries from now (attempts counted afresh, the last error kept until
 * the next try). False when the notice is not dead (anything else is the dispatcher's).
 */
export async function reviveNotice(q: Queryable, id: number, now: string): Promise<boolean> {
  const changed = await q(TABLE)
    .where({ id, status: 'dead' })
    .update({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_at: null });
  return changed === 1;
}
