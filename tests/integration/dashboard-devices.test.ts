// GET /dashboard/devices and GET /dashboard/cabinets on SQLite and PostgreSQL, over the small archive:
// the cabinet map's shelves in order with their capacity, home / in place / out counted in SQL over only the
// folders the caller may have on the board (a litigation folder for the gm and not a supervisor; a
// supervisor who serves one estate sees none of another estate's folders: issue 15 §7), and the label
// printers among the devices. The readers' side (a real pseudo-terminal) is cabinet-devices.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

interface Shelf {
  code: string;
  name: string;
  capacity: number | null;
  home: number;
  inPlace: number;
  out: number;
  away: number;
  reader: unknown;
}
interface CabinetMap {
  at: string;
  rooms: Array<{
    code: string | null;
    name: string | null;
    cabinets: Array<{ code: string; name: string; reader: unknown; shelves: Shelf[] }>;
  }>;
}
interface Device {
  id: string;
  kind: string;
  name: string;
  connected: boolean;
  condition: string;
  reason: string | null;
  counters: Record<string, number>;
}

describe.each(DIALECTS)('the board’s devices and cabinet map (%s)', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  let spool: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    spool = mkdtempSync(path.join(os.tmpdir(), 'dangan-board-spool-'));
    server = await startTestServer(t.db, {
      printers: [
        { name: 'desk', transport: { type: 'spool', dir: spool }, language: 'zpl' },
        // Nothing listens on port 9 of the loopback: refused at once, so the probe is quick.
        { name: 'gone', transport: { type: 'tcp', host: '127.0.0.1', port: 9 }, language: 'zpl' },
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
    if (spool) rmSync(spool, { recursive: true, force: true });
  });

  const as = async (username: string) => {
    const c = client(server.url);
    await c.login(username, PASSWORD);
    return c;
  };
  const shelves = (map: CabinetMap) =>
    Object.fromEntries(
      map.rooms.flatMap((r) => r.cabinets.flatMap((c) => c.shelves.map((s) => [s.code, s] as const))),
    );

  it('draws each cabinet’s shelves in order with their capacity, counted over what the caller may read', async () => {
    const supervisor = await as('supervisor');
    const res = await supervisor.get<CabinetMap>('/dashboard/cabinets');
    expect(res.status).toBe(200);
    expect(res.body.rooms.map((r) => [r.code, r.name])).toEqual([['R1', '档案室']]);
    const [cabinet] = res.body.rooms[0]!.cabinets;
    expect(cabinet).toMatchObject({ code: 'R1-C01', name: '1号档案柜', reader: null });
    expect(cabinet!.shelves.map((s) => [s.code, s.name, s.capacity])).toEqual([
      ['R1-C01-S1', '第1层', 40],
      ['R1-C01-S2', '第2层', 40],
      ['R1-C01-S3', '第3层', 1],
    ]);
    const s = shelves(res.body);
    // S1: three C folders and the B folder (a supervisor's clearance is B).
    expect(s['R1-C01-S1']).toMatchObject({ home: 4, inPlace: 4, out: 0, away: 0, reader: null });
    // S2: the litigation folder is not the supervisor's to see; the other estate's C folder is (no estates
    // named for this supervisor: no area limit).
    expect(s['R1-C01-S2']).toMatchObject({ home: 1, inPlace: 1 });
    expect(s['R1-C01-S3']).toMatchObject({ home: 1, inPlace: 1 });

    const gm = shelves((await (await as('gm')).get<CabinetMap>('/dashboard/cabinets')).body);
    expect(gm['R1-C01-S2']).toMatchObject({ home: 2, inPlace: 2 });

    const one = await supervisor.get<CabinetMap>('/dashboard/cabinets?cabinet=R1-C01');
    expect(one.body.rooms.flatMap((r) => r.cabinets).map((c) => c.code)).toEqual(['R1-C01']);
    expect((await supervisor.get<CabinetMap>('/dashboard/cabinets?cabinet=R9-C99')).body.rooms).toEqual([]);
  });

  it('counts a folder checked out as out on its home shelf', async () => {
    const supervisor = await as('supervisor');
    const out = await supervisor.post('/circulation/check-out', { items: [a.items.c1], purpose: '查阅' });
    expect(out.status).toBe(200);
    const s = shelves((await supervisor.get<CabinetMap>('/dashboard/cabinets')).body);
    expect(s['R1-C01-S1']).toMatchObject({ home: 4, inPlace: 3, out: 1 });
    await supervisor.post('/circulation/check-in', { item: { barcode: a.items.c1 }, inspection: 'intact' });
  });

  it('shows a supervisor of one estate none of another estate’s folders (issue 15 §7)', async () => {
    await t.db.knex('users').where({ id: a.users.supervisor }).update({ all_estates: false });
    await t.db.knex('user_estates').insert({ user_id: a.users.supervisor, estate_id: a.estateId });
    try {
      const s = shelves((await (await as('supervisor')).get<CabinetMap>('/dashboard/cabinets')).body);
      expect(s['R1-C01-S1']).toMatchObject({ home: 4 });
      // The other estate's folder is gone from S2, and so is the box on S3: with neither an estate nor a
      // department it is in no one's area but an all-estates grant's (access.ts inArea).
      expect(s['R1-C01-S2']).toMatchObject({ home: 0, inPlace: 0 });
      expect(s['R1-C01-S3']).toMatchObject({ home: 0 });
    } finally {
      await t.db.knex('user_estates').where({ user_id: a.users.supervisor }).delete();
      await t.db.knex('users').where({ id: a.users.supervisor }).update({ all_estates: true });
    }
  });

  it('lists the label printers with their health, the broken one first', async () => {
    const res = await (await as('supervisor')).get<{ devices: Device[]; at: string }>('/dashboard/devices');
    expect(res.status).toBe(200);
    expect(res.body.devices.map((d) => [d.id, d.kind, d.condition, d.connected])).toEqual([
      ['printer:gone', 'printer', 'down', false],
      ['printer:desk', 'printer', 'ok', true],
    ]);
    expect(res.body.devices[0]!.reason).toEqual(expect.any(String));
    expect(res.body.devices[1]!.counters).toEqual({ framingErrors: 0, reconnects: 0, timeouts: 0 });
    // Admin watches the devices but holds no records: the map is not theirs.
    const admin = await as('admin');
    expect((await admin.get('/dashboard/devices')).status).toBe(200);
    expect((await admin.get('/dashboard/cabinets')).status).toBe(403);
    const staff = await as('staff');
    expect((await staff.get('/dashboard/devices')).status).toBe(403);
    expect((await staff.get('/dashboard/cabinets')).status).toBe(403);
  });
});
