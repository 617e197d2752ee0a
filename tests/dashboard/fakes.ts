// Fakes for the board's component tests: the kiosk's fake fetch and fake socket (tests/kiosk/fakes.ts),
// with the board's own server answers. The e2e test (tests/e2e/dashboard.e2e.test.ts) has the real server.
import type { AlarmView, BoardSummary, Holdings, ItemView, Me } from '../../kiosk/src/shared/api/types';
import type { CustodyEvent } from '../../kiosk/src/shared/api/events';
import { createDashboardApi } from '../../kiosk/src/dashboard/api';
import { DashboardController } from '../../kiosk/src/dashboard/controller';
import { memoryAddress, type Address } from '../../kiosk/src/dashboard/navigation';
import { FakeSocket, fakeServer, folder } from '../kiosk/fakes';

export { FakeSocket, refusal } from '../kiosk/fakes';

export const NOW = Date.parse('2026-11-25T04:00:00.000Z');

export function person(role: string, displayName: string): Me {
  return {
    userId: 7,
    username: role,
    displayName,
    role,
    departmentId: 1,
    kind: 'password',
    station: null,
    expiresAt: '2026-11-25T12:00:00.000Z',
    overdue: { count: 0, items: [], blocksNewLoans: false },
  };
}

export const SUMMARY: BoardSummary = {
  counts: { inPlace: 1498, out: 63, overdue: 20, removed: 3, inTransfer: 4, missing: 2 },
  at: '2026-11-25T04:00:00.000Z',
};

export const LATE: ItemView = {
  ...folder({ id: 41, barcode: 'F000000041' }),
  state: 'out',
  holder: { userId: 8, name: '张伟' },
  dueAt: '2026-11-22T15:59:59.999Z',
  overdue: true,
};

export const ALARM: AlarmView = {
  id: 3,
  raisedAt: '2026-11-25T03:15:00.000Z',
  kind: 'unauthorised_removal',
  label: { zh: '未登记取出', en: 'Removed without check-out' },
  barcode: 'F000000052',
  archiveNo: 'HY-01-2-0603',
  epc: null,
  deviceId: 'cabinet-1',
  place: 'R1-C01-S2',
  placeName: '1号档案柜 第2层',
  detail: null,
  custodySeq: null,
  resolvedAt: null,
  resolution: null,
};

export function custody(seq: number, barcode: string, action = 'check_out'): CustodyEvent {
  return {
    seq,
    at: '2026-11-25T03:59:30.000Z',
    action: action as CustodyEvent['action'],
    station: 'kiosk-1',
    stationName: '档案室门口',
    fromState: 'in_place',
    toState: 'out',
    toStateLabel: { zh: '借出', en: 'Out' },
    actor: { userId: 8, name: '张伟' },
    holder: { userId: 8, name: '张伟' },
    fromLocation: 'R1-C04-S1',
    toLocation: null,
    fromLocationName: '4号档案柜 第1层',
    toLocationName: null,
    reason: '业主查阅',
    item: {
      id: seq,
      barcode,
      title: '客户档案',
      kind: 'folder',
      folderGroup: 'a',
      archiveNo: `HY-${barcode.slice(-4)}`,
      propertyName: '华苑 1栋2单元0603',
    },
  };
}

/** A board against a fake server that signs `me` in, with a fake socket per sign-in. */
export function setup(me: Me = person('supervisor', '李主管'), address: Address = memoryAddress()) {
  const server = fakeServer();
  const sockets: FakeSocket[] = [];
  server.on('POST', '/auth/login', { body: { token: 'tok-1', me } });
  server.on('POST', '/auth/logout', { body: { ok: true } });
  server.on('GET', '/auth/me', { body: me });
  server.on('GET', '/dashboard/summary', { body: SUMMARY });
  server.on('GET', '/holdings/all', { body: { total: 1, items: [LATE] } satisfies Holdings });
  server.on('GET', '/alarms', { body: { alarms: [ALARM] } });
  const c = new DashboardController({
    api: createDashboardApi(server.fetch),
    connect: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    now: () => NOW,
    refreshDelayMs: 0,
    address,
  });
  const stop = c.start();
  return { c, server, sockets, stop, address };
}
