// The live board's people side over real HTTP, on a SQLite file and on PostgreSQL: who holds what (per
// person, per department), loans with the holder's contact masked per role, each station's activity and the
// latest events. A supervisor of one estate sees that estate's holders, loans, station counts and events
// only (issue 15 §7), and the SQL filter behind every figure agrees with access.ts boardMay record by record.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardMay, boardScope, type Actor } from '../../server/domain/access.js';
import { ROLES } from '../../server/domain/vocabulary.js';
import { fixedClock } from '../../server/providers.js';
import { recordOf } from '../../server/services/items.js';
import { whereBoardScope } from '../../server/store/board.js';
import { itemQuery, toItem } from '../../server/store/items.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, PIN, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

const STATIONS = [
  { id: 'door', name: '档案室门口', room: 'R1' },
  { id: 'side', name: '侧门', room: 'R1' },
];
const T0 = '2026-11-25T02:00:00.000Z';

interface Person {
  userId: number;
  name: string;
  department: string | null;
  count: number;
  overdue: number;
  oldestOutAt: string | null;
  nearestDueAt: string | null;
}
interface Holders {
  total: number;
  people: Person[];
  departments: Array<{ department: string | null; holders: number; count: number; overdue: number }>;
}
interface Loans {
  total: number;
  items: Array<{
    item: { barcode: string; overdue: boolean };
    contact: { phone: string | null; extension: string | null };
  }>;
}
interface Stations {
  stations: Array<{
    station: { id: string };
    paired: boolean;
    checkOuts: number;
    checkIns: number;
    lastEventAt: string | null;
  }>;
}
interface Recent {
  events: Array<{ seq: number; item: { barcode: string } }>;
}

