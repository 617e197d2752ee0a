// Circulation against real databases: a SQLite file and a PostgreSQL database, each freshly migrated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/access.js';
import type { CustodyEntry } from '../../server/domain/ledger.js';
import { EventBus } from '../../server/events.js';
import { fixedClock } from '../../server/providers.js';
import { createCirculationService, type CirculationService } from '../../server/services/circulation.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { findItem } from '../../server/store/items.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const policy = {
  loanDays: { C: 7, B: 3, A: 1 },
  approvalFromLevel: 'B' as const,
  blockLoansWhileOverdue: false,
  unrecordedRemovalHours: 24,
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'NO_ERROR';
}

describe.each(DIALECTS)('circulation on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let circulation: CirculationService;
  const published: CustodyEntry[] = [];
  const clock = fixedClock('2026-11-25T02:00:00.000Z');
  const actor = (key: keyof SmallArchive['users']): Actor => ({
    userId: a.users[key],
    role: key === 'staffElsewhere' ? 'staff' : (key as Actor['role']),
    departmentId: null,
    estateIds: key === 'staff' ? [a.estateId] : key === 'staffElsewhere' ? [a.otherEstateId] : 'all',
  });
  const logCount = async () =>
    Number(((await t.db.knex('custody_log').count({ n: '*' }).first()) as { n: number }).n);

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    const bus = new EventBus();
    bus.subscribe('custody', (e) => published.push(e));
    circulation = createCirculationService({ db: t.db, bus, clock, policy });
  });
  afterAll(async () => t?.drop());

  it('checks a folder out to the staff member with a due date from policy, logging one row', async () => {
    const before = await logCount();
    const { item, entry } = await circulation.checkOut(
      { actor: actor('staff'), station: 'kiosk-1' },
      { item: { barcode: a.items.c1 }, purpose: '办理产权证' },
    );
    expect(item.state).toBe('out');
    expect(item.holderUserId).toBe(a.users.staff);
    // 02:00 UTC is 10:00 in Beijing; 7 days → end of 2 December, Beijing time.
    expect(item.dueAt).toBe('2026-12-02T15:59:59.999Z');
    expect(entry).toMatchObject({
      seq: before + 1,
      action: 'check_out',
      fromState: 'in_place',
      toState: 'out',
      station: 'kiosk-1',
      toHolderId: a.users.staff,
    });
    expect(await logCount()).toBe(before + 1);
    expect(published.at(-1)?.seq).toBe(entry.seq);
    const stored = await findItem(t.db.knex, { barcode: a.items.c1 });
    expect(stored).toMatchObject({ state: 'out', holderUserId: a.users.staff, outPurpose: '办理产权证' });
  });

  it('refuses a second check-out with ITEM_ALREADY_OUT and writes nothing', async () => {
    const before = await logCount();
    const events = published.length;
    expect(
      await codeOf(
        circulation.checkOut({ actor: actor('archivist') }, { item: { barcode: a.items.c1 }, purpose: 'x' }),
      ),
    ).toBe('ITEM_ALREADY_OUT');
    expect(await logCount()).toBe(before);
    expect(published.length).toBe(events);
  });

  it('asks permission before state, so a refused caller learns nothing of where a folder is', async () => {
    // c1 is out (first test): who may not act on it is refused as such, not told it is out.
    const move = { item: { barcode: a.items.c1 }, toLocationId: a.shelves.s2 };
    expect(await codeOf(circulation.move({ actor: actor('staff') }, move))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        circulation.checkOut(
          { actor: actor('staffElsewhere') },
          { item: { barcode: a.items.c1 }, purpose: 'x' },
        ),
      ),
    ).toBe('OUTSIDE_AREA');
    expect(
      await codeOf(
        circulation.checkIn(
          { actor: actor('staffElsewhere') },
          { item: { barcode: a.items.c2 }, inspection: 'intact' },
        ),
      ),
    ).toBe('NOT_HOLDER');
    // Allowed callers still hear the state.
    expect(await codeOf(circulation.move({ actor: actor('archivist') }, move))).toBe('ITEM_ALREADY_OUT');
  });

  it('needs an approval reference for level B and above', async () => {
    expect(
      await codeOf(
        circulation.checkOut(
          { actor: actor('archivist') },
          { item: { barcode: a.items.b1 }, purpose: '租户核对' },
        ),
      ),
    ).toBe('CLEARANCE_REQUIRED');
    // Staff are not cleared for B at all, even with a reference.
    expect(
      await codeOf(
        circulation.checkOut(
          { actor: actor('staff') },
          { item: { barcode: a.items.b1 }, purpose: '租户核对', approvalRef: 'JY-2026-001' },
        ),
      ),
    ).toBe('CLEARANCE_REQUIRED');
    const { item, entry } = await circulation.checkOut(
      { actor: actor('archivist') },
      { item: { barcode: a.items.b1 }, purpose: '租户核对', approvalRef: 'JY-2026-001' },
    );
    expect(item.dueAt).toBe('2026-11-28T15:59:59.999Z'); // B: 3 days
    expect(entry.approvalRef).toBe('JY-2026-001');
  });

  it('denies per record: out of area, litigation, and handing files to others', async () => {
    expect(
      await codeOf(
        circulation.checkOut(
          { actor: actor('staff') },
          { item: { barcode: a.items.elsewhere }, purpose: 'x' },
        ),
      ),
    ).toBe('OUTSIDE_AREA');
    expect(
      await codeOf(
        circulation.checkOut({ actor: actor('staff') }, { item: { barcode: a.items.lit }, purpose: 'x' }),
      ),
    ).toBe('LITIGATION_RESTRICTED');
    expect(
      await codeOf(
        circulation.checkOut(
          { actor: actor('staff') },
          { item: { barcode: a.items.c2 }, holderUserId: a.users.gm, purpose: 'x' },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        circulation.checkOut({ actor: actor('admin') }, { item: { barcode: a.items.c2 }, purpose: 'x' }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        circulation.checkOut({ actor: actor('staff') }, { item: { barcode: 'F999999999' }, purpose: 'x' }),
      ),
    ).toBe('ITEM_NOT_FOUND');
    expect(
      await codeOf(
        circulation.checkOut({ actor: actor('archivist') }, { item: { barcode: a.items.box }, purpose: 'x' }),
      ),
    ).toBe('ITEM_NOT_CIRCULATING');
  });

  it('hands a file to someone else only if they may borrow it themselves', async () => {
    const handTo = (holder: number, barcode: string) =>
      codeOf(
        circulation.checkOut(
          { actor: actor('archivist') },
          { item: { barcode }, holderUserId: holder, purpose: '代借', approvalRef: 'JY-1' },
        ),
      );
    expect(await handTo(a.users.staffElsewhere, a.items.c2)).toBe('OUTSIDE_AREA');
    expect(await handTo(a.users.staff, a.items.lit)).toBe('LITIGATION_RESTRICTED');
    expect(await handTo(a.users.admin, a.items.c2)).toBe('FORBIDDEN');
    expect(await handTo(999_999, a.items.c2)).toBe('USER_NOT_FOUND');
  });

  it('checks in with an inspection; only the holder or an archivist may', async () => {
    expect(
      await codeOf(
        circulation.checkIn(
          { actor: actor('supervisor') },
          { item: { barcode: a.items.c1 }, inspection: 'intact' },
        ),
      ),
    ).toBe('NOT_HOLDER');
    const { item, entry } = await circulation.checkIn(
      { actor: actor('staff'), station: 'kiosk-1' },
      { item: { barcode: a.items.c1 }, inspection: 'pages_missing', note: '缺第3页' },
    );
    expect(item).toMatchObject({ state: 'in_place', holderUserId: null, dueAt: null });
    expect(entry).toMatchObject({
      action: 'check_in',
      fromHolderId: a.users.staff,
      toHolderId: null,
      toLocationId: a.shelves.s1,
    });
    expect(entry.reason).toContain('pages_missing');
    const inspection = await t.db.knex('inspections').where({ custody_seq: entry.seq }).first();
    expect(inspection).toMatchObject({
      result: 'pages_missing',
      note: '缺第3页',
      inspector_user_id: a.users.staff,
    });
    expect(
      await codeOf(
        circulation.checkIn(
          { actor: actor('archivist') },
          { item: { barcode: a.items.c1 }, inspection: 'intact' },
        ),
      ),
    ).toBe('ITEM_NOT_OUT');
  });

  it('moves within capacity to shelves only, and only archivists move', async () => {
    expect(
      await codeOf(
        circulation.move(
          { actor: actor('staff') },
          { item: { barcode: a.items.c2 }, toLocationId: a.shelves.s2 },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        circulation.move(
          { actor: actor('archivist') },
          { item: { barcode: a.items.c2 }, toLocationId: a.shelves.full },
        ),
      ),
    ).toBe('LOCATION_FULL');
    expect(
      await codeOf(
        circulation.move(
          { actor: actor('archivist') },
          { item: { barcode: a.items.c2 }, toLocationId: a.shelves.cabinet },
        ),
      ),
    ).toBe('LOCATION_NOT_SHELVING');
    expect(
      await codeOf(
        circulation.move(
          { actor: actor('archivist') },
          { item: { barcode: a.items.c2 }, toLocationId: a.shelves.s1 },
        ),
      ),
    ).toBe('ITEM_SAME_LOCATION');
    const { item, entry } = await circulation.move(
      { actor: actor('archivist') },
      { item: { barcode: a.items.c2 }, toLocationId: a.shelves.s2, reason: '调整架位' },
    );
    expect(item.locationId).toBe(a.shelves.s2);
    expect(entry).toMatchObject({ action: 'move', fromLocationId: a.shelves.s1, toLocationId: a.shelves.s2 });
  });

  it('records missing and found', async () => {
    await circulation.markMissing({ actor: actor('archivist') }, { barcode: a.items.c3 }, '盘点未见');
    expect(
      await codeOf(
        circulation.checkOut({ actor: actor('staff') }, { item: { barcode: a.items.c3 }, purpose: 'x' }),
      ),
    ).toBe('ITEM_MISSING');
    const { item } = await circulation.markFound(
      { actor: actor('archivist') },
      { barcode: a.items.c3 },
      '在2层找到',
    );
    expect(item.state).toBe('in_place');
  });

  it('a batch check-out is all or nothing', async () => {
    const before = await logCount();
    const code = await codeOf(
      circulation.checkOutMany({ actor: actor('staff') }, [
        { item: { barcode: a.items.c3 }, purpose: '批量' },
        { item: { barcode: a.items.elsewhere }, purpose: '批量' },
      ]),
    );
    expect(code).toBe('OUTSIDE_AREA');
    // The refusal names the folder that stopped the batch.
    const refusal = await circulation
      .checkOutMany({ actor: actor('staff') }, [
        { item: { barcode: a.items.c3 }, purpose: '批量' },
        { item: { barcode: a.items.elsewhere }, purpose: '批量' },
      ])
      .catch((e: { details: unknown }) => e);
    expect(refusal).toMatchObject({ details: { barcode: a.items.elsewhere } });
    expect((await findItem(t.db.knex, { barcode: a.items.c3 }))?.state).toBe('in_place');
    expect(await logCount()).toBe(before);
  });

  it('of many simultaneous check-outs of one item exactly one wins', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        circulation.checkOut(
          { actor: actor(i % 2 ? 'archivist' : 'staff') },
          { item: { barcode: a.items.c3 }, purpose: `并发 ${i}` },
        ),
      ),
    );
    const won = attempts.filter((r) => r.status === 'fulfilled');
    const lost = attempts.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as { code: string }).code)).toEqual(Array(7).fill('ITEM_ALREADY_OUT'));
    const rows = await t.db
      .knex('custody_log')
      .where({ action: 'check_out' })
      .whereIn('item_id', t.db.knex('items').select('id').where({ barcode: a.items.c3 }));
    expect(rows).toHaveLength(1);
  });

  it('leaves a custody log that verifies, and the database refuses to edit or delete it', async () => {
    expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true });
    await expect(t.db.knex('custody_log').where({ seq: 1 }).update({ reason: 'edited' })).rejects.toThrow(
      /CUSTODY_LOG_APPEND_ONLY/,
    );
    await expect(t.db.knex('custody_log').where({ seq: 1 }).delete()).rejects.toThrow(
      /CUSTODY_LOG_APPEND_ONLY/,
    );
    if (dialect === 'pg')
      await expect(t.db.knex.raw('TRUNCATE custody_log')).rejects.toThrow(/CUSTODY_LOG_APPEND_ONLY/);
  });
});
