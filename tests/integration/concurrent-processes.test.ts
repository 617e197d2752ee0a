// Two (and more) server processes writing one SQLite file at the same moment: the write lock taken up front
// (BEGIN IMMEDIATE) makes exactly one check-out win; the others see the item out. Real processes, real file.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const run = promisify(execFile);

describe('simultaneous check-outs from separate processes on one SQLite file', () => {
  let t: TestDatabase;
  let a: SmallArchive;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    a = await buildSmallArchive(t.db);
    await t.db.close(); // the processes below are the only writers
  });
  afterAll(async () => t?.drop());

  it('exactly one of four processes wins', async () => {
    const startAt = Date.now() + 2500; // every process is connected and waiting by then
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(
          process.execPath,
          [
            '--import',
            'tsx',
            'tests/helpers/checkout-process.ts',
            t.location,
            a.items.c1,
            String(a.users.archivist),
            String(startAt),
          ],
          {
            timeout: 30_000,
          },
        ).then(
          ({ stdout }) =>
            JSON.parse(stdout.trim().split('\n').at(-1)!) as { ok: boolean; code?: string; seq?: number },
        ),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.code)).toEqual([
      'ITEM_ALREADY_OUT',
      'ITEM_ALREADY_OUT',
      'ITEM_ALREADY_OUT',
    ]);

    const { openDatabase } = await import('../../server/store/db.js');
    const db = openDatabase({ client: 'sqlite', filename: t.location });
    try {
      const outs = await db.knex('custody_log').where({ action: 'check_out' });
      expect(outs).toHaveLength(1);
      expect(await verifyCustodyLog(db.knex)).toMatchObject({ ok: true });
    } finally {
      await db.close();
    }
  });
});
