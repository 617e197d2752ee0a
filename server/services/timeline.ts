// A folder's timeline (档案轨迹): every custody row for one item, oldest first, with the names a person reads
// (who, from which shelf to which, which station), and whether the hash chain verifies from its genesis
// through the folder's last row. Access is the history's: the item must be readable (clearance, area,
// litigation) and the role must have `item.history`.
import { assertCan, type Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import { checkLink, type ChainProblem, type CustodyEntry } from '../domain/ledger.js';
import { custodyHead, custodyPages } from '../store/custody-log.js';
import { userNames } from '../store/custody-feed.js';
import type { Database } from '../store/db.js';
import { findItem, type ItemKey, type ItemRecord } from '../store/items.js';
import { placeNamesById, type PlaceName } from '../store/place-names.js';
import { itemCustodyRows } from '../store/timeline.js';
import { recordOf } from './items.js';

/** A folder's rows shown at most; a folder in circulation for decades has a few hundred. */
export const TIMELINE_ROWS = 2000;
/** Rows read per page while verifying: memory stays at one page however long the log. */
export const VERIFY_PAGE = 5000;

export type Verification =
  | { verified: true; throughSeq: number; rows: number }
  | {
      verified: false;
      /** The first row that does not verify (for a gap: the seq that is absent). */
      firstBadSeq: number;
      problem: ChainProblem;
      /** The last row that did verify (0: none). */
      throughSeq: number;
    };

export interface TimelineRow {
  entry: CustodyEntry;
  actorName: string | null;
  fromHolderName: string | null;
  toHolderName: string | null;
  fromPlace: PlaceName | null;
  toPlace: PlaceName | null;
  /** The station's configured name (档案室门口); null for a device id, 'web' or an unknown station. */
  stationName: string | null;
}

export interface Timeline {
  item: ItemRecord;
  rows: TimelineRow[];
  /** The folder has more than TIMELINE_ROWS rows; the oldest are shown. */
  more: boolean;
  lastSeq: number;
  verification: Verification;
}

export interface TimelineDeps {
  db: Database;
  /** Station names by id (config.stations). */
  stationNames?: ReadonlyMap<string, string>;
}

/**
 * Recomputes the chain from genesis through `upTo`, a page at a time. There is no stored verified
 * checkpoint to start from (the log has no such table): a checkpoint kept in this process's memory would
 * let a row changed after it was checked pass unnoticed, so every call walks the chain from row 1. The
 * cost is measured in bench/timeline.ts.
 */
export async function verifyThrough(
  db: Database,
  upTo: number,
  pageSize = VERIFY_PAGE,
): Promise<Verification> {
  let previous: CustodyEntry | null = null;
  let rows = 0;
  for await (const page of custodyPages(db.knex, { from: 1, upTo }, pageSize)) {
    for (const entry of page) {
      const problem = checkLink(previous, entry);
      if (problem) {
        const throughSeq = previous?.seq ?? 0;
        const firstBadSeq = problem === 'gap' ? throughSeq + 1 : entry.seq;
        return { verified: false, firstBadSeq, problem, throughSeq };
      }
      previous = entry;
      rows += 1;
    }
  }
  const throughSeq = previous?.seq ?? 0;
  // Rows missing at the end of the range (deleted up to the folder's last row) are a gap too.
  if (throughSeq < upTo) return { verified: false, firstBadSeq: throughSeq + 1, problem: 'gap', throughSeq };
  return { verified: true, throughSeq, rows };
}

/**
 * What a walk through `walked` says about the chain through `upTo` (upTo ≤ walked): a fault at or before
 * `upTo` is its fault; a fault after it, or none, leaves every row through `upTo` verified.
 */
export function verdictThrough(walk: Verification, walked: number, upTo: number): Verification {
  if (upTo > walked) throw new Error('verdictThrough: the walk stopped before upTo');
  if (!walk.verified && walk.firstBadSeq <= upTo) return walk;
  return { verified: true, throughSeq: upTo, rows: upTo };
}

export function createTimelineService({ db, stationNames = new Map() }: TimelineDeps) {
  // Timelines asked for while a walk is under way share it, when it reaches far enough: the walk goes to
  // the head of the log as it stood when it began, so it answers for every folder's last row up to there.
  // Nothing is kept once it ends: the next request walks the chain again as it is then.
  let running: { head: Promise<number>; walk: Promise<Verification> } | null = null;
  async function chainVerdict(upTo: number): Promise<Verification> {
    const shared = running;
    if (shared) {
      const head = await shared.head;
      if (head >= upTo) return verdictThrough(await shared.walk, head, upTo);
    }
    // Set before the first await, so that requests arriving meanwhile find it.
    const head = custodyHead(db.knex).then((h) => Math.max(upTo, h?.seq ?? 0));
    const mine = { head, walk: head.then((h) => verifyThrough(db, h)) };
    running = mine;
    try {
      return verdictThrough(await mine.walk, await head, upTo);
    } finally {
      if (running === mine) running = null;
    }
  }

  return {
    async timeline(actor: Actor, key: ItemKey): Promise<Timeline> {
      const item = await findItem(db.knex, key);
      if (!item) throw new DanganError('ITEM_NOT_FOUND', { item: key });
      assertCan(actor, 'item.read', recordOf(item));
      assertCan(actor, 'item.history', recordOf(item));
      const { entries, more, lastSeq } = await itemCustodyRows(db.knex, item.id, TIMELINE_ROWS);
      const people = new Set<number>();
      const places = new Set<number>();
      for (const e of entries) {
        for (const id of [e.actorUserId, e.fromHolderId, e.toHolderId]) if (id !== null) people.add(id);
        for (const id of [e.fromLocationId, e.toLocationId]) if (id !== null) places.add(id);
      }
      const [names, placeNames, verification] = await Promise.all([
        userNames(db.knex, people),
        placeNamesById(db.knex, places),
        chainVerdict(lastSeq),
      ]);
      const person = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
      const place = (id: number | null) => (id === null ? null : (placeNames.get(id) ?? null));
      const rows = entries.map((entry) => ({
        entry,
        actorName: person(entry.actorUserId),
        fromHolderName: person(entry.fromHolderId),
        toHolderName: person(entry.toHolderId),
        fromPlace: place(entry.fromLocationId),
        toPlace: place(entry.toLocationId),
        stationName: entry.station === null ? null : (stationNames.get(entry.station) ?? null),
      }));
      return { item, rows, more, lastSeq, verification };
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
