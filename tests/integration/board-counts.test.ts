// The board's counts are taken in the database (grouped, never loading the records), yet must give exactly
// the numbers of a record-by-record count under the access rule. Checked on both databases over the test
// archive widened with files of every level, kind and area, in every counted state, for every role as
// several kinds of person (all estates, one estate, none; a department or none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardMay, can, type Actor } from '../../server/domain/access.js';
import { isOverdue } from '../../server/domain/custody.js';
import { ROLES } from '../../server/domain/vocabulary.js';
import { fixedClock } from '../../server/providers.js';
import { createCirculationService } from '../../server/services/circulation.js';
import {
  COUNTS_FRESH_MS,
  createItemsService,
  recordOf,
  type BoardCounts,
} from '../../server/services/items.js';
import { itemsInStates } from '../../server/store/items.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const NOW = new Date('2026-12-01T08:00:00.000Z');
const POLICY = {
  loanDays: { C: 7, B: 3, A: 1 },
  approvalFromLevel: 'B' as const,
  blockLoansWhileOverdue: false,
  unrecordedRemovalHours: 24,
  alarmEscalationMinutes: 30,
};

/** The count as it was first written: every record loaded and judged on its own (the reference). */
async function perRecordCounts(t: TestDatabase, actor: Actor): Promise<BoardCounts> {
  const counts: BoardCounts = { inPlace: 0, out: 0, overdue: 0, removed: 0, inTransfer: 0, missing: 0 };
  const states = ['in_place', 'out', 'removed', 'in_transfer', 'missing'] as const;
  for (const item of await itemsInStates(t.db.knex, states)) {
    if (!boardMay(actor, recordOf(item))) continue;
    if (item.state === 'in_place') counts.inPlace += 1;
    else if (item.state === 'removed') counts.removed += 1;
    else if (item.state === 'in_transfer') counts.inTransfer += 1;
    else if (item.state === 'missing') counts.missing += 1;
    else {
      counts.out += 1;
      if (isOverdue(item.dueAt, NOW)) counts.overdue += 1;
    }
  }
  return counts;
}

const insertId = async (t: TestDatabase, table: string, row: Record<string, unknown>) => {
  const [r] = (await t.db.knex(table).insert(row).returning('id')) as Array<{ id: number } | number>;
  return typeof r === 'number' ? r : r!.id;
};

/** More files on top of the small archive: levels A–C, litigation, internal files of two departments. */
async function widen(t: TestDatabase, a: SmallArchive) {
  const k = t.db.knex;
  const site = ((await k('sites').first('id')) as { id: number }).id;
  const dept = ((await k('departments').first('id')) as { id: number }).id;
  const otherDept = await insertId(t, 'departments', { code: 'GC', name: '工程部' });
  const shelf = a.shelves.s1;
  const properties = (await k('properties').orderBy('id').select('id')) as Array<{ id: number }>;
  const dossiers: number[] = [];
  let n = 0;
  for (const [kind, level, property, department] of [
    ['company_buyer', 'A', properties[0]!.id, null],
    ['tenant', 'B', properties[1]!.id, null],
    ['litigation', 'A', null, dept],
    ['internal', 'C', null, dept],
    ['internal', 'B', null, otherDept],
    ['engineering', 'C', null, null],
  ] as const) {
    dossiers.push(
      await insertId(t, 'dossiers', {
        archive_no: `W-${++n}`,
        site_id: site,
        property_id: property,
        kind,
        title: `W-${n}`,
        year: 2026,
        confidentiality: level,
        department_id: department,
        created_at: NOW.toISOString(),
      }),
    );
  }
  let barcode = 100;
  for (const dossier of [...dossiers, null]) {
    for (let v = 0; v < 6; v++) {
      await insertId(t, 'items', {
        barcode: `W${String(++barcode).padStart(9, '0')}`,
        kind: dossier === null ? 'box' : 'folder',
        dossier_id: dossier,
        folder_group: dossier === null ? null : 'a',
        volume_no: v + 1,
        title: `W ${barcode}`,
        location_id: shelf,
        created_at: NOW.toISOString(),
      });
    }
  }
  // Every item (the small archive's too) into a state by turns, and the ones out half overdue.
  const ids = ((await k('items').orderBy('id').select('id')) as Array<{ id: number }>).map((r) => r.id);
  const states = ['in_place', 'out', 'removed', 'in_transfer', 'missing', 'out', 'destroyed'];
  for (const [i, id] of ids.entries()) {
    const state = states[i % states.length]!;
    const due = new Date(NOW.getTime() + (i % 2 === 0 ? -1 : 1) * 86_400_000 * (1 + (i % 5)));
    await k('items')
      .where({ id })
      .update({
        state,
        holder_user_id: state === 'out' ? a.users.staff : null,
        out_at: state === 'out' ? '2026-11-20T08:00:00.000Z' : null,
        due_at: state === 'out' ? due.toISOString() : null,
      });
  }
}

