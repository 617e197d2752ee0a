// The item state machine: which custody action may follow which state, and what state it leaves behind.
// Services ask here before they write; an illegal step is refused with a stable code.
import { DanganError, type ErrorCode } from './errors.js';
import type { CustodyAction, ItemState } from './vocabulary.js';

/** For each action: the states it may start from, and the state it leaves (`same` keeps the state). */
const TRANSITIONS: Record<CustodyAction, { from: readonly ItemState[]; to: ItemState | 'same' }> = {
  registered: { from: [], to: 'in_place' },
  // A folder taken without check-out may still be checked out by whoever has it: that accounts for it.
  check_out: { from: ['in_place', 'removed'], to: 'out' },
  check_in: { from: ['out'], to: 'in_place' },
  move: { from: ['in_place'], to: 'in_place' },
  transfer_out: { from: ['in_place'], to: 'in_transfer' },
  transfer_in: { from: ['in_transfer'], to: 'in_place' },
  seen: { from: ['in_place'], to: 'in_place' },
  missing: { from: ['in_place', 'out', 'removed', 'in_transfer'], to: 'missing' },
  found: { from: ['missing', 'removed'], to: 'in_place' },
  relabel: { from: ['in_place', 'out', 'removed', 'in_transfer', 'missing'], to: 'same' },
  destroyed: { from: ['in_place'], to: 'destroyed' },
};

/** Why an action is refused in a state: the code names the state, so the person at the kiosk knows what to do. */
function refusal(action: CustodyAction, state: ItemState): ErrorCode {
  if (state === 'destroyed') return 'ITEM_DESTROYED';
  if (action === 'check_in' && (state === 'in_place' || state === 'removed')) return 'ITEM_NOT_OUT';
  if (action === 'found') return 'ITEM_NOT_MISSING';
  if (action === 'transfer_in') return 'ITEM_NOT_IN_TRANSFER';
  if (state === 'out') return 'ITEM_ALREADY_OUT';
  if (state === 'removed') return 'ITEM_REMOVED';
  if (state === 'missing') return 'ITEM_MISSING';
  if (state === 'in_transfer') return 'ITEM_IN_TRANSFER';
  return 'ITEM_ILLEGAL_TRANSITION';
}

/** The state after `action`, or a DanganError naming why the action is not allowed now. */
export function nextState(state: ItemState, action: CustodyAction): ItemState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    throw new DanganError(refusal(action, state), { state, action });
  }
  return rule.to === 'same' ? state : rule.to;
}

/**
 * A cabinet noticed a folder gone from its shelf without a check-out. Logged as the action `missing` (it is
 * not where it belongs), it leaves the state `removed` (未登记取出), not `missing` (遗失): a folder taken a
 * minute ago is not lost. Only a folder in place can be removed.
 */
export function removalState(state: ItemState): ItemState {
  if (state !== 'in_place') throw new DanganError(refusal('missing', state), { state, action: 'missing' });
  return 'removed';
}

/**
 * An unrecorded removal counts as a loss policy.unrecordedRemovalHours after it: at `now`, the removals
 * made before the instant returned here escalate to missing.
 */
export function removalCutoff(now: Date, hours: number): Date {
  return new Date(now.getTime() - hours * 3600_000);
}

export function isAllowed(state: ItemState, action: CustodyAction): boolean {
  return TRANSITIONS[action].from.includes(state);
}

/** Due date: `days` after `from`, at the end of that day in China Standard Time (UTC+8), as UTC. */
export function dueDate(from: Date, days: number): Date {
  const cstOffsetMs = 8 * 3600_000;
  const local = new Date(from.getTime() + cstOffsetMs);
  const endOfDay = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate() + days,
    23,
    59,
    59,
    999,
  );
  return new Date(endOfDay - cstOffsetMs);
}

export function isOverdue(dueAt: string | null, now: Date): boolean {
  return dueAt !== null && dueAt < now.toISOString();
}
