// The daily overdue digest: once a day at notifications.overdueDigest.at (local time), one message to each
// holder with overdue folders listing them, and one to each supervisor listing their people's, grouped by
// person. The digest is put in the outbox like any notice and sent by the dispatcher.
//
// Once a day, whatever happens: the day whose digest was made is stored (settings) and checked again under
// the archive's write lock, and every notice's dedupe key names the day, the recipient and the channel, so
// a restart, a second run or a second server inserts nothing twice. A server that was down at the hour
// makes the digest when it comes back the same day.
//
// Who reads what:
// - A holder: every folder they hold (they may return it whatever its level) by e-mail, to the address
//   configured for their account (recipients[].username) or else the account's own (users.email). A robot channel posts each holder's list of the
//   estates it is configured for, to its group: folders above the group's roles (the channel's `roles`)
//   are counted, not named; DingTalk @-mentions the holder's mobile.
// - A supervisor: the supervisors of the holder's department (accounts), and the configured recipients of
//   overdueDigest.supervisorRoles for the folders' estates, by e-mail. What the reader may not read
//   (access.ts `can(…, 'item.read', …)`: clearance, litigation) is a count per person, never a title.
import type { Actor } from '../domain/access.js';
import { can, type RecordContext } from '../domain/access.js';
import {
  holderDigestKey,
  holderDigestMessage,
  supervisorDigestKey,
  supervisorDigestMessage,
  digestDueDay,
  type DigestOptions,
  type DigestPerson,
  type NewNotice,
} from '../domain/notifications.js';
import type { Role } from '../domain/vocabulary.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../providers.js';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';
import type { Database, Queryable } from '../store/db.js';
import {
  enqueueNotices,
  estateIdsByCode,
  lastDigestDay,
  overdueLoansForDigest,
  setLastDigestDay,
  supervisorsByDepartment,
  usersByUsername,
  type DigestLoan,
} from '../store/outbox.js';
import { actorOf } from '../store/users.js';
import type { ChannelConfig, NotificationsConfig } from './notification-config.js';
import { writeTransaction } from './unit-of-work.js';

export interface DigestRun {
  /** The local day whose digest was made now, or null when none was due. */
  day: string | null;
  /** Notices put in the outbox (0 on a second run of the same day). */
  enqueued: number;
}

const recordOf = (l: DigestLoan): RecordContext => ({
  estateId: l.estateId,
  departmentId: l.dossierDepartmentId,
  confidentiality: l.confidentiality,
  dossierKind: l.dossierKind,
  holderUserId: l.holder.userId,
});

const folder = (l: DigestLoan) => ({
  archiveNo: l.archiveNo,
  barcode: l.barcode,
  title: l.title,
  dueAt: l.dueAt,
});

/** One person's loans as `sees` allows: listed, or counted. */
function personFor(loans: DigestLoan[], sees: (l: DigestLoan) => boolean): DigestPerson {
  const h = loans[0]!.holder;
  const shown = loans.filter(sees);
  return {
    name: h.name,
    department: h.departmentName,
    shown: shown.map(folder),
    hidden: loans.length - shown.length,
  };
}

function byHolder(loans: DigestLoan[]): Map<number, DigestLoan[]> {
  const out = new Map<number, DigestLoan[]>();
  for (const l of loans) out.set(l.holder.userId, [...(out.get(l.holder.userId) ?? []), l]);
  return out;
}

/** A reader made up for a configured role with no account: that role, over these estates. */
const roleActor = (role: Role, estateIds: number[] | 'all'): Actor => ({
  userId: 0,
  role,
  departmentId: null,
  estateIds,
});

