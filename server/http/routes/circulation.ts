// Items and circulation: look up, check out, check in with inspection, move, missing and found, history,
// and who holds what. The custody log's station is never taken from a request: it is the paired station a
// badge session was opened at, or 'web' for a password session.
import { z } from 'zod';
import { INSPECTION_RESULTS } from '../../domain/vocabulary.js';
import type { CirculationService, Origin } from '../../services/circulation.js';
import type { ItemsService } from '../../services/items.js';
import type { SessionActor } from '../../services/auth.js';
import { defineRoute } from '../route.js';
import {
  CustodyView,
  Holdings,
  IdParam,
  ItemRef,
  ItemRefParam,
  ItemView,
  Paging,
  decimalInteger,
  itemKey,
  multiLineText,
  singleLineText,
  toCustodyView,
  toItemView,
} from '../schemas.js';

export const CirculationResult = z
  .object({ item: ItemView, entry: CustodyView })
  .openapi('CirculationResult');
const origin = (actor: SessionActor): Origin => ({ actor, station: actor.station ?? 'web' });

export function circulationRoutes(circulation: CirculationService, items: ItemsService) {
  const view = (r: {
    item: Parameters<typeof toItemView>[0];
    entry: Parameters<typeof toCustodyView>[0];
  }) => ({
    item: toItemView(r.item, items.isOverdue(r.item)),
    entry: toCustodyView(r.entry),
  });
  const holdingsView = (h: { items: Parameters<typeof toItemView>[0][]; total: number }) => ({
    total: h.total,
    items: h.items.map((i) => toItemView(i, items.isOverdue(i))),
  });
  return [
    defineRoute({
      method: 'get',
      path: '/items/:ref',
      summary: 'One item by id, barcode id or EPC',
      tag: 'items',
      auth: 'session',
      kiosk: true,
      params: z.object({ ref: ItemRefParam }),
      response: ItemView,
      handler: async ({ actor, params }) => {
        const item = await items.get(actor, itemKey(params.ref));
        return toItemView(item, items.isOverdue(item), items.dueIfCheckedOut(item));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/items/:id/history',
      summary: "An item's custody history, newest first",
      tag: 'items',
      auth: 'session',
      params: IdParam,
      query: z.object({ limit: Paging.limit }),
      response: z.object({ item: ItemView, entries: z.array(CustodyView) }),
      handler: async ({ actor, params, query }) => {
        const { item, entries } = await items.history(actor, { id: params.id }, query.limit);
        return { item: toItemView(item, items.isOverdue(item)), entries: entries.map(toCustodyView) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/circulation/check-out',
      summary: 'Check items out to a person (one, or a batch that succeeds or fails as a whole)',
      tag: 'circulation',
      auth: 'session',
      kiosk: true,
      body: z
        .object({
          items: z.array(ItemRef).min(1).max(200),
          holderUserId: z.number().int().positive().optional(),
          purpose: singleLineText().trim().min(1).max(300),
          approvalRef: singleLineText().trim().min(1).max(100).optional(),
        })
        .strict(),
      response: z.object({ results: z.array(CirculationResult) }),
      handler: async ({ actor, body }) => {
        const inputs = body.items.map((ref) => ({
          item: itemKey(ref),
          holderUserId: body.holderUserId,
          purpose: body.purpose,
          approvalRef: body.approvalRef ?? null,
        }));
        const results = await circulation.checkOutMany(origin(actor), inputs);
        return { results: results.map(view) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/circulation/check-in',
      summary: 'Take an item back, with the inspection result',
      tag: 'circulation',
      auth: 'session',
      kiosk: true,
      body: z
        .object({
          item: ItemRef,
          inspection: z.enum(INSPECTION_RESULTS),
          note: multiLineText().trim().max(500).optional(),
        })
        .strict()
        .refine((b) => b.inspection === 'intact' || (b.note?.length ?? 0) > 0, {
          message: 'describe the damage or the missing pages in `note`',
          path: ['note'],
        }),
      response: CirculationResult,
      handler: async ({ actor, body }) =>
        view(
          await circulation.checkIn(origin(actor), {
            item: itemKey(body.item),
            inspection: body.inspection,
            note: body.note ?? null,
          }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/circulation/move',
      summary: 'Move an item that is in place to another shelf or position',
      tag: 'circulation',
      auth: 'session',
      body: z
        .object({
          item: ItemRef,
          toLocationId: z.number().int().positive(),
          reason: multiLineText().trim().max(500).optional(),
        })
        .strict(),
      response: CirculationResult,
      handler: async ({ actor, body }) =>
        view(
          await circulation.move(origin(actor), {
            item: itemKey(body.item),
            toLocationId: body.toLocationId,
            reason: body.reason ?? null,
          }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/circulation/missing',
      summary: 'Record that an item cannot be found',
      tag: 'circulation',
      auth: 'session',
      body: z.object({ item: ItemRef, reason: multiLineText().trim().min(1).max(500) }).strict(),
      response: CirculationResult,
      handler: async ({ actor, body }) =>
        view(await circulation.markMissing(origin(actor), itemKey(body.item), body.reason)),
    }),
    defineRoute({
      method: 'post',
      path: '/circulation/found',
      summary: 'Record that a missing item is back in its place',
      tag: 'circulation',
      auth: 'session',
      body: z.object({ item: ItemRef, reason: multiLineText().trim().min(1).max(500) }).strict(),
      response: CirculationResult,
      handler: async ({ actor, body }) =>
        view(await circulation.markFound(origin(actor), itemKey(body.item), body.reason)),
    }),
    defineRoute({
      method: 'get',
      path: '/holdings',
      summary: 'My loans: the items the caller holds, soonest due first (always the caller’s own)',
      tag: 'circulation',
      auth: 'session',
      kiosk: true,
      // Strict: a `userId` here would be silently ignored; everyone's loans are GET /holdings/all.
      query: z.object({ overdue: z.enum(['true', 'false']).optional(), ...Paging }).strict(),
      response: Holdings,
      handler: async ({ actor, query }) =>
        holdingsView(
          await items.ownHoldings(actor, {
            overdueOnly: query.overdue === 'true',
            limit: query.limit,
            offset: query.offset,
          }),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/holdings/all',
      summary:
        'Everyone’s loans (or one person’s with `userId`), soonest due first, for roles that may see them; records the caller may not read are left out',
      tag: 'circulation',
      auth: 'session',
      // The archivist's all-loans screen at the door; a badge still gets only what its role may see.
      kiosk: true,
      query: z
        .object({
          userId: decimalInteger(1).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          ...Paging,
        })
        .strict(),
      response: Holdings,
      handler: async ({ actor, query }) =>
        holdingsView(
          await items.allHoldings(actor, {
            userId: query.userId,
            overdueOnly: query.overdue === 'true',
            limit: query.limit,
            offset: query.offset,
          }),
        ),
    }),
  ];
}
