// Device health as the board shows it: a port's status and its driver's counters in one shape, the order
// (needing a look first) and the per-device throttle (the first at once, then the latest after a second).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceStatus } from '../../hardware/index.js';
import { boardMay } from '../../server/domain/access.js';
import { KeyedThrottle, byUrgency, serialHealth } from '../../server/services/device-health.js';

const status = (o: Partial<DeviceStatus> = {}): DeviceStatus => ({
  id: 'cab-1',
  protocol: 'r2000',
  role: 'cabinet-reader',
  state: 'connected',
  path: '/dev/ttyUSB0',
  bytesIn: 100,
  framesIn: 10,
  checksumErrors: 2,
  lastSeen: Date.parse('2026-11-25T04:00:00Z'),
  lastFrameAt: null,
  reconnects: 1,
  lastError: null,
  since: Date.parse('2026-11-25T03:00:00Z'),
  ...o,
});

afterEach(() => vi.useRealTimers());

describe('device health', () => {
  it('maps a reader’s status and its driver’s counters', () => {
    const config = { binding: { cabinetId: 'R1-C01' } } as never;
    const handler = { counters: { timeouts: 4, malformed: 1, rounds: 9, tags: 3 } } as never;
    expect(serialHealth(status(), config, handler)).toEqual({
      id: 'cab-1',
      kind: 'rfid_reader',
      name: 'cab-1',
      place: { type: 'cabinet', id: 'R1-C01', name: null },
      connected: true,
      condition: 'ok',
      reason: null,
      lastSeen: '2026-11-25T04:00:00.000Z',
      since: '2026-11-25T03:00:00.000Z',
      counters: { framingErrors: 3, reconnects: 1, timeouts: 4 },
    });
    const silent = serialHealth(status({ state: 'unhealthy' }), undefined, undefined);
    expect(silent).toMatchObject({
      condition: 'degraded',
      connected: true,
      reason: 'no answer',
      place: null,
    });
    const gone = serialHealth(
      status({ state: 'disconnected', role: 'gate-reader', lastError: 'EIO' }),
      undefined,
      undefined,
    );
    expect(gone).toMatchObject({ kind: 'gate', condition: 'down', connected: false, reason: 'EIO' });
    expect(
      [silent, gone, serialHealth(status(), undefined, undefined)].sort(byUrgency).map((h) => h.condition),
    ).toEqual(['down', 'degraded', 'ok']);
  });

  it('throttles per device: the first at once, the latest after the interval, other devices unaffected', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const throttle = new KeyedThrottle<string>(
      1000,
      (v) => sent.push(v),
      () => Date.now(),
    );
    throttle.push('a', 'a1');
    throttle.push('a', 'a2');
    throttle.push('a', 'a3');
    throttle.push('b', 'b1');
    expect(sent).toEqual(['a1', 'b1']);
    vi.advanceTimersByTime(999);
    expect(sent).toEqual(['a1', 'b1']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a1', 'b1', 'a3']);
    vi.advanceTimersByTime(5000);
    throttle.push('a', 'a4');
    expect(sent).toEqual(['a1', 'b1', 'a3', 'a4']);
    throttle.push('a', 'a5');
    throttle.stop();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual(['a1', 'b1', 'a3', 'a4']);
  });
});

describe('boardMay: which records count in the board’s figures', () => {
  const supervisor = (estateIds: number[] | 'all', departmentId: number | null = null) => ({
    userId: 1,
    role: 'supervisor' as const,
    departmentId,
    estateIds,
  });
  it('is the reading rule, which holds a supervisor to the estates they serve', () => {
    expect(boardMay(supervisor([]), { estateId: 2, confidentiality: 'C' })).toBe(false);
    expect(boardMay(supervisor('all'), { estateId: 2, confidentiality: 'C' })).toBe(true);
    expect(boardMay(supervisor([1]), { estateId: 2, confidentiality: 'C' })).toBe(false);
    expect(boardMay(supervisor([1]), { estateId: 1, confidentiality: 'B' })).toBe(true);
    expect(boardMay(supervisor([1]), { estateId: 1, confidentiality: 'A' })).toBe(false);
    expect(boardMay(supervisor('all'), { estateId: null, dossierKind: 'litigation' })).toBe(false);
    expect(boardMay({ ...supervisor([1]), role: 'gm' }, { estateId: null, dossierKind: 'litigation' })).toBe(
      true,
    );
    // An estate-less file is its department's.
    expect(boardMay(supervisor([1], 3), { estateId: null, departmentId: 3 })).toBe(true);
    expect(boardMay(supervisor([1], 3), { estateId: null, departmentId: 4 })).toBe(false);
    // Staff never see the board, whatever their area.
    expect(boardMay({ ...supervisor('all'), role: 'staff' }, { estateId: 1 })).toBe(false);
  });
});
