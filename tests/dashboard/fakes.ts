// Fakes for the board's component tests: the kiosk's fake fetch and fake socket (tests/kiosk/fakes.ts),
// with the board's own server answers. The e2e test (tests/e2e/dashboard.e2e.test.ts) has the real server.
import type {
  AlarmView,
  BoardHolders,
  BoardLoans,
  BoardSummary,
  Holdings,
  ItemView,
  Me,
  StationActivity,
} from '../../kiosk/src/shared/api/types';
import type { CustodyEvent } from '../../kiosk/src/shared/api/events';
import { createDashboardApi } from '../../kiosk/src/dashboard/api';
import { DashboardController } from '../../kiosk/src/dashboard/controller';
import { memoryAddress, type Address } from '../../kiosk/src/dashboard/navigation';
import { memoryStore, type TokenStore } from '../../kiosk/src/dashboard/state/wall';
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
  counts: { inPlace: 1498, out: 63, overdue: 20, removed: 3, missing: 2 },
  at: '2026-11-25T04:00:00.000Z',
};

export const LATE: ItemView = {
  ...folder({ id: 41, barcode: 'F000000041' }),
  state: 'out',
  holder: { userId: 8, name: '张伟' },
  dueAt: '2026-11-22T15:59:59.999Z',
  overdue: true,
};

/** The overdue list's answer: the loan with its holder's contact as a supervisor sees it (phone masked). */
export const LATE_LOANS: BoardLoans = {
  total: 1,
  items: [{ item: LATE, contact: { phone: '139****1008', extension: '8008' } }],
};

export const HOLDERS: BoardHolders = {
  by: 'person',
  total: 2,
  people: [
    {
      userId: 8,
      name: '张伟',
      departmentId: 1,
      department: '客服部',
      count: 3,
      overdue: 1,
      oldestOutAt: '2026-11-02T02:00:00.000Z',
      nearestDueAt: '2026-11-22T15:59:59.999Z',
    },
    {
      userId: 9,
      name: '孙丽',
      departmentId: 2,
      department: '销售部',
      count: 1,
      overdue: 0,
      oldestOutAt: '2026-11-24T02:00:00.000Z',
      nearestDueAt: '2026-12-24T15:59:59.999Z',
    },
  ],
  departments: [],
  at: '2026-11-25T04:00:00.000Z',
};

export const DEPARTMENTS: BoardHolders = {
  by: 'department',
  total: 2,
  people: [],
  departments: [
    {
      departmentId: 1,
      department: '客服部',
      holders: 4,
      count: 9,
      overdue: 2,
      oldestOutAt: '2026-11-02T02:00:00.000Z',
      nearestDueAt: '2026-11-22T15:59:59.999Z',
    },
    {
      departmentId: null,
      department: null,
      holders: 1,
      count: 1,
      overdue: 0,
      oldestOutAt: '2026-11-24T02:00:00.000Z',
      nearestDueAt: '2026-12-24T15:59:59.999Z',
    },
  ],
  at: '2026-11-25T04:00:00.000Z',
};

export const STATIONS: StationActivity[] = [
  {
    station: { id: 'kiosk-1', name: '档案室门口', room: 'R1' },
    paired: true,
    screens: 1,
    online: true,
    lastSeenAt: '2026-11-25T01:00:00.000Z',
    checkOuts: 12,
    checkIns: 7,
    lastEventAt: '2026-11-25T03:59:30.000Z',
  },
  {
    station: { id: 'kiosk-2', name: '二楼借阅台', room: 'R1' },
    paired: false,
    screens: 0,
    online: false,
    lastSeenAt: null,
    checkOuts: 0,
    checkIns: 0,
    lastEventAt: null,
  },
];

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
export function setup(
  me: Me = person('supervisor', '李主管'),
  address: Address = memoryAddress(),
  tokenStore: TokenStore = memoryStore(),
  wallPageMs?: number,
) {
  const server = fakeServer();
  const sockets: FakeSocket[] = [];
  server.on('POST', '/auth/login', { body: { token: 'tok-1', me } });
  server.on('POST', '/auth/logout', { body: { ok: true } });
  server.on('GET', '/auth/me', { body: me });
  server.on('GET', '/dashboard/summary', { body: SUMMARY });
  server.on('GET', '/holdings/all', { body: { total: 1, items: [LATE] } satisfies Holdings });
  server.on('GET', '/alarms', { body: { alarms: [ALARM] } });
  server.on('GET', '/dashboard/loans', { body: LATE_LOANS });
  server.on('GET', '/dashboard/holders', { body: HOLDERS });
  server.on('GET', '/dashboard/stations', {
    body: { stations: STATIONS, since: '2026-11-24T16:00:00.000Z' },
  });
  server.on('GET', '/dashboard/recent', { body: { events: [] } });
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
    tokenStore,
    ...(wallPageMs ? { wallPageMs } : {}),
  });
  const stop = c.start();
  return { c, server, sockets, stop, address };
}
