// The archive room's devices wired into the server, over real pseudo-terminals (socat) and the real
// serialport package: an R2000 cabinet reader, an R2000 door gate and a door scanner, each driven by a
// simulator writing the real bytes. Folders leaving and returning become custody-log rows and alarms.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemIdToEpc, validateDeviceConfigs, DEMO_COMPANY_PREFIX } from '../../hardware/index.js';
import { BarcodeScannerSim } from '../../hardware/sim/barcode-sim.js';
import { GateSimulator } from '../../hardware/sim/gate-sim.js';
import { closeSimPort, openSimPort, startPtyPair, type PtyPair } from '../../hardware/sim/pty.js';
import { R2000Simulator } from '../../hardware/sim/r2000-sim.js';
import { createDanganApp, type DanganApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Alarm } from '../../server/services/alarms.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client } from '../helpers/server.js';
import { io as connect } from 'socket.io-client';

const epc = (barcode: string) => itemIdToEpc(barcode, { companyPrefix: DEMO_COMPANY_PREFIX });

describe('cabinet reader, door gate and door scanner in the server', () => {
  let t: TestDatabase;
  let a: SmallArchive;
  let app: DanganApp;
  let dir: string;
  const ptys: PtyPair[] = [];
  const simPorts: SerialPort[] = [];
  const cabinet = new R2000Simulator();
  const gateReader = new R2000Simulator();
  let scanner: BarcodeScannerSim;
  const alarms: Alarm[] = [];

  async function pty(name: string, baud: number) {
    const pair = await startPtyPair(path.join(dir, `${name}-host`), path.join(dir, `${name}-dev`));
    ptys.push(pair);
    const port = await openSimPort(pair.devicePath, baud);
    simPorts.push(port);
    return { pair, port };
  }

  const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 8000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stateOf = async (barcode: string) =>
    ((await t.db.knex('items').where({ barcode }).first('state')) as { state: string }).state;
  const lastEntry = async (barcode: string) =>
    t.db
      .knex('custody_log as c')
      .join('items as i', 'i.id', 'c.item_id')
      .where('i.barcode', barcode)
      .orderBy('c.seq', 'desc')
      .first('c.*');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-cab-'));
    t = await createTestDatabase('sqlite');
    a = await buildSmallArchive(t.db);
    const cab = await pty('cab', 115200);
    const gate = await pty('gate', 115200);
    const door = await pty('door', 9600);
    // The cabinet holds what the database says is on its first two shelves.
    for (const [barcode, antenna] of [
      [a.items.c1, 1],
      [a.items.c2, 1],
      [a.items.c3, 1],
      [a.items.b1, 1],
      [a.items.elsewhere, 2],
    ] as const) {
      cabinet.addTag(antenna, epc(barcode));
    }
    cabinet.attach(cab.port);
    gateReader.attach(gate.port);
    scanner = new BarcodeScannerSim(door.port, { suffix: 'CRLF' });
    const devices = validateDeviceConfigs([
      {
        id: 'cab-1',
        protocol: 'r2000',
        role: 'cabinet-reader',
        identity: { path: cab.pair.hostPath },
        framing: { baudRate: 115200 },
        binding: { cabinetId: 'R1-C01', shelves: { '1': 'R1-C01-S1', '2': 'R1-C01-S2', '3': 'R1-C01-S3' } },
        r2000: { antennas: [1, 2, 3], cyclePauseMs: 20 },
      },
      {
        id: 'gate-1',
        protocol: 'r2000',
        role: 'gate-reader',
        identity: { path: gate.pair.hostPath },
        framing: { baudRate: 115200 },
        binding: { stationId: 'kiosk-1' },
        r2000: { antennas: [1, 2], cyclePauseMs: 20 },
      },
      {
        id: 'door-scanner',
        protocol: 'barcode',
        role: 'kiosk-scanner',
        identity: { path: door.pair.hostPath },
        framing: { baudRate: 9600 },
        binding: { stationId: 'kiosk-1' },
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
        hardware: { removalGraceSeconds: 1, presence: { absentRounds: 2, absentMs: 300 } },
      },
    });
    app = await createDanganApp({ config, db: t.db, hardware: { devices: devices.devices } });
    app.bus.subscribe('alarm', (alarm) => alarms.push(alarm));
    await app.startDevices();
    await until('devices connected', () => app.devices.hub.statuses().every((s) => s.state === 'connected'));
  });

  afterAll(async () => {
    await app?.devices.stop();
    for (const p of simPorts) await closeSimPort(p);
    for (const p of ptys) await p.kill();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a folder taken without a check-out becomes 未登记取出 with an alarm after the grace period, and is found when it is back', async () => {
    cabinet.removeTag(epc(a.items.c2));
    await until('removed', async () => (await stateOf(a.items.c2)) === 'removed');
    const missing = await lastEntry(a.items.c2);
    expect(missing).toMatchObject({
      action: 'missing',
      to_state: 'removed',
      station: 'cab-1',
      actor_user_id: null,
    });
    expect(missing.reason).toContain('R1-C01-S1');
    const alarm = alarms.find((x) => x.kind === 'unauthorised_removal' && x.barcode === a.items.c2)!;
    expect(alarm).toMatchObject({
      deviceId: 'cab-1',
      place: 'R1-C01-S1',
      placeName: '1号档案柜 第1层',
      custodySeq: Number(missing.seq),
      resolvedAt: null,
    });

    cabinet.addTag(1, epc(a.items.c2));
    await until('found', async () => (await stateOf(a.items.c2)) === 'in_place');
    expect(await lastEntry(a.items.c2)).toMatchObject({ action: 'found', station: 'cab-1' });
    await until('alarm resolved', () => alarms.some((x) => x.id === alarm.id && x.resolvedAt !== null));
  });

  it('a folder checked out in time raises nothing, and is checked in when it comes back', async () => {
    cabinet.removeTag(epc(a.items.c1));
    const actor = {
      userId: a.users.staff,
      role: 'staff' as const,
      departmentId: null,
      estateIds: [a.estateId],
    };
    await app.services.circulation.checkOut(
      { actor, station: 'kiosk-1' },
      { item: { barcode: a.items.c1 }, purpose: '查阅' },
    );
    await new Promise((r) => setTimeout(r, 1500)); // past the grace period
    expect(await stateOf(a.items.c1)).toBe('out');
    expect(alarms.filter((x) => x.barcode === a.items.c1)).toEqual([]);

    cabinet.addTag(1, epc(a.items.c1));
    await until('checked in', async () => (await stateOf(a.items.c1)) === 'in_place');
    expect(await lastEntry(a.items.c1)).toMatchObject({
      action: 'check_in',
      station: 'cab-1',
      from_holder_id: a.users.staff,
    });
    const inspection = await t.db.knex('inspections').orderBy('id', 'desc').first();
    expect(inspection.note).toContain('not inspected in person');
  });

  it('a folder on the wrong shelf raises a misplaced alarm that clears when it is put back', async () => {
    cabinet.removeTag(epc(a.items.c3));
    cabinet.addTag(3, epc(a.items.c3));
    await until('misplaced alarm', () =>
      alarms.some((x) => x.kind === 'misplaced' && x.barcode === a.items.c3),
    );
    expect(alarms.find((x) => x.kind === 'misplaced')).toMatchObject({
      place: 'R1-C01-S3',
      detail: 'belongs on R1-C01-S1',
    });
    cabinet.removeTag(epc(a.items.c3));
    cabinet.addTag(1, epc(a.items.c3));
    await until('misplaced resolved', () =>
      alarms.some((x) => x.kind === 'misplaced' && x.resolvedAt !== null),
    );
  });

  it('a tag that is not ours raises an unknown-tag alarm', async () => {
    cabinet.addTag(2, 'E2801160600002040000ABCD');
    await until('unknown tag', () =>
      alarms.some((x) => x.kind === 'unknown_tag' && x.epc === 'E2801160600002040000ABCD'),
    );
  });

  it('the door gate alarms for a folder that is not checked out, and lets a checked-out one pass', async () => {
    const gate = new GateSimulator(gateReader, [1, 2]);
    const actor = {
      userId: a.users.archivist,
      role: 'archivist' as const,
      departmentId: null,
      estateIds: 'all' as const,
    };
    await app.services.circulation.checkOut(
      { actor },
      { item: { barcode: a.items.b1 }, purpose: '核对', approvalRef: 'JY-1' },
    );
    await gate.pass({ epcs: [epc(a.items.b1)], dwellMs: 400 });
    await app.devices.watch.settled();
    expect(alarms.filter((x) => x.kind === 'gate')).toEqual([]);

    await gate.pass({ epcs: [epc(a.items.elsewhere)], dwellMs: 400 });
    await until('gate alarm', () => alarms.some((x) => x.kind === 'gate'));
    const alarm = alarms.find((x) => x.kind === 'gate')!;
    expect(alarm).toMatchObject({ barcode: a.items.elsewhere, deviceId: 'gate-1', place: 'kiosk-1' });
    expect(await lastEntry(a.items.elsewhere)).toMatchObject({
      action: 'seen',
      station: 'gate-1',
      reason: 'at the door gate without check-out',
    });
    // Repeated reads of the same passage raise one alarm.
    expect(alarms.filter((x) => x.kind === 'gate')).toHaveLength(1);
  });

  it('a scan on the door scanner reaches the station it is bound to', async () => {
    const scans: Array<{ stationId: string; code: string }> = [];
    const off = app.bus.subscribe('station_scan', ({ stationId, scan }) =>
      scans.push({ stationId, code: scan.code }),
    );
    await new Promise((r) => setTimeout(r, 200)); // past the scanner's open-grace window
    scanner.scan(a.items.c1);
    await until('scan', () => scans.length === 1);
    expect(scans[0]).toEqual({ stationId: 'kiosk-1', code: a.items.c1 });
    off();
  });

  it('shows devices and alarms over HTTP to those allowed, and lets a supervisor resolve an alarm', async () => {
    const port = await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const supervisor = client(base);
    await supervisor.login('supervisor', PASSWORD);
    const devices = await supervisor.get<{
      devices: Array<{ id: string; state: string }>;
      printers: unknown[];
    }>('/devices');
    expect(devices.body.devices.map((d) => d.id).sort()).toEqual(['cab-1', 'door-scanner', 'gate-1']);
    expect(devices.body.printers).toEqual([]);
    const open = await supervisor.get<{ alarms: Array<{ id: number; kind: string; label: { zh: string } }> }>(
      '/alarms',
    );
    const unknownTag = open.body.alarms.find((x) => x.kind === 'unknown_tag')!;
    expect(unknownTag.label.zh).toBe('未知标签');
    const resolved = await supervisor.post(`/alarms/${unknownTag.id}/resolve`, {
      cause: 'false_read',
      note: '外来标签，已取走',
    });
    expect(resolved.body).toMatchObject({
      resolution: '外来标签，已取走',
      resolutionCause: 'false_read',
      causeLabel: { zh: '误读', en: 'False read' },
      resolvedByName: '王主管',
    });
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    // A dashboard socket gets the open alarms when it subscribes, then each change as it happens.
    const login = await supervisor.login('supervisor', PASSWORD);
    const socket = connect(base, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: login.body.token },
      extraHeaders: { origin: base },
    });
    const live: Array<{ id: number; resolvedAt: string | null }> = [];
    socket.on('alarm', (x: { id: number; resolvedAt: string | null }) => live.push(x));
    const sub = (await socket.timeout(5000).emitWithAck('subscribe', { audience: 'dashboard' })) as {
      ok: boolean;
      data: { openAlarms: Array<{ kind: string; id: number }> };
    };
    expect(sub.data.openAlarms.map((x) => x.kind)).toContain('gate');
    expect(sub.data.openAlarms.map((x) => x.id)).not.toContain(unknownTag.id);
    const gateAlarm = sub.data.openAlarms.find((x) => x.kind === 'gate')!;
    await supervisor.post(`/alarms/${gateAlarm.id}/resolve`, { cause: 'returned', note: '已追回' });
    await until('live resolution', () => live.some((x) => x.id === gateAlarm.id && x.resolvedAt !== null));
    socket.disconnect();

    const staff = client(base);
    await staff.login('staff', PASSWORD);
    expect((await staff.get('/devices')).status).toBe(403);
    expect((await staff.get('/alarms')).status).toBe(403);
    expect((await staff.post(`/alarms/${unknownTag.id}/resolve`, { cause: 'lost' })).status).toBe(403);
    await app.closeHttp();
  });

  it('reports device health, and every change above is in a custody log that verifies', async () => {
    const statuses = app.devices.hub.statuses();
    expect(statuses.map((s) => [s.id, s.state])).toEqual(
      expect.arrayContaining([
        ['cab-1', 'connected'],
        ['gate-1', 'connected'],
        ['door-scanner', 'connected'],
      ]),
    );
    expect(statuses.find((s) => s.id === 'cab-1')!.framesIn).toBeGreaterThan(10);
    expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true });
  });
});
