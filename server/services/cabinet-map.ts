// The cabinet map on the supervisors' board: per room, per cabinet, its shelves in order with capacity,
// how many items call each shelf home, how many are in place, out or away (未登记取出, in transfer,
// missing), and what the cabinet's reader sees on it now.
//
// Counting rule: the figures count only the records the caller may have on the board (`boardMay`: readable,
// and of their own estates when they serve named estates). A folder the caller may not see is not counted
// at all, not even as a number: a shelf's fill is the caller's share of it, so a supervisor of one estate
// learns nothing about another estate's folders from the map. The reader's figures (tags seen, folders that
// belong elsewhere, tags that are not ours) are the antenna's, about tags rather than records, and are the
// same for everyone who may see the devices.
import { assertCan, boardMay, type Actor } from '../domain/access.js';
import { mapShelves, shelfGroups, type MapShelf } from '../store/cabinet-map.js';
import type { Database } from '../store/db.js';

/** What a cabinet reader's antenna on one shelf sees now (the presence engine's view). */
export interface ShelfSight {
  /** Tags present on the shelf: seen in the recent rounds (or taken as present at start). */
  seen: number;
  /** Our folders seen there that belong on another shelf. */
  foreign: number;
  /** Tags that are not ours. */
  unknown: number;
}

export interface ReaderRef {
  deviceId: string;
  state: string;
}

export interface ShelfFigures {
  code: string;
  name: string;
  capacity: number | null;
  home: number;
  inPlace: number;
  out: number;
  away: number;
  reader: ShelfSight | null;
}

export interface CabinetFigures {
  code: string;
  name: string;
  reader: ReaderRef | null;
  shelves: ShelfFigures[];
}

export interface RoomFigures {
  code: string | null;
  name: string | null;
  cabinets: CabinetFigures[];
}

export interface CabinetMapDeps {
  db: Database;
  /** Sightings per shelf code, from the cabinet readers. */
  sightings: () => ReadonlyMap<string, ShelfSight>;
  /** The reader serving each cabinet (by cabinet code), with its state. */
  readers: () => ReadonlyMap<string, ReaderRef>;
  now?: () => Date;
}

export function createCabinetMap(deps: CabinetMapDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async map(actor: Actor, cabinetCode?: string): Promise<{ at: string; rooms: RoomFigures[] }> {
      assertCan(actor, 'holdings.read_all');
      const shelves = await mapShelves(deps.db.knex, cabinetCode);
      const groups = await shelfGroups(
        deps.db.knex,
        shelves.map((s) => s.shelfId),
      );
      const figures = new Map<number, ShelfFigures>();
      const sights = deps.sightings();
      for (const s of shelves) {
        figures.set(s.shelfId, {
          code: s.shelfCode,
          name: s.shelfName,
          capacity: s.capacity,
          home: 0,
          inPlace: 0,
          out: 0,
          away: 0,
          reader: sights.get(s.shelfCode) ?? null,
        });
      }
      for (const g of groups) {
        const f = figures.get(g.shelfId);
        if (!f || !boardMay(actor, g)) continue;
        f.home += g.count;
        if (g.state === 'in_place') f.inPlace += g.count;
        else if (g.state === 'out') f.out += g.count;
        else f.away += g.count;
      }
      const readers = deps.readers();
      const rooms: RoomFigures[] = [];
      let room: RoomFigures | undefined;
      let cabinet: CabinetFigures | undefined;
      for (const s of shelves) {
        if (!room || room.code !== s.roomCode) {
          room = { code: s.roomCode, name: s.roomName, cabinets: [] };
          rooms.push(room);
          cabinet = undefined;
        }
        if (!cabinet || cabinet.code !== s.cabinetCode) {
          cabinet = cabinetOf(s, readers);
          room.cabinets.push(cabinet);
        }
        cabinet.shelves.push(figures.get(s.shelfId)!);
      }
      return { at: now().toISOString(), rooms };
    },
  };
}

const cabinetOf = (s: MapShelf, readers: ReadonlyMap<string, ReaderRef>): CabinetFigures => ({
  code: s.cabinetCode,
  name: s.cabinetName,
  reader: readers.get(s.cabinetCode) ?? null,
  shelves: [],
});

export type CabinetMap = ReturnType<typeof createCabinetMap>;
