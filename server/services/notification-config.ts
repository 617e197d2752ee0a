// Notifications as configured (`notifications` in dangan.config.json): the channels (SMTP e-mail, office
// robots, a generic webhook), who is told (recipients by role and estate), and the dispatcher's retry and
// rate rules. Validated once at start; the dispatcher trusts the parsed value. URLs, secrets and passwords
// are secrets: config errors and logs never show them.
import { z } from 'zod';
import { ROLES } from '../domain/vocabulary.js';

const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and dashes');
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) address');
const perMinute = z.number().int().positive().max(10_000);

const common = {
  id,
  /** Roles whose recipients this channel addresses (mail: To; robots: @-mentions by mobile). */
  roles: z.array(z.enum(ROLES)).default(['supervisor', 'site_manager']),
  /** Messages a minute this channel may send; WeCom and DingTalk robots allow 20. */
  ratePerMinute: perMinute.optional(),
};

const email = z
  .object({
    ...common,
    kind: z.literal('email'),
    smtp: z
      .object({
        host: z.string().trim().min(1).max(253),
        port: z.number().int().min(1).max(65535).default(587),
        /** true: TLS from the first byte (port 465). false: STARTTLS, required unless requireTLS is false. */
        secure: z.boolean().default(false),
        requireTLS: z.boolean().default(true),
        user: z.string().min(1).optional(),
        pass: z.string().min(1).optional(),
        connectTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
      })
      .strict(),
    /** The sender, e.g. "档案室 <archive@example.org>". */
    from: z.string().min(3).max(200),
    /** Addresses always written to, besides the recipients by role. */
    to: z.array(z.string().email()).default([]),
  })
  .strict();

const webhook = z.object({ ...common, kind: z.literal('webhook'), url: httpUrl }).strict();
const wecom = z.object({ ...common, kind: z.literal('wecom'), url: httpUrl }).strict();
const dingtalk = z
  .object({ ...common, kind: z.literal('dingtalk'), url: httpUrl, secret: z.string().min(1).optional() })
  .strict();
const feishu = z
  .object({ ...common, kind: z.literal('feishu'), url: httpUrl, secret: z.string().min(1).optional() })
  .strict();

export const channelSchema = z.discriminatedUnion('kind', [email, webhook, wecom, dingtalk, feishu]);
export type ChannelConfig = z.infer<typeof channelSchema>;

/** Rate limits a robot has of its own (INTEGRATIONS.md); others send as fast as the dispatcher runs. */
export const DEFAULT_RATE_PER_MINUTE: Partial<Record<ChannelConfig['kind'], number>> = {
  wecom: 20,
  dingtalk: 20,
};

const recipient = z
  .object({
    name: z.string().min(1).max(100).optional(),
    /**
     * The person's account (users.username), when they have one: the overdue digest finds a holder's or a
     * supervisor's e-mail and mobile here, and masks a supervisor's digest by that account's clearance.
     */
    username: z.string().min(1).max(64).optional(),
    role: z.enum(ROLES),
    /** Estate codes this person looks after; empty: every estate. */
    estates: z.array(z.string().min(1).max(32)).default([]),
    email: z.string().email().optional(),
    /** For @-mentions on WeCom and DingTalk. */
    mobile: z
      .string()
      .regex(/^\+?[0-9]{5,15}$/, 'digits, optionally with a leading +')
      .optional(),
  })
  .strict();

const DISPATCH = {
  everyMs: 5000,
  batch: 50,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  leaseMs: 300_000,
  sendTimeoutMs: 15_000,
};

const DIGEST = { enabled: false, at: '08:30', supervisorRoles: ['supervisor', 'site_manager'] as const };

/**
 * The daily overdue digest (services/overdue-digest.ts): once a day at `at` (local time in `timeZone`),
 * each holder with overdue folders gets one message listing them, and each supervisor one listing their
 * people's, grouped by person. Mail goes to whoever has an e-mail (recipients[].email, found by username);
 * a robot channel posts each holder's list of the estates it is listed for.
 */
