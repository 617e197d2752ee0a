// 档案轨迹: GET /items/:id/timeline, a folder's whole custody history with names and the chain's verdict.
//
// A route of its own rather than a wider GET /items/:id/history: the history is the kiosk's cheap look at the
// latest rows (newest first, a limit, ids only) and is called on every folder screen; the timeline reads the
// folder from its first row, names every person, shelf and station, and recomputes the hash chain from
// genesis through the folder's last row, which on a large log costs a walk over all of it
// (bench/timeline.ts). Keeping the two apart keeps that cost off the kiosk's path.
import { z } from 'zod';
import { LABELS, type ItemState } from '../../domain/vocabulary.js';
import type { ItemsService } from '../../services/items.js';
import type { TimelineRow, TimelineService } from '../../services/timeline.js';
import { defineRoute } from '../route.js';
import { IdParam, ItemView, toItemView } from '../schemas.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Person = z.object({ userId: z.number().int(), name: z.string().nullable() });
const Place = z.object({
  id: z.number().int(),
  code: z.string(),
  label: z.string().openapi({ description: 'As people read it, e.g. 1号档案柜 第2层' }),
});

export const TimelineEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    action: z.string(),
    actor: Person.nullable().openapi({
      description: 'Who did it (the clerk at the station, or null for a device)',
    }),
    fromState: z.string().nullable(),
    toState: z.string(),
    toStateLabel: Bilingual,
    fromLocation: Place.nullable(),
    toLocation: Place.nullable(),
    fromHolder: Person.nullable(),
    toHolder: Person.nullable(),
    reason: z.string().nullable(),
    approvalRef: z.string().nullable(),
    station: z
      .string()
      .nullable()
      .openapi({ description: 'A station id, a device id (cabinet, gate) or `web`' }),
    stationName: z
      .string()
      .nullable()
      .openapi({ description: 'The configured name of the station, if it is one' }),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('TimelineEntry');

export const ChainVerification = z
  .discriminatedUnion('verified', [
    z.object({
      verified: z.literal(true),
      throughSeq: z.number().int().openapi({ description: 'Verified from genesis through this seq' }),
      rows: z.number().int(),
    }),
    z.object({
      verified: z.literal(false),
      firstBadSeq: z.number().int(),
      problem: z.enum(['gap', 'prev_hash', 'hash']),
      throughSeq: z.number().int().openapi({ description: 'The last seq that did verify (0: none)' }),
    }),
  ])
  .openapi('ChainVerification');

export const FolderTimeline = z
  .object({
    item: ItemView,
    entries: z.array(TimelineEntry).openapi({ description: 'Oldest first' }),
    more: z.boolean().openapi({ description: 'The folder has more rows than are listed (the oldest are)' }),
    lastSeq: z.number().int().openapi({ description: 'The folder’s last custody row' }),
    verification: ChainVerification,
    at: z.string().openapi({ description: 'When the timeline was read' }),
  })
  .openapi('FolderTimeline');

function toEntryView(r: TimelineRow): z.infer<typeof TimelineEntry> {
  const e = r.entry;
  const person = (userId: number | null, name: string | null) => (userId === null ? null : { userId, name });
  const place = (p: TimelineRow['fromPlace']) =>
    p ? { id: p.id, code: p.code, label: p.label || p.name } : null;
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    actor: person(e.actorUserId, r.actorName),
    fromState: e.fromState,
    toState: e.toState,
    // A row changed behind the log's back may hold a state no label names: shown as stored, never a 500.
    toStateLabel: LABELS.itemState[e.toState as ItemState] ?? { zh: e.toState, en: e.toState },
    fromLocation: place(r.fromPlace),
    toLocation: place(r.toPlace),
    fromHolder: person(e.fromHolderId, r.fromHolderName),
    toHolder: person(e.toHolderId, r.toHolderName),
    reason: e.reason,
    approvalRef: e.approvalRef,
    station: e.station,
    stationName: r.stationName,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

export function timelineRoutes(timeline: TimelineService, items: ItemsService, now: () => Date) {
  return [
    defineRoute({
      method: 'get',
      path: '/items/:id/timeline',
      summary:
        "A folder's whole custody history, oldest first, with names, and the hash chain verified from genesis through its last row",
      tag: 'items',
      auth: 'session',
      params: IdParam,
      response: FolderTimeline,
      handler: async ({ actor, params }) => {
        const t = await timeline.timeline(actor, { id: params.id });
        return {
          item: toItemView(t.item, items.isOverdue(t.item)),
          entries: t.rows.map(toEntryView),
          more: t.more,
          lastSeq: t.lastSeq,
          verification: t.verification,
          at: now().toISOString(),
        };
      },
    }),
  ];
}
