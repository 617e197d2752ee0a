// Cabinet presence engine: pure (no I/O; time comes from the reads and rounds themselves, or the injected
// clock for seeding). It keeps, per EPC, the shelves (antennas) that currently see it, and turns reads and
// round ends into item-returned / item-removed / item-misplaced / unknown-tag events.
//
// Absence rides out flaky reads: a sighting expires only when its antenna completed at least `absentRounds`
// rounds without the tag AND `absentMs` passed since it was last seen. Expiry is only evaluated on a round
// end, i.e. when the reader actually looked: a reader that stops answering removes nothing (the port status
// reports it instead). A tag seen by two antennas (between shelves) is present at both; it is misplaced
// only when none of its sightings is at its expected location.
import type { Clock, InventoryRoundEvent, TagRead } from '../common/types.js';
import { systemClock } from '../common/types.js';

export interface ShelfLocation {
  cabinetId: string;
  shelfId: string;
}

/** Where an item should be; `shelfId: null` when only the cabinet is known. */
export interface ExpectedLocation {
  cabinetId: string;
  shelfId: string | null;
}

export interface CabinetLayout {
  cabinetId: string;
  /** The reader serving this cabinet. */
  deviceId: string;
  /** 1-based antenna -> shelf id. Several antennas may cover one shelf. */
  shelves: Readonly<Record<number | string, string>>;
}

export type PresenceEvent =
  | ({ type: 'item-returned'; itemId: string; epc: string; at: number } & ShelfLocation)
  | ({ type: 'item-removed'; itemId: string; epc: string; lastSeenAt: number; at: number } & ShelfLocation)
  | ({
      type: 'item-misplaced';
      itemId: string;
      epc: string;
      expected: ExpectedLocation;
      at: number;
    } & ShelfLocation)
  | ({ type: 'unknown-tag'; epc: string; at: number } & ShelfLocation);

export interface PresenceOptions {
  cabinets: readonly CabinetLayout[];
  /** EPC -> item id; null for tags that are not ours. Called once per presence episode of a tag. */
  resolveItem: (epc: string) => string | null;
  /** Where the item belongs; null when it is not expected in any cabinet (e.g. lent out). */
  expectedLocation: (itemId: string) => ExpectedLocation | null;
  onEvent: (e: PresenceEvent) => void;
  absentRounds?: number;
  absentMs?: number;
  clock?: Clock;
}

class Loc {
  round = 0;
  readonly members = new Set<Track>();
  constructor(
    readonly cabinetId: string,
    readonly shelfId: string,
  ) {}
}

interface Sighting {
  loc: Loc;
  lastSeenAt: number;
  lastRound: number;
}

interface Track {
  epc: string;
  itemId: string | null;
  sightings: Sighting[];
  misplaced: boolean;
}

export interface PresenceStats {
  reads: number;
  unmappedReads: number;
  tracked: number;
}

export class PresenceEngine {
  private readonly byDevice = new Map<string, (Loc | undefined)[]>();
  private readonly byShelf = new Map<string, Loc>();
  private readonly tracks = new Map<string, Track>();
  private readonly absentRounds: number;
  private readonly absentMs: number;
  private reads = 0;
  private unmapped = 0;

  constructor(private readonly o: PresenceOptions) {
    this.absentRounds = o.absentRounds ?? 3;
    this.absentMs = o.absentMs ?? 3000;
    for (const c of o.cabinets) {
      const slots: (Loc | undefined)[] = this.byDevice.get(c.deviceId) ?? [];
      for (const [antenna, shelfId] of Object.entries(c.shelves)) {
        const key = `${c.cabinetId}\u0000${shelfId}`;
        const loc = this.byShelf.get(key) ?? new Loc(c.cabinetId, shelfId);
        this.byShelf.set(key, loc);
        slots[Number(antenna)] = loc;
      }
      this.byDevice.set(c.deviceId, slots);
    }
  }

  get stats(): PresenceStats {
    return { reads: this.reads, unmappedReads: this.unmapped, tracked: this.tracks.size };
  }

  /** Declares items known to be in place at start-up, so only changes produce events. */
  seed(entries: readonly ({ epc: string } & ShelfLocation)[]): void {
    const at = (this.o.clock ?? systemClock).now();
    for (const e of entries) {
      const loc = this.byShelf.get(`${e.cabinetId}\u0000${e.shelfId}`);
      if (!loc || this.tracks.has(e.epc)) continue;
      const t: Track = { epc: e.epc, itemId: this.o.resolveItem(e.epc), sightings: [], misplaced: false };
      t.sightings.push({ loc, lastSeenAt: at, lastRound: loc.round });
      loc.members.add(t);
      this.tracks.set(e.epc, t);
    }
  }

