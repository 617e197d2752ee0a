// The custody log on both databases: gapless appends, and verification that names the first bad row after
// tampering that bypasses the guard triggers (as someone with direct database access could).
import { afterEach, describe, expect, it } from 'vitest';
import type { CustodyFields } from '../../server/domain/ledger.js';
import { appendCustody, verifyCustodyLog } from '../../server/store/custody-log.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive } from '../helpers/small-archive.js';
import { unguarded } from '../helpers/unguarded.js';

const entry = (itemId: number, i: number): Omit<CustodyFields, 'seq'> => ({
  at: new Date(Date.UTC(2026, 10, 25, 0, 0, i)).toISOString(),
  actorUserId: null,
  station: 'test',
  action: 'seen',
  itemId,
  fromState: 'in_place',
  toState: 'in_place',
  fromLocationId: null,
  toLocationId: null,
  fromHolderId: null,
  toHolderId: null,
  reason: `round ${i}`,
  approvalRef: null,
});

describe.each(DIALECTS)('custody log on %s', (dialect) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  async function logWith(n: number) {
    t = await createTestDatabase(dialect);
    await buildSmallArchive(t.db); // 7 'registered' rows
    const item = (await t.db.knex('items').first('id')) as { id: number };
    // Appends from several concurrent transactions still come out gapless and chained.
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        runWriteTransaction(t!.db, (trx) => appendCustody(trx, [entry(item.id, i)])),
      ),
    );
    return t;
  }

  it('stays gapless and verifiable under concurrent appends', async () => {
    const db = await logWith(40);
    const seqs = (
      (await db.db.knex('custody_log').orderBy('seq').select('seq')) as Array<{ seq: number }>
    ).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    expect(await verifyCustodyLog(db.db.knex, 10)).toEqual({ ok: true, rows: 47, lastSeq: 47 });
  });

  it('names an edited row', async () => {
    const db = await logWith(20);
    await unguarded(db, dialect, "UPDATE custody_log SET reason = 'rewritten' WHERE seq = 12");
    expect(await verifyCustodyLog(db.db.knex, 5)).toMatchObject({
      ok: false,
      rows: 11,
      firstBad: { seq: 12, problem: 'hash' },
    });
  });

  it('names a deleted row', async () => {
    const db = await logWith(20);
    await unguarded(db, dialect, 'DELETE FROM custody_log WHERE seq = 9');
    expect(await verifyCustodyLog(db.db.knex)).toMatchObject({
      ok: false,
      firstBad: { seq: 9, problem: 'gap' },
    });
  });

  it('names a row whose hash was recomputed but whose successor still points at the old one', async () => {
    const db = await logWith(20);
    const row = (await db.db.knex('custody_log').where({ seq: 15 }).first()) as { hash: string };
    await unguarded(db, dialect, `UPDATE custody_log SET hash = '${'a'.repeat(64)}' WHERE seq = 15`);
    const result = await verifyCustodyLog(db.db.knex);
    expect(result.ok).toBe(false);
    expect(result.firstBad?.seq).toBe(15);
    expect(row.hash).not.toBe('a'.repeat(64));
  });
});
