// The edge where notices leave the archive: an HTTP POST to a robot's webhook, or a mail over SMTP with
// nodemailer. The request bodies and signatures are built in domain/notifications.ts; this file only sends
// and says whether the far end accepted. Errors never carry a channel's URL, key or password.
import nodemailer, { type Transporter } from 'nodemailer';
import {
  dingtalkRequest,
  feishuRequest,
  robotAccepted,
  webhookRequest,
  wecomRequest,
  type Notice,
  type RobotRequest,
} from '../domain/notifications.js';
import type { ChannelConfig } from './notification-config.js';

export interface SendContext {
  nowMs: number;
  timeoutMs: number;
}

/** Sends one notice on its channel; resolves when the far end accepted it, rejects otherwise. */
export type Sender = (channel: ChannelConfig, notice: Notice, ctx: SendContext) => Promise<void>;

export class SendFailed extends Error {}

/** The request a robot channel sends for a notice (pure; exported for tests and the status page). */
export function robotRequestFor(channel: ChannelConfig, notice: Notice, nowMs: number): RobotRequest {
  switch (channel.kind) {
    case 'wecom':
      return wecomRequest(channel.url, notice.message);
    case 'dingtalk':
      return dingtalkRequest(channel.url, channel.secret ?? null, notice.message, nowMs, notice.recipients);
    case 'feishu':
      return feishuRequest(channel.url, channel.secret ?? null, notice.message, nowMs);
    case 'webhook':
      return webhookRequest(channel.url, notice.message, notice.dedupeKey);
    case 'email':
      throw new Error('an e-mail channel has no robot request');
  }
}

async function postRobot(channel: ChannelConfig, notice: Notice, ctx: SendContext): Promise<void> {
  const req = robotRequestFor(channel, notice, ctx.nowMs);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: req.body,
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new SendFailed(`${channel.kind}: ${cause?.code ?? cause?.message ?? (e as Error).name}`);
  }
  const text = await res.text();
  if (!res.ok) throw new SendFailed(`${channel.kind}: HTTP ${res.status} ${text.slice(0, 200)}`);
  let answer: unknown = null;
  try {
    answer = text === '' ? null : JSON.parse(text);
  } catch {
    if (req.codeField !== null) throw new SendFailed(`${channel.kind}: answer is not JSON`);
  }
  if (!robotAccepted(req.codeField, answer))
    throw new SendFailed(`${channel.kind}: refused ${text.slice(0, 200)}`);
}

type EmailChannel = Extract<ChannelConfig, { kind: 'email' }>;

/** One nodemailer transport per e-mail channel, made on first use. */
function mailer() {
  const transports = new Map<string, Transporter>();
  return {
    async send(channel: EmailChannel, notice: Notice, ctx: SendContext): Promise<void> {
      let t = transports.get(channel.id);
      if (!t) {
        const s = channel.smtp;
        t = nodemailer.createTransport({
          host: s.host,
          port: s.port,
          secure: s.secure,
          requireTLS: !s.secure && s.requireTLS,
          ignoreTLS: !s.secure && !s.requireTLS,
          auth: s.user && s.pass ? { user: s.user, pass: s.pass } : undefined,
          connectionTimeout: s.connectTimeoutMs,
          socketTimeout: ctx.timeoutMs,
        });
        transports.set(channel.id, t);
      }
      if (notice.recipients.length === 0) throw new SendFailed('email: no recipients');
      try {
        await t.sendMail({
          from: channel.from,
          to: notice.recipients,
          subject: notice.message.title,
          text: notice.message.text,
        });
      } catch (e) {
        const err = e as { code?: string; responseCode?: number; message?: string };
        throw new SendFailed(
          `email: ${err.code ?? ''} ${err.responseCode ?? ''} ${err.message ?? ''}`.trim(),
        );
      }
    },
    close(): void {
      for (const t of transports.values()) t.close();
      transports.clear();
    },
  };
}

/** The real senders: robots over HTTP, e-mail over SMTP. */
export function createSenders(): { send: Sender; close(): void } {
  const mail = mailer();
  return {
    send: (channel, notice, ctx) =>
      channel.kind === 'email' ? mail.send(channel, notice, ctx) : postRobot(channel, notice, ctx),
    close: () => mail.close(),
  };
}