const overdueDigest = z
  .object({
    enabled: z.boolean().default(DIGEST.enabled),
    /** Local time of day, 24-hour HH:MM. A server down at that time sends when it comes back that day. */
    at: z
      .string()
      .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM, 24-hour')
      .default(DIGEST.at),
    /**
     * Which channels carry the digest, and for robots the estates whose holders' lists they post (empty:
     * every estate). Left out: every configured channel, every estate.
     */
    channels: z
      .array(z.object({ id, estates: z.array(z.string().min(1).max(32)).default([]) }).strict())
      .optional(),
    /** Configured recipients of these roles get the supervisors' digest for their estates. */
    supervisorRoles: z.array(z.enum(ROLES)).default([...DIGEST.supervisorRoles]),
    /** Where the full list is (the dashboard), shown in the message and after a cut. */
    link: z.string().url().optional(),
  })
  .strict()
  .default({ ...DIGEST, supervisorRoles: [...DIGEST.supervisorRoles] });

export const notificationsConfigSchema = z
  .object({
    channels: z.array(channelSchema).default([]),
    recipients: z.array(recipient).default([]),
    /** IANA time zone the times in messages are shown in. */
    timeZone: z
      .string()
      .min(1)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    /** A link to one alarm, `{id}` replaced by its number (shown in messages and after a cut). */
    alarmLink: z.string().url().includes('{id}').optional(),
    dispatch: z
      .object({
        /** How often the dispatcher looks for due notices. */
        everyMs: z.number().int().min(100).max(600_000).default(DISPATCH.everyMs),
        batch: z.number().int().positive().max(1000).default(DISPATCH.batch),
        /** Tries before a notice is given up (dead). */
        maxAttempts: z.number().int().min(1).max(50).default(DISPATCH.maxAttempts),
        baseDelayMs: z.number().int().positive().default(DISPATCH.baseDelayMs),
        maxDelayMs: z.number().int().positive().default(DISPATCH.maxDelayMs),
        /** A claim older than this (a dispatcher that died mid-send) may be taken over. */
        leaseMs: z.number().int().min(1000).default(DISPATCH.leaseMs),
        sendTimeoutMs: z.number().int().min(100).max(120_000).default(DISPATCH.sendTimeoutMs),
      })
      .strict()
      .default(DISPATCH),
    overdueDigest,
  })
  .strict()
  .default({
    channels: [],
    recipients: [],
    timeZone: 'Asia/Shanghai',
    dispatch: DISPATCH,
    overdueDigest: { ...DIGEST, supervisorRoles: [...DIGEST.supervisorRoles] },
  })
  .superRefine((n, ctx) => {
    const ids = n.channels.map((c) => c.id);
    ids.forEach((cid, i) => {
      if (ids.indexOf(cid) !== i)
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'id'], message: 'duplicate channel id' });
    });
    (n.overdueDigest.channels ?? []).forEach((c, i) => {
      if (!ids.includes(c.id))
        ctx.addIssue({
          code: 'custom',
          path: ['overdueDigest', 'channels', i, 'id'],
          message: 'no channel has this id',
        });
    });
    n.channels.forEach((c, i) => {
      if (c.kind === 'email' && (c.smtp.user === undefined) !== (c.smtp.pass === undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'smtp'],
          message: 'user and pass go together',
        });
    });
  });

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

/** A setting path that holds a secret (webhook addresses carry their key): never shown in messages. */
export const isNotificationSecret = (where: string): boolean =>
  /^notifications(\.channels(\.\d+(\.(url|secret|smtp(\.pass)?))?)?)?$/.test(where);

/** Every secret in the channels, to scrub from error texts before they are stored or logged. */
export function channelSecrets(c: ChannelConfig): string[] {
  const out: string[] = [];
  if (c.kind === 'email') {
    if (c.smtp.pass) out.push(c.smtp.pass);
    return out;
  }
  out.push(c.url);
  try {
    const u = new URL(c.url);
    for (const v of u.searchParams.values()) out.push(v);
    const last = u.pathname.split('/').pop();
    if (last) out.push(last);
  } catch {
    /* validated already */
  }
  if ((c.kind === 'dingtalk' || c.kind === 'feishu') && c.secret) out.push(c.secret);
  return out.filter((s) => s.length >= 6);
}
