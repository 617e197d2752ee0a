// Appending to and reading the custody log. Appends run inside the caller's transaction, so a state change
// and its log row commit together or not at all.
import type { Knex } from 'knex';
import type { Queryable } from './db.js';
import {
  chain,
  checkLink,
  type ChainProblem,
  type CustodyEntry,
  type CustodyFields,
} from '../domain/ledger.js';
import { holdsWriteLock } from './write-lock.js';

interface LogRow {
  seq: number;
  at: string;
  actor_user_id: number | null;
  station: string | null;
  action: CustodyFields['action'];
  item_id: number;
  from_state: CustodyFields['fromState'];
  to_state: CustodyFields['toState'];
  from_location_id: number | null;
  to_location_id: number | null;
  from_holder_id: number | null;
  to_holder_id: number | null;
  reason: string | null;
  approval_ref: string | null;
  prev_hash: string;
  hash: string;
}

export function toEntry(r: LogRow): CustodyEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorUserId: r.actor_user_id,
    station: r.station,
    action: r.action,
    itemId: r.item_id,
    fromState: r.from_state,
    toState: r.to_state,
    fromLocationId: r.from_location_id,
    toLocationId: r.to_location_id,
    fromHolderId: r.from_holder_id,
    toHolderId: r.to_holder_id,
    reason: r.reason,
    approvalRef: r.approval_ref,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function toRow(e: CustodyEntry): LogRow {
  return {
    seq: e.seq,
    at: e.at,
    actor_user_id: e.actorUserId,
    station: e.station,
    action: e.action,
    item_id: e.itemId,
    from_state: e.fromState,
    to_state: e.toState,
    from_location_id: e.fromLocationId,
    to_location_id: e.toLocationId,
    from_holder_id: e.fromHolderId,
    to_holder_id: e.toHolderId,
    reason: e.reason,
    approval_ref: e.approvalRef,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * Appends entries in order, after the last stored row. The transaction holds the write lock from its start
 * (write-lock.ts), so no other appender can read the same last row and `seq` stays gapless.
 */
export async function appendCustody(
  trx: Knex.Transaction,
  entries: Array<Omit<CustodyFields, 'seq'>>,
): Promise<CustodyEntry[]> {
  if (entries.length === 0) return [];
  if (!holdsWriteLock(trx)) throw new Error('appendCustody: the transaction must begin with beginWrite');
  const last = (await trx('custody_log').select('seq', 'hash').orderBy('seq', 'desc').first()) as
    { seq: number; hash: string } | undefined;
  const chained = chain(last ? { seq: Number(last.seq), hash: last.hash } : null, entries);
  const rows = chained.map(toRow);
  // SQLite allows at most 32766 bound variables per statement: 16 columns -> 500 rows per insert is safe.
  for (let i = 0; i < rows.length; i += 500) await trx('custody_log').insert(rows.slice(i, i + 500));
  return chained;
}

export async function itemHistory(knex: Knex, itemId: number, limit = 200): Promise<CustodyEntry[]> {
  const rows = (await knex('custody_log')
    .where({ item_id: itemId })
    .orderBy('seq', 'desc')
    .limit(limit)) as LogRow[];
  return rows.map(toEntry);
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  lastSeq: number;
  firstBad?: { seq: number; problem: ChainProblem };
}

/** Recomputes the whole chain in seq order, a page at a time, and names the first bad row. */
export async function verifyCustodyLog(knex: Knex, pageSize = 5000): Promise<VerifyResult> {
  let previous: { seq: number; hash: string } | null = null;
  let rows = 0;
  for (;;) {
    const after: number = previous?.seq ?? 0;
    const stored = (await knex('custody_log')
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)) as LogRow[];
    for (const entry of stored.map(toEntry)) {
      const problem = checkLink(previous, entry);
      if (problem) {
        // For a gap the first bad seq is the one that is absent.
        const seq = problem === 'gap' ? (previous?.seq ?? 0) + 1 : entry.seq;
        return { ok: false, rows, lastSeq: previous?.seq ?? 0, firstBad: { seq, problem } };
      }
      previous = { seq: entry.seq, hash: entry.hash };
      rows += 1;
    }
    if (stored.length < pageSize) return { ok: true, rows, lastSeq: previous?.seq ?? 0 };
  }
}

/** The last row's seq and hash (the chain head), or null for an empty log. */
export async function custodyHead(q: Queryable): Promise<{ seq: number; hash: string } | null> {
  const row = (await q('custody_log').select('seq', 'hash').orderBy('seq', 'desc').first()) as
    { seq: number; hash: string } | undefined;
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** The hash of the row at `seq`, or null when there is none. */
export async function custodyHashAt(q: Queryable, seq: number): Promise<string | null> {
  const row = (await q('custody_log').select('hash').where({ seq }).first()) as { hash: string } | undefined;
  return row?.hash ?? null;
}

/**
 * Rows from `from` through `upTo` in seq order, a page at a time (keyset paging on seq): memory stays at one
 * page however long the log.
 */
export async function* custodyPages(
  q: Queryable,
  range: { from: number; upTo: number },
  pageSize = 1000,
): AsyncGenerator<CustodyEntry[]> {
  let after = range.from - 1;
  while (after < range.upTo) {
    const stored = (await q('custody_log')
      .where('seq', '>', after)
      .andWhere('seq', '<=', range.upTo)
      .orderBy('seq')
      .limit(pageSize)) as LogRow[];
    if (stored.length === 0) return;
    const page = stored.map(toEntry);
    yield page;
    after = page[page.length - 1]!.seq;
  }
}
