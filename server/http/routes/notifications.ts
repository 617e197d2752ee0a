// The notification outbox's status for the dashboard's 通知 page: counts per channel and status, the recent
// notices with their tries and last error (no bodies, no webhook addresses, addresses masked), and sending
// a dead notice again.
import { z } from 'zod';
import { CHANNEL_KINDS, NOTICE_STATUSES } from '../../domain/notifications.js';
import type { OutboxService } from '../../services/notifications.js';
import { defineRoute } from '../route.js';
import { IdParam, Paging } from '../schemas.js';

export const NoticeSummaryView = z
  .object({
    id: z.number().int(),
    channel: z.string().openapi({ description: 'The configured channel’s id (never its address)' }),
    channelKind: z.enum(CHANNEL_KINDS),
    about: z.object({
      kind: z.enum(['alarm', 'overdue_digest', 'other']),
      ref: z.string().nullable().openapi({ description: 'The alarm’s number, or the digest’s local day' }),
    }),
    preview: z.string().openapi({ description: 'The title up to the record it names (never the body)' }),
    recipients: z.array(z.string()).openapi({ description: 'Masked: w***@example.org, 138****0001' }),
    status: z.enum(NOTICE_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'Only for notices still to be sent' }),
    sentAt: z.string().nullable(),
  })
  .openapi('NoticeSummary');

export const OutboxStatus = z
  .object({
    counts: z.array(
      z.object({
        channel: z.string(),
        channelKind: z.enum(CHANNEL_KINDS),
        status: z.enum(NOTICE_STATUSES),
        count: z.number().int(),
      }),
    ),
    channels: z.array(z.object({ id: z.string(), kind: z.enum(CHANNEL_KINDS) })),
    notices: z.array(NoticeSummaryView),
    total: z.number().int().openapi({ description: 'Notices matching the filter, across all pages' }),
    at: z.string(),
  })
  .openapi('OutboxStatus');

export function notificationRoutes(outbox: OutboxService) {
  return [
    defineRoute({
      method: 'get',
      path: '/notifications/outbox',
      summary:
        'The notification outbox: counts per channel and status, recent notices (no bodies), newest first',
      tag: 'devices',
      auth: 'session',
      query: z.object({ status: z.enum(NOTICE_STATUSES).optional(), ...Paging }),
      response: OutboxStatus,
      handler: ({ actor, query }) => outbox.status(actor, query),
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/outbox/:id/retry',
      summary: 'Send a dead notice again (its tries counted afresh)',
      tag: 'devices',
      auth: 'session',
      params: IdParam,
      body: z.object({}).strict(),
      response: NoticeSummaryView,
      handler: ({ actor, params }) => outbox.retry(actor, params.id),
    }),
  ];
}
