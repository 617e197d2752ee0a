// The REST API through real HTTP, on a SQLite file and on PostgreSQL: sessions, lock-out, headers, errors,
// circulation and its forbidden paths (each refused request writes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, PIN, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

describe.each(DIALECTS)('REST API on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const logCount = async () =>
    Number(((await t.db.knex('custody_log').count({ n: '*' }).first()) as { n: number }).n);

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    server = await startTestServer(t.db, {
      security: { dataKey: 'ab'.repeat(32), maxFailedAttempts: 3, lockMinutes: 15 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('answers health with the database and version, and sends security headers', async () => {
    const res = await client(server.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      demo: false,
      database: { client: dialect, pendingMigrations: 0 },
    });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Served over plain HTTP on an office LAN: browsers must not be told to upgrade sub-requests to HTTPS.
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('signs in with a password and sets an HttpOnly, SameSite session cookie', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'staff', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^dangan_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({ username: 'staff', role: 'staff', kind: 'password' });
    // The token is stored only as a hash.
    const body = (await res.json()) as { token: string };
    expect(await t.db.knex('sessions').where({ token_hash: body.token }).first()).toBeUndefined();
  });

  it('locks an account after repeated wrong passwords, even against the right one', async () => {
    const c = client(server.url);
    const wrong = () => c.post('/auth/login', { username: 'legal', password: 'wrong' });
    expect((await wrong()).body).toMatchObject({ code: 'LOGIN_FAILED' });
    expect((await wrong()).body).toMatchObject({ code: 'LOGIN_FAILED' });
    const third = await wrong();
    expect(third.status).toBe(423);
    expect(third.body).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const right = await c.post('/auth/login', { username: 'legal', password: PASSWORD });
    expect(right.status).toBe(423);
    // An unknown user gets the same answer as a wrong password.
    expect((await c.post('/auth/login', { username: 'nobody', password: 'x' })).body).toMatchObject({
      code: 'LOGIN_FAILED',
    });
  });

  it('signs in at a station with badge and PIN, and locks the badge after wrong PINs', async () => {
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    const paired = await archivist.post<{ token: string }>('/stations/kiosk-1/pair', {});
    const atStation = { authorization: `Station ${paired.body.token}` };
    const c = client(server.url);
    const badge = (body: { badge: string | undefined; pin: string }) =>
      c.post('/auth/badge', body, atStation);
    const ok = await badge({ badge: a.badges.staff, pin: PIN });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ me: { username: 'staff', kind: 'badge', station: 'kiosk-1' } });
    for (let i = 0; i < 2; i++)
      expect((await badge({ badge: a.badges.gm, pin: '0000' })).body).toMatchObject({
        code: 'BADGE_PIN_FAILED',
      });
    expect((await badge({ badge: a.badges.gm, pin: '0000' })).body).toMatchObject({ code: 'BADGE_LOCKED' });
    expect((await badge({ badge: a.badges.gm, pin: PIN })).body).toMatchObject({ code: 'BADGE_LOCKED' });
    expect((await badge({ badge: a.badges.staff, pin: '12' })).body).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('denies every session route without a session, and unknown routes with a code', async () => {
    const c = client(server.url);
    for (const url of ['/auth/me', '/holdings', `/items/${a.items.c1}`, '/ledger/verify']) {
      const res = await c.get(url);
      expect(res.status, url).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // From our own page (a browser sends Origin) the refusal is about the missing session.
    const res = await c.post(
      '/circulation/check-out',
      { items: [a.items.c1], purpose: 'x' },
      { origin: server.url },
    );
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    c.setToken('forged-token');
    expect((await c.get('/auth/me')).status).toBe(401);
    expect((await c.get('/no/such/thing')).body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('checks out and in over HTTP, with errors in both languages', async () => {
    const c = client(server.url);
    await c.login('staff', PASSWORD);
    const out = await c.post<{
      results: Array<{ item: Record<string, unknown>; entry: Record<string, unknown> }>;
    }>('/circulation/check-out', {
      items: [a.items.c1],
      purpose: '业主查阅',
    });
    expect(out.status).toBe(200);
    // A password session is not at a station: the custody log says so.
    expect(out.body.results[0]!.entry).toMatchObject({ station: 'web' });
    expect(out.body.results[0]!.item).toMatchObject({
      barcode: a.items.c1,
      state: 'out',
      stateLabel: { zh: '借出', en: 'Checked out' },
      holder: { userId: a.users.staff, name: '张客服' },
    });
    expect(out.body.results[0]!.item.property).toMatchObject({
      ref: 'HY-3-2-1502',
      name: '华苑 3栋2单元1502',
    });

    const before = await logCount();
    const again = await c.post('/circulation/check-out', { items: [a.items.c1], purpose: '业主查阅' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'ITEM_ALREADY_OUT',
      message: '该档案已借出',
      messages: { 'zh-CN': '该档案已借出', en: 'This item is already checked out' },
    });
    const english = await c.post(
      '/circulation/check-out',
      { items: [a.items.c1], purpose: '业主查阅' },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    expect(english.body).toMatchObject({ message: 'This item is already checked out' });
    expect(await logCount()).toBe(before);

    // Before anyone takes it, a folder in place says when it would be due (C: 7 days, end of day in Beijing).
    const inPlace = await c.get<{ dueIfCheckedOut: string | null }>(`/items/${a.items.c2}`);
    expect(inPlace.body.dueIfCheckedOut).toMatch(/T15:59:59\.999Z$/);
    expect(
      (await c.get<{ dueIfCheckedOut: string | null }>(`/items/${a.items.c1}`)).body.dueIfCheckedOut,
    ).toBeNull();

    const back = await c.post('/circulation/check-in', { item: a.items.c1, inspection: 'intact' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      item: { state: 'in_place', holder: null },
      entry: { action: 'check_in' },
    });
  });

  it('refuses malformed, unknown and forbidden requests without writing anything', async () => {
    const c = client(server.url);
    await c.login('staff', PASSWORD);
    const before = await logCount();
    const cases: Array<[number, string, unknown]> = [
      [400, 'VALIDATION_FAILED', '{"items": ['],
      [400, 'VALIDATION_FAILED', { items: [], purpose: 'x' }],
      [400, 'VALIDATION_FAILED', { items: [a.items.c2], purpose: 'x', extra: true }],
      [400, 'VALIDATION_FAILED', { items: ['F0000; DROP TABLE items'], purpose: 'x' }],
      [404, 'ITEM_NOT_FOUND', { items: ['F123456789'], purpose: 'x' }],
      [403, 'OUTSIDE_AREA', { items: [a.items.elsewhere], purpose: 'x' }],
      [403, 'FORBIDDEN', { items: [a.items.c2], purpose: 'x', holderUserId: a.users.gm }],
    ];
    for (const [status, code, body] of cases) {
      const res = await c.post('/circulation/check-out', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatchObject({ code });
    }
    const move = await c.post('/circulation/move', { item: a.items.c2, toLocationId: a.shelves.s2 });
    expect(move.body).toMatchObject({ code: 'FORBIDDEN' });
    const damaged = await c.post('/circulation/check-in', { item: a.items.c2, inspection: 'damaged' });
    expect(damaged.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await logCount()).toBe(before);
    expect((await t.db.knex('items').where({ barcode: a.items.c2 }).first()).state).toBe('in_place');
  });

  it('shows holdings: always your own under /holdings, everyone’s under /holdings/all if you may', async () => {
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    await archivist.post('/circulation/check-out', {
      items: [a.items.c2],
      purpose: '核对',
      holderUserId: a.users.supervisor,
    });
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    await staff.post('/circulation/check-out', { items: [a.items.c3], purpose: '查阅' });

    type Page = { total: number; items: Array<{ barcode: string; dueAt: string }> };
    const own = await staff.get<Page>('/holdings');
    expect(own.body.items.map((i) => i.barcode)).toEqual([a.items.c3]);
    expect((await staff.get('/holdings/all')).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await staff.get(`/holdings?userId=${a.users.supervisor}`)).body).toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    const supervisor = client(server.url);
    await supervisor.login('supervisor', PASSWORD);
    // The supervisor's own loans only, though the role may see everyone's; and the archivist holds none.
    expect((await supervisor.get<Page>('/holdings')).body).toMatchObject({
      total: 1,
      items: [{ barcode: a.items.c2 }],
    });
    expect((await archivist.get<Page>('/holdings')).body).toEqual({ total: 0, items: [] });
    const all = await supervisor.get<Page>('/holdings/all');
    expect(all.body.total).toBe(2);
    expect(all.body.items.map((i) => i.barcode).sort()).toEqual([a.items.c2, a.items.c3].sort());
    const dues = all.body.items.map((i) => i.dueAt);
    expect(dues).toEqual([...dues].sort());
    const second = await supervisor.get<Page>('/holdings/all?limit=1&offset=1');
    expect(second.body).toMatchObject({ total: 2, items: [{ barcode: all.body.items[1]!.barcode }] });
    const staffs = await supervisor.get<Page>(`/holdings/all?userId=${a.users.staff}`);
    expect(staffs.body).toMatchObject({ total: 1, items: [{ barcode: a.items.c3 }] });
    // A litigation folder (level B, approved) out with legal: the supervisor may not read it, so it is not in their list.
    await archivist.post('/circulation/check-out', {
      items: [a.items.lit],
      purpose: '诉讼',
      holderUserId: a.users.legal,
      approvalRef: 'SP-2026-001',
    });
    expect((await supervisor.get<Page>('/holdings/all')).body.total).toBe(2);
    const gm = client(server.url);
    await gm.login('gm', PASSWORD);
    const gms = await gm.get<Page>('/holdings/all');
    expect(gms.body.total).toBe(3);
    expect(gms.body.items.map((i) => i.barcode)).toContain(a.items.lit);
    const history = await supervisor.get<{ entries: Array<{ action: string }> }>(
      `/items/${(await t.db.knex('items').where({ barcode: a.items.c3 }).first()).id}/history`,
    );
    expect(history.body.entries.map((e) => e.action)).toEqual(['check_out', 'registered']);
    expect((await staff.get(`/items/${a.items.lit}`)).body).toMatchObject({ code: 'LITIGATION_RESTRICTED' });
  });

  it('refuses a lookup above the caller’s clearance as such, not as a check-out needing approval', async () => {
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    const lookup = await staff.get(`/items/${a.items.b1}`);
    expect(lookup.status).toBe(403);
    expect(lookup.body).toMatchObject({
      code: 'CLEARANCE_TOO_LOW',
      messages: {
        'zh-CN': '您的密级权限不足，不能查阅该档案',
        en: 'Your clearance does not cover this file',
      },
    });
    const before = await logCount();
    const borrow = await staff.post('/circulation/check-out', { items: [a.items.b1], purpose: '查阅' });
    expect(borrow.body).toMatchObject({ code: 'CLEARANCE_REQUIRED' });
    expect(await logCount()).toBe(before);
  });

  it('verifies the custody log for a supervisor, not for staff', async () => {
    const supervisor = client(server.url);
    await supervisor.login('supervisor', PASSWORD);
    expect((await supervisor.get('/ledger/verify')).body).toMatchObject({ ok: true });
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    expect((await staff.get('/ledger/verify')).status).toBe(403);
  });

  it('publishes an OpenAPI document generated from the same schemas', async () => {
    const res = await client(server.url).get<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>('/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/health',
        '/api/v1/auth/login',
        '/api/v1/circulation/check-out',
        '/api/v1/items/{id}/history',
        '/api/v1/holdings',
        '/api/v1/holdings/all',
      ]),
    );
    const checkOut = res.body.paths['/api/v1/circulation/check-out']!.post as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    };
    expect(Object.keys(checkOut.requestBody.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['items', 'purpose', 'approvalRef']),
    );
    expect(res.body.components.schemas).toHaveProperty('Error');
  });
});
