// Fakes for the kiosk's component tests. There is no real server here: a fake fetch answers from a table of
// routes (recording every call), and a fake socket stands in for socket.io; the tests play the server side.
// The end-to-end test (tests/e2e/kiosk.e2e.test.ts) runs the same screens against a real server.
import { vi } from 'vitest';
import type { ItemView, Me, Summary } from '../../kiosk/src/shared/api/types';
import type { SocketLike } from '../../kiosk/src/shared/socket';
import { createApi } from '../../kiosk/src/kiosk/api';
import { KioskController, type KioskDeps } from '../../kiosk/src/kiosk/controller';

export interface Call {
  method: string;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

type Reply = { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;
type Handler = (call: Call) => Reply;

/** A fetch that answers `METHOD /path` (path without /api/v1 and query) from `routes`. */
export function fakeServer() {
  const routes = new Map<string, Handler>();
  const calls: Call[] = [];
  let down = false;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input).replace(/^\/api\/v1/, '');
    const path = url.split('?')[0]!;
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: Call = {
      method,
      path,
      query: Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? '')),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      authorization: headers.authorization,
    };
    calls.push(call);
    if (down) throw new TypeError('Failed to fetch');
    const handler = routes.get(`${method} ${path}`);
    const reply = handler
      ? await handler(call)
      : { status: 404, body: refusal('ROUTE_NOT_FOUND', '没有这个接口', 'No such endpoint') };
    const status = reply.status ?? 200;
    const text = JSON.stringify(reply.body);
    return { ok: status < 400, status, text: async () => text } as unknown as Response;
  }) as typeof globalThis.fetch;
  return {
    fetch,
    calls,
    on(method: string, path: string, handler: Handler | { status?: number; body: unknown }) {
      routes.set(`${method} ${path}`, typeof handler === 'function' ? handler : () => handler);
    },
    setDown(value: boolean) {
      down = value;
    },
    callsTo(method: string, path: string) {
      return calls.filter((c) => c.method === method && c.path === path);
    },
  };
}
export type FakeServer = ReturnType<typeof fakeServer>;

export const refusal = (code: string, zh: string, en: string, details?: unknown) => ({
  code,
  message: zh,
  messages: { 'zh-CN': zh, en },
  details,
});

/** Stands in for a socket.io client; the test plays the server with emit/drop/reconnect. */
export class FakeSocket implements SocketLike {
  connected = false;
  active = true;
  subscriptions: Array<Record<string, unknown>> = [];
  head = 100;
  reply: (payload: Record<string, unknown>) => unknown = () => ({ ok: true, data: { head: this.head } });
  private handlers = new Map<string, Array<(...args: never[]) => void>>();

  on(event: string, listener: (...args: never[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
    return this;
  }
  timeout() {
    return {
      emitWithAck: async (event: string, payload: unknown) => {
        if (event === 'subscribe') this.subscriptions.push(payload as Record<string, unknown>);
        return this.reply(payload as Record<string, unknown>);
      },
    };
  }
  connect() {
    this.connected = true;
    this.emit('connect');
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  /** An event from the server. */
  emit(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
  /** The network goes away. */
  drop() {
    this.connected = false;
    this.emit('disconnect', 'transport close');
  }
}

export const STATION = { id: 'kiosk-1', name: '档案室门口 Archive-room door', room: 'R1' };

export const SUMMARY: Summary = {
  station: STATION,
  roomName: '一号档案室',
  demo: true,
  counts: { inPlace: 1498, out: 63, overdue: 20, removed: 3, missing: 2 },
  openAlarms: 1,
};

export const STAFF: Me = {
  userId: 8,
  username: 'staff',
  displayName: '张伟',
  role: 'staff',
  departmentId: null,
  kind: 'badge',
  station: 'kiosk-1',
  expiresAt: '2026-11-25T12:00:00.000Z',
  overdue: { count: 0, items: [], blocksNewLoans: false },
};

export function folder(overrides: Partial<ItemView> = {}): ItemView {
  return {
    id: 51,
    barcode: 'F000000050',
    epc: null,
    kind: 'folder',
    title: 'HY-1-1-303 销售、签约、办证及入伙资料',
    folderGroup: 'a',
    volumeNo: 1,
    state: 'in_place',
    stateLabel: { zh: '在架', en: 'In place' },
    location: { id: 4, code: 'R1-C01-S2', name: null, label: '1号档案柜 第2层' },
    holder: null,
    outAt: null,
    removedAt: null,
    dueAt: null,
    dueIfCheckedOut: '2026-12-02T15:59:59.999Z',
    overdue: false,
    purpose: null,
    dossier: { id: 11, archiveNo: 'HY-1-1-303', kind: 'individual_buyer', confidentiality: 'C' },
    property: { ref: 'HY-1-1-303', name: '华苑 1栋1单元303' },
    owner: '郭*浩',
    ...overrides,
  };
}

export function checkedOut(item: ItemView, dueAt = '2026-12-02T15:59:59.999Z'): ItemView {
  return {
    ...item,
    state: 'out',
    stateLabel: { zh: '借出', en: 'Checked out' },
    holder: { userId: STAFF.userId, name: STAFF.displayName },
    dueAt,
    dueIfCheckedOut: null,
    purpose: '业主查阅',
  };
}

export const entry = (seq: number, action: string) => ({ seq, at: '2026-11-25T03:10:00.000Z', action });

export function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

export const PAIRED = {
  'dangan.kiosk.station': JSON.stringify({ token: 'station-token', station: STATION }),
};

/** A controller over fakes, with the routes every paired screen calls already answered. */
export function setup(options: { paired?: boolean; deps?: Partial<KioskDeps> } = {}) {
  const server = fakeServer();
  const socket = new FakeSocket();
  const storage = memoryStorage(options.paired === false ? {} : PAIRED);
  const sound = { success: vi.fn(), refusal: vi.fn() };
  const tokens: string[] = [];
  server.on('GET', '/stations/kiosk-1/summary', { body: SUMMARY });
  server.on('POST', '/auth/badge', (call) => {
    const { pin } = call.body as { pin: string };
    return pin === '1234'
      ? { body: { token: 'operator-token', me: STAFF } }
      : { status: 401, body: refusal('BADGE_PIN_FAILED', '工牌或密码错误', 'Wrong badge or PIN') };
  });
  server.on('GET', '/holdings', { body: { total: 0, items: [] } });
  server.on('POST', '/auth/logout', { body: { ok: true } });
  const controller = new KioskController({
    api: createApi(server.fetch),
    connect: (token) => {
      tokens.push(token);
      return socket;
    },
    storage,
    sound,
    print: vi.fn(),
    ...options.deps,
  });
  return { controller, server, socket, storage, sound, tokens };
}

/** Types `text` as a keyboard-wedge scanner does: one keydown every `gapMs`, then Enter. */
export function wedgeType(text: string, gapMs = 5, target: EventTarget = document.body, start = 10_000) {
  let at = start;
  const key = (k: string) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
    Object.defineProperty(e, 'timeStamp', { value: at });
    target.dispatchEvent(e);
    at += gapMs;
    return e;
  };
  for (const ch of text) key(ch);
  return key('Enter');
}

/** Types keys as a person does (200 ms apart): never taken for a scan. */
export function personType(keys: string[], start = 100_000, target: EventTarget = document.body) {
  keys.forEach((k, i) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
    Object.defineProperty(e, 'timeStamp', { value: start + i * 200 });
    target.dispatchEvent(e);
  });
}
