// Stations and places by name, not only by id or code: item views, holdings, custody events (the socket
// payload), alarms and the station summary, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/providers.js';
import { describeEntries } from '../../server/realtime/feed.js';
import { createAlarmService } from '../../server/services/alarms.js';
import { createStationService } from '../../server/services/stations.js';
import { itemHistory } from '../../server/store/custody-log.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

const KIOSK = { id: 'kiosk-1', name: '档案室门口 Archive-room door', room: 'R1' };

describe.each(DIALECTS)('places by name on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const clock = fixedClock('2026-11-25T02:00:00.000Z');

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    server = await startTestServer(t.db, {}, clock);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('gives an item view its location’s name and label beside its id and code, also in holdings', async () => {
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    const view = await staff.get<{ location: Record<string, unknown> }>(`/items/${a.items.c1}`);
    expect(view.body.location).toEqual({
      id: a.shelves.s1,
      code: 'R1-C01-S1',
      name: '第1层',
      label: '1号档案柜 第1层',
    });
    await staff.post('/circulation/check-out', { items: [a.items.c1], purpose: '查阅' });
    const holdings = await staff.get<{ items: Array<{ location: Record<string, unknown> }> }>('/holdings');
    expect(holdings.body.items[0]!.location).toMatchObject({ code: 'R1-C01-S1', label: '1号档案柜 第1层' });
  });

  it('names the station and the places of a custody event (what sockets carry)', async () => {
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    expect(
      (await archivist.post('/circulation/move', { item: a.items.c2, toLocationId: a.shelves.s2 })).status,
    ).toBe(200);
    const id = Number((await t.db.knex('items').where({ barcode: a.items.c2 }).first('id')).id);
    const [move] = await itemHistory(t.db.knex, id, 1);
    const [described] = await describeEntries(t.db.knex, [move!], new Map([['web', '网页 Web']]));
    expect(described!.event).toMatchObject({
      station: 'web',
      stationName: '网页 Web',
      fromLocation: 'R1-C01-S1',
      fromLocationName: '1号档案柜 第1层',
      toLocation: 'R1-C01-S2',
      toLocationName: '1号档案柜 第2层',
    });
    // A station nobody configured has no name, rather than a made-up one.
    const [bare] = await describeEntries(t.db.knex, [move!]);
    expect(bare!.event.stationName).toBeNull();
  });

  it('names an alarm’s place: a shelf by its label, the gate by its station’s name, else nothing', async () => {
    const alarms = createAlarmService({
      db: t.db,
      bus: null,
      clock,
      stationNames: new Map([[KIOSK.id, KIOSK.name]]),
    });
    const shelf = await alarms.raise({ kind: 'unknown_tag', deviceId: 'cab-1', place: 'R1-C01-S2' });
    expect(shelf).toMatchObject({ place: 'R1-C01-S2', placeName: '1号档案柜 第2层' });
    const gate = await alarms.raise({ kind: 'unknown_tag', deviceId: 'gate-1', place: KIOSK.id });
    expect(gate).toMatchObject({ place: 'kiosk-1', placeName: KIOSK.name });
    const nowhere = await alarms.raise({ kind: 'unknown_tag', deviceId: 'x', place: 'NOWHERE' });
    expect(nowhere.placeName).toBeNull();
    // Over HTTP too (the app's alarm service knows the configured stations).
    const supervisor = client(server.url);
    await supervisor.login('supervisor', PASSWORD);
    const listed = await supervisor.get<{ alarms: Array<{ place: string; placeName: string | null }> }>(
      '/alarms?open=true',
    );
    expect(listed.body.alarms.map((x) => [x.place, x.placeName])).toEqual(
      expect.arrayContaining([
        ['R1-C01-S2', '1号档案柜 第2层'],
        ['kiosk-1', KIOSK.name],
      ]),
    );
  });

  it('names the room a station guards in its summary', async () => {
    const stations = createStationService({
      db: t.db,
      clock,
      random: { token: () => 'x' },
      stations: [KIOSK, { id: 'desk-9', name: '工作台' }],
      tokenDays: 1,
    });
    const summary = await stations.summary(stations.get('kiosk-1'), false);
    expect(summary).toMatchObject({ station: KIOSK, roomName: '档案室' });
    expect((await stations.summary(stations.get('desk-9'), false)).roomName).toBeNull();
  });
});
