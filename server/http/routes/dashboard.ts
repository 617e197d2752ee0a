// The supervisors' live board (/dashboard/): the counts at the top of it. Counted record by record as the
// caller may read them, so a number never reveals files above their clearance or outside their area.
import { z } from 'zod';
import type { ItemsService } from '../../services/items.js';
import { defineRoute } from '../route.js';

export const BoardSummary = z
  .object({
    counts: z.object({
      inPlace: z.number().int(),
      out: z.number().int(),
      overdue: z.number().int(),
      removed: z.number().int().openapi({
        description: '未登记取出: taken from a cabinet without check-out, not yet counted as missing',
      }),
      inTransfer: z.number().int().openapi({ description: '移交中: in transfer between rooms or sites' }),
      missing: z.number().int().openapi({ description: '遗失: recorded missing' }),
    }),
    at: z.string().openapi({ description: 'When the counts were taken' }),
    headSeq: z.number().int().openapi({
      description:
        'The custody log’s head when the counts were taken: a live channel whose head is the same has missed nothing since',
    }),
  })
  .openapi('BoardSummary');

export function dashboardRoutes(items: ItemsService, now: () => Date) {
  return [
    defineRoute({
      method: 'get',
      path: '/dashboard/summary',
      summary:
        'The live board’s counts (in place, out, overdue, removed without check-out, in transfer, missing) over the records the caller may read',
      tag: 'circulation',
      auth: 'session',
      response: BoardSummary,
      handler: async ({ actor }) => ({ ...(await items.boardSummary(actor)), at: now().toISOString() }),
    }),
  ];
}
