// Notifications as pure rules: what an alarm notice says, each office robot's exact request body and
// signature (shared/INTEGRATIONS.md), cutting a message to a byte limit on a character boundary, and the
// retry schedule. No I/O here: the dispatcher (services/notifications.ts) sends what these build.
import { createHash, createHmac } from 'node:crypto';
import { ALARM_LABELS, type Alarm } from './alarms.js';
import { zoneFormatter } from './zone-time.js';

export const CHANNEL_KINDS = ['email', 'webhook', 'wecom', 'dingtalk', 'feishu'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const NOTICE_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** What a notice says, whatever carries it. */
export interface NoticeMessage {
  /** One line: the e-mail subject, the robot card's title. */
  title: string;
  /** Plain text, several lines. */
  text: string;
  /** The same in markdown, for the robots that render it. */
  markdown: string;
  /** Where the full record is, when an address is configured. */
  link: string | null;
}

/** A notice to put in the outbox. */
export interface NewNotice {
  channel: string;
  channelKind: ChannelKind;
  recipients: string[];
  message: NoticeMessage;
  dedupeKey: string;
}

/** A notice as the outbox holds it. */
export interface Notice extends NewNotice {
  id: number;
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Alarm notices

export interface AlarmNoticeOptions {
  /** IANA zone the times are shown in. */
  timeZone: string;
  /** Link to an alarm with `{id}` in it, or null. */
  alarmLink: string | null;
}

/** A local time as Chinese offices write it: 2026-12-01 21:58:29. */
export function localTime(iso: string, timeZone: string): string {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(iso));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')}`;
}

/** The message for an alarm: Chinese first (the archive's working language), the English kind after. */
export function alarmMessage(alarm: Alarm, o: AlarmNoticeOptions): NoticeMessage {
  const label = ALARM_LABELS[alarm.kind];
  const subject = alarm.archiveNo ?? alarm.barcode ?? alarm.epc ?? alarm.deviceId;
  const title = `【档案报警】${label.zh}：${subject}`;
  const rows: Array<[string, string | null]> = [
    ['报警类型', `${label.zh}（${label.en}）`],
    ['档号', alarm.archiveNo],
    ['条码', alarm.barcode],
    ['标签', alarm.barcode === null ? alarm.epc : null],
    ['位置', alarm.placeName ?? alarm.place],
    ['设备', alarm.deviceId],
    ['时间', localTime(alarm.raisedAt, o.timeZone)],
    ['说明', alarm.detail],
    ['报警编号', String(alarm.id)],
  ];
  const shown = rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== '');
  const link = o.alarmLink === null ? null : o.alarmLink.replaceAll('{id}', String(alarm.id));
  const text = [title, '', ...shown.map(([k, v]) => `${k}：${v}`), ...(link ? ['', `查看：${link}`] : [])];
  const markdown = [
    `### ${title}`,
    ...shown.map(([k, v]) => `> ${k}：${escapeMarkdown(v)}`),
    ...(link ? ['', `[查看报警记录](${link})`] : []),
  ];
  return { title, text: text.join('\n'), markdown: markdown.join('\n'), link };
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

export const alarmDedupeKey = (alarmId: number, channel: string) => `alarm:${alarmId}:${channel}`;

/** The parts of a configured channel and recipient that choose who is told. */
export interface ChannelTarget {
  id: string;
  kind: ChannelKind;
  roles: readonly string[];
  /** E-mail channels: addresses always written to. */
  to?: readonly string[];
}
export interface RecipientTarget {
  role: string;
  /** Estate codes; empty: every estate. */
  estates: readonly string[];
  email?: string;
  mobile?: string;
}

/**
 * Who a channel addresses about an event in `estate`: the recipients of its roles who look after that estate
 * (or all estates). An event of no known estate (an unknown tag) goes to everyone of those roles: an alarm
 * is better told twice than missed.
 */
export function addressees(
  channel: ChannelTarget,
  recipients: readonly RecipientTarget[],
  estate: string | null,
) {
  const chosen = recipients.filter(
    (r) =>
      channel.roles.includes(r.role) &&
      (estate === null || r.estates.length === 0 || r.estates.includes(estate)),
  );
  const unique = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    emails: unique([...(channel.to ?? []), ...chosen.map((r) => r.email)]),
    mobiles: unique(chosen.map((r) => r.mobile)),
  };
}

