// The system administrator's board over the real channel (real socket.io clients, real server and
// database): admin may join the 'dashboard' audience with device.read and receives device health only:
// no custody event (live or replayed by seq), no alarm (not even one about no folder), no cabinet change.
// Staff still may not join. The per-event rule is DASHBOARD_EVENTS in server/realtime/channel.ts.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../server/realtime/feed.js';
import type { DeviceHealth } from '../../server/services/device-health.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

type Reply = { ok: boolean; code?: string; data?: { head: number; openAlarms: unknown[] } };

describe('the admin’s board on the real-time channel', () => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    a = await buildSmallArchive(t.db);
    server = await startTestServer(t.db);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await t?.drop();
  });

  /** A signed-in socket, recording every board event it receives. */
  async function watcher(username: string) {
    const token = (await client(server.url).login(username, PASSWORD)).body.token;
    const socket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
      extraHeaders: { origin: server.url },
    });
    sockets.push(socket);
    const got = { custody: [] as CustodyEvent[], alarm: [] as unknown[], device: [] as DeviceHealth[] };
    const cabinet: unknown[] = [];
    socket.on('custody', (e: CustodyEvent) => got.custody.push(e));
    socket.on('alarm', (e: unknown) => got.alarm.push(e));
    socket.on('device', (e: DeviceHealth) => got.device.push(e));
    socket.on('cabinet', (e: unknown) => cabinet.push(e));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const subscribe = (payload: unknown) =>
      socket.timeout(5000).emitWithAck('subscribe', payload) as Promise<Reply>;
    return { socket, got, cabinet, subscribe };
  }
  const until = async (cond: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const health = (id: string, condition: DeviceHealth['condition']): DeviceHealth => ({
    id,
    kind: 'rfid_reader',
    name: '1号柜读写器',
    place: { type: 'cabinet', id: 'R1-C01', name: null },
    connected: condition !== 'down',
    condition,
    reason: condition === 'ok' ? null : 'port closed',
    lastSeen: new Date().toISOString(),
    since: new Date().toISOString(),
    counters: { framingErrors: 0, reconnects: 1, timeouts: 0 },
  });

  it('lets staff not subscribe to the board, and admin subscribe with device.read', async () => {
    const staff = await watcher('staff');
    expect(await staff.subscribe({ audience: 'dashboard' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const admin = await watcher('admin');
    const reply = await admin.subscribe({ audience: 'dashboard' });
    expect(reply).toMatchObject({ ok: true, data: { openAlarms: [] } });
  });

  it('sends admin device health, and no custody, alarm or cabinet event; a supervisor gets them all', async () => {
    const admin = await watcher('admin');
    const supervisor = await watcher('supervisor');
    expect((await admin.subscribe({ audience: 'dashboard' })).ok).toBe(true);
    expect((await supervisor.subscribe({ audience: 'dashboard' })).ok).toBe(true);

    // A check-out at the API, an alarm about a folder and one about no folder, a cabinet change.
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    const out = await staff.post('/circulation/check-out', { items: [a.items.c1], purpose: '查阅' });
    expect(out.status).toBe(200);
    const itemId = (await t.db.knex('items').where({ barcode: a.items.c1 }).first<{ id: number }>())!.id;
    for (const id of [itemId, null])
      await server.app.services.alarms.raise({
        kind: 'misplaced',
        itemId: id,
        deviceId: 'r1',
        place: 'R1-C01-S1',
      });
    server.app.bus.publish('cabinet_changed', { cabinetId: 'R1-C01' });
    // The device service publishes a device's new health on the bus; no serial device runs here, so the
    // test publishes what it would for a reader that went down.
    server.app.bus.publish('device_health', health('reader-r1', 'down'));

    await until(
      () =>
        supervisor.got.custody.length >= 1 &&
        supervisor.got.alarm.length >= 2 &&
        supervisor.cabinet.length >= 1 &&
        supervisor.got.device.length >= 1 &&
        admin.got.device.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 300)); // and nothing more reaches the admin
    expect(supervisor.got.custody.map((e) => e.item.barcode)).toEqual([a.items.c1]);
    expect(admin.got.device).toEqual([expect.objectContaining({ id: 'reader-r1', condition: 'down' })]);
    expect(admin.got.custody).toEqual([]);
    expect(admin.got.alarm).toEqual([]);
    expect(admin.cabinet).toEqual([]);

    // Replay by seq from the log's start: nothing for the admin, and no open alarms handed over.
    const again = await watcher('admin');
    const resumed = await again.subscribe({ audience: 'dashboard', afterSeq: 0 });
    expect(resumed).toMatchObject({ ok: true, data: { openAlarms: [] } });
    expect(resumed.data!.head).toBeGreaterThan(0);
    const replay = await watcher('supervisor');
    expect((await replay.subscribe({ audience: 'dashboard', afterSeq: 0 })).ok).toBe(true);
    await until(() => replay.got.custody.length >= 1); // the same replay gives a supervisor the check-out
    await new Promise((r) => setTimeout(r, 300));
    expect(again.got.custody).toEqual([]);
  });
});
