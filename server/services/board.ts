// The people side of the supervisors' board: who holds what (per person, per department), loans with the
// holder's contact masked per role, each kiosk station's activity, and the latest custody events. Every
// figure is counted in SQL over the records the viewer may see on the board (domain/access.ts boardScope,
// the same rule as boardMay), so neither a count nor a name reveals a record outside it.
import { boardMay, boardScope, type Actor } from '../domain/access.js';
import { isOverdue } from '../domain/custody.js';
import { maskHolderContact, type HolderContact } from '../domain/masking.js';
import type { Clock } from '../providers.js';
import type { CustodyEntry } from '../domain/ledger.js';
import {
  boardLoans,
  holdersByDepartment,
  holdersByPerson,
  recentEntries,
  stationActivity,
  type DepartmentRow,
  type HolderRow,
} from '../store/board.js';
import type { Database } from '../store/db.js';
import type { ItemRecord } from '../store/items.js';
import { pairedStationIds } from '../store/stations.js';
import { recordOf } from './items.js';
import type { Station } from './stations.js';
import type { StationPresence } from './station-presence.js';

export interface StationActivity {
  station: Station;
  paired: boolean;
  /** Paired screens connected now over the real-time channel. */
  screens: number;
  online: boolean;
  /** When a screen last connected or left (since the server started), null if never. */
  lastSeenAt: string | null;
  checkOuts: number;
  checkIns: number;
  /** The station's latest custody event on a record the viewer may see. */
  lastEventAt: string | null;
}

export interface BoardLoanView {
  item: ItemRecord;
  overdue: boolean;
  contact: HolderContact;
}

/** How entries become what screens show (realtime/feed.ts describeEntries, injected: no transport here). */
export type Describe<E> = (entries: CustodyEntry[]) => Promise<Array<{ item: ItemRecord; event: E }>>;

export function createBoardService<E>(deps: {
  db: Database;
  clock: Clock;
  stations: () => Station[];
  describe: Describe<E>;
  presence: StationPresence;
}) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  return {
    async holdersByPerson(
      actor: Actor,
      page: { limit: number; offset: number },
    ): Promise<{ rows: HolderRow[]; total: number }> {
      return holdersByPerson(db.knex, boardScope(actor), now(), page);
    },

    async holdersByDepartment(actor: Actor): Promise<DepartmentRow[]> {
      return holdersByDepartment(db.knex, boardScope(actor), now());
    },

    /** Loans (one holder's, or only the overdue ones), a page, with the holder's contact masked per role. */
    async loans(
      actor: Actor,
      filter: { userId?: number; overdueOnly: boolean; limit: number; offset: number },
    ): Promise<{ loans: BoardLoanView[]; total: number }> {
      const at = clock.now();
      const { loans, total } = await boardLoans(db.knex, boardScope(actor), {
        userId: filter.userId,
        dueBefore: filter.overdueOnly ? at.toISOString() : undefined,
        limit: filter.limit,
        offset: filter.offset,
      });
      return {
        total,
        loans: loans.map(({ item, contact }) => ({
          item,
          overdue: isOverdue(item.dueAt, at),
          contact: maskHolderContact(actor.role, contact),
        })),
      };
    },

    /** Every configured station: paired, online, check-outs and check-ins since `since`, its last event. */
    async stations(actor: Actor, since: string): Promise<StationActivity[]> {
      const scope = boardScope(actor);
      const configured = deps.stations();
      const [activity, paired] = await Promise.all([
        stationActivity(
          db.knex,
          scope,
          configured.map((s) => s.id),
          since,
        ),
        pairedStationIds(db.knex, now()),
      ]);
      const byId = new Map(activity.map((a) => [a.station, a]));
      return configured.map((station) => {
        const a = byId.get(station.id);
        const screens = deps.presence.screens(station.id);
        return {
          station,
          paired: paired.has(station.id),
          screens,
          online: screens > 0,
          lastSeenAt: deps.presence.lastSeen(station.id),
          checkOuts: a?.checkOuts ?? 0,
          checkIns: a?.checkIns ?? 0,
          lastEventAt: a?.lastAt ?? null,
        };
      });
    },

    /**
     * The latest custody events the viewer may see, newest first: filtered in SQL by the board scope, then
     * each checked again with boardMay on the item as it is now (as the live channel checks each event).
     */
    async recent(actor: Actor, limit: number): Promise<E[]> {
      const entries = await recentEntries(db.knex, boardScope(actor), limit);
      const described = await deps.describe(entries);
      return described.filter((d) => boardMay(actor, recordOf(d.item))).map((d) => d.event);
    },
  };
}

export type BoardService<E = unknown> = ReturnType<typeof createBoardService<E>>;
