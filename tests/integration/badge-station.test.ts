// Badges only at a kiosk, through real HTTP on a SQLite file and on PostgreSQL: badge + PIN needs a paired
// station's live token, the session is tied to that station and reaches kiosk actions only, the custody log's
// station is the authenticated one, and revoking a station ends its badge sessions and tells the socket layer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/providers.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, PIN, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

const STATIONS = [
  { id: 'kiosk-1', name: '一号门', room: 'R1' },
  { id: 'kiosk-2', name: '二号门', room: 'R1' },
];
const TOKEN_DAYS = 30;

describe.each(DIALECTS)('badge sessions on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const clock = fixedClock('2026-11-25T02:00:00.000Z');
  const archivist = () => {
    const c = client(server.url);
    return c.login('archivist', PASSWORD).then(() => c);
  };
  const pair = async (station: string) =>
    (await (await archivist()).post<{ token: string; expiresAt: string }>(`/stations/${station}/pair`, {}))
      .body;
  const badgeAt = (screenToken: string | null, badge: string | undefined, extra: object = {}) =>
    client(server.url).post<{ token: string; me: { station: string } }>(
      '/auth/badge',
      { badge, pin: PIN, ...extra },
      screenToken ? { authorization: `Station ${screenToken}` } : {},
    );
  const custodyRow = (seq: number) => t.db.knex('custody_log').where({ seq }).first('station', 'action');

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    server = await startTestServer(
      t.db,
      { stations: STATIONS, security: { dataKey: 'ab'.repeat(32), stationTokenDays: TOKEN_DAYS } },
      clock,
    );
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('refuses badge sign-in without a live station token, and a body that names a station', async () => {
    expect((await badgeAt(null, a.badges.staff)).body).toMatchObject({ code: 'STATION_UNPAIRED' });
    expect((await badgeAt('forged', a.badges.staff)).status).toBe(401);
    // A session token is not a station token.
    const session = (await client(server.url).login('archivist', PASSWORD)).body.token;
    expect((await badgeAt(session, a.badges.staff)).body).toMatchObject({ code: 'STATION_UNPAIRED' });

    const { token } = await pair('kiosk-1');
    expect((await badgeAt(token, a.badges.staff, { station: 'kiosk-2' })).body).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const ok = await badgeAt(token, a.badges.staff);
    expect(ok.status).toBe(200);
    expect(ok.body.me).toMatchObject({ kind: 'badge', station: 'kiosk-1' });
    const row = await t.db.knex('sessions').where({ kind: 'badge' }).orderBy('id', 'desc').first('station');
    expect(row.station).toBe('kiosk-1');
  });

  it('ends a station token after security.stationTokenDays', async () => {
    const paired = await pair('kiosk-2');
    expect(paired.expiresAt).toBe(new Date(clock.now().getTime() + TOKEN_DAYS * 86_400_000).toISOString());
    expect((await badgeAt(paired.token, a.badges.staff)).status).toBe(200);
    clock.advance(TOKEN_DAYS * 86_400_000);
    expect((await badgeAt(paired.token, a.badges.staff)).body).toMatchObject({ code: 'STATION_UNPAIRED' });
    const summary = await client(server.url).get('/stations/kiosk-2/summary', {
      authorization: `Station ${paired.token}`,
    });
    expect(summary.body).toMatchObject({ code: 'STATION_UNPAIRED' });
  });

  it('lets a badge session reach kiosk actions only, even an admin’s or an archivist’s badge', async () => {
    const { token } = await pair('kiosk-1');
    const admin = client(server.url);
    admin.setToken((await badgeAt(token, a.badges.admin)).body.token);
    expect((await admin.get('/users')).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await admin.post('/stations/kiosk-2/pair', {})).body).toMatchObject({ code: 'FORBIDDEN' });

    // An archivist may pair screens, move folders and read histories with a password, not with a badge.
    const archivistBadge = client(server.url);
    archivistBadge.setToken((await badgeAt(token, a.badges.archivist)).body.token);
    for (const url of ['/users', '/stations', `/items/1/history`, '/ledger/verify', '/devices']) {
      const res = await archivistBadge.get(url);
      expect(res.status, url).toBe(403);
      // Refused for being a badge session, before any role rule is asked.
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { session: 'badge' } });
    }
    for (const url of ['/stations/kiosk-2/pair', '/stations/kiosk-1/revoke']) {
      expect((await archivistBadge.post(url, {})).body, url).toMatchObject({ code: 'FORBIDDEN' });
    }
    const move = await archivistBadge.post('/circulation/move', {
      item: a.items.c3,
      toLocationId: a.shelves.s2,
    });
    expect(move.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.knex('station_keys').whereNotNull('revoked_at')).toEqual([]);
    expect((await (await archivist()).get('/stations')).status).toBe(200);

    // What the door kiosk does: who am I, look a folder up, my loans, check out, check in, sign out.
    const kiosk = archivistBadge;
    expect((await kiosk.get('/auth/me')).body).toMatchObject({ username: 'archivist', station: 'kiosk-1' });
    expect((await kiosk.get(`/items/${a.items.c1}`)).status).toBe(200);
    expect((await kiosk.get('/holdings?limit=50')).status).toBe(200);
    const out = await kiosk.post<{ results: Array<{ entry: { seq: number } }> }>('/circulation/check-out', {
      items: [a.items.c1],
      purpose: '查阅',
    });
    expect(out.status).toBe(200);
    const back = await kiosk.post<{ entry: { seq: number } }>('/circulation/check-in', {
      item: a.items.c1,
      inspection: 'intact',
    });
    expect(back.status).toBe(200);
    expect((await kiosk.post('/auth/logout', {})).status).toBe(200);
    expect((await kiosk.get('/auth/me')).status).toBe(401);
  });

  it('writes the authenticated station into the custody log, never one from the body', async () => {
    const one = await pair('kiosk-1');
    const staff = client(server.url);
    staff.setToken((await badgeAt(one.token, a.badges.staff)).body.token);
    const logSize = async () =>
      Number(((await t.db.knex('custody_log').count({ n: '*' }).first()) as { n: number }).n);
    const before = await logSize();
    const spoofed = await staff.post('/circulation/check-out', {
      items: [a.items.c2],
      purpose: '查阅',
      station: 'kiosk-2',
    });
    expect(spoofed.status).toBe(400);
    expect(spoofed.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await logSize()).toBe(before);

    const out = await staff.post<{ results: Array<{ entry: { seq: number; station: string } }> }>(
      '/circulation/check-out',
      { items: [a.items.c2], purpose: '查阅' },
    );
    expect(out.body.results[0]!.entry.station).toBe('kiosk-1');
    expect(await custodyRow(out.body.results[0]!.entry.seq)).toEqual({
      station: 'kiosk-1',
      action: 'check_out',
    });

    // Signed in at the other door, the same person's return is recorded there.
    const two = await pair('kiosk-2');
    staff.setToken((await badgeAt(two.token, a.badges.staff)).body.token);
    const back = await staff.post<{ entry: { seq: number } }>('/circulation/check-in', {
      item: a.items.c2,
      inspection: 'intact',
      station: 'kiosk-1',
    });
    expect(back.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const ok = await staff.post<{ entry: { seq: number } }>('/circulation/check-in', {
      item: a.items.c2,
      inspection: 'intact',
    });
    expect(await custodyRow(ok.body.entry.seq)).toEqual({ station: 'kiosk-2', action: 'check_in' });
  });

  it('revoking a station ends its badge sessions and publishes station_revoked', async () => {
    const revoked: string[] = [];
    const ended: number[] = [];
    const stop = [
      server.app.bus.subscribe('station_revoked', (id) => revoked.push(id)),
      server.app.bus.subscribe('session_ended', (id) => ended.push(id)),
    ];
    const one = await pair('kiosk-1');
    const two = await pair('kiosk-2');
    const atOne = client(server.url);
    atOne.setToken((await badgeAt(one.token, a.badges.staff)).body.token);
    const atTwo = client(server.url);
    atTwo.setToken((await badgeAt(two.token, a.badges.staff)).body.token);

    const res = await (await archivist()).post<{ revoked: number }>('/stations/kiosk-1/revoke', {});
    expect(res.body.revoked).toBeGreaterThan(0);
    expect(revoked).toEqual(['kiosk-1']);
    expect(ended.length).toBeGreaterThan(0);
    expect((await atOne.get('/auth/me')).status).toBe(401);
    expect((await atTwo.get('/auth/me')).body).toMatchObject({ station: 'kiosk-2' });
    expect((await badgeAt(one.token, a.badges.staff)).body).toMatchObject({ code: 'STATION_UNPAIRED' });
    for (const s of stop) s();
  });
});