/** The notices of one day's digest (pure of writes: the caller enqueues them). */
export async function digestNotices(
  q: Queryable,
  config: NotificationsConfig,
  day: string,
  now: string,
): Promise<NewNotice[]> {
  const d = config.overdueDigest;
  const configured = new Map(config.channels.map((c) => [c.id, c]));
  const channels = (d.channels ?? config.channels.map((c) => ({ id: c.id, estates: [] as string[] })))
    .map((x) => ({ channel: configured.get(x.id), estates: x.estates }))
    .filter((x): x is { channel: ChannelConfig; estates: string[] } => x.channel !== undefined);
  const mails = channels.filter((x) => x.channel.kind === 'email').map((x) => x.channel);
  const robots = channels.filter((x) => x.channel.kind !== 'email');

  const loans = await overdueLoansForDigest(q, now);
  if (loans.length === 0) return [];
  const estateIds = await estateIdsByCode(q);
  const idsOf = (codes: readonly string[]): number[] | 'all' =>
    codes.length === 0 ? 'all' : codes.flatMap((c) => (estateIds.has(c) ? [estateIds.get(c)!] : []));
  const inEstates = (codes: readonly string[]) => (l: DigestLoan) =>
    codes.length === 0 || (l.estateCode !== null && codes.includes(l.estateCode));

  // E-mail and mobile of the people with an account, from the configured recipients.
  const contact = new Map<string, { email?: string; mobile?: string }>();
  for (const r of config.recipients) {
    if (!r.username) continue;
    const c = contact.get(r.username) ?? {};
    contact.set(r.username, { email: c.email ?? r.email, mobile: c.mobile ?? r.mobile });
  }
  const o: DigestOptions = { day, now, timeZone: config.timeZone, link: d.link ?? null };
  const notices: NewNotice[] = [];
  const holders = byHolder(loans);

  // Each holder: by mail, and on every robot of an estate their overdue folders are in.
  for (const [userId, own] of holders) {
    const holder = own[0]!.holder;
    // A configured recipient for the account wins; else the account's own work address.
    const who = { ...contact.get(holder.username) };
    who.email ??= holder.email ?? undefined;
    if (who.email) {
      for (const c of mails) {
        notices.push({
          channel: c.id,
          channelKind: c.kind,
          recipients: [who.email],
          message: holderDigestMessage(
            personFor(own, () => true),
            o,
            c.kind,
            'you',
          ),
          dedupeKey: holderDigestKey(day, userId, c.id),
        });
      }
    }
    for (const { channel: c, estates } of robots) {
      const here = own.filter(inEstates(estates));
      if (here.length === 0) continue;
      const audience = c.roles.map((role) => roleActor(role, idsOf(estates)));
      const sees = (l: DigestLoan) =>
        audience.length > 0 && audience.every((a) => can(a, 'item.read', recordOf(l)).allowed);
      notices.push({
        channel: c.id,
        channelKind: c.kind,
        recipients: c.kind === 'dingtalk' && who?.mobile ? [who.mobile] : [],
        message: holderDigestMessage(personFor(here, sees), o, c.kind, 'group'),
        dedupeKey: holderDigestKey(day, userId, c.id),
      });
    }
  }
  if (mails.length === 0) return notices;

  // Supervisors: by account (the holder's department's, or a configured one tied to an account) or by a
  // configured address alone; each with the loans they are told about.
  interface Reader {
    key: { userId: number } | { email: string };
    name: string | null;
    email: string;
    actor: Actor | null;
    loans: Set<DigestLoan>;
  }
  const readers = new Map<string, Reader>();
  const departments = [
    ...new Set(loans.flatMap((l) => (l.holder.departmentId === null ? [] : [l.holder.departmentId]))),
  ];
  for (const s of await supervisorsByDepartment(q, departments)) {
    const email = contact.get(s.username)?.email ?? s.email;
    if (!email) continue;
    const r: Reader = readers.get(`u${s.userId}`) ?? {
      key: { userId: s.userId },
      name: s.name,
      email,
      actor: await actorOf(q, s.userId),
      loans: new Set(),
    };
    for (const l of loans) {
      if (l.holder.departmentId === s.departmentId && l.holder.userId !== s.userId) r.loans.add(l);
    }
    readers.set(`u${s.userId}`, r);
  }
  const chosen = config.recipients.filter((r) => r.email && d.supervisorRoles.includes(r.role));
  const accounts = await usersByUsername(
    q,
    chosen.flatMap((r) => (r.username ? [r.username] : [])),
  );
  for (const c of chosen) {
    const account = c.username ? accounts.get(c.username) : undefined;
    const key = account ? `u${account.userId}` : `m${c.email!.toLowerCase()}`;
    const r: Reader = readers.get(key) ?? {
      key: account ? { userId: account.userId } : { email: c.email! },
      name: account?.name ?? c.name ?? null,
      email: c.email!,
      actor: account ? await actorOf(q, account.userId) : roleActor(c.role, idsOf(c.estates)),
      loans: new Set(),
    };
    const self = account?.userId;
    for (const l of loans.filter(inEstates(c.estates))) if (l.holder.userId !== self) r.loans.add(l);
    readers.set(key, r);
  }
  for (const r of readers.values()) {
    if (r.loans.size === 0 || !r.actor) continue;
    const actor = r.actor;
    const sees = (l: DigestLoan) => can(actor, 'item.read', recordOf(l)).allowed;
    const people = [...byHolder([...r.loans].sort(byDue)).values()].map((own) => personFor(own, sees));
    for (const c of mails) {
      notices.push({
        channel: c.id,
        channelKind: c.kind,
        recipients: [r.email],
        message: supervisorDigestMessage(r.name, people, o, c.kind),
        dedupeKey: supervisorDigestKey(day, r.key, c.id),
      });
    }
  }
  return notices;
}

