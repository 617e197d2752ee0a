// The demo's simulated archive room: in-process cabinet readers, gate and door scanner speaking their real
// protocols to the real hardware layer, with simulated people borrowing and returning folders.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDanganApp, type DanganApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { generateDemo } from '../../server/demo/index.js';
import { createDemoHardware, type DemoHardware } from '../../server/demo/simulation.js';
import { fixedClock } from '../../server/providers.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { createFieldCipher } from '../../server/store/secrets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('demo hardware simulation', () => {
  let t: TestDatabase;
  let app: DanganApp;
  let sim: DemoHardware;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-sim-'));
    t = await createTestDatabase('sqlite');
    await generateDemo(t.db, {
      households: 120,
      seed: 7,
      clock: fixedClock(new Date()),
      cipher: createFieldCipher('ef'.repeat(32)),
    });
    sim = await createDemoHardware(t.db, {
      removalGraceSeconds: 1,
      intervalMs: 150,
      random: seeded(3),
      cabinets: 2,
    });
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: dir,
        logLevel: 'silent',
        demo: { loadOnFirstStart: false },
        hardware: { removalGraceSeconds: 1 },
        // The key the demo above was sealed with: the app refuses any other for a database with sealed values.
        security: { dataKey: 'ef'.repeat(32) },
      },
    });
    app = await createDanganApp({ config, db: t.db, hardware: { devices: sim.devices, ports: sim.ports } });
    await app.startDevices();
    sim.start({ circulation: app.services.circulation, logger: app.logger });
  });
  afterAll(async () => {
    sim?.stop();
    await app?.devices.stop();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects every simulated device through the real protocols', async () => {
    const end = Date.now() + 5000;
    while (!app.devices.hub.statuses().every((s) => s.state === 'connected') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(app.devices.hub.statuses().map((s) => s.state)).toEqual([
      'connected',
      'connected',
      'connected',
      'connected',
    ]);
  });

  it('a scan on the simulated door scanner reaches its station through the real line protocol', async () => {
    const scans: string[] = [];
    const off = app.bus.subscribe('station_scan', ({ stationId, scan }) =>
      scans.push(`${stationId}:${scan.code}`),
    );
    await new Promise((r) => setTimeout(r, 300)); // a scanner drops what arrives in its first 100 ms (a torn fragment)
    sim.scan('F000000042');
    const end = Date.now() + 5000;
    while (scans.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    off();
    expect(scans).toEqual(['kiosk-1:F000000042']);
  });

  it('shows folders checked out at the door and checked back in by the cabinets', async () => {
    const seen = async () =>
      (await t.db
        .knex('custody_log')
        .where('seq', '>', 0)
        .whereNot({ station: 'demo' })
        .where('at', '>', new Date(Date.now() - 60_000).toISOString())
        .select('action', 'station')) as Array<{ action: string; station: string }>;
    const end = Date.now() + 25_000;
    let rows = await seen();
    while (
      !(
        rows.some((r) => r.action === 'check_out' && r.station === 'kiosk-1') &&
        rows.some((r) => r.action === 'check_in' && r.station.startsWith('cab-'))
      ) &&
      Date.now() < end
    ) {
      await new Promise((r) => setTimeout(r, 200));
      rows = await seen();
    }
    expect(rows).toContainEqual({ action: 'check_out', station: 'kiosk-1' });
    expect(rows.some((r) => r.action === 'check_in' && r.station.startsWith('cab-'))).toBe(true);
    await app.devices.watch.settled();
    expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true });
    expect(app.devices.hub.statuses().every((s) => s.checksumErrors === 0)).toBe(true);
  }, 40_000);
});
