// Custody-log entries as the screens see them: the entry plus the names a person reads (barcode, 档号,
// property, holder, shelf). Built for a batch of entries with one query per table (store/custody-feed.ts).
import type { CustodyEntry } from '../domain/ledger.js';
import { LABELS } from '../domain/vocabulary.js';
import { itemsById, userNames } from '../store/custody-feed.js';
import type { Queryable } from '../store/db.js';
import type { ItemRecord } from '../store/items.js';
import { placeNamesById } from '../store/place-names.js';

export { entriesAfter, headSeq } from '../store/custody-feed.js';

export interface CustodyEvent {
  seq: number;
  at: string;
  action: CustodyEntry['action'];
  station: string | null;
  /** The station's name from the configuration (e.g. 档案室门口), null for a device or the web. */
  stationName: string | null;
  fromState: string | null;
  toState: string;
  toStateLabel: { zh: string; en: string };
  actor: { userId: number; name: string } | null;
  holder: { userId: number; name: string } | null;
  /** Location codes, e.g. `R1-C01-S2`. */
  fromLocation: string | null;
  toLocation: string | null;
  /** The same places as people read them, e.g. 1号档案柜 第2层 (domain/places.ts). */
  fromLocationName: string | null;
  toLocationName: string | null;
  reason: string | null;
  item: {
    id: number;
    barcode: string;
    title: string;
    kind: string;
    folderGroup: string | null;
    archiveNo: string | null;
    propertyName: string | null;
  };
}

export interface DescribedEntry {
  entry: CustodyEntry;
  /** The item as it is now, for access checks (estate, level, kind). */
  item: ItemRecord;
  event: CustodyEvent;
}

/** Station names by id (config.stations). */
export type StationNames = ReadonlyMap<string, string>;

export async function describeEntries(
  q: Queryable,
  entries: CustodyEntry[],
  stationNames: StationNames = new Map(),
): Promise<DescribedEntry[]> {
  if (entries.length === 0) return [];
  const itemIds = new Set(entries.map((e) => e.itemId));
  const people = new Set<number>();
  const places = new Set<number>();
  for (const e of entries) {
    for (const id of [e.actorUserId, e.toHolderId, e.fromHolderId]) if (id !== null) people.add(id);
    for (const id of [e.fromLocationId, e.toLocationId]) if (id !== null) places.add(id);
  }
  const [itemById, users, locations] = await Promise.all([
    itemsById(q, itemIds),
    userNames(q, people),
    placeNamesById(q, places),
  ]);
  const place = (id: number | null) => (id === null ? undefined : locations.get(id));
  const person = (id: number | null) => (id === null ? null : { userId: id, name: users.get(id) ?? '' });
  return entries.flatMap((entry) => {
    const item = itemById.get(entry.itemId);
    if (!item) return [];
    const event: CustodyEvent = {
      seq: entry.seq,
      at: entry.at,
      action: entry.action,
      station: entry.station,
      stationName: entry.station === null ? null : (stationNames.get(entry.station) ?? null),
      fromState: entry.fromState,
      toState: entry.toState,
      toStateLabel: LABELS.itemState[entry.toState],
      actor: person(entry.actorUserId),
      holder: person(entry.toHolderId ?? (entry.toState === 'out' ? entry.fromHolderId : null)),
      fromLocation: place(entry.fromLocationId)?.code ?? null,
      toLocation: place(entry.toLocationId)?.code ?? null,
      fromLocationName: place(entry.fromLocationId)?.label ?? null,
      toLocationName: place(entry.toLocationId)?.label ?? null,
      reason: entry.reason,
      item: {
        id: item.id,
        barcode: item.barcode,
        title: item.title,
        kind: item.kind,
        folderGroup: item.folderGroup,
        archiveNo: item.archiveNo,
        propertyName: item.propertyName,
      },
    };
    return [{ entry, item, event }];
  });
}