/**
 * One notice per configured channel for an alarm. An e-mail channel with nobody to write to makes none.
 * Robots post to their group; DingTalk also @-mentions the chosen people's mobiles.
 */
export function alarmNotices(
  alarm: Alarm,
  estate: string | null,
  channels: readonly ChannelTarget[],
  recipients: readonly RecipientTarget[],
  o: AlarmNoticeOptions,
): NewNotice[] {
  const message = alarmMessage(alarm, o);
  const out: NewNotice[] = [];
  for (const c of channels) {
    const who = addressees(c, recipients, estate);
    if (c.kind === 'email' && who.emails.length === 0) continue;
    out.push({
      channel: c.id,
      channelKind: c.kind,
      recipients: c.kind === 'email' ? who.emails : c.kind === 'dingtalk' ? who.mobiles : [],
      message,
      dedupeKey: alarmDedupeKey(alarm.id, c.id),
    });
  }
  return out;
}

/** One key per alarm, level and channel: an escalation notified twice is sent once. */
export const escalationDedupeKey = (alarmId: number, level: number, channel: string) =>
  `alarm:${alarmId}:level-${level}:${channel}`;

/** The message for an alarm nobody acknowledged in time: the alarm's own, headed by who it now goes to. */
export function escalationMessage(
  alarm: Alarm,
  to: { zh: string; en: string },
  minutes: number,
  o: AlarmNoticeOptions,
): NoticeMessage {
  const m = alarmMessage(alarm, o);
  const head = `【报警升级至${to.zh}】${minutes}分钟内无人确认`;
  const title = `${head}：${m.title.replace(/^【档案报警】/, '')}`;
  return {
    title,
    text: `${title}\n（Escalated to ${to.en}: not acknowledged within ${minutes} min）\n\n${m.text}`,
    markdown: `### ${escapeMarkdown(title)}\n\n${m.markdown}`,
    link: m.link,
  };
}

/**
 * The notices for an alarm escalated to `role`: one per channel that addresses that role, written to that
 * role's recipients of the alarm's estate (robots post to their group and @-mention them on DingTalk).
 */
