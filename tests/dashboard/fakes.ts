// Fakes for the board's component tests: the kiosk's fake fetch and fake socket (tests/kiosk/fakes.ts),
// with the board's own server answers. The e2e test (tests/e2e/dashboard.e2e.test.ts) has the real server.
import type {
  AlarmLog,
  AlarmView,
  BoardSummary,
  FolderTimeline,
  Holdings,
  ItemView,
  Me,
  SearchResult,
  TimelineEntry,
  OutboxStatus,
  CabinetMap,
  DeviceHealthList,
  BoardHolders,
  BoardLoans,
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
  counts: { inPlace: 1498, out: 63, overdue: 20, removed: 3, inTransfer: 4, missing: 2 },
  at: '2026-11-25T04:00:00.000Z',
  headSeq: 100, // the fake socket's head (tests/kiosk/fakes.ts FakeSocket.head)
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
  acknowledgedAt: null,
  acknowledgedByName: null,
  escalationLevel: 0,
  escalationLabel: { zh: '主管', en: 'Supervisor' },
  escalatedAt: null,
  resolvedAt: null,
  resolvedByName: null,
  resolutionCause: null,
  causeLabel: null,
  resolution: null,
};

/**
 * GET /alarms/3/log: the alarm above, escalated by the system when nobody answered, acknowledged with a
 * note, then resolved with a cause and a note (the server's log, oldest first).
 */
export const ALARM_LOG: AlarmLog = {
  alarm: {
    ...ALARM,
    acknowledgedAt: '2026-11-25T03:40:00.000Z',
    acknowledgedByName: '王主管',
    escalationLevel: 1,
    escalationLabel: { zh: '管理处负责人', en: 'Site manager' },
    escalatedAt: '2026-11-25T03:30:00.000Z',
    resolvedAt: '2026-11-25T03:55:00.000Z',
    resolvedByName: '黄总',
    resolutionCause: 'returned',
    causeLabel: { zh: '已归还', en: 'Returned' },
    resolution: '在门口追回，已放回原位',
  },
  actions: [
    {
      id: 21,
      action: 'escalate',
      at: '2026-11-25T03:30:00.000Z',
      byName: null,
      note: null,
      cause: null,
      causeLabel: null,
      escalationLevel: 1,
      escalationLabel: { zh: '管理处负责人', en: 'Site manager' },
    },
    {
      id: 22,
      action: 'acknowledge',
      at: '2026-11-25T03:40:00.000Z',
      byName: '王主管',
      note: '已通知档案室核查',
      cause: null,
      causeLabel: null,
      escalationLevel: null,
      escalationLabel: null,
    },
    {
      id: 23,
      action: 'resolve',
      at: '2026-11-25T03:55:00.000Z',
      byName: '黄总',
      note: '在门口追回，已放回原位',
      cause: 'returned',
      causeLabel: { zh: '已归还', en: 'Returned' },
      escalationLevel: null,
      escalationLabel: null,
    },
  ],
};

