// What a folder's timeline reads: its own custody rows, oldest first (the index on item_id, seq serves it).
import type { CustodyEntry } from '../domain/ledger.js';
import { toEntry } from './custody-log.js';
import type { Queryable } from './db.js';

/**
 * One item's custody rows in seq order, at most `limit` of them; `more` says the folder has further rows
 * (the oldest `limit` are returned, so the story reads from its beginning).
 */
export async function itemCustodyRows(
  q: Queryable,
  itemId: number,
  limit: number,
): Promise<{ entries: CustodyEntry[]; more: boolean; lastSeq: number }> {
  const rows = (await q('custody_log')
    .where({ item_id: itemId })
    .orderBy('seq')
    .limit(limit + 1)) as Parameters<typeof toEntry>[0][];
  const entries = rows.slice(0, limit).map(toEntry);
  const last = (await q('custody_log').where({ item_id: itemId }).max({ seq: 'seq' }).first()) as
    { seq: number | string | null } | undefined;
  return { entries, more: rows.length > limit, lastSeq: Number(last?.seq ?? 0) };
}
