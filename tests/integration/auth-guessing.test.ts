// Guessing cannot win, through real HTTP on a SQLite file and on PostgreSQL: a burst of parallel wrong
// passwords or PINs gets at most `maxFailedAttempts` of them checked before the lock, the right secret
// arriving after the lock is refused, names that do not exist answer exactly like names that do, and sign-in
// is rate-limited per source address, per username and per badge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/providers.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, PIN, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type ApiResponse, type TestServer } from '../helpers/server.js';

const MAX = 3;
const LOCK_MINUTES = 15;
/** Rate limits out of the way, so the lock-out alone is tested. */
const UNLIMITED = { burst: 100_000, perMinute: 100_000 };
const security = (signInRate: Record<string, unknown>) => ({
  dataKey: 'ab'.repeat(32),
  maxFailedAttempts: MAX,
  lockMinutes: LOCK_MINUTES,
  signInRate,
});

const codes = (responses: ApiResponse[]) => {
  const tally: Record<string, number> = {};
  for (const r of responses) {
    const key = r.status === 200 ? 'OK' : String(r.body.code);
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
};

describe.each(DIALECTS)('guessing on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const clock = fixedClock('2026-11-25T02:00:00.000Z');
  let stationToken = '';

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    server = await startTestServer(
      t.db,
      { security: security({ address: UNLIMITED, account: UNLIMITED, badge: UNLIMITED }) },
      clock,
    );
    const archivist = client(server.url);
    await archivist.login('archivist', PASSWORD);
    stationToken = (await archivist.post<{ token: string }>('/stations/kiosk-1/pair', {})).body.token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const lockedUntil = async (table: 'users' | 'badges', where: Record<string, unknown>) =>
    ((await t.db.knex(table).where(where).first('locked_until')) as { locked_until: string | null })
      .locked_until;

  it('checks at most maxFailedAttempts of 39 parallel wrong passwords; the right one after the lock is refused', async () => {
    const c = client(server.url);
    const wrong = Array.from({ length: 39 }, (_, i) =>
      c.post('/auth/login', { username: 'legal', password: `wrong-${i}` }),
    );
    // The right password joins the burst as soon as the lock is in place, while the wrong ones are in flight.
    const right = (async () => {
      while (!(await lockedUntil('users', { username: 'legal' }))) await new Promise((r) => setImmediate(r));
      return c.post('/auth/login', { username: 'legal', password: PASSWORD });
    })();
    const answers = await Promise.all(wrong);
    // Checked and wrong: MAX - 1 plain failures, and the MAX-th, which locked; the rest refused unchecked.
    expect(codes(answers)).toEqual({ LOGIN_FAILED: MAX - 1, ACCOUNT_LOCKED: 39 - (MAX - 1) });
    const refused = await right;
    expect(refused.status).toBe(423);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const user = await t.db.knex('users').where({ username: 'legal' }).first('failed_logins');
    expect(Number(user.failed_logins)).toBe(MAX);

    // Once the lock has run out, the right password signs in and clears the counter.
    clock.advance(LOCK_MINUTES * 60_000 + 1);
    expect((await c.post('/auth/login', { username: 'legal', password: PASSWORD })).status).toBe(200);
    expect(await lockedUntil('users', { username: 'legal' })).toBeNull();
  });

  it('does not find a badge PIN with 1,000 parallel guesses, the right one among them', async () => {
    const c = client(server.url);
    // 2000–2999 holds the badge's PIN (2468) in the middle of the burst.
    const pins = Array.from({ length: 1000 }, (_, i) => String(2000 + i));
    expect(pins).toContain(PIN);
    const answers = await Promise.all(
      pins.map((pin) =>
        c.post('/auth/badge', { badge: a.badges.gm!, pin }, { authorization: `Station ${stationToken}` }),
      ),
    );
    expect(codes(answers)).toEqual({ BADGE_PIN_FAILED: MAX - 1, BADGE_LOCKED: 1000 - (MAX - 1) });
    const badge = await t.db.knex('badges').where({ number: a.badges.gm }).first('failed_pins');
    expect(Number(badge.failed_pins)).toBe(MAX);
    const sessions = await t.db.knex('sessions').where({ kind: 'badge' }).count({ n: '*' }).first();
    expect(Number(sessions?.n)).toBe(0);
  });

  it('answers an unknown name, an inactive account and a wrong password identically, locked ones too', async () => {
    await t.db.knex('users').where({ username: 'supervisor' }).update({ active: false });
    const c = client(server.url);
    const attempt = (username: string) => c.post('/auth/login', { username, password: 'not-it' });
    const names = ['staff', 'nobody-here', 'supervisor'];
    for (let i = 1; i <= MAX + 1; i++) {
      const answers = await Promise.all(names.map(attempt));
      const shape = answers.map((r) => ({ status: r.status, body: r.body }));
      // Same status, code, messages and details for all three; the lock time is the same clock's.
      expect(shape[1], `attempt ${i}`).toEqual(shape[0]);
      expect(shape[2], `attempt ${i}`).toEqual(shape[0]);
      expect(shape[0]!.body.code).toBe(i < MAX ? 'LOGIN_FAILED' : 'ACCOUNT_LOCKED');
    }
    await t.db.knex('users').where({ username: 'supervisor' }).update({ active: true });
    clock.advance(LOCK_MINUTES * 60_000 + 1);
  });
});

