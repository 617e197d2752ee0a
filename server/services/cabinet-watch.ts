// What the archive does when its devices see something: a folder gone from its shelf without a check-out
// becomes an unauthorised-removal alarm after a grace period (and the folder is 未登记取出, `removed`,
// until it is back, checked out, or escalates to missing: circulation.escalateRemovals); a folder
// that is out and comes back is checked in; a missing folder that reappears is found; a folder on the wrong
// shelf, a tag that is not ours, or a folder at the door gate that is not checked out raise alarms.
// Every change goes through the circulation service, so it lands in the custody log like any other.
import type { PresenceEvent, TagRead } from '../../hardware/index.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { Logger } from '../logger.js';
import type { AlarmService } from './alarms.js';
import type { CirculationService } from './circulation.js';
import type { ItemPlaces } from './item-places.js';

export interface CabinetWatchOptions {
  places: ItemPlaces;
  circulation: CirculationService;
  alarms: AlarmService;
  logger: Logger;
  removalGraceMs: number;
  autoCheckIn: boolean;
  /** A gate read of the same item within this window is the same passage. */
  gateRepeatMs?: number;
  now?: () => number;
}

export function createCabinetWatch(o: CabinetWatchOptions) {
  const pendingRemovals = new Map<string, NodeJS.Timeout>();
  const lastGateAlarm = new Map<string, number>();
  const now = o.now ?? Date.now;
  let queue: Promise<void> = Promise.resolve();

  /** Device events are handled one at a time, in the order they happened. */
  function enqueue(work: () => Promise<void>): Promise<void> {
    queue = queue
      .then(work)
      .catch((e: unknown) => o.logger.error({ err: e }, 'cabinet watch: handling a device event failed'));
    return queue;
  }

  /** The device saw the problem end: back on its shelf (returned), or checked out after all (explained). */
  async function resolveOpen(
    itemId: number,
    kind: 'unauthorised_removal' | 'misplaced',
    cause: 'returned' | 'explained',
    why: string,
  ) {
    for (const alarm of await o.alarms.openFor(itemId, kind)) {
      await o.alarms.resolve(alarm.id, null, { cause, note: why });
    }
  }

  async function removalExpired(barcode: string, deviceId: string, shelfId: string) {
    pendingRemovals.delete(barcode);
    const place = await o.places.reload(o.places.get(barcode)?.id ?? -1);
    if (!place || place.state !== 'in_place') return; // checked out in time, or already handled
    // 未登记取出, not 遗失: it escalates to missing only after policy.unrecordedRemovalHours.
    const { entry } = await o.circulation.recordRemoval(
      { device: deviceId },
      { barcode },
      `removed from ${shelfId} without check-out`,
    );
    await o.alarms.raise({
      kind: 'unauthorised_removal',
      itemId: place.id,
      epc: place.epc,
      deviceId,
      place: shelfId,
      custodySeq: entry.seq,
    });
  }

  async function returned(e: Extract<PresenceEvent, { type: 'item-returned' }>, deviceId: string) {
    const timer = pendingRemovals.get(e.itemId);
    if (timer) clearTimeout(timer);
    pendingRemovals.delete(e.itemId);
    const place = o.places.get(e.itemId);
    if (!place) return;
    if (place.state === 'out' && o.autoCheckIn) {
      await o.circulation.checkIn(
        { device: deviceId },
        {
          item: { barcode: e.itemId },
          inspection: 'intact',
          note: `back on ${e.shelfId}; checked in by the cabinet reader, not inspected in person`,
        },
      );
    } else if (place.state === 'missing' || place.state === 'removed') {
      await o.circulation.markFound(
        { device: deviceId },
        { barcode: e.itemId },
        `seen again on ${e.shelfId}`,
      );
      await resolveOpen(place.id, 'unauthorised_removal', 'returned', `back on ${e.shelfId}`);
    }
    if (place.shelfCode === e.shelfId) {
      await resolveOpen(place.id, 'misplaced', 'returned', `back on ${e.shelfId}`);
    }
  }

  async function handle(e: PresenceEvent, deviceId: string): Promise<void> {
    switch (e.type) {
      case 'item-removed': {
        if (o.places.get(e.itemId)?.state !== 'in_place') return;
        clearTimeout(pendingRemovals.get(e.itemId));
        const timer = setTimeout(
          () => void enqueue(() => removalExpired(e.itemId, deviceId, e.shelfId)),
          o.removalGraceMs,
        );
        timer.unref();
        pendingRemovals.set(e.itemId, timer);
        return;
      }
      case 'item-returned':
        return returned(e, deviceId);
      case 'item-misplaced': {
        const place = o.places.get(e.itemId);
        if (!place || (await o.alarms.openFor(place.id, 'misplaced')).length > 0) return;
        await o.alarms.raise({
          kind: 'misplaced',
          itemId: place.id,
          epc: e.epc,
          deviceId,
          place: e.shelfId,
          detail: `belongs on ${e.expected.shelfId ?? e.expected.cabinetId}`,
        });
        return;
      }
      case 'unknown-tag':
        await o.alarms.raise({ kind: 'unknown_tag', epc: e.epc, deviceId, place: e.shelfId });
        return;
    }
  }

  async function gateRead(read: TagRead, stationId: string | null): Promise<void> {
    const place = o.places.resolveEpc(read.epc);
    if (!place || place.state === 'out') return; // not ours, or checked out: free to go
    const last = lastGateAlarm.get(place.barcode) ?? 0;
    if (now() - last < (o.gateRepeatMs ?? 60_000)) return;
    lastGateAlarm.set(place.barcode, now());
    let custodySeq: number | null = null;
    if (place.state === 'in_place') {
      const { entry } = await o.circulation.markSeen(
        { device: read.deviceId },
        { barcode: place.barcode },
        'at the door gate without check-out',
      );
      custodySeq = entry.seq;
    }
    await o.alarms.raise({
      kind: 'gate',
      itemId: place.id,
      epc: read.epc,
      deviceId: read.deviceId,
      place: stationId,
      custodySeq,
    });
  }

  /** Whoever took a folder without check-out put the record right by checking it out: the alarm is answered. */
  async function custodyRecorded(entry: CustodyEntry): Promise<void> {
    if (entry.fromState !== 'removed' || entry.toState !== 'out') return;
    await resolveOpen(
      entry.itemId,
      'unauthorised_removal',
      'explained',
      `checked out${entry.station ? ` at ${entry.station}` : ''}`,
    );
  }

  return {
    onPresence: (e: PresenceEvent, deviceId: string) => enqueue(() => handle(e, deviceId)),
    onCustody: (entry: CustodyEntry) => enqueue(() => custodyRecorded(entry)),
    onGateRead: (read: TagRead, stationId: string | null) => enqueue(() => gateRead(read, stationId)),
    /** Resolves when every event handed in so far has been handled. */
    settled: () => queue,
    stop(): void {
      for (const t of pendingRemovals.values()) clearTimeout(t);
      pendingRemovals.clear();
    },
  };
}

export type CabinetWatch = ReturnType<typeof createCabinetWatch>;