describe.each(DIALECTS)('board counts in the database (%s)', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    await widen(t, a);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('equal the record-by-record count for every role, area and department', async () => {
    const items = createItemsService({ db: t.db, clock: fixedClock(NOW), policy: POLICY });
    const departments = (
      (await t.db.knex('departments').orderBy('id').select('id')) as Array<{ id: number }>
    ).map((r) => r.id);
    const areas: Array<Actor['estateIds']> = ['all', [a.estateId], [a.otherEstateId], []];
    let compared = 0;
    for (const role of ROLES) {
      for (const estateIds of areas) {
        for (const departmentId of [null, ...departments]) {
          const actor: Actor = { userId: a.users.supervisor, role, departmentId, estateIds };
          if (!can(actor, 'holdings.read_all').allowed) {
            await expect(items.boardCounts(actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
            continue;
          }
          const expected = await perRecordCounts(t, actor);
          expect(
            await items.boardCounts(actor),
            `${role} ${JSON.stringify(estateIds)} ${departmentId}`,
          ).toEqual(expected);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('counts every state, the overdue loans and what is in transfer, and narrows by role', async () => {
    const items = createItemsService({ db: t.db, clock: fixedClock(NOW), policy: POLICY });
    const gm = await items.boardCounts({
      userId: a.users.gm,
      role: 'gm',
      departmentId: null,
      estateIds: 'all',
    });
    const supervisor = await items.boardCounts({
      userId: a.users.supervisor,
      role: 'supervisor',
      departmentId: null,
      estateIds: [a.estateId],
    });
    for (const key of ['inPlace', 'out', 'overdue', 'removed', 'inTransfer', 'missing'] as const)
      expect(gm[key], key).toBeGreaterThan(0);
    expect(gm.overdue).toBeLessThan(gm.out);
    // Level A and litigation files count for the general manager only.
    const sum = (c: BoardCounts) => c.inPlace + c.out + c.removed + c.inTransfer + c.missing;
    expect(sum(supervisor)).toBeLessThan(sum(gm));
    // Destroyed items are not on the board at all.
    const all = Number(((await t.db.knex('items').count({ n: '*' }).first()) as { n: number | string }).n);
    const destroyed = Number(
      (
        (await t.db.knex('items').where({ state: 'destroyed' }).count({ n: '*' }).first()) as {
          n: number | string;
        }
      ).n,
    );
    expect(destroyed).toBeGreaterThan(0);
    expect(sum(gm)).toBe(all - destroyed);
  });

  it('shares the grouped counts and loans between viewers, yet shows a custody change at once', async () => {
    const clock = fixedClock(NOW);
    const items = createItemsService({ db: t.db, clock, policy: POLICY });
    const gm: Actor = { userId: a.users.gm, role: 'gm', departmentId: null, estateIds: 'all' };
    const archivist: Actor = {
      userId: a.users.archivist,
      role: 'archivist',
      departmentId: null,
      estateIds: 'all',
    };
    const before = await items.boardCounts(gm);
    const loans = async () =>
      (await items.allHoldings(gm, { limit: 1000, offset: 0 })).items.map((i) => i.barcode);
    expect(await loans()).not.toContain(a.items.c1);
    // A check-out is a custody entry: the next count sees it, however soon.
    const circulation = createCirculationService({ db: t.db, bus: null, clock, policy: POLICY });
    await circulation.checkOut({ actor: archivist }, { item: { barcode: a.items.c1 }, purpose: '查阅' });
    const after = await items.boardCounts(gm);
    expect(after.out).toBe(before.out + 1);
    expect(after.inPlace).toBe(before.inPlace - 1);
    expect(after).toEqual(await perRecordCounts(t, gm));
    expect(await loans()).toContain(a.items.c1); // everyone's loans are shared the same way
    // A change no custody entry records (a level raised to A) shows once the shared figures are stale.
    const supervisor: Actor = {
      userId: a.users.supervisor,
      role: 'supervisor',
      departmentId: null,
      estateIds: 'all',
    };
    const seen = await items.boardCounts(supervisor);
    await t.db.knex('dossiers').where({ archive_no: 'HY-3-2-1502' }).update({ confidentiality: 'A' });
    expect(await items.boardCounts(supervisor)).toEqual(seen);
    clock.advance(COUNTS_FRESH_MS);
    const raised = await items.boardCounts(supervisor);
    expect(raised).toEqual(await perRecordCounts(t, supervisor));
    expect(raised.out + raised.inPlace).toBeLessThan(seen.out + seen.inPlace);
  });
});