export function escalationNotices(
  alarm: Alarm,
  level: number,
  role: string,
  to: { zh: string; en: string },
  minutes: number,
  estate: string | null,
  channels: readonly ChannelTarget[],
  recipients: readonly RecipientTarget[],
  o: AlarmNoticeOptions,
): NewNotice[] {
  const message = escalationMessage(alarm, to, minutes, o);
  const out: NewNotice[] = [];
  for (const c of channels) {
    if (!c.roles.includes(role)) continue;
    const who = addressees({ ...c, roles: [role], to: [] }, recipients, estate);
    if (c.kind === 'email' && who.emails.length === 0) continue;
    out.push({
      channel: c.id,
      channelKind: c.kind,
      recipients: c.kind === 'email' ? who.emails : c.kind === 'dingtalk' ? who.mobiles : [],
      message,
      dedupeKey: escalationDedupeKey(alarm.id, level, c.id),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Byte limits

const encoder = new TextEncoder();
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

/**
 * `text` if it fits in `maxBytes` of UTF-8, else as many whole characters (code points) as fit with
 * `marker` after them. Never cuts inside a UTF-8 sequence or a surrogate pair.
 */
export function truncateUtf8(text: string, maxBytes: number, marker: string): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(marker);
  if (budget < 0) throw new RangeError('the marker alone is over the limit');
  let used = 0;
  let out = '';
  for (const ch of text) {
    const n = utf8Bytes(ch);
    if (used + n > budget) break;
    used += n;
    out += ch;
  }
  return out + marker;
}

/** The marker at the end of a cut message: a link to the full record where there is one. */
export const truncationMarker = (link: string | null): string =>
  link ? `\n…（内容过长，已截断。完整记录：${link}）` : '\n…（内容过长，已截断）';

// ---------------------------------------------------------------------------------------------------------
// Robot requests (HTTP POST, JSON, UTF-8)

export interface RobotRequest {
  url: string;
  body: string;
  /** The JSON field whose value must be 0 for a 200 to be a success; null for a generic webhook. */
  codeField: 'errcode' | 'code' | null;
}

export const WECOM_MARKDOWN_MAX_BYTES = 4096;
export const DINGTALK_MARKDOWN_MAX_BYTES = 20_000;
export const FEISHU_TEXT_MAX_BYTES = 20_000;

/**
 * WeCom 企业微信: markdown, content at most 4,096 bytes. (Markdown messages mention by WeCom user id, not by
 * mobile; mobiles are mentioned only by text messages, which this channel does not send.)
 */
export function wecomRequest(url: string, m: NoticeMessage): RobotRequest {
  const content = truncateUtf8(m.markdown, WECOM_MARKDOWN_MAX_BYTES, truncationMarker(m.link));
  return {
    url,
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
    codeField: 'errcode',
  };
}

/** DingTalk's `sign`: base64 HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** DingTalk 钉钉: markdown, with `timestamp` (ms) and the URL-encoded `sign` added to the webhook address. */
export function dingtalkRequest(
  url: string,
  secret: string | null,
  m: NoticeMessage,
  nowMs: number,
  mobiles: string[] = [],
): RobotRequest {
  const mentions = mobiles.length > 0 ? `\n\n${mobiles.map((x) => `@${x}`).join(' ')}` : '';
  const text = truncateUtf8(m.markdown + mentions, DINGTALK_MARKDOWN_MAX_BYTES, truncationMarker(m.link));
  let address = url;
  if (secret !== null) {
    const sep = url.includes('?') ? '&' : '?';
    address = `${url}${sep}timestamp=${nowMs}&sign=${encodeURIComponent(dingtalkSign(nowMs, secret))}`;
  }
  return {
    url: address,
    body: JSON.stringify({
      msgtype: 'markdown',
      markdown: { title: m.title, text },
      at: { atMobiles: mobiles, isAtAll: false },
    }),
    codeField: 'errcode',
  };
}

/** Feishu's `sign`: base64 HMAC-SHA256 keyed with `timestamp + "\n" + secret` over an empty message. */
export function feishuSign(timestampS: number, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** Feishu 飞书: text; `timestamp` (seconds, a string) and `sign` in the body when the robot has a secret. */
export function feishuRequest(
  url: string,
  secret: string | null,
  m: NoticeMessage,
  nowMs: number,
): RobotRequest {
  const text = truncateUtf8(m.text, FEISHU_TEXT_MAX_BYTES, truncationMarker(m.link));
  const s = Math.floor(nowMs / 1000);
  const signed = secret === null ? {} : { timestamp: String(s), sign: feishuSign(s, secret) };
  return {
    url,
    body: JSON.stringify({ ...signed, msg_type: 'text', content: { text } }),
    codeField: 'code',
  };
}

/** A generic JSON webhook: the message as it is, with the notice's dedupe key so a receiver can drop repeats. */
export function webhookRequest(url: string, m: NoticeMessage, dedupeKey: string): RobotRequest {
  return {
    url,
    body: JSON.stringify({ id: dedupeKey, title: m.title, text: m.text, markdown: m.markdown, link: m.link }),
    codeField: null,
  };
}

/** Whether a robot's 200 answer is a success: its own code (errcode / code) must be 0. */
export function robotAccepted(codeField: RobotRequest['codeField'], answer: unknown): boolean {
  if (codeField === null) return true;
  if (typeof answer !== 'object' || answer === null) return false;
  const a = answer as Record<string, unknown>;
  // Older Feishu robots answer {"StatusCode":0,"StatusMessage":"success"}.
  const code = a[codeField] ?? (codeField === 'code' ? a.StatusCode : undefined);
  return code === 0;
}

// ---------------------------------------------------------------------------------------------------------
// Retry schedule

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before the next try after `attempts` failed ones: base·2^(attempts−1), capped, with "equal
 * jitter" (half fixed, half random) so that notices failing together do not retry together.
 * `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, p: RetryPolicy, random: number): number {
  const exp = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}

/** After a failed try: retried later, or dead once `maxAttempts` tries have failed. */
export function afterFailure(
  attempts: number,
  p: RetryPolicy,
  nowMs: number,
  random: number,
): { status: 'failed'; nextAttemptMs: number } | { status: 'dead' } {
  if (attempts >= p.maxAttempts) return { status: 'dead' };
  return { status: 'failed', nextAttemptMs: nowMs + retryDelayMs(attempts, p, random) };
}

/** An error text with every secret (webhook keys, tokens, passwords) replaced, cut to fit the column. */
export function redact(message: string, secrets: readonly string[], max = 1000): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

// ---------------------------------------------------------------------------------------------------------
// The daily overdue digest

/** The local calendar day of an instant: 2026-12-01. */
export function localDay(iso: string, timeZone: string): string {
  return localTime(iso, timeZone).slice(0, 10);
}

/** The local time of day of an instant, HH:MM (24-hour). */
export function localHourMinute(iso: string, timeZone: string): string {
  return localTime(iso, timeZone).slice(11, 16);
}

/**
 * The local day whose digest is due now, or null: due once the local time reaches `at` and until that
 * day's digest has been made (`lastDay`), so a server that was down at `at` makes it when it comes back
 * the same day. A day missed altogether is not made up the next day (that day's digest says it all).
 */
export function digestDueDay(
  nowIso: string,
  timeZone: string,
  at: string,
  lastDay: string | null,
): string | null {
  const day = localDay(nowIso, timeZone);
  if (lastDay !== null && lastDay >= day) return null;
  return localHourMinute(nowIso, timeZone) >= at ? day : null;
}

/** Whole calendar days (local) from the due day to today: due yesterday is 1 day late. */
export function daysLate(dueAt: string, nowIso: string, timeZone: string): number {
  const ms = (day: string) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10));
  const days = Math.round((ms(localDay(nowIso, timeZone)) - ms(localDay(dueAt, timeZone))) / 86_400_000);
  return Math.max(1, days);
}

/** One overdue folder as a digest lists it. */
export interface DigestFolder {
  archiveNo: string | null;
  barcode: string;
  title: string;
  dueAt: string;
}

/** One person's overdue folders as a reader may see them: listed, and how many are above the reader. */
export interface DigestPerson {
  name: string;
  department: string | null;
  shown: DigestFolder[];
  /** Folders the reader may not see (clearance, litigation): counted, never named. */
  hidden: number;
}

export interface DigestOptions {
  /** The local day of the digest. */
  day: string;
  /** When it was made (days late are counted to this instant). */
  now: string;
  timeZone: string;
  /** Where the full list is, or null. */
  link: string | null;
}

/** How many bytes the message may take on each channel (WeCom markdown 4,096; the others generous). */
export const DIGEST_MAX_BYTES: Readonly<Record<ChannelKind, number>> = {
  wecom: WECOM_MARKDOWN_MAX_BYTES,
  dingtalk: DINGTALK_MARKDOWN_MAX_BYTES,
  feishu: FEISHU_TEXT_MAX_BYTES,
  webhook: 64_000,
  email: 200_000,
};

const folderText = (f: DigestFolder, o: DigestOptions, n: number) =>
  `${n}. ${f.archiveNo ?? f.barcode}｜${f.title}｜应还：${localDay(f.dueAt, o.timeZone)}｜逾期${daysLate(f.dueAt, o.now, o.timeZone)}天`;
const folderMarkdown = (f: DigestFolder, o: DigestOptions, n: number) =>
  `${n}. **${escapeMarkdown(f.archiveNo ?? f.barcode)}** ${escapeMarkdown(f.title)}，应还：${localDay(f.dueAt, o.timeZone)}，逾期<font color="warning">${daysLate(f.dueAt, o.now, o.timeZone)}</font>天`;
const hiddenLine = (n: number, reader: 'you' | 'group') =>
  reader === 'you' ? `另有${n}件超出您的查阅权限，不列名称` : `另有${n}件超出本群可见范围，不列名称`;

/**
 * Lines that fit: the head, as many body lines as fit in `maxBytes` (with the closing line that says how
 * many were left out and where the full list is), the tail. A body line is never cut in half.
 */
export function fitLines(
  head: string[],
  body: string[],
  tail: string[],
  maxBytes: number,
  leftOut: (n: number) => string,
): string {
  const join = (xs: string[]) => xs.join('\n');
  const all = join([...head, ...body, ...tail]);
  if (utf8Bytes(all) <= maxBytes) return all;
  // Room for the head, the tail and the longest possible "left out" line.
  let used = utf8Bytes(join([...head, ...tail, leftOut(body.length)])) + 1;
  const kept: string[] = [];
  for (const line of body) {
    const n = utf8Bytes(line) + 1;
    if (used + n > maxBytes) break;
    used += n;
    kept.push(line);
  }
  const out = join([...head, ...kept, leftOut(body.length - kept.length), ...tail]);
  // A head or tail alone over the limit (never with sane input): the byte cut is the last resort.
  return truncateUtf8(out, maxBytes, '…');
}

function leftOutLine(link: string | null) {
  return (n: number) => (link ? `……另有${n}行未列出，完整清单：${link}` : `……另有${n}行未列出`);
}

/** What every digest ends with: when it was counted, the link, and one line in English. */
function tails(o: DigestOptions, count: number): { text: string[]; markdown: string[] } {
  const en = `Overdue digest ${o.day}: ${count} folder${count === 1 ? '' : 's'} past due.`;
  return {
    text: ['', `统计时间：${localTime(o.now, o.timeZone)}`, ...(o.link ? [`查看：${o.link}`] : []), en],
    markdown: [
      '',
      `> 统计时间：${localTime(o.now, o.timeZone)}`,
      `> ${en}`,
      ...(o.link ? [`[查看完整清单](${o.link})`] : []),
    ],
  };
}

function folderLines(p: DigestPerson, o: DigestOptions, reader: 'you' | 'group') {
  const text = p.shown.map((f, i) => folderText(f, o, i + 1));
  const markdown = p.shown.map((f, i) => folderMarkdown(f, o, i + 1));
  if (p.hidden > 0) {
    text.push(hiddenLine(p.hidden, reader));
    markdown.push(`> ${hiddenLine(p.hidden, reader)}`);
  }
  return { text, markdown };
}

/**
 * A holder's digest: their overdue folders, soonest due first. `reader` 'you' for a message to the holder
 * (mail), 'group' for a robot's group (folders above the group's clearance are counted, not named).
 */
export function holderDigestMessage(
  p: DigestPerson,
  o: DigestOptions,
  kind: ChannelKind,
  reader: 'you' | 'group' = 'you',
): NoticeMessage {
  const count = p.shown.length + p.hidden;
  const title =
    reader === 'you'
      ? `【逾期提醒】您有${count}件档案逾期未还（${o.day}）`
      : `【逾期提醒】${p.name}有${count}件档案逾期未还（${o.day}）`;
  const lead =
    reader === 'you'
      ? `${p.name}，您借出的${count}件档案已过应还日期，请尽快归还档案室：`
      : `${p.name}${p.department ? `（${p.department}）` : ''}借出的${count}件档案已过应还日期：`;
  const lines = folderLines(p, o, reader);
  const tail = tails(o, count);
  const max = DIGEST_MAX_BYTES[kind];
  const more = leftOutLine(o.link);
  return {
    title,
    text: fitLines([title, '', lead], lines.text, tail.text, max, more),
    markdown: fitLines([`### ${title}`, escapeMarkdown(lead)], lines.markdown, tail.markdown, max, more),
    link: o.link,
  };
}

/** A supervisor's digest: their people's overdue folders, grouped by person, most folders first. */
export function supervisorDigestMessage(
  readerName: string | null,
  people: DigestPerson[],
  o: DigestOptions,
  kind: ChannelKind,
): NoticeMessage {
  const count = people.reduce((n, p) => n + p.shown.length + p.hidden, 0);
  const title = `【逾期汇总】${people.length}人共${count}件档案逾期未还（${o.day}）`;
  const lead = `${readerName ? `${readerName}，` : ''}以下人员借出的档案已过应还日期，请督促归还：`;
  const sorted = [...people].sort(
    (a, b) => b.shown.length + b.hidden - (a.shown.length + a.hidden) || a.name.localeCompare(b.name, 'zh'),
  );
  const text: string[] = [];
  const markdown: string[] = [];
  for (const p of sorted) {
    const who = `${p.name}${p.department ? `（${p.department}）` : ''}：${p.shown.length + p.hidden}件`;
    const lines = folderLines(p, o, 'you');
    text.push('', who, ...lines.text.map((l) => `  ${l}`));
    markdown.push('', `**${escapeMarkdown(who)}**`, ...lines.markdown);
  }
  const tail = tails(o, count);
  const max = DIGEST_MAX_BYTES[kind];
  const more = leftOutLine(o.link);
  return {
    title,
    text: fitLines([title, '', lead], text, tail.text, max, more),
    markdown: fitLines([`### ${title}`, escapeMarkdown(lead)], markdown, tail.markdown, max, more),
    link: o.link,
  };
}

/**
 * Dedupe keys: one digest per local day per recipient per channel, so a restart, a second run or a second
 * server inserts nothing new. A recipient without an account is keyed by a hash of its address (the key
 * column is short, and an address is no business of the key).
 */
export const holderDigestKey = (day: string, userId: number, channel: string) =>
  `digest:${day}:holder:${userId}:${channel}`;
export function supervisorDigestKey(
  day: string,
  who: { userId: number } | { email: string },
  channel: string,
): string {
  const id =
    'userId' in who
      ? `u${who.userId}`
      : `m${createHash('sha256').update(who.email.toLowerCase()).digest('hex').slice(0, 16)}`;
  return `digest:${day}:supervisor:${id}:${channel}`;
}

// ---------------------------------------------------------------------------------------------------------
// The outbox as a status page shows it

/** What a notice is about, read from its dedupe key. */
export function noticeAbout(dedupeKey: string): {
  kind: 'alarm' | 'overdue_digest' | 'other';
  ref: string | null;
} {
  const alarm = /^alarm:(\d+):/.exec(dedupeKey);
  if (alarm) return { kind: 'alarm', ref: alarm[1]! };
  const digest = /^digest:(\d{4}-\d{2}-\d{2}):/.exec(dedupeKey);
  if (digest) return { kind: 'overdue_digest', ref: digest[1]! };
  return { kind: 'other', ref: null };
}

/**
 * A title as a status page may show it to anyone allowed to see the outbox: titles name the record after a
 * full-width colon (【档案报警】未登记取出：HY-3-2-1502), so the preview stops there; at most 80 characters.
 */
export function noticePreview(title: string): string {
  const cut = title.indexOf('：');
  const head = cut >= 0 ? `${title.slice(0, cut + 1)}…` : title;
  const chars = [...head];
  return chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : head;
}

/** An address as a status page shows it: w***@example.org, 138****0001. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length >= 7) return `${address.slice(0, 3)}****${address.slice(-4)}`;
  return '***';
}
