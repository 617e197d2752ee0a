// The board's device side over a real pseudo-terminal (socat) and the real serialport package: an R2000
// cabinet reader driven by a simulator writing the real bytes. A real socket.io client on the dashboard
// audience sees the reader healthy in GET /dashboard/devices, what its antennas see in the cabinet map, a
// `cabinet` event when a folder leaves its shelf, and — when the reader is unplugged (socat killed) — a
// `device` event that turns it unhealthy, no more than about one per second.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SerialPort } from 'serialport';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemIdToEpc, validateDeviceConfigs, DEMO_COMPANY_PREFIX } from '../../hardware/index.js';
import { closeSimPort, openSimPort, startPtyPair, type PtyPair } from '../../hardware/sim/pty.js';
import { R2000Simulator } from '../../hardware/sim/r2000-sim.js';
import { createDanganApp, type DanganApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client } from '../helpers/server.js';

const epc = (barcode: string) => itemIdToEpc(barcode, { companyPrefix: DEMO_COMPANY_PREFIX });

interface Health {
  id: string;
  kind: string;
  condition: string;
  connected: boolean;
  reason: string | null;
  lastSeen: string | null;
  place: { type: string; id: string } | null;
  counters: { framingErrors: number; reconnects: number; timeouts: number };
}
interface Shelf {
  code: string;
  inPlace: number;
  reader: { seen: number; foreign: number; unknown: number } | null;
}
interface CabinetMap {
  rooms: Array<{ cabinets: Array<{ code: string; reader: { state: string } | null; shelves: Shelf[] }> }>;
}