/** GET /notifications/outbox: two channels, a digest sent, one retrying, an alarm notice given up. */
export const OUTBOX: OutboxStatus = {
  counts: [
    { channel: 'mail', channelKind: 'email', status: 'sent', count: 12 },
    { channel: 'mail', channelKind: 'email', status: 'failed', count: 1 },
    { channel: 'hy-room', channelKind: 'wecom', status: 'sent', count: 30 },
    { channel: 'hy-room', channelKind: 'wecom', status: 'dead', count: 1 },
  ],
  channels: [
    { id: 'mail', kind: 'email' },
    { id: 'hy-room', kind: 'wecom' },
  ],
  notices: [
    {
      id: 44,
      channel: 'hy-room',
      channelKind: 'wecom',
      about: { kind: 'alarm', ref: '17' },
      preview: '【档案报警】未登记取出：…',
      recipients: [],
      status: 'dead',
      attempts: 8,
      lastError: 'wecom: refused {"errcode":93000,"errmsg":"invalid webhook url"}',
      createdAt: '2026-11-25T02:00:00.000Z',
      lastAttemptAt: '2026-11-25T03:50:00.000Z',
      nextAttemptAt: null,
      sentAt: null,
    },
    {
      id: 43,
      channel: 'mail',
      channelKind: 'email',
      about: { kind: 'overdue_digest', ref: '2026-11-25' },
      preview: '【逾期提醒】您有2件档案逾期未还（2026-11-25）',
      recipients: ['z***@example.org'],
      status: 'failed',
      attempts: 2,
      lastError: 'connect ECONNREFUSED',
      createdAt: '2026-11-25T00:30:00.000Z',
      lastAttemptAt: '2026-11-25T00:31:00.000Z',
      nextAttemptAt: '2026-11-25T00:32:00.000Z',
      sentAt: null,
    },
    {
      id: 42,
      channel: 'mail',
      channelKind: 'email',
      about: { kind: 'overdue_digest', ref: '2026-11-25' },
      preview: '【逾期汇总】3人共5件档案逾期未还（2026-11-25）',
      recipients: ['w***@example.org'],
      status: 'sent',
      attempts: 1,
      lastError: null,
      createdAt: '2026-11-25T00:30:00.000Z',
      lastAttemptAt: '2026-11-25T00:30:05.000Z',
      nextAttemptAt: null,
      sentAt: '2026-11-25T00:30:05.000Z',
    },
  ],
  total: 3,
  at: '2026-11-25T04:00:00.000Z',
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

type Device = DeviceHealthList['devices'][number];

export function device(id: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    kind: 'rfid_reader',
    name: id,
    place: { type: 'cabinet', id: 'R1-C01', name: null },
    connected: true,
    condition: 'ok',
    reason: null,
    lastSeen: '2026-11-25T03:59:50.000Z',
    since: '2026-11-25T01:00:00.000Z',
    counters: { framingErrors: 0, reconnects: 0, timeouts: 0 },
    ...overrides,
  };
}

/** The devices as GET /dashboard/devices lists them: the one needing a look first. */
export const DEVICES: DeviceHealthList = {
  devices: [
    device('gate-1', {
      kind: 'gate',
      place: { type: 'station', id: 'kiosk-1', name: '档案室门口' },
      condition: 'degraded',
      reason: 'no verified frame for 5000 ms',
      lastSeen: '2026-11-25T03:48:00.000Z',
      counters: { framingErrors: 3, reconnects: 2, timeouts: 7 },
    }),
    device('cab-R1-C01'),
    device('door-scanner', {
      kind: 'scanner',
      place: { type: 'station', id: 'kiosk-1', name: '档案室门口' },
      lastSeen: null,
    }),
  ],
  at: '2026-11-25T04:00:00.000Z',
};

const shelf = (
  n: number,
  inPlace: number,
  reader: { seen: number; foreign: number; unknown: number } | null,
) => ({
  code: `R1-C01-S${n}`,
  name: `第${n}层`,
  capacity: 40,
  home: inPlace + 2,
  inPlace,
  out: 2,
  away: 0,
  reader,
});