describe.each(DIALECTS)('the board’s people side on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  let supHy: number;
  const clock = fixedClock(T0);
  let doorToken = '';
  const sockets: Socket[] = [];
  const open = (auth: Record<string, string>) => {
    const socket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      auth,
      extraHeaders: { origin: server.url },
    });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };
  const as = async (username: string) => {
    const c = client(server.url);
    await c.login(username, PASSWORD);
    return c;
  };

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    const k = t.db.knex;
    // The small archive's supervisor serves every estate, as the demo's does; two more serve one estate each.
    const base = (await k('users').where({ id: a.users.supervisor }).first()) as Record<string, unknown>;
    const add = async (username: string, estate: number) => {
      const [row] = (await k('users')
        .insert({ ...base, id: undefined, username, display_name: username, all_estates: false })
        .returning('id')) as Array<{ id: number } | number>;
      const id = typeof row === 'object' ? Number(row.id) : Number(row);
      await k('user_estates').insert({ user_id: id, estate_id: estate });
      return id;
    };
    supHy = await add('suphy', a.estateId);
    await add('suply', a.otherEstateId);
    await k('users').where({ id: a.users.staff }).update({ phone: '13900001004', extension: '8004' });
    server = await startTestServer(t.db, { stations: STATIONS }, clock);

    // Two borrowers at the door, each in their own estate, by badge at the paired screen.
    const archivist = await as('archivist');
    const { token } = (await archivist.post<{ token: string }>('/stations/door/pair', {})).body;
    doorToken = token;
    const badge = async (number: string | undefined) => {
      const c = client(server.url);
      const res = await c.post<{ token: string }>(
        '/auth/badge',
        { badge: number, pin: PIN },
        {
          authorization: `Station ${token}`,
        },
      );
      expect(res.status).toBe(200);
      c.setToken(res.body.token);
      return c;
    };
    const staff = await badge(a.badges.staff);
    expect(
      (await staff.post('/circulation/check-out', { items: [a.items.c1], purpose: '办证' })).status,
    ).toBe(200);
    const elsewhere = await badge(a.badges.staffElsewhere);
    expect(
      (await elsewhere.post('/circulation/check-out', { items: [a.items.elsewhere], purpose: '核对' }))
        .status,
    ).toBe(200);
    clock.advance(3_600_000);
    // The archivist borrows a folder at a desk (no station).
    const desk = await archivist.post('/circulation/check-out', { items: [a.items.c2], purpose: '审核' });
    expect(desk.status, JSON.stringify(desk.body)).toBe(200);
    clock.advance(90 * 86_400_000); // everything is overdue now
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await t?.drop();
  });

  it('lists who holds what per person and per department, as each caller may see it', async () => {
    const gm = (await (await as('gm')).get<Holders>('/dashboard/holders?by=person')).body;
    expect(gm.total).toBe(3);
    const staffRow = gm.people.find((p) => p.userId === a.users.staff)!;
    expect(staffRow).toMatchObject({ name: '张客服', department: '客服部', count: 1, overdue: 1 });
    expect(staffRow.oldestOutAt).toBe(T0);
    expect(Date.parse(staffRow.nearestDueAt!)).toBeGreaterThan(Date.parse(T0));
    const dept = (await (await as('gm')).get<Holders>('/dashboard/holders?by=department')).body;
    expect(dept.departments).toEqual([
      expect.objectContaining({ department: '客服部', holders: 3, count: 3, overdue: 3 }),
    ]);

    // A supervisor of 华苑 sees 华苑's folders only: not the 丽苑 loan, not who holds it.
    const hy = (await (await as('suphy')).get<Holders>('/dashboard/holders?by=person')).body;
    expect(hy.people.map((p) => p.userId).sort()).toEqual([a.users.staff, a.users.archivist].sort());
    expect(hy.people.some((p) => p.userId === a.users.staffElsewhere)).toBe(false);
    const ly = (await (await as('suply')).get<Holders>('/dashboard/holders?by=department')).body;
    expect(ly.departments).toEqual([expect.objectContaining({ holders: 1, count: 1 })]);
    // Paging by person: a page of one, the total still counts everyone.
    const first = (await (await as('gm')).get<Holders>('/dashboard/holders?by=person&limit=1')).body;
    expect(first.people).toHaveLength(1);
    expect(first.total).toBe(3);
    expect((await (await as('staff')).get('/dashboard/holders')).body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists a holder’s folders and the overdue ones with the contact masked per role', async () => {
    const mine = (await (await as('suphy')).get<Loans>(`/dashboard/loans?userId=${a.users.staff}`)).body;
    expect(mine.items.map((l) => l.item.barcode)).toEqual([a.items.c1]);
    expect(mine.items[0]!.contact).toEqual({ phone: '139****1004', extension: '8004' });
    const gm = (await (await as('gm')).get<Loans>(`/dashboard/loans?userId=${a.users.staff}`)).body;
    expect(gm.items[0]!.contact).toEqual({ phone: '13900001004', extension: '8004' });

    const overdue = (await (await as('gm')).get<Loans>('/dashboard/loans?overdue=true&limit=2')).body;
    expect(overdue.total).toBe(3);
    expect(overdue.items).toHaveLength(2);
    expect(overdue.items.every((l) => l.item.overdue)).toBe(true);
    // The 丽苑 holder's loan is not on the 华苑 supervisor's board at all, by holder or as overdue.
    const hy = (await (await as('suphy')).get<Loans>('/dashboard/loans?overdue=true')).body;
    expect(hy.items.map((l) => l.item.barcode).sort()).toEqual([a.items.c1, a.items.c2].sort());
    const hidden = await (await as('suphy')).get<Loans>(`/dashboard/loans?userId=${a.users.staffElsewhere}`);
    expect(hidden.body).toEqual({ total: 0, items: [] });
  });

  it('says per station whether it is paired, and counts its check-outs over what the caller may see', async () => {
    const since = encodeURIComponent(T0);
    const gm = (await (await as('gm')).get<Stations>(`/dashboard/stations?since=${since}`)).body;
    expect(gm.stations.map((s) => s.station.id)).toEqual(['door', 'side']);
    expect(gm.stations[0]).toMatchObject({ paired: true, checkOuts: 2, checkIns: 0 });
    expect(gm.stations[1]).toMatchObject({ paired: false, checkOuts: 0, lastEventAt: null });
    const hy = (await (await as('suphy')).get<Stations>(`/dashboard/stations?since=${since}`)).body;
    expect(hy.stations[0]).toMatchObject({ checkOuts: 1 });
    // Since after the check-outs: none today, but the last event stays.
    const later = encodeURIComponent(clock.now().toISOString());
    const today = (await (await as('gm')).get<Stations>(`/dashboard/stations?since=${later}`)).body;
    expect(today.stations[0]).toMatchObject({ checkOuts: 0 });
    expect(today.stations[0]!.lastEventAt).toBe(T0);
  });

  it('says a station is online while its paired screen is connected, and sends live events per estate', async () => {
    const since = encodeURIComponent(T0);
    const gm = await as('gm');
    const online = async () =>
      (
        await gm.get<Stations & { stations: Array<{ online: boolean }> }>(
          `/dashboard/stations?since=${since}`,
        )
      ).body.stations[0]!.online;
    expect(await online()).toBe(false);
    const screen = await open({ stationToken: doorToken });
    expect(await online()).toBe(true);
    screen.disconnect();
    for (let i = 0; i < 50 && (await online()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await online()).toBe(false);

    // Live, on the dashboard audience: the 华苑 supervisor hears of 华苑's folder, never of 丽苑's.
    const login = async (username: string) => (await client(server.url).login(username, PASSWORD)).body.token;
    const subscribe = async (token: string) => {
      const s = await open({ token });
      const seen: string[] = [];
      s.on('custody', (e: { item: { barcode: string } }) => seen.push(e.item.barcode));
      await s.timeout(5000).emitWithAck('subscribe', { audience: 'dashboard' });
      return seen;
    };
    const hy = await subscribe(await login('suphy'));
    const all = await subscribe(await login('gm'));
    const archivist = await as('archivist');
    for (const barcode of [a.items.elsewhere, a.items.c1]) {
      const back = await archivist.post('/circulation/check-in', { item: barcode, inspection: 'intact' });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
    }
    for (let i = 0; i < 100 && (all.length < 2 || hy.length < 1); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(all).toEqual([a.items.elsewhere, a.items.c1]);
    expect(hy).toEqual([a.items.c1]);
  });

  it('serves the latest events newest first, per record as the caller may see them', async () => {
    const gm = (await (await as('gm')).get<Recent>('/dashboard/recent?limit=50')).body.events;
    const seqs = gm.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(gm.map((e) => e.item.barcode)).toEqual(expect.arrayContaining([a.items.elsewhere, a.items.lit]));
    const hy = (await (await as('suphy')).get<Recent>('/dashboard/recent?limit=50')).body.events;
    expect(hy.length).toBeGreaterThan(0);
    expect(hy.some((e) => e.item.barcode === a.items.elsewhere || e.item.barcode === a.items.lit)).toBe(
      false,
    );
    const two = (await (await as('gm')).get<Recent>('/dashboard/recent?limit=2')).body.events;
    expect(two.map((e) => e.seq)).toEqual(seqs.slice(0, 2));
  });

  it('filters in SQL exactly as boardMay decides, record by record, for every role and area', async () => {
    const areas: Array<Actor['estateIds']> = ['all', [], [a.estateId], [a.otherEstateId]];
    const dept = (await t.db.knex('departments').first('id')) as { id: number };
    // An engineering file has no estate: its department decides the area.
    const site = (await t.db.knex('sites').first('id')) as { id: number };
    const [d] = (await t.db
      .knex('dossiers')
      .insert({
        archive_no: 'GC-2026-0001',
        site_id: site.id,
        kind: 'engineering',
        title: '工程档案',
        year: 2026,
        confidentiality: 'B',
        department_id: dept.id,
        created_at: T0,
      })
      .returning('id')) as Array<{ id: number } | number>;
    await t.db.knex('items').insert({
      barcode: 'F000000099',
      kind: 'folder',
      dossier_id: typeof d === 'object' ? d.id : d,
      title: '工程卷',
      state: 'in_place',
      location_id: a.shelves.s2,
      created_at: T0,
    });
    const items = ((await itemQuery(t.db.knex).orderBy('i.id')) as Array<Record<string, unknown>>).map(
      toItem,
    );
    let checked = 0;
    for (const role of ROLES) {
      for (const estateIds of areas) {
        for (const departmentId of [null, Number(dept.id)]) {
          const actor: Actor = { userId: supHy, role, departmentId, estateIds };
          const expected = items.filter((i) => boardMay(actor, recordOf(i))).map((i) => i.id);
          if (!['archivist', 'supervisor', 'site_manager', 'gm', 'legal'].includes(role)) {
            expect(expected).toEqual([]);
            expect(() => boardScope(actor)).toThrow();
            continue;
          }
          const rows = (await whereBoardScope(itemQuery(t.db.knex), boardScope(actor)).orderBy(
            'i.id',
          )) as Array<{
            id: number;
          }>;
          expect(
            rows.map((r) => Number(r.id)),
            `${role} ${JSON.stringify(estateIds)} ${departmentId}`,
          ).toEqual(expected);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(5 * 4 * 2);
  });
});
