// The real-time channel with real socket.io clients over a real server and database: admission (origin,
// token in the handshake), audiences behind permission checks, per-record filtering, ordered delivery after
// commit, resuming from the last seq without gaps or duplicates, validation and rate limits.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../server/realtime/feed.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, PIN, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

type Reply = { ok: boolean; code?: string; data?: Record<string, unknown> };

describe('real-time channel', () => {
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

  const tokenFor = async (username: string) =>
    (await client(server.url).login(username, PASSWORD)).body.token;
  /** Badge + PIN at kiosk-1, from a screen an archivist paired to it. */
  const badgeAtKiosk1 = async (badge: string | undefined) => {
    const paired = await client(server.url).post<{ token: string }>(
      '/stations/kiosk-1/pair',
      {},
      { authorization: `Bearer ${await tokenFor('archivist')}` },
    );
    return client(server.url).post<{ token: string }>(
      '/auth/badge',
      { badge, pin: PIN },
      { authorization: `Station ${paired.body.token}` },
    );
  };

  function open(
    token: string | undefined,
    origin: string | null = server.url,
    extra: Record<string, unknown> = {},
  ): Socket {
    const socket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      auth: token === undefined ? {} : { token },
      extraHeaders: origin ? { origin } : {},
      ...extra,
    });
    sockets.push(socket);
    return socket;
  }

  const connected = (s: Socket) =>
    new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (e) => reject(e));
    });
  const refused = (s: Socket) =>
    new Promise<{ message: string; data?: { code?: string } }>((resolve, reject) => {
      s.once('connect', () => reject(new Error('connected')));
      s.once('connect_error', (e) => resolve(e as unknown as { message: string; data?: { code?: string } }));
    });
  const request = (s: Socket, event: string, payload: unknown) =>
    s.timeout(5000).emitWithAck(event, payload) as Promise<Reply>;
  const collect = (s: Socket) => {
    const events: CustodyEvent[] = [];
    s.on('custody', (e: CustodyEvent) => events.push(e));
    return events;
  };
  const until = async (cond: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('refuses a socket without a token, with a forged token, or with the token in the URL', async () => {
    expect((await refused(open(undefined))).data?.code).toBe('UNAUTHENTICATED');
    expect((await refused(open('forged'))).data?.code).toBe('UNAUTHENTICATED');
    const token = await tokenFor('supervisor');
    expect((await refused(open(undefined, server.url, { query: { token } }))).data?.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('refuses origins not on the list, and clients that send none', async () => {
    const token = await tokenFor('supervisor');
    expect((await refused(open(token, 'http://evil.example'))).message).toMatch(
      /websocket error|xhr poll error/i,
    );
    expect((await refused(open(token, null))).message).toMatch(/websocket error|xhr poll error/i);
    await connected(open(token)); // same origin is fine
  });

  it('lets only permitted people join an audience', async () => {
    const staff = open(await tokenFor('staff'));
    await connected(staff);
    expect(await request(staff, 'subscribe', { audience: 'dashboard' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await request(staff, 'subscribe', { audience: 'handheld' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await request(staff, 'subscribe', { audience: 'station', station: 'kiosk-1' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await request(staff, 'subscribe', { audience: 'dashboard', extra: 1 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(await request(staff, 'subscribe', 'dashboard')).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(await request(staff, 'frobnicate', {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });

    const badge = await badgeAtKiosk1(a.badges.staff);
    const atKiosk = open(badge.body.token);
    await connected(atKiosk);
    expect(await request(atKiosk, 'subscribe', { audience: 'station', station: 'kiosk-1' })).toMatchObject({
      ok: true,
    });
    expect(await request(atKiosk, 'subscribe', { audience: 'station', station: 'kiosk-2' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('sends each committed change once, in order, to the dashboard and the station it happened at', async () => {
    const dashboard = open(await tokenFor('supervisor'));
    await connected(dashboard);
    const seen = collect(dashboard);
    expect(await request(dashboard, 'subscribe', { audience: 'dashboard' })).toMatchObject({ ok: true });

    const badge = await badgeAtKiosk1(a.badges.staff);
    const kiosk = open(badge.body.token);
    await connected(kiosk);
    const atKiosk = collect(kiosk);
    await request(kiosk, 'subscribe', { audience: 'station', station: 'kiosk-1' });

    const staff = client(server.url);
    staff.setToken(badge.body.token);
    const out = await staff.post<{ results: Array<{ entry: { seq: number } }> }>('/circulation/check-out', {
      items: [a.items.c1, a.items.c2],
      purpose: '查阅',
    });
    expect(out.status).toBe(200);
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    await archivist.post('/circulation/move', {
      item: a.items.c3,
      toLocationId: a.shelves.s2,
    });

    await until(() => seen.length >= 3 && atKiosk.length >= 2);
    expect(seen.map((e) => e.action)).toEqual(['check_out', 'check_out', 'move']);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seen[0]).toMatchObject({
      item: { barcode: a.items.c1, archiveNo: 'HY-3-2-1502' },
      holder: { name: '张客服' },
      toStateLabel: { zh: '借出' },
      station: 'kiosk-1',
      stationName: '档案室门口 Archive-room door',
    });
    // Places by name as well as by code.
    expect(seen[2]).toMatchObject({
      station: 'web',
      stationName: null,
      fromLocation: 'R1-C01-S1',
      fromLocationName: '1号档案柜 第1层',
      toLocation: 'R1-C01-S2',
      toLocationName: '1号档案柜 第2层',
    });
    // The station sees what happened at it, and the move in the archive room it guards (R1).
    await until(() => atKiosk.length >= 3);
    expect(atKiosk.map((e) => e.item.barcode)).toEqual([a.items.c1, a.items.c2, a.items.c3]);
  });

  it('filters per record: a dashboard user never receives what they may not read', async () => {
    const dashboard = open(await tokenFor('supervisor'));
    await connected(dashboard);
    const seen = collect(dashboard);
    await request(dashboard, 'subscribe', { audience: 'dashboard' });
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    // A litigation file: supervisors may not read it (legal and GM only).
    await archivist.post('/circulation/move', { item: a.items.lit, toLocationId: a.shelves.s1 });
    await archivist.post('/circulation/move', { item: a.items.c3, toLocationId: a.shelves.s1 });
    await until(() => seen.some((e) => e.item.barcode === a.items.c3));
    expect(seen.map((e) => e.item.barcode)).not.toContain(a.items.lit);
  });

  it('a client that comes back resumes from its last seq with nothing missed and nothing twice', async () => {
    const token = await tokenFor('supervisor');
    const first = open(token);
    await connected(first);
    const before = collect(first);
    const sub = await request(first, 'subscribe', { audience: 'dashboard' });
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    await archivist.post('/circulation/check-in', { item: a.items.c1, inspection: 'intact' });
    await until(() => before.length === 1);
    const lastSeen = before.at(-1)!.seq;
    first.disconnect();

    // While it is away: three more changes.
    await archivist.post('/circulation/check-in', { item: a.items.c2, inspection: 'intact' });
    await archivist.post('/circulation/move', { item: a.items.c3, toLocationId: a.shelves.s2 });
    await archivist.post('/circulation/move', { item: a.items.c2, toLocationId: a.shelves.s2 });

    const again = open(token);
    await connected(again);
    const after = collect(again);
    const resumed = await request(again, 'subscribe', { audience: 'dashboard', afterSeq: lastSeen });
    expect(resumed.ok).toBe(true);
    // And one more live, possibly while the replay is still running.
    await archivist.post('/circulation/move', { item: a.items.c3, toLocationId: a.shelves.s1 });
    await until(() => after.length === 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(after.map((e) => e.seq)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4]);
    expect(after.map((e) => e.action)).toEqual(['check_in', 'move', 'move', 'move']);
    expect(Number(sub.data?.head)).toBeLessThan(lastSeen + 1);
  });

  it('pairs a screen to a station: it follows that station only, sees what staff may see, until revoked', async () => {
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    expect((await staff.post('/stations/kiosk-1/pair', {})).body).toMatchObject({ code: 'FORBIDDEN' });
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    expect((await archivist.post('/stations/nowhere/pair', {})).body).toMatchObject({
      code: 'STATION_UNKNOWN',
    });
    const paired = await archivist.post<{ token: string; station: { id: string } }>(
      '/stations/kiosk-1/pair',
      {},
    );
    expect(paired.status).toBe(201);
    const stationToken = paired.body.token;

    const summary = await fetch(`${server.url}/api/v1/stations/kiosk-1/summary`, {
      headers: { authorization: `Station ${stationToken}` },
    });
    expect(await summary.json()).toMatchObject({
      station: { id: 'kiosk-1', name: '档案室门口 Archive-room door', room: 'R1' },
      roomName: '档案室',
      counts: { inPlace: expect.any(Number), out: expect.any(Number) },
    });
    const elsewhere = await fetch(`${server.url}/api/v1/stations/kiosk-2/summary`, {
      headers: { authorization: `Station ${stationToken}` },
    });
    expect(elsewhere.status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/stations/kiosk-1/summary`)).status).toBe(401);

    const screen = open(undefined, server.url, { auth: { stationToken } });
    await connected(screen);
    const seen = collect(screen);
    expect(await request(screen, 'subscribe', { audience: 'dashboard' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await request(screen, 'subscribe', { audience: 'station', station: 'kiosk-2' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await request(screen, 'subscribe', { audience: 'station', station: 'kiosk-1' })).toMatchObject({
      ok: true,
    });
    await archivist.post('/circulation/move', { item: a.items.lit, toLocationId: a.shelves.s2 }); // litigation: not for a door screen
    await archivist.post('/circulation/move', { item: a.items.c3, toLocationId: a.shelves.s2 });
    await until(() => seen.some((e) => e.item.barcode === a.items.c3));
    expect(seen.map((e) => e.item.barcode)).not.toContain(a.items.lit);

    // Revoking closes the screen's socket at once, and its token opens no other.
    const closed = new Promise<string>((resolve) => screen.once('disconnect', (reason) => resolve(reason)));
    expect(
      (await archivist.post<{ revoked: number }>('/stations/kiosk-1/revoke', {})).body.revoked,
    ).toBeGreaterThan(0);
    expect(await closed).toBe('io server disconnect');
    expect((await refused(open(undefined, server.url, { auth: { stationToken } }))).data?.code).toBe(
      'STATION_UNPAIRED',
    );
  });

  it('limits how fast one socket may send', async () => {
    const socket = open(await tokenFor('supervisor'));
    await connected(socket);
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => request(socket, 'subscribe', { audience: 'dashboard' })),
    );
    expect(replies.filter((r) => r.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.ok).length).toBeGreaterThan(0);
  });

  it('closes the sockets of a session that signs out', async () => {
    const c = client(server.url);
    const token = (await c.login('archivist', PASSWORD)).body.token;
    const socket = open(token);
    await connected(socket);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await c.call('POST', '/auth/logout', {});
    expect(await gone).toBe('io server disconnect');
    // And the token no longer opens a socket.
    expect((await refused(open(token))).data?.code).toBe('UNAUTHENTICATED');
  });

  it('replays history only to those who may read it; a door screen gets live movements, never history', async () => {
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    await archivist.post('/circulation/move', { item: a.items.c3, toLocationId: a.shelves.s2 });

    // The supervisor (item.history) gets the whole stored history of the dashboard from seq 0.
    const supervisor = open(await tokenFor('supervisor'));
    await connected(supervisor);
    const history = collect(supervisor);
    const sub = await request(supervisor, 'subscribe', { audience: 'dashboard', afterSeq: 0 });
    const head = Number(sub.data?.head);
    await until(() => history.length > 0 && history.at(-1)!.seq === head);
    expect(history.map((e) => e.item.barcode)).toContain(a.items.c3);

    // Staff at the kiosk (no item.history) and the paired screen replay nothing before the head.
    const badge = await badgeAtKiosk1(a.badges.staff);
    const kiosk = open(badge.body.token);
    await connected(kiosk);
    const atKiosk = collect(kiosk);
    expect(
      await request(kiosk, 'subscribe', { audience: 'station', station: 'kiosk-1', afterSeq: 0 }),
    ).toMatchObject({
      ok: true,
    });
    const paired = await archivist.post<{ token: string }>('/stations/kiosk-1/pair', {});
    const screen = open(undefined, server.url, { auth: { stationToken: paired.body.token } });
    await connected(screen);
    const onScreen = collect(screen);
    await request(screen, 'subscribe', { audience: 'station', station: 'kiosk-1', afterSeq: 0 });

    // Live: both see the movement at their door, the screen without the typed purpose.
    const staff = client(server.url);
    staff.setToken(badge.body.token);
    await staff.post('/circulation/check-out', {
      items: [a.items.c3],
      purpose: '业主查阅',
    });
    await until(() => atKiosk.length > 0 && onScreen.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    for (const seen of [atKiosk, onScreen]) {
      expect(seen.every((e) => e.seq > head)).toBe(true);
      expect(seen.map((e) => e.item.barcode)).toEqual([a.items.c3]);
    }
    expect(atKiosk[0]!.reason).toBe('业主查阅');
    expect(onScreen[0]!.reason).toBeNull();
    await staff.post('/circulation/check-in', { item: a.items.c3, inspection: 'intact' });
  });

  it('closes a station’s screens the moment its pairing is revoked', async () => {
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    const paired = await archivist.post<{ token: string }>('/stations/kiosk-1/pair', {});
    const screen = open(undefined, server.url, { auth: { stationToken: paired.body.token } });
    await connected(screen);
    const gone = new Promise<string>((resolve) => screen.once('disconnect', (reason) => resolve(reason)));
    server.app.bus.publish('station_revoked', 'kiosk-2'); // another station: nothing happens
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.connected).toBe(true);
    server.app.bus.publish('station_revoked', 'kiosk-1');
    expect(await gone).toBe('io server disconnect');
  });

  it('closes a socket when its session expires, unless the session was extended meanwhile', async () => {
    const soon = () => new Date(Date.now() + 600).toISOString();
    const expiring = (await client(server.url).login('archivist', PASSWORD)).body.token;
    const last = async () =>
      (await t.db.knex('sessions').orderBy('id', 'desc').first('id')) as { id: number };
    const first = (await last()).id;
    await t.db.knex('sessions').where({ id: first }).update({ expires_at: soon() });
    const closing = open(expiring);
    await connected(closing);
    const closed = new Promise<number>((resolve) => closing.once('disconnect', () => resolve(Date.now())));

    const extended = (await client(server.url).login('archivist', PASSWORD)).body.token;
    const second = (await last()).id;
    await t.db.knex('sessions').where({ id: second }).update({ expires_at: soon() });
    const staying = open(extended);
    await connected(staying);
    const opened = Date.now();
    // Another use of the session moved its expiry on before the first deadline.
    await t.db
      .knex('sessions')
      .where({ id: second })
      .update({ expires_at: new Date(Date.now() + 3_600_000).toISOString() });

    expect((await closed) - opened).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 600));
    expect(staying.connected).toBe(true);
  });
});

// Every payload the dashboard audience receives goes through the server-side policy, on both databases:
// custody events live (item.read) and replayed by seq (item.history), alarms live and those handed over on
// subscribing (item.read), each for viewers of one estate, of the other, of none and of all. What a viewer
// receives is compared with what HTTP shows the same person (GET /items/{ref}, /items/{id}/history), field
// for field; the owner, whom HTTP shows masked, is not in a socket payload at all.
describe.each(DIALECTS)('dashboard payloads through the per-record policy (%s)', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const sockets: Socket[] = [];
  const OWNER = '张三丰'; // the small archive's owner of HY 3-2-1502
  const A_LEVEL = 'F000000099'; // a level-A folder added below, in the other estate (LY)

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    const k = t.db.knex;
    const user = async (username: string, role: string, estate: number | null) => {
      const [row] = (await k('users')
        .insert({
          username,
          display_name: username,
          role,
          password_hash: (
            (await k('users').where({ id: a.users.supervisor }).first('password_hash')) as {
              password_hash: string;
            }
          ).password_hash,
          created_at: '2026-11-25T02:00:00.000Z',
        })
        .returning('id')) as Array<{ id: number } | number>;
      const id = typeof row === 'number' ? row : row!.id;
      if (estate !== null) await k('user_estates').insert({ user_id: id, estate_id: estate });
    };
    await user('suphy', 'supervisor', a.estateId);
    await user('suply', 'supervisor', a.otherEstateId);
    await user('sitehy', 'site_manager', a.estateId);
    const p2 = ((await k('properties').orderBy('id', 'desc').first('id')) as { id: number }).id;
    const site = ((await k('sites').first('id')) as { id: number }).id;
    const [d] = (await k('dossiers')
      .insert({
        archive_no: 'LY-3-2-0801-A',
        site_id: site,
        property_id: p2,
        kind: 'company_buyer',
        title: 'A 级',
        year: 2026,
        confidentiality: 'A',
        created_at: '2026-11-25T02:00:00.000Z',
      })
      .returning('id')) as Array<{ id: number } | number>;
    await k('items').insert({
      barcode: A_LEVEL,
      kind: 'folder',
      dossier_id: typeof d === 'number' ? d : d!.id,
      folder_group: 'a',
      title: `${A_LEVEL} 卷`,
      location_id: a.shelves.s2,
      created_at: '2026-11-25T02:00:00.000Z',
    });
    server = await startTestServer(t.db);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await t?.drop();
  });

  const VIEWERS = ['suphy', 'suply', 'supervisor', 'sitehy', 'gm', 'legal', 'archivist'] as const;
  type Viewer = (typeof VIEWERS)[number];

  const subscribed = async (token: string, afterSeq?: number) => {
    const socket = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
      extraHeaders: { origin: server.url },
    });
    sockets.push(socket);
    const custody: CustodyEvent[] = [];
    const alarms: Array<{ id: number; itemId: number | null }> = [];
    socket.on('custody', (e: CustodyEvent) => custody.push(e));
    socket.on('alarm', (e: { id: number; itemId: number | null }) => alarms.push(e));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const reply = (await socket.timeout(5000).emitWithAck('subscribe', {
      audience: 'dashboard',
      ...(afterSeq === undefined ? {} : { afterSeq }),
    })) as {
      ok: boolean;
      data: { head: number; openAlarms: Array<{ id: number; itemId: number | null }> };
    };
    expect(reply.ok).toBe(true);
    return { custody, alarms, head: reply.data.head, openAlarms: reply.data.openAlarms };
  };
  const settle = async (done: () => boolean) => {
    const end = Date.now() + 5000;
    while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // and nothing more arrives
  };

  it('sends each viewer exactly the events and alarms HTTP would show them, live and replayed', async () => {
    const barcodes = [...Object.values(a.items), A_LEVEL];
    const tokens = {} as Record<Viewer, string>;
    for (const v of VIEWERS) tokens[v] = (await client(server.url).login(v, PASSWORD)).body.token;
    const get = (v: Viewer, url: string) =>
      fetch(`${server.url}/api/v1${url}`, { headers: { authorization: `Bearer ${tokens[v]}` } });
    const archivist = client(server.url);
    archivist.setToken(tokens.archivist);
    const ids = new Map<string, number>();
    for (const b of barcodes) ids.set(b, (await archivist.get<{ id: number }>(`/items/${b}`)).body.id);

    const live = new Map<Viewer, Awaited<ReturnType<typeof subscribed>>>();
    for (const v of VIEWERS) live.set(v, await subscribed(tokens[v]));
    const before = live.get('archivist')!.head;

    // Every item moves once; an alarm is raised on each, and one on no item at all.
    for (const [i, b] of barcodes.entries()) {
      const moved = await archivist.post('/circulation/move', {
        item: b,
        toLocationId: i < 4 ? a.shelves.s2 : a.shelves.s1, // the first four are on s1, the others not
      });
      expect(moved.status, b).toBe(200);
    }
    const raised = new Map<number, string | null>();
    for (const b of [...barcodes, null]) {
      const alarm = await server.app.services.alarms.raise({
        kind: 'misplaced',
        itemId: b === null ? null : ids.get(b)!,
        deviceId: 'test-reader',
        place: 'R1-C01-S1',
      });
      raised.set(alarm.id, b);
    }
    await settle(() => live.get('archivist')!.custody.length >= barcodes.length);

    for (const v of VIEWERS) {
      const readable = new Set<string>();
      const history = new Set<string>();
      for (const b of barcodes) {
        if ((await get(v, `/items/${b}`)).status === 200) readable.add(b);
        if ((await get(v, `/items/${ids.get(b)}/history`)).status === 200) history.add(b);
      }
      // What the board's own HTTP answer shows this viewer of the moves: readable, and for a supervisor or
      // site manager their estates' only (access.ts boardMay).
      const recent = (await (await get(v, '/dashboard/recent?limit=100')).json()) as {
        events: Array<{ seq: number; item: { barcode: string } }>;
      };
      const board = new Set(recent.events.filter((e) => e.seq > before).map((e) => e.item.barcode));
      for (const b of board) expect(readable.has(b), `${v} board ⊆ readable`).toBe(true);
      const got = live.get(v)!;
      // Live custody events: each move the board shows over HTTP once, nothing else.
      expect(got.custody.map((e) => e.item.barcode).sort(), `${v} live`).toEqual([...board].sort());
      // Each payload says what HTTP says about the item, and nothing about its owner.
      for (const e of got.custody) {
        const view = (await (await get(v, `/items/${e.item.barcode}`)).json()) as {
          title: string;
          dossier: { archiveNo: string | null } | null;
          property: { name: string | null } | null;
        };
        expect(e.item, `${v} ${e.item.barcode}`).toMatchObject({
          title: view.title,
          archiveNo: view.dossier?.archiveNo ?? null,
          propertyName: view.property?.name ?? null,
        });
        expect(JSON.stringify(e)).not.toContain(OWNER);
        expect(JSON.stringify(e)).not.toContain(OWNER.slice(1));
      }
      // Live alarms: those on the board's items, and the one on no item.
      const alarmItems = got.alarms.map((x) => raised.get(x.id) ?? null);
      expect(alarmItems.filter((b) => b !== null).sort(), `${v} alarms`).toEqual([...board].sort());
      expect(alarmItems.filter((b) => b === null)).toHaveLength(1);

      // Replayed by seq from before the moves: the board's items, with item.history on each record.
      const replayable = [...board].filter((b) => history.has(b)).sort();
      const again = await subscribed(tokens[v], before);
      await settle(() => again.custody.length >= replayable.length);
      expect(again.custody.map((e) => e.item.barcode).sort(), `${v} replay`).toEqual(replayable);
      expect(again.custody.every((e) => e.seq > before)).toBe(true);
      // The open alarms handed over on subscribing follow the same rule.
      expect(
        again.openAlarms
          .map((x) => raised.get(x.id))
          .filter((b): b is string => typeof b === 'string')
          .sort(),
        `${v} open alarms`,
      ).toEqual([...board].sort());
    }

    // The rule at work: the litigation file and the level-A file reach the general manager only (and the
    // archivist, who keeps every file); a level-B file no one below B.
    const text = (v: Viewer) => live.get(v)!.custody.map((e) => e.item.barcode);
    expect(text('gm')).toEqual(expect.arrayContaining([a.items.lit, A_LEVEL]));
    for (const v of ['suphy', 'suply', 'supervisor', 'sitehy'] as const) {
      expect(text(v), v).not.toContain(a.items.lit);
      expect(text(v), v).not.toContain(A_LEVEL);
    }
    // A supervisor of one estate sees that estate only (issue 15 §7); one of every estate sees both.
    for (const v of ['suphy', 'sitehy', 'supervisor'] as const) expect(text(v), v).toContain(a.items.c1);
    expect(text('suply')).not.toContain(a.items.c1);
    expect(text('suply')).toContain(a.items.elsewhere);
    expect(text('suphy')).not.toContain(a.items.elsewhere);
    expect(text('supervisor')).toContain(a.items.elsewhere);
    expect(text('legal')).toContain(a.items.lit);
  });
});
