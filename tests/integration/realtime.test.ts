// The real-time channel with real socket.io clients over a real server and database: admission (origin,
// token in the handshake), audiences behind permission checks, per-record filtering, ordered delivery after
// commit, resuming from the last seq without gaps or duplicates, validation and rate limits.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../server/realtime/feed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
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
    // A supervisor's board shows their estates' records (access.ts boardMay): this one serves every estate,
    // as the demo's does; tests/integration/dashboard-people.test.ts has one bound to a single estate.
    await t.db.knex('users').where({ id: a.users.supervisor }).update({ all_estates: true });
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
