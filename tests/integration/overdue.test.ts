// An overdue borrower is told at sign-in (password, badge, and "who am I"), and with
// policy.blockLoansWhileOverdue may not borrow again until the overdue folders are back. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/providers.js';
import { createCirculationService } from '../../server/services/circulation.js';
import { createItemsService } from '../../server/services/items.js';
import { loadConfig } from '../../server/config.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, PIN, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

type Overdue = {
  count: number;
  items: Array<{ itemId: number; barcode: string; title: string; dueAt: string }>;
  blocksNewLoans: boolean;
};

describe.each(DIALECTS)('overdue borrowers on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer;
  const clock = fixedClock('2026-11-25T02:00:00.000Z');
  const logCount = async () =>
    Number(((await t.db.knex('custody_log').count({ n: '*' }).first()) as { n: number }).n);
  const signedIn = async (username: string) => {
    const c = client(server.url);
    const res = await c.login(username, PASSWORD);
    return { c, me: (res.body as unknown as { me: { overdue: Overdue } }).me };
  };

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    server = await startTestServer(t.db, { policy: { blockLoansWhileOverdue: true } }, clock);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('is off by default: the configuration says so until someone turns it on', () => {
    expect(loadConfig({ env: {} }).policy).toMatchObject({ blockLoansWhileOverdue: false });
  });

  it('reports no overdue loans at sign-in for someone who has none', async () => {
    const { c, me } = await signedIn('staff');
    expect(me.overdue).toEqual({ count: 0, items: [], blocksNewLoans: false });
    const out = await c.post('/circulation/check-out', { items: [a.items.c1], purpose: '办理产权证' });
    expect(out.status).toBe(200);
    expect((await c.get<{ overdue: Overdue }>('/auth/me')).body.overdue.count).toBe(0);
  });

  it('warns at password sign-in, badge sign-in and in /auth/me once a loan is past due', async () => {
    clock.set('2026-12-05T02:00:00.000Z'); // c1 was due at the end of 2 December, Beijing time
    const expected = {
      count: 1,
      items: [{ barcode: a.items.c1, title: `${a.items.c1} 卷`, dueAt: '2026-12-02T15:59:59.999Z' }],
      // The policy is on in this server: the sign-in answer says up front that a new loan will be refused.
      blocksNewLoans: true,
    };
    const { c, me } = await signedIn('staff');
    expect(me.overdue).toMatchObject(expected);
    expect((await c.get<{ overdue: Overdue }>('/auth/me')).body.overdue).toMatchObject(expected);

    const { c: archivist, me: archivistMe } = await signedIn('archivist');
    expect(archivistMe.overdue).toEqual({ count: 0, items: [], blocksNewLoans: false });
    const paired = await archivist.post<{ token: string }>('/stations/kiosk-1/pair', {});
    const badge = await client(server.url).post<{ me: { overdue: Overdue; kind: string } }>(
      '/auth/badge',
      { badge: a.badges.staff, pin: PIN },
      { authorization: `Station ${paired.body.token}` },
    );
    expect(badge.status).toBe(200);
    expect(badge.body.me).toMatchObject({ kind: 'badge', overdue: expected });
  });

  it('refuses a new loan with BORROWER_OVERDUE, naming the overdue folders, and writes nothing', async () => {
    const { c } = await signedIn('staff');
    const before = await logCount();
    const refused = await c.post<{
      code: string;
      messages: Record<string, string>;
      details: { count: number; overdue: Array<{ barcode: string; dueAt: string }> };
    }>('/circulation/check-out', { items: [a.items.c2, a.items.c3], purpose: '查阅' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'BORROWER_OVERDUE',
      messages: {
        'zh-CN': '借阅人有逾期未还的档案，请先归还逾期档案再借阅',
        en: 'The borrower has overdue folders; return them before borrowing again',
      },
      details: { count: 1, overdue: [{ barcode: a.items.c1, dueAt: '2026-12-02T15:59:59.999Z' }] },
    });
    // Handing a folder to the overdue borrower is refused too; the archivist borrowing for themself is not.
    const { c: archivist } = await signedIn('archivist');
    expect(
      (
        await archivist.post('/circulation/check-out', {
          items: [a.items.c2],
          purpose: '转交',
          holderUserId: a.users.staff,
        })
      ).body,
    ).toMatchObject({ code: 'BORROWER_OVERDUE' });
    expect(await logCount()).toBe(before);
    const own = await archivist.post('/circulation/check-out', { items: [a.items.c3], purpose: '核对' });
    expect(own.status).toBe(200);
  });

  it('still takes the overdue folder back, after which the borrower may borrow again', async () => {
    const { c } = await signedIn('staff');
    const back = await c.post('/circulation/check-in', { item: a.items.c1, inspection: 'intact' });
    expect(back.status).toBe(200);
    expect((await c.get<{ overdue: Overdue }>('/auth/me')).body.overdue).toEqual({
      count: 0,
      items: [],
      blocksNewLoans: false,
    });
    const again = await c.post('/circulation/check-out', { items: [a.items.c2], purpose: '查阅' });
    expect(again.status).toBe(200);
  });

  it('without the policy, an overdue borrower may borrow (only warned)', async () => {
    clock.set('2026-12-20T02:00:00.000Z'); // c2 is overdue now
    const staff = (await t.db.knex('users').where({ id: a.users.staff }).first()) as { id: number };
    const actor = { userId: staff.id, role: 'staff' as const, departmentId: null, estateIds: [a.estateId] };
    const lenient = createCirculationService({
      db: t.db,
      bus: null,
      clock,
      policy: { ...loadConfig({ env: {} }).policy, blockLoansWhileOverdue: false },
    });
    const strict = createCirculationService({
      db: t.db,
      bus: null,
      clock,
      policy: { ...loadConfig({ env: {} }).policy, blockLoansWhileOverdue: true },
    });
    await expect(
      strict.checkOut({ actor }, { item: { barcode: a.items.c1 }, purpose: 'x' }),
    ).rejects.toMatchObject({ code: 'BORROWER_OVERDUE' });
    const { item } = await lenient.checkOut({ actor }, { item: { barcode: a.items.c1 }, purpose: 'x' });
    expect(item.state).toBe('out');
    // The sign-in warning follows the same policy: overdue, but new loans are not blocked.
    const overdueOf = (blockLoansWhileOverdue: boolean) =>
      createItemsService({
        db: t.db,
        clock,
        policy: { ...loadConfig({ env: {} }).policy, blockLoansWhileOverdue },
      }).overdueOf(staff.id);
    expect(await overdueOf(false)).toMatchObject({ count: 1, blocksNewLoans: false });
    expect(await overdueOf(true)).toMatchObject({ count: 1, blocksNewLoans: true });
  });
});