  tagRead(r: TagRead): void {
    this.reads++;
    const loc = this.byDevice.get(r.deviceId)?.[r.antenna];
    if (!loc) {
      this.unmapped++;
      return;
    }
    let t = this.tracks.get(r.epc);
    if (!t) {
      t = { epc: r.epc, itemId: this.o.resolveItem(r.epc), sightings: [], misplaced: false };
      this.tracks.set(r.epc, t);
    }
    for (const s of t.sightings) {
      if (s.loc === loc) {
        s.lastSeenAt = r.at;
        s.lastRound = loc.round;
        return;
      }
    }
    const arriving = t.sightings.length === 0;
    t.sightings.push({ loc, lastSeenAt: r.at, lastRound: loc.round });
    loc.members.add(t);
    if (!arriving) return this.checkPlacement(t, loc, r.at, false);
    if (t.itemId === null) {
      this.o.onEvent({
        type: 'unknown-tag',
        epc: t.epc,
        cabinetId: loc.cabinetId,
        shelfId: loc.shelfId,
        at: r.at,
      });
      return;
    }
    this.o.onEvent({ type: 'item-returned', itemId: t.itemId, epc: t.epc, ...where(loc), at: r.at });
    this.checkPlacement(t, loc, r.at, true);
  }

  /** An antenna finished an inventory round: sightings it has missed long enough expire. */
  roundEnd(ev: InventoryRoundEvent): void {
    const loc = this.byDevice.get(ev.deviceId)?.[ev.antenna];
    if (!loc) return;
    loc.round++;
    for (const t of loc.members) {
      const i = t.sightings.findIndex((s) => s.loc === loc);
      const s = t.sightings[i];
      if (!s) continue;
      const missed = loc.round - s.lastRound - 1;
      if (missed < this.absentRounds || ev.at - s.lastSeenAt < this.absentMs) continue;
      t.sightings.splice(i, 1);
      loc.members.delete(t);
      const remaining = t.sightings[0];
      if (remaining) {
        this.checkPlacement(t, remaining.loc, ev.at, false);
        continue;
      }
      this.tracks.delete(t.epc);
      if (t.itemId !== null) {
        this.o.onEvent({
          type: 'item-removed',
          itemId: t.itemId,
          epc: t.epc,
          ...where(loc),
          lastSeenAt: s.lastSeenAt,
          at: ev.at,
        });
      }
    }
  }

  /** Where each present tag is seen now. */
  snapshot(): { epc: string; itemId: string | null; locations: ShelfLocation[] }[] {
    return [...this.tracks.values()].map((t) => ({
      epc: t.epc,
      itemId: t.itemId,
      locations: t.sightings.map((s) => where(s.loc)),
    }));
  }

  /** Drop a cached EPC -> item resolution (the item was registered or re-tagged). */
  forget(epc: string): void {
    const t = this.tracks.get(epc);
    if (t) t.itemId = this.o.resolveItem(epc);
  }

  /**
   * Misplaced = none of the sightings is at the expected place. Reported on the transition; when a
   * misplaced item shows up where it belongs, item-returned is reported again (the alarm clears).
   */
  private checkPlacement(t: Track, loc: Loc, at: number, arrival: boolean): void {
    if (t.itemId === null) return;
    const expected = this.o.expectedLocation(t.itemId);
    const misplaced =
      expected !== null &&
      !t.sightings.some(
        (s) =>
          s.loc.cabinetId === expected.cabinetId &&
          (expected.shelfId === null || s.loc.shelfId === expected.shelfId),
      );
    if (misplaced && !t.misplaced && expected) {
      this.o.onEvent({ type: 'item-misplaced', itemId: t.itemId, epc: t.epc, ...where(loc), expected, at });
    } else if (!misplaced && t.misplaced && !arrival) {
      this.o.onEvent({ type: 'item-returned', itemId: t.itemId, epc: t.epc, ...where(loc), at });
    }
    t.misplaced = misplaced;
  }
}

function where(loc: Loc): ShelfLocation {
  return { cabinetId: loc.cabinetId, shelfId: loc.shelfId };
}
