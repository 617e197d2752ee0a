// What the real-time feed reads: custody-log entries after a seq, the head seq, and the items, people and
// places an entry names, one query per table for a batch of entries.
import type { CustodyEntry } from '../domain/ledger.js';
import { toEntry } from './custody-log.js';
import type { Queryable } from './db.js';
import { itemQuery, toItem, type ItemRecord } from './items.js';

/** Stored entries after `afterSeq`, oldest first, at most `limit`. */
export async function entriesAfter(q: Queryable, afterSeq: number, limit: number): Promise<CustodyEntry[]> {
  const rows = (await q('custody_log').where('seq', '>', afterSeq).orderBy('seq').limit(limit)) as Parameters<
    typeof toEntry
  >[0][];
  return rows.map(toEntry);
}

export async function headSeq(q: Queryable): Promise<number> {
  const row = (await q('custody_log').max({ seq: 'seq' }).first()) as
    { seq: number | string | null } | undefined;
  return Number(row?.seq ?? 0);
}

export async function itemsById(q: Queryable, ids: Iterable<number>): Promise<Map<number, ItemRecord>> {
  const rows = (await itemQuery(q).whereIn('i.id', [...ids])) as Array<Record<string, unknown>>;
  return new Map(rows.map((r) => [Number(r.id), toItem(r)]));
}

/** Display names of users by id. */
export const userNames = (q: Queryable, ids: Set<number>) => namesById(q, 'users', 'display_name', ids);

async function namesById(q: Queryable, table: 'users', column: string, ids: Set<number>) {
  if (ids.size === 0) return new Map<number, string>();
  const rows = (await q(table)
    .whereIn('id', [...ids])
    .select('id', column)) as Array<Record<string, unknown>>;
  return new Map(rows.map((r) => [Number(r.id), String(r[column])]));
}