describe('the board’s devices over a real pseudo-terminal', () => {
  let t: TestDatabase;
  let a: SmallArchive;
  let app: DanganApp;
  let dir: string;
  let pair: PtyPair;
  let simPort: SerialPort | undefined;
  let base: string;
  let socket: Socket;
  const cabinet = new R2000Simulator();
  const health: Array<Health & { heard: number }> = [];
  const cabinets: Array<{ cabinetId: string | null }> = [];

  const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 8000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-board-pty-'));
    t = await createTestDatabase('sqlite');
    a = await buildSmallArchive(t.db);
    pair = await startPtyPair(path.join(dir, 'cab-host'), path.join(dir, 'cab-dev'));
    simPort = await openSimPort(pair.devicePath, 115200);
    for (const barcode of [a.items.c1, a.items.c2, a.items.c3, a.items.b1]) cabinet.addTag(1, epc(barcode));
    cabinet.addTag(2, epc(a.items.elsewhere));
    // A folder of shelf 1 lies on shelf 2, and a tag that is not ours sits there too.
    cabinet.addTag(2, epc(a.items.c3));
    cabinet.addTag(2, 'E2801160600002054CC2AAAA');
    cabinet.attach(simPort);
    const devices = validateDeviceConfigs([
      {
        id: 'cab-1',
        protocol: 'r2000',
        role: 'cabinet-reader',
        identity: { path: pair.hostPath },
        framing: { baudRate: 115200 },
        binding: { cabinetId: 'R1-C01', shelves: { '1': 'R1-C01-S1', '2': 'R1-C01-S2', '3': 'R1-C01-S3' } },
        r2000: { antennas: [1, 2, 3], cyclePauseMs: 20 },
        watchdog: { silenceMs: 600, intervalMs: 100 },
      },
    ]);
    if (!devices.ok) throw new Error(devices.errors.join('\n'));
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: dir,
        logLevel: 'silent',
        demo: { loadOnFirstStart: false },
        security: { dataKey: 'cd'.repeat(32) },
        hardware: { removalGraceSeconds: 30, presence: { absentRounds: 2, absentMs: 300 } },
      },
    });
    app = await createDanganApp({ config, db: t.db, hardware: { devices: devices.devices } });
    await app.startDevices();
    await until('reader connected', () => app.devices.hub.statuses().every((s) => s.state === 'connected'));
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    const login = await client(base).login('supervisor', PASSWORD);
    socket = connect(base, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: login.body.token },
      extraHeaders: { origin: base },
    });
    socket.on('device', (h: Health) => health.push({ ...h, heard: Date.now() }));
    socket.on('cabinet', (c: { cabinetId: string | null }) => cabinets.push(c));
    await socket.timeout(5000).emitWithAck('subscribe', { audience: 'dashboard' });
  });

  afterAll(async () => {
    socket?.disconnect();
    await app?.closeHttp();
    await app?.devices.stop();
    if (simPort) await closeSimPort(simPort).catch(() => undefined);
    await pair?.kill().catch(() => undefined);
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the reader as healthy, and the map shows what its antennas see', async () => {
    const supervisor = client(base);
    await supervisor.login('supervisor', PASSWORD);
    const { body } = await supervisor.get<{ devices: Health[] }>('/dashboard/devices');
    expect(body.devices).toEqual([
      expect.objectContaining({
        id: 'cab-1',
        kind: 'rfid_reader',
        condition: 'ok',
        connected: true,
        reason: null,
        place: { type: 'cabinet', id: 'R1-C01', name: null },
      }),
    ]);
    expect(Date.parse(body.devices[0]!.lastSeen!)).toBeGreaterThan(Date.now() - 5000);
    // Shelf 2: the other estate's folder, shelf 1's folder and the foreign tag.
    await until('the reader has seen shelf 2', async () => {
      const map = (await supervisor.get<CabinetMap>('/dashboard/cabinets')).body;
      const s2 = map.rooms[0]!.cabinets[0]!.shelves.find((s) => s.code === 'R1-C01-S2')!;
      return s2.reader?.seen === 3 && s2.reader.foreign === 1 && s2.reader.unknown === 1;
    });
    const map = (await supervisor.get<CabinetMap>('/dashboard/cabinets')).body;
    expect(map.rooms[0]!.cabinets[0]!.reader).toEqual({ deviceId: 'cab-1', state: 'connected' });
    expect(map.rooms[0]!.cabinets[0]!.shelves.find((s) => s.code === 'R1-C01-S3')!.reader).toEqual({
      seen: 0,
      foreign: 0,
      unknown: 0,
    });
    // (The first arrivals may come before the socket subscribed; the next test makes a change it hears.)
  });

  it('sends a cabinet event when a folder leaves its shelf', async () => {
    cabinets.length = 0;
    cabinet.removeTag(epc(a.items.c2));
    await until('cabinet event', () => cabinets.some((c) => c.cabinetId === 'R1-C01'));
    const supervisor = client(base);
    await supervisor.login('supervisor', PASSWORD);
    const map = (await supervisor.get<CabinetMap>('/dashboard/cabinets')).body;
    expect(map.rooms[0]!.cabinets[0]!.shelves[0]!.reader!.seen).toBe(3);
  });

  it('turns the reader unhealthy on the dashboard when it is unplugged, at most about once a second', async () => {
    health.length = 0;
    const unplugged = Date.now();
    await pair.kill('SIGKILL');
    await until('the reader reported not ok', () =>
      health.some((h) => h.id === 'cab-1' && h.condition !== 'ok'),
    );
    const bad = health.find((h) => h.condition !== 'ok')!;
    expect(bad).toMatchObject({ id: 'cab-1', kind: 'rfid_reader' });
    expect(bad.reason).toEqual(expect.any(String));
    expect(bad.heard - unplugged).toBeLessThan(5000);
    // Let it flap (reopen attempts with backoff) for two seconds: events stay a second apart or more.
    await new Promise((r) => setTimeout(r, 2000));
    const times = health.filter((h) => h.id === 'cab-1').map((h) => h.heard);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
    const supervisor = client(base);
    await supervisor.login('supervisor', PASSWORD);
    const { body } = await supervisor.get<{ devices: Health[] }>('/dashboard/devices');
    expect(body.devices[0]!.condition).not.toBe('ok');
  });
});