const byDue = (a: DigestLoan, b: DigestLoan) =>
  a.holder.userId - b.holder.userId || a.dueAt.localeCompare(b.dueAt) || a.itemId - b.itemId;

export interface OverdueDigestDeps {
  db: Database;
  config: NotificationsConfig;
  clock: Clock;
  logger: Logger;
}

export function createOverdueDigest({ db, config, clock, logger }: OverdueDigestDeps) {
  const d = config.overdueDigest;
  const enabled = d.enabled && config.channels.length > 0;
  return {
    enabled,
    /** Makes today's digest if it is due and not made yet; otherwise does nothing. */
    async runIfDue(): Promise<DigestRun> {
      if (!enabled) return { day: null, enqueued: 0 };
      const now = clock.now().toISOString();
      // A look without the lock first: most minutes of the day nothing is due.
      if (digestDueDay(now, config.timeZone, d.at, await lastDigestDay(db.knex)) === null)
        return { day: null, enqueued: 0 };
      const run = await writeTransaction(db, null, async ({ trx }) => {
        const day = digestDueDay(now, config.timeZone, d.at, await lastDigestDay(trx));
        if (day === null) return { day: null, enqueued: 0 }; // another server made it meanwhile
        const enqueued = await enqueueNotices(trx, await digestNotices(trx, config, day, now), now);
        await setLastDigestDay(trx, day);
        return { day, enqueued };
      });
      if (run.day !== null) logger.info(run, 'overdue digest put in the outbox');
      return run;
    },
  };
}

export type OverdueDigest = ReturnType<typeof createOverdueDigest>;

export type DigestSchedule = PeriodicJob;

/**
 * Looks every minute (and at once, so a server that starts after the hour makes the missed digest);
 * `onEnqueued` after a run that put notices in the outbox (the dispatcher's kick).
 */
export function startOverdueDigest(o: {
  digest: OverdueDigest;
  logger: Logger;
  everyMs?: number;
  onEnqueued?: () => void;
}): DigestSchedule {
  return startPeriodicJob({
    run: async () => {
      const r = await o.digest.runIfDue();
      if (r.enqueued > 0) o.onEnqueued?.();
    },
    logger: o.logger,
    failure: 'making the overdue digest failed',
    everyMs: o.everyMs ?? 60_000,
  });
}