export function cabinetMap(firstShelfInPlace = 32): CabinetMap {
  return {
    at: '2026-11-25T04:00:00.000Z',
    rooms: [
      {
        code: 'R1',
        name: '档案室',
        cabinets: [
          {
            code: 'R1-C01',
            name: '1号档案柜',
            reader: { deviceId: 'cab-R1-C01', state: 'connected' },
            shelves: [
              shelf(1, firstShelfInPlace, { seen: firstShelfInPlace, foreign: 0, unknown: 0 }),
              shelf(2, 30, { seen: 31, foreign: 1, unknown: 0 }),
            ],
          },
          {
            code: 'R1-C02',
            name: '2号档案柜',
            reader: null,
            shelves: [{ ...shelf(1, 12, null), code: 'R1-C02-S1' }],
          },
        ],
      },
    ],
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
  server.on('GET', `/alarms/${ALARM.id}/log`, { body: ALARM_LOG });
  server.on('GET', '/notifications/outbox', { body: OUTBOX });
  server.on('GET', '/dashboard/devices', { body: DEVICES });
  server.on('GET', '/dashboard/cabinets', { body: cabinetMap() });
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

/** GET /search for a room: its property, one dossier with two volumes (the timeline page lists both). */
export function roomSearch(): SearchResult {
  const dossier = {
    id: 11,
    archiveNo: 'HY-3-2-1502',
    kind: 'individual_buyer',
    kindLabel: { zh: '个人业主', en: 'Individual buyer' },
    title: '华苑3栋2单元1502 客户档案',
    year: 2019,
    confidentiality: 'C',
    retention: 'permanent',
    status: 'active',
    legalHold: false,
    departmentId: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    property: { id: 5, ref: 'HY-3-2-1502', name: '华苑 3栋2单元1502' },
  };
  const brief = (id: number, volumeNo: number, title: string) => ({
    id,
    barcode: `F0000000${id}`,
    kind: 'folder',
    title,
    volumeNo,
    folderGroup: 'a',
    state: 'in_place',
    stateLabel: { zh: '在架', en: 'In place' },
    location: { id: 4, code: 'R1-C04-S1' },
    holder: null,
    dueAt: null,
    overdue: false,
  });
  return {
    kind: 'property',
    routes: ['room'],
    query: '3-2-1502',
    hits: [
      {
        type: 'property',
        property: {
          id: 5,
          ref: 'HY-3-2-1502',
          name: '华苑 3栋2单元1502',
          room: '1502',
          usage: 'residential',
          areaM2: 98.5,
          estate: { id: 1, code: 'HY', name: '华苑' },
          building: { id: 3, code: '3' },
          unit: { id: 2, code: '2' },
        },
        owners: [],
        dossiers: [{ dossier, items: [brief(61, 1, '销售、签约资料'), brief(62, 2, '办证及入伙资料')] }],
      },
    ],
    more: false,
  };
}

function row(seq: number, over: Partial<TimelineEntry>): TimelineEntry {
  return {
    seq,
    at: '2026-11-20T02:00:00.000Z',
    action: 'registered',
    actor: { userId: 2, name: '李档案' },
    fromState: null,
    toState: 'in_place',
    toStateLabel: { zh: '在架', en: 'In place' },
    fromLocation: null,
    toLocation: { id: 4, code: 'R1-C04-S1', label: '4号档案柜 第1层' },
    fromHolder: null,
    toHolder: null,
    reason: null,
    approvalRef: null,
    station: 'kiosk-1',
    stationName: '档案室门口',
    prevHash: 'a'.repeat(64),
    hash: `${String(seq).padStart(4, '0')}${'b'.repeat(60)}`,
    ...over,
  };
}

/** A folder's timeline: registered, checked out to 张伟, returned; verified through its last row. */
export function timelineOf(id = 61, verification?: FolderTimeline['verification']): FolderTimeline {
  return {
    item: folder({
      id,
      barcode: `F0000000${id}`,
      title: '销售、签约资料',
      dossier: { id: 11, archiveNo: 'HY-3-2-1502', kind: 'individual_buyer', confidentiality: 'C' },
      property: { ref: 'HY-3-2-1502', name: '华苑 3栋2单元1502' },
      location: { id: 4, code: 'R1-C04-S1', name: '第1层', label: '4号档案柜 第1层' },
    }),
    entries: [
      row(12, {}),
      row(340, {
        at: '2026-11-24T01:30:00.000Z',
        action: 'check_out',
        actor: { userId: 8, name: '张伟' },
        fromState: 'in_place',
        toState: 'out',
        toStateLabel: { zh: '借出', en: 'Checked out' },
        fromLocation: { id: 4, code: 'R1-C04-S1', label: '4号档案柜 第1层' },
        toLocation: null,
        toHolder: { userId: 8, name: '张伟' },
        reason: '业主查阅',
      }),
      row(512, {
        at: '2026-11-25T03:00:00.000Z',
        action: 'check_in',
        actor: null,
        fromState: 'out',
        fromHolder: { userId: 8, name: '张伟' },
        station: 'cabinet-4',
        stationName: null,
      }),
    ],
    more: false,
    lastSeq: 512,
    verification: verification ?? { verified: true, throughSeq: 512, rows: 512 },
    at: '2026-11-25T04:00:00.000Z',
  };
}
