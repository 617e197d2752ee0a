// The custody log's hash chain. Each row's hash is SHA-256 over a canonical encoding of its fields and the
// previous row's hash, so changing, removing or reordering any row breaks every hash after it.
import { createHash } from 'node:crypto';
import type { CustodyAction, ItemState } from './vocabulary.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface CustodyFields {
  seq: number;
  at: string;
  actorUserId: number | null;
  station: string | null;
  action: CustodyAction;
  itemId: number;
  fromState: ItemState | null;
  toState: ItemState;
  fromLocationId: number | null;
  toLocationId: number | null;
  fromHolderId: number | null;
  toHolderId: number | null;
  reason: string | null;
  approvalRef: string | null;
}

export interface CustodyEntry extends CustodyFields {
  prevHash: string;
  hash: string;
}

/**
 * Canonical encoding: a JSON array in a fixed field order, version-tagged. JSON of strings, integers and
 * null is byte-identical on every platform, and an array has no key order to disagree about.
 */
export function canonicalEncoding(f: CustodyFields, prevHash: string): string {
  return JSON.stringify([
    'dangan-custody-v1',
    f.seq,
    f.at,
    f.actorUserId,
    f.station,
    f.action,
    f.itemId,
    f.fromState,
    f.toState,
    f.fromLocationId,
    f.toLocationId,
    f.fromHolderId,
    f.toHolderId,
    f.reason,
    f.approvalRef,
    prevHash,
  ]);
}

export function entryHash(f: CustodyFields, prevHash: string): string {
  return createHash('sha256').update(canonicalEncoding(f, prevHash)).digest('hex');
}

/** Chains new entries after the last stored one (seq and hash), numbering them gaplessly. */
export function chain(
  last: { seq: number; hash: string } | null,
  entries: Array<Omit<CustodyFields, 'seq'>>,
): CustodyEntry[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  return entries.map((e) => {
    seq += 1;
    const fields: CustodyFields = { ...e, seq };
    const hash = entryHash(fields, prevHash);
    const entry: CustodyEntry = { ...fields, prevHash, hash };
    prevHash = hash;
    return entry;
  });
}

export type ChainProblem = 'gap' | 'prev_hash' | 'hash';

/**
 * Checks one stored row against the row before it. Returns the problem, or null when the row is sound.
 * `previous` is null for the first row.
 */
export function checkLink(
  previous: { seq: number; hash: string } | null,
  row: CustodyEntry,
): ChainProblem | null {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (row.seq !== expectedSeq) return 'gap';
  if (row.prevHash !== (previous?.hash ?? GENESIS_HASH)) return 'prev_hash';
  if (entryHash(row, row.prevHash) !== row.hash) return 'hash';
  return null;
}
