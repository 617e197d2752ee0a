// Notifications through a durable outbox. The notifier puts notices in the outbox inside the transaction of
// the event that causes them (an alarm), so an event is never committed without its notices nor notified
// without being committed. The dispatcher sends what is due: it claims rows under the archive's write lock
// with a conditional UPDATE (so two dispatchers never send one row twice), keeps each channel under its
// rate limit counted from the table, retries failures with exponential backoff and jitter, and gives a
// notice up (dead) after maxAttempts. Everything it knows is in the table: a restart picks up where it was.
import { randomBytes } from 'node:crypto';
import type { Alarm } from '../domain/alarms.js';
import { assertCan, type Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import {
  afterFailure,
  alarmNotices,
  maskAddress,
  noticeAbout,
  noticePreview,
  escalationNotices,
  redact,
  type Notice,
  type NoticeStatus,
  type RetryPolicy,
} from '../domain/notifications.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../providers.js';
import type { Database, Queryable } from '../store/db.js';
import {
  attemptsSince,
  claimNotice,
  dueNotices,
  enqueueNotices,
  estateOfItem,
  findNotice,
  markFailed,
  markSent,
  outboxCounts,
  recentNotices,
  reviveNotice,
} from '../store/outbox.js';
import {
  DEFAULT_RATE_PER_MINUTE,
  channelSecrets,
  type ChannelConfig,
  type NotificationsConfig,
} from './notification-config.js';
import { createSenders, type Sender } from './notification-transports.js';
import { writeTransaction } from './unit-of-work.js';

const RATE_WINDOW_MS = 60_000;

/** Puts notices in the outbox; called inside the event's own write transaction. */
export function createNotifier(config: NotificationsConfig) {
  return {
    /** One notice per channel for a new alarm (dedupe key: alarm id + channel). Returns how many were new. */
    async alarmRaised(trx: Queryable, alarm: Alarm, at: string): Promise<number> {
      if (config.channels.length === 0) return 0;
      const estate = alarm.itemId === null ? null : await estateOfItem(trx, alarm.itemId);
      const notices = alarmNotices(alarm, estate, config.channels, config.recipients, {
        timeZone: config.timeZone,
        alarmLink: config.alarmLink ?? null,
      });
      return enqueueNotices(trx, notices, at);
    },

    /**
     * Notices to the next level for an alarm nobody acknowledged in time (dedupe key: alarm id + level +
     * channel, so a level is notified once whatever happens). Returns how many were new.
     */
    async alarmEscalated(
      trx: Queryable,
      alarm: Alarm,
      step: { level: number; role: string; label: { zh: string; en: string }; minutes: number },
      at: string,
    ): Promise<number> {
      if (config.channels.length === 0) return 0;
      const estate = alarm.itemId === null ? null : await estateOfItem(trx, alarm.itemId);
      const notices = escalationNotices(
        alarm,
        step.level,
        step.role,
        step.label,
        step.minutes,
        estate,
        config.channels,
        config.recipients,
        { timeZone: config.timeZone, alarmLink: config.alarmLink ?? null },
      );
      return enqueueNotices(trx, notices, at);
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

export interface DispatchResult {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
}

export interface DispatcherDeps {
  db: Database;
  config: NotificationsConfig;
  clock: Clock;
  logger: Logger;
  /** In [0, 1): the jitter of retry delays (tests pass a fixed one). */
  random?: () => number;
  /** How notices leave (default: HTTP for robots, SMTP for e-mail). */
  sender?: Sender;
  /** This dispatcher's name in claimed_by; unique per process by default. */
  id?: string;
}

export function createDispatcher(deps: DispatcherDeps) {
  const { db, config, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const own = deps.sender ? null : createSenders();
  const send: Sender = deps.sender ?? own!.send;
  const id = deps.id ?? `dispatch-${process.pid}-${randomBytes(4).toString('hex')}`;
  const channels = new Map(config.channels.map((c) => [c.id, c]));
  const policy: RetryPolicy = config.dispatch;
  const iso = (ms: number) => new Date(ms).toISOString();

  const rateOf = (c: ChannelConfig): number | undefined => c.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE[c.kind];

  /** Claims the due notices this dispatcher may send now, within every channel's rate limit. */
  async function claim(nowMs: number): Promise<Notice[]> {
    const now = iso(nowMs);
    const staleBefore = iso(nowMs - config.dispatch.leaseMs);
    return writeTransaction(db, null, async ({ trx }) => {
      const due = await dueNotices(trx, now, staleBefore, config.dispatch.batch);
      if (due.length === 0) return [];
      const used = await attemptsSince(trx, iso(nowMs - RATE_WINDOW_MS));
      const claimed: Notice[] = [];
      for (const n of due) {
        const channel = channels.get(n.channel);
        const limit = channel ? rateOf(channel) : undefined;
        if (limit !== undefined && (used.get(n.channel) ?? 0) >= limit) continue;
        if (!(await claimNotice(trx, n.id, id, now, staleBefore))) continue;
        used.set(n.channel, (used.get(n.channel) ?? 0) + 1);
        claimed.push({ ...n, attempts: n.attempts + 1 });
      }
      return claimed;
    });
  }

  async function deliver(n: Notice, result: DispatchResult): Promise<void> {
    const channel = channels.get(n.channel);
    let error: string;
    if (!channel) {
      error = `channel ${n.channel} is no longer configured`;
    } else {
      try {
        await send(channel, n, { nowMs: clock.now().getTime(), timeoutMs: config.dispatch.sendTimeoutMs });
        await writeTransaction(db, null, ({ trx }) => markSent(trx, n.id, id, clock.now().toISOString()));
        result.sent++;
        return;
      } catch (e) {
        error = redact(e instanceof Error ? e.message : String(e), channelSecrets(channel));
      }
    }
    const outcome = channel
      ? afterFailure(n.attempts, policy, clock.now().getTime(), random())
      : ({ status: 'dead' } as const);
    await writeTransaction(db, null, ({ trx }) =>
      markFailed(
        trx,
        n.id,
        id,
        outcome.status === 'dead' ? outcome : { status: 'failed', nextAttemptAt: iso(outcome.nextAttemptMs) },
        error,
      ),
    );
    if (outcome.status === 'dead') result.dead++;
    else result.failed++;
    const log = { notice: n.id, channel: n.channel, attempts: n.attempts, error };
    if (outcome.status === 'dead') logger.error(log, 'notification given up after its last attempt');
    else logger.warn({ ...log, retryAt: iso(outcome.nextAttemptMs) }, 'notification failed; will retry');
  }

  /** One round: claim what is due and send it. */
  async function runOnce(): Promise<DispatchResult> {
    const claimed = await claim(clock.now().getTime());
    const result: DispatchResult = { claimed: claimed.length, sent: 0, failed: 0, dead: 0 };
    for (const n of claimed) await deliver(n, result);
    return result;
  }

  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const kick = () => {
    if (stopped) return;
    running = running
      .then(runOnce)
      .catch((e: unknown) => logger.error({ err: e }, 'notification dispatch failed'));
  };

  return {
    id,
    runOnce,
    /** Runs a round soon (after an event was committed with notices). */
    kick,
    start(): void {
      if (timer) return;
      stopped = false;
      kick();
      timer = setInterval(kick, config.dispatch.everyMs);
      timer.unref();
    },
    stop(): void {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
    /** Resolves when the round in progress (if any) is over. */
    settled: async (): Promise<void> => {
      await running;
    },
    /** Stops and closes the SMTP connections. */
    async close(): Promise<void> {
      this.stop();
      await running;
      own?.close();
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

// ---------------------------------------------------------------------------------------------------------
// The outbox as the dashboard shows it

export interface OutboxFilter {
  status?: NoticeStatus;
  limit: number;
  offset: number;
}

/** A notice without its body: what it is about, a preview of its title, masked addresses, its tries. */
export interface NoticeSummary {
  id: number;
  channel: string;
  channelKind: Notice['channelKind'];
  about: ReturnType<typeof noticeAbout>;
  preview: string;
  recipients: string[];
  status: NoticeStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

/**
 * Status and retries for `notification.read` / `notification.retry`. Bodies never leave: a digest's body
 * was masked for its one reader, not for whoever looks at the outbox. Errors are scrubbed of the
 * channels' secrets again (they were when stored; a secret changed since is scrubbed too).
 */
export function createOutboxService({
  db,
  config,
  clock,
}: {
  db: Database;
  config: NotificationsConfig;
  clock: Clock;
}) {
  const secrets = config.channels.flatMap(channelSecrets);
  const summary = (n: Notice & { lastAttemptAt: string | null }): NoticeSummary => ({
    id: n.id,
    channel: n.channel,
    channelKind: n.channelKind,
    about: noticeAbout(n.dedupeKey),
    preview: noticePreview(n.message.title),
    recipients: n.recipients.map(maskAddress),
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError === null ? null : redact(n.lastError, secrets, 300),
    createdAt: n.createdAt,
    lastAttemptAt: n.lastAttemptAt,
    nextAttemptAt: n.status === 'pending' || n.status === 'failed' ? n.nextAttemptAt : null,
    sentAt: n.sentAt,
  });
  return {
    async status(actor: Actor, filter: OutboxFilter) {
      assertCan(actor, 'notification.read');
      const [counts, page] = await Promise.all([outboxCounts(db.knex), recentNotices(db.knex, filter)]);
      return {
        counts,
        channels: config.channels.map((c) => ({ id: c.id, kind: c.kind })),
        notices: page.notices.map(summary),
        total: page.total,
        at: clock.now().toISOString(),
      };
    },
    /** Sends a dead notice again from now (its tries counted afresh). */
    async retry(actor: Actor, id: number): Promise<NoticeSummary> {
      assertCan(actor, 'notification.retry');
      return writeTransaction(db, null, async ({ trx }) => {
        const n = await findNotice(trx, id);
        if (!n) throw new DanganError('NOTICE_NOT_FOUND', { notice: id });
        if (!(await reviveNotice(trx, id, clock.now().toISOString())))
          throw new DanganError('NOTICE_NOT_DEAD', { notice: id, status: n.status });
        const again = (await findNotice(trx, id))!;
        return summary({ ...again, lastAttemptAt: null });
      });
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
