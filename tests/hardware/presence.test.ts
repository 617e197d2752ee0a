import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresenceEngine } from '../../hardware/cabinet/presence.js';
import type {
  CabinetLayout,
  ExpectedLocation,
  PresenceEvent,
  PresenceOptions,
} from '../../hardware/cabinet/presence.js';

// Cabinet C1 (reader cab-1): antenna 1 -> shelf S1, 2 -> S2, 3 -> S2 (two antennas on one shelf).
// Cabinet C2 (reader cab-2): antenna 1 -> shelf S1.
const CABINETS: CabinetLayout[] = [
  { cabinetId: 'C1', deviceId: 'cab-1', shelves: { 1: 'S1', 2: 'S2', 3: 'S2' } },
  { cabinetId: 'C2', deviceId: 'cab-2', shelves: { 1: 'S1' } },
];

function engine(expected: Record<string, ExpectedLocation | null> = {}, o: Partial<PresenceOptions> = {}) {
  const events: PresenceEvent[] = [];
  let t = 0;
  const e = new PresenceEngine({
    clock: { now: () => t },
    cabinets: CABINETS,
    resolveItem: (epc) => (epc.startsWith('E') ? null : `F${epc.padStart(9, '0')}`),
    expectedLocation: (itemId) => expected[itemId] ?? null,
    onEvent: (ev) => events.push(ev),
    absentRounds: 3,
    absentMs: 1000,
    ...o,
  });
  return {
    e,
    events,
    types: () =>
      events.map((ev) => `${ev.type}:${'itemId' in ev ? ev.itemId : ev.epc}@${ev.cabinetId}/${ev.shelfId}`),
    read: (epc: string, antenna = 1, deviceId = 'cab-1') =>
      e.tagRead({ deviceId, antenna, epc, rssi: -50, at: t }),
    round: (antenna = 1, deviceId = 'cab-1', reads = 0) => e.roundEnd({ deviceId, antenna, reads, at: t }),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('PresenceEngine', () => {
  it('reports a returned item once, however often it is read', () => {
    const h = engine();
    h.read('1');
    h.read('1');
    h.round();
    h.read('1');
    expect(h.types()).toEqual(['item-returned:F000000001@C1/S1']);
  });

  it('reports removal only after enough missed rounds AND enough time', () => {
    const h = engine();
    h.read('1');
    h.round();
    for (let i = 0; i < 5; i++) h.round(); // many rounds, but within 1 s
    expect(h.events).toHaveLength(1);
    h.advance(2000); // time alone is not enough either: removal waits for the next round end
    expect(h.events).toHaveLength(1);
    h.round();
    expect(h.types()).toEqual(['item-returned:F000000001@C1/S1', 'item-removed:F000000001@C1/S1']);
    expect(h.events[1]).toMatchObject({ lastSeenAt: 0, at: 2000 });
  });

  it('rides out flaky reads: a tag missed now and then is never removed', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 10, maxLength: 200 }), (seenPattern) => {
        const h = engine();
        h.read('7');
        h.round(); // the round that saw it first
        let missedInRow = 0;
        let maxMissedInRow = 0;
        for (const seen of seenPattern) {
          h.advance(400);
          if (seen) h.read('7');
          h.round();
          missedInRow = seen ? 0 : missedInRow + 1;
          maxMissedInRow = Math.max(maxMissedInRow, missedInRow);
        }
        const removed = h.events.some((ev) => ev.type === 'item-removed');
        // 3 missed rounds of 400 ms = 1.2 s >= 1 s: removal exactly when the tag was missed 3 rounds in a row.
        expect(removed).toBe(maxMissedInRow >= 3);
      }),
    );
  });

  it('removes nothing while the reader reports no rounds (reader dead, not items gone)', () => {
    const h = engine();
    h.read('1');
    h.advance(60_000);
    h.read('2', 2);
    expect(h.events.map((e) => e.type)).toEqual(['item-returned', 'item-returned']);
  });

  it('reports an item on the wrong shelf or cabinet as misplaced', () => {
    const h = engine({
      F000000001: { cabinetId: 'C1', shelfId: 'S1' },
      F000000002: { cabinetId: 'C1', shelfId: null },
    });
    h.read('1', 2); // C1/S2 instead of C1/S1
    h.read('2', 1, 'cab-2'); // C2 instead of C1
    expect(h.events.map((e) => e.type)).toEqual([
      'item-returned',
      'item-misplaced',
      'item-returned',
      'item-misplaced',
    ]);
    expect(h.events[1]).toMatchObject({ shelfId: 'S2', expected: { cabinetId: 'C1', shelfId: 'S1' } });
  });

  it('does not call a tag between two shelves misplaced while its own shelf still sees it', () => {
    const h = engine({ F000000001: { cabinetId: 'C1', shelfId: 'S1' } });
    h.read('1', 1);
    h.read('1', 2);
    expect(h.types()).toEqual(['item-returned:F000000001@C1/S1']);
  });

  it('reports misplacement when the right shelf loses it but a wrong one keeps it, and clears it when put back', () => {
    const h = engine({ F000000001: { cabinetId: 'C1', shelfId: 'S1' } });
    h.read('1', 1);
    h.read('1', 2);
    h.advance(2000);
    for (let i = 0; i < 4; i++) {
      h.read('1', 2);
      h.round(1);
      h.round(2);
    }
    expect(h.events.map((e) => e.type)).toEqual(['item-returned', 'item-misplaced']);
    h.read('1', 1);
    expect(h.types().at(-1)).toBe('item-returned:F000000001@C1/S1');
  });

  it('treats two antennas of one shelf as the same place', () => {
    const h = engine({ F000000003: { cabinetId: 'C1', shelfId: 'S2' } });
    h.read('3', 3);
    expect(h.events.map((e) => e.type)).toEqual(['item-returned']);
  });

  it('reports unknown tags once per presence, and ignores unmapped antennas', () => {
    const h = engine();
    h.read('E280116060000205');
    h.read('E280116060000205');
    h.read('1', 4); // antenna 4 is not mapped
    expect(h.types()).toEqual(['unknown-tag:E280116060000205@C1/S1']);
    expect(h.e.stats).toMatchObject({ reads: 3, unmappedReads: 1 });
  });

  it('starts from a seeded state and reports only changes', () => {
    const h = engine();
    h.e.seed([
      { epc: '1', cabinetId: 'C1', shelfId: 'S1' },
      { epc: '2', cabinetId: 'C1', shelfId: 'S2' },
    ]);
    h.read('1');
    h.advance(1500);
    for (let i = 0; i < 4; i++) {
      h.read('1');
      h.round(1);
      h.round(2);
    }
    expect(h.types()).toEqual(['item-removed:F000000002@C1/S2']);
    expect(h.e.snapshot()).toEqual([
      { epc: '1', itemId: 'F000000001', locations: [{ cabinetId: 'C1', shelfId: 'S1' }] },
    ]);
  });

  it('resolves each tag once per presence, not once per read', () => {
    let calls = 0;
    const h = engine({}, { resolveItem: () => (calls++, 'F000000009') });
    for (let i = 0; i < 1000; i++) h.read('9');
    expect(calls).toBe(1);
  });
});
