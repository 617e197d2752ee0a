// Custody-log entries as the screens see them: the entry plus the names a person reads (barcode, 档号,
// property, holder, shelf). Built for a batch of entries with one query per table.
import type { Knex } from 'knex';
import type { CustodyEntry } from '../domain/ledger.js';
import { LABELS } from '../domain/vocabulary.js';
import { toEntry } from '../store/custody-log.js';
import { itemQuery, toItem, type ItemRecord } from '../store/items.js';

export interface CustodyEvent {
  seq: number;
  at: string;
  action: CustodyEntry['action'];
  station: string | null;
  fromState: string | null;
  toState: string;
  toStateLabel: { zh: string; en: string };
  actor: { userId: number; name: string } | null;
  holder: { userId: number; name: string } | null;
  fromLocation: string | null;
  toLocation: string | null;
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

async function namesById(knex: Knex, table: 'users' | 'locations', column: string, ids: Set<number>) {
  if (ids.size === 0) return new Map<number, string>();
  const rows = (await knex(table)
    .whereIn('id', [...ids])
    .select('id', column)) as Array<Record<string, unknown>>;
  return new Map(rows.map((r) => [r.id as number, r[column] as string]));
}

export async function describeEntries(knex: Knex, entries: CustodyEntry[]): Promise<DescribedEntry[]> {
  if (entries.length === 0) return [];
  const itemIds = new Set(entries.map((e) => e.itemId));
  const people = new Set<number>();
  const places = new Set<number>();
  for (const e of entries) {
    for (const id of [e.actorUserId, e.toHolderId, e.fromHolderId]) if (id !== null) people.add(id);
    for (const id of [e.fromLocationId, e.toLocationId]) if (id !== null) places.add(id);
  }
  const [items, users, locations] = await Promise.all([
    itemQuery(knex).whereIn('i.id', [...itemIds]) as Promise<Array<Record<string, unknown>>>,
    namesById(knex, 'users', 'display_name', people),
    namesById(knex, 'locations', 'code', places),
  ]);
  const itemById = new Map(items.map((r) => [r.id as number, toItem(r)]));
  const person = (id: number | null) => (id === null ? null : { userId: id, name: users.get(id) ?? '' });
  return entries.flatMap((entry) => {
    const item = itemById.get(entry.itemId);
    if (!item) return [];
    const event: CustodyEvent = {
      seq: entry.seq,
      at: entry.at,
      action: entry.action,
      station: entry.station,
      fromState: entry.fromState,
      toState: entry.toState,
      toStateLabel: LABELS.itemState[entry.toState],
      actor: person(entry.actorUserId),
      holder: person(entry.toHolderId ?? (entry.toState === 'out' ? entry.fromHolderId : null)),
      fromLocation: entry.fromLocationId === null ? null : (locations.get(entry.fromLocationId) ?? null),
      toLocation: entry.toLocationId === null ? null : (locations.get(entry.toLocationId) ?? null),
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

/** Stored entries after `afterSeq`, oldest first, at most `limit`. */
export async function entriesAfter(knex: Knex, afterSeq: number, limit: number): Promise<CustodyEntry[]> {
  const rows = (await knex('custody_log')
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)) as Parameters<typeof toEntry>[0][];
  return rows.map(toEntry);
}

export async function headSeq(knex: Knex): Promise<number> {
  const row = (await knex('custody_log').max({ seq: 'seq' }).first()) as
    { seq: number | string | null } | undefined;
  return Number(row?.seq ?? 0);
}