describe('sign-in rate limits', () => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer | undefined;
  const clock = fixedClock('2026-11-25T02:00:00.000Z');

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    a = await buildSmallArchive(t.db);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });
  /** A server whose sign-in buckets are `limits` (the others out of the way); lock-out far away. */
  const serve = async (limits: Record<string, unknown>) => {
    await server?.close();
    const signInRate = { address: UNLIMITED, account: UNLIMITED, badge: UNLIMITED, ...limits };
    server = await startTestServer(
      t.db,
      { security: { ...security(signInRate), maxFailedAttempts: 100 } },
      clock,
    );
    return client(server.url);
  };
  const login = (c: ReturnType<typeof client>, username: string, password = 'wrong') =>
    c.post('/auth/login', { username, password });

  it('limits attempts per username, even with the right password, with Retry-After', async () => {
    const c = await serve({ account: { burst: 2, perMinute: 2 } });
    expect((await login(c, 'staff')).body).toMatchObject({ code: 'LOGIN_FAILED' });
    expect((await login(c, 'Staff')).body).toMatchObject({ code: 'LOGIN_FAILED' });
    const limited = await login(c, 'staff', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      code: 'RATE_LIMITED',
      messages: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
    });
    expect(limited.headers.get('retry-after')).toBe('30'); // 2 a minute: the next one in 30 s
    expect((await login(c, 'archivist', PASSWORD)).status).toBe(200);
    clock.advance(30_000);
    expect((await login(c, 'staff', PASSWORD)).status).toBe(200);
  });

  it('limits PIN attempts per badge', async () => {
    const c = await serve({ badge: { burst: 2, perMinute: 2 } });
    const archivist = client(server!.url);
    await archivist.login('archivist', PASSWORD);
    const screen = (await archivist.post<{ token: string }>('/stations/kiosk-1/pair', {})).body.token;
    const badge = (number: string, pin = '0000') =>
      c.post('/auth/badge', { badge: number, pin }, { authorization: `Station ${screen}` });
    expect((await badge(a.badges.gm!)).body).toMatchObject({ code: 'BADGE_PIN_FAILED' });
    expect((await badge(a.badges.gm!)).body).toMatchObject({ code: 'BADGE_PIN_FAILED' });
    const limited = await badge(a.badges.gm!, PIN);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect((await badge(a.badges.staff!, PIN)).status).toBe(200);
  });

  it('limits sign-in attempts per source address, whatever the name', async () => {
    const c = await serve({ address: { burst: 3, perMinute: 3 } });
    for (const name of ['staff', 'legal', 'nobody']) expect((await login(c, name)).status).toBe(401);
    const limited = await login(c, 'archivist', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers.get('retry-after')).toBe('20');
    clock.advance(20_000);
    expect((await login(c, 'archivist', PASSWORD)).status).toBe(200);
  });
});
