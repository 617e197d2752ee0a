// The live board's people side (/dashboard/): who holds what by person and by department, loans with the
// holder's contact masked per role (the overdue list, one holder's folders), each kiosk station's activity
// and the latest custody events. Counted in SQL over what the caller may see (services/board.ts).
import { z } from 'zod';
import type { CustodyEvent } from '../../realtime/feed.js';
import type { BoardService } from '../../services/board.js';
import { defineRoute } from '../route.js';
import { Bilingual, ItemView, Paging, StationView, decimalInteger, toItemView } from '../schemas.js';

const Totals = {
  count: z.number().int().openapi({ description: 'Folders held' }),
  overdue: z.number().int(),
  oldestOutAt: z.string().nullable().openapi({ description: 'Since when: the longest-held loan began' }),
  nearestDueAt: z
    .string()
    .nullable()
    .openapi({ description: 'Due when: the soonest (or most overdue) due date' }),
};

export const BoardHolders = z
  .object({
    by: z.enum(['person', 'department']),
    total: z.number().int().openapi({ description: 'People (or departments) holding something' }),
    people: z.array(
      z.object({
        userId: z.number().int(),
        name: z.string(),
        departmentId: z.number().int().nullable(),
        department: z.string().nullable(),
        ...Totals,
      }),
    ),
    departments: z.array(
      z.object({
        departmentId: z.number().int().nullable(),
        department: z.string().nullable(),
        holders: z.number().int(),
        ...Totals,
      }),
    ),
    at: z.string(),
  })
  .openapi('BoardHolders');

export const HolderContactView = z
  .object({
    phone: z
      .string()
      .nullable()
      .openapi({ description: 'Masked per role (masking.ts HOLDER_CONTACT_POLICY)' }),
    extension: z.string().nullable(),
  })
  .openapi('HolderContact');

export const BoardLoans = z
  .object({
    total: z.number().int(),
    items: z.array(z.object({ item: ItemView, contact: HolderContactView })),
  })
  .openapi('BoardLoans');

export const StationActivityView = z
  .object({
    station: StationView,
    paired: z.boolean().openapi({ description: 'A screen holds a live pairing for this station' }),
    screens: z.number().int().openapi({ description: 'Paired screens connected over the live channel now' }),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    checkOuts: z.number().int().openapi({ description: 'Check-outs since `since`' }),
    checkIns: z.number().int(),
    lastEventAt: z.string().nullable(),
  })
  .openapi('StationActivity');

const Person = z.object({ userId: z.number().int(), name: z.string() }).nullable();
export const CustodyEventView = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    action: z.string(),
    station: z.string().nullable(),
    stationName: z.string().nullable(),
    fromState: z.string().nullable(),
    toState: z.string(),
    toStateLabel: Bilingual,
    actor: Person,
    holder: Person,
    fromLocation: z.string().nullable(),
    toLocation: z.string().nullable(),
    fromLocationName: z.string().nullable(),
    toLocationName: z.string().nullable(),
    reason: z.string().nullable(),
    item: z.object({
      id: z.number().int(),
      barcode: z.string(),
      title: z.string(),
      kind: z.string(),
      folderGroup: z.string().nullable(),
      archiveNo: z.string().nullable(),
      propertyName: z.string().nullable(),
    }),
  })
  .openapi('CustodyEvent');

const Instant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date-time')
  .transform((s) => new Date(s).toISOString());

export function dashboardPeopleRoutes(board: BoardService<CustodyEvent>, now: () => Date) {
  return [
    defineRoute({
      method: 'get',
      path: '/dashboard/holders',
      summary:
        'Who holds what: per person (a page) or per department, with how many, since when, due when and how many overdue, over the records the caller may see',
      tag: 'circulation',
      auth: 'session',
      query: z.object({ by: z.enum(['person', 'department']).default('person'), ...Paging }).strict(),
      response: BoardHolders,
      handler: async ({ actor, query }) => {
        const at = now().toISOString();
        if (query.by === 'department') {
          const departments = await board.holdersByDepartment(actor);
          return { by: query.by, total: departments.length, people: [], departments, at };
        }
        const { rows, total } = await board.holdersByPerson(actor, {
          limit: query.limit,
          offset: query.offset,
        });
        return { by: query.by, total, people: rows, departments: [], at };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dashboard/loans',
      summary:
        'Loans on the board, soonest due first: everyone’s overdue ones (`overdue=true`) or one holder’s (`userId`), with the holder’s contact masked per role',
      tag: 'circulation',
      auth: 'session',
      query: z
        .object({
          userId: decimalInteger(1).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          ...Paging,
        })
        .strict(),
      response: BoardLoans,
      handler: async ({ actor, query }) => {
        const { loans, total } = await board.loans(actor, {
          userId: query.userId,
          overdueOnly: query.overdue === 'true',
          limit: query.limit,
          offset: query.offset,
        });
        return {
          total,
          items: loans.map((l) => ({ item: toItemView(l.item, l.overdue), contact: l.contact })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dashboard/stations',
      summary:
        'Each kiosk station’s activity: paired, online, check-outs and check-ins since `since` (default: the last 24 hours), last event',
      tag: 'stations',
      auth: 'session',
      query: z.object({ since: Instant.optional() }).strict(),
      response: z.object({ stations: z.array(StationActivityView), since: z.string() }),
      handler: async ({ actor, query }) => {
        const since = query.since ?? new Date(now().getTime() - 86_400_000).toISOString();
        return { stations: await board.stations(actor, since), since };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dashboard/recent',
      summary:
        'The latest custody events the caller may see, newest first (the board’s events panel before live ones arrive)',
      tag: 'circulation',
      auth: 'session',
      query: z.object({ limit: decimalInteger(1, 200).default(50) }).strict(),
      response: z.object({ events: z.array(CustodyEventView) }),
      handler: async ({ actor, query }) => ({ events: await board.recent(actor, query.limit) }),
    }),
  ];
}
