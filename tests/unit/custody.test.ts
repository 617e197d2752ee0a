import { describe, expect, it } from 'vitest';
import {
  dueDate,
  isAllowed,
  isOverdue,
  nextState,
  removalCutoff,
  removalState,
} from '../../server/domain/custody.js';
import { DanganError } from '../../server/domain/errors.js';
import {
  CUSTODY_ACTIONS,
  ITEM_STATES,
  type CustodyAction,
  type ItemState,
} from '../../server/domain/vocabulary.js';

function refusedWith(state: ItemState, action: CustodyAction): string {
  try {
    nextState(state, action);
  } catch (e) {
    expect(e).toBeInstanceOf(DanganError);
    return (e as DanganError).code;
  }
  throw new Error(`${action} from ${state} was allowed`);
}

describe('item state machine', () => {
  it('follows the custody lifecycle', () => {
    expect(nextState('in_place', 'check_out')).toBe('out');
    expect(nextState('out', 'check_in')).toBe('in_place');
    expect(nextState('in_place', 'move')).toBe('in_place');
    expect(nextState('in_place', 'transfer_out')).toBe('in_transfer');
    expect(nextState('in_transfer', 'transfer_in')).toBe('in_place');
    expect(nextState('out', 'missing')).toBe('missing');
    expect(nextState('missing', 'found')).toBe('in_place');
    expect(nextState('out', 'relabel')).toBe('out');
    expect(nextState('in_place', 'destroyed')).toBe('destroyed');
  });

  it('refuses illegal steps with codes that name the reason', () => {
    expect(refusedWith('out', 'check_out')).toBe('ITEM_ALREADY_OUT');
    expect(refusedWith('destroyed', 'check_out')).toBe('ITEM_DESTROYED');
    expect(refusedWith('destroyed', 'relabel')).toBe('ITEM_DESTROYED');
    expect(refusedWith('in_place', 'check_in')).toBe('ITEM_NOT_OUT');
    expect(refusedWith('missing', 'check_out')).toBe('ITEM_MISSING');
    expect(refusedWith('in_transfer', 'check_out')).toBe('ITEM_IN_TRANSFER');
    expect(refusedWith('in_place', 'found')).toBe('ITEM_NOT_MISSING');
    expect(refusedWith('in_place', 'transfer_in')).toBe('ITEM_NOT_IN_TRANSFER');
    expect(refusedWith('out', 'move')).toBe('ITEM_ALREADY_OUT');
    expect(refusedWith('out', 'destroyed')).toBe('ITEM_ALREADY_OUT');
  });

  it('nothing leaves the destroyed state, and "registered" only creates', () => {
    for (const action of CUSTODY_ACTIONS) expect(isAllowed('destroyed', action)).toBe(false);
    for (const state of ITEM_STATES) expect(isAllowed(state, 'registered')).toBe(false);
  });
});

describe('due dates', () => {
  it('ends on the last second of the day in China Standard Time', () => {
    // 2026-11-25 10:00 UTC is 18:00 in Beijing; 7 days later ends 2026-12-02 23:59:59.999 +08:00.
    expect(dueDate(new Date('2026-11-25T10:00:00Z'), 7).toISOString()).toBe('2026-12-02T15:59:59.999Z');
    // 2026-11-25 20:00 UTC is already 26 Nov in Beijing.
    expect(dueDate(new Date('2026-11-25T20:00:00Z'), 1).toISOString()).toBe('2026-11-27T15:59:59.999Z');
  });

  it('is overdue only after the due time', () => {
    expect(isOverdue('2026-12-02T15:59:59.999Z', new Date('2026-12-02T15:59:59.000Z'))).toBe(false);
    expect(isOverdue('2026-12-02T15:59:59.999Z', new Date('2026-12-02T16:00:00.000Z'))).toBe(true);
    expect(isOverdue(null, new Date())).toBe(false);
  });
});

describe('unrecorded removals (未登记取出)', () => {
  it('only a folder in place can be removed, and it is `removed`, not `missing`', () => {
    expect(removalState('in_place')).toBe('removed');
    for (const state of ['out', 'removed', 'missing', 'in_transfer', 'destroyed'] as const) {
      expect(() => removalState(state), state).toThrow(DanganError);
    }
  });

  it('resolves by check-out, return (found) or being recorded missing; nothing else moves it', () => {
    expect(nextState('removed', 'check_out')).toBe('out');
    expect(nextState('removed', 'found')).toBe('in_place');
    expect(nextState('removed', 'missing')).toBe('missing');
    expect(refusedWith('removed', 'check_in')).toBe('ITEM_NOT_OUT');
    expect(refusedWith('removed', 'move')).toBe('ITEM_REMOVED');
    expect(refusedWith('removed', 'destroyed')).toBe('ITEM_REMOVED');
    expect(refusedWith('missing', 'check_out')).toBe('ITEM_MISSING');
  });

  it('escalates removals older than policy.unrecordedRemovalHours', () => {
    expect(removalCutoff(new Date('2026-12-02T02:00:00.000Z'), 24).toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
  });
});
