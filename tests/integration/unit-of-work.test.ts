// One unit of work on both databases: write transactions take the write lock first, so a batch check-out
// racing single ones never deadlocks and capacity is counted under the lock; events are published after
// COMMIT with each listener isolated; a lost optimistic race is retried.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/access.js';
import type { CustodyEntry } from '../../server/domain/ledger.js';
import { EventBus } from '../../server/events.js';
import { createLogger } from '../../server/logger.js';
import { fixedClock } from '../../server/providers.js';
import { createCatalogueService } from '../../server/services/catalogue.js';
import { createCirculationService, type CirculationService } from '../../server/services/circulation.js';
import { RetryableConflict, writeTransaction } from '../../server/services/unit-of-work.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { openDatabase, type Database } from '../../server/store/db.js';
import { createFieldCipher } from '../../server/store/secrets.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const policy = {
  loanDays: { C: 7, B: 3, A: 1 },
  approvalFromLevel: 'B' as const,
  blockLoansWhileOverdue: false,
  unrecordedRemovalHours: 24,
};
const T0 = '2026-11-25T02:00:00.000Z';
const KEY = '0123456789abcdef'.repeat(4);

const codeOf = (reason: unknown) => (reason as { code?: string }).code ?? String(reason);

/** A pino logger writing into an array, to see what the bus logged. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string; event?: string; err?: { message: string } }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

describe.each(DIALECTS)('one unit of work on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let circulation: CirculationService;
  const clock = fixedClock(T0);
  const archivist = (): Actor => ({
    userId: a.users.archivist,
    role: 'archivist',
    departmentId: null,
    estateIds: 'all',
  });

  /** Folders on a shelf without a capacity limit, each with its 'registered' row. */
  async function addFolders(prefix: string, count: number): Promise<string[]> {
    const shelf = (await t.db.knex('locations').where({ id: a.shelves.s2 }).first('parent_id')) as {
      parent_id: number;
    };
    const [row] = (await t.db
      .knex('locations')
      .insert({
        kind: 'shelf',
        parent_id: shelf.parent_id,
        code: `${prefix}-S`,
        name: prefix,
        capacity: null,
      })
      .returning('id')) as Array<{ id: number } | number>;
    const locationId = typeof row === 'object' ? row.id : Number(row);
    const barcodes = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
    await t.db.knex('items').insert(
      barcodes.map((barcode) => ({
        barcode,
        kind: 'folder',
        title: barcode,
        location_id: locationId,
        created_at: T0,
      })),
    );
    return barcodes;
  }

  const seqs = async () =>
    ((await t.db.knex('custody_log').orderBy('seq').select('seq')) as Array<{ seq: number }>).map((r) =>
      Number(r.seq),
    );

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    circulation = createCirculationService({ db: t.db, bus: new EventBus(), clock, policy });
  });
  afterAll(async () => t?.drop());

  it.each([
    [50, 40],
    [400, 160],
  ])(
    'a burst of %i check-outs, batches racing singles over %i folders: each folder out once, no DB_BUSY',
    async (requests, count) => {
      const folders = await addFolders(`K${requests}`, count);
      // Every fifth request is a batch of five neighbouring folders; the others take one folder each, spread so
      // that they overlap the batches.
      const requested = Array.from({ length: requests }, (_, i) =>
        i % 5 === 0
          ? Array.from({ length: 5 }, (_, j) => folders[(i * 3 + j) % count]!)
          : [folders[(i * 7) % count]!],
      );
      const origin = { actor: archivist(), station: 'kiosk-1' };
      const settled = await Promise.allSettled(
        requested.map((barcodes, i) =>
          barcodes.length === 1
            ? circulation
                .checkOut(origin, { item: { barcode: barcodes[0]! }, purpose: `single ${i}` })
                .then((r) => [r])
            : circulation.checkOutMany(
                origin,
                barcodes.map((barcode) => ({ item: { barcode }, purpose: `batch ${i}` })),
              ),
        ),
      );
      const refusals = settled.flatMap((r) => (r.status === 'rejected' ? [codeOf(r.reason)] : []));
      expect(refusals.filter((c) => c !== 'ITEM_ALREADY_OUT')).toEqual([]);

      // A batch leaves whole or not at all, so a folder may stay in; but none leaves twice.
      const taken = settled.flatMap((r) =>
        r.status === 'fulfilled' ? r.value.map((x) => x.item.barcode) : [],
      );
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken.length).toBeGreaterThan(count / 2);
      const out = (await t.db
        .knex('items')
        .whereIn('barcode', folders)
        .where({ state: 'out' })
        .pluck('barcode')) as string[];
      expect(out.sort()).toEqual([...taken].sort());
      const logged = (await t.db
        .knex('custody_log as c')
        .join('items as i', 'i.id', 'c.item_id')
        .where('c.action', 'check_out')
        .whereIn('i.barcode', folders)
        .pluck('i.barcode')) as string[];
      expect(logged.sort()).toEqual([...taken].sort());
      const all = await seqs();
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true, rows: all.length });
    },
  );

  /** An empty shelf with room for one item. */
  async function oneSlotShelf(code: string): Promise<number> {
    const [row] = (await t.db
      .knex('locations')
      .insert({ kind: 'shelf', parent_id: a.shelves.cabinet, code, name: code, capacity: 1 })
      .returning('id')) as Array<{ id: number } | number>;
    return typeof row === 'object' ? row.id : Number(row);
  }
  const heldAt = async (locationId: number) =>
    (await t.db.knex('items').where({ location_id: locationId }).pluck('barcode')) as string[];

  it('of two simultaneous moves into a one-slot shelf exactly one succeeds', async () => {
    const folders = await addFolders('MV', 6);
    const origin = { actor: archivist() };
    // Three rounds, each into a fresh shelf, so one lucky interleaving cannot pass for all.
    for (let round = 0; round < 3; round++) {
      const slot = await oneSlotShelf(`ONE-SLOT-${round}`);
      const pair = [folders[2 * round]!, folders[2 * round + 1]!];
      const settled = await Promise.allSettled(
        pair.map((barcode) => circulation.move(origin, { item: { barcode }, toLocationId: slot })),
      );
      expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(settled.flatMap((r) => (r.status === 'rejected' ? [codeOf(r.reason)] : []))).toEqual([
        'LOCATION_FULL',
      ]);
      expect(await heldAt(slot)).toHaveLength(1);
    }
  });

  it('a move racing a registration into a one-slot shelf: exactly one takes the slot', async () => {
    const catalogue = createCatalogueService({ db: t.db, bus: null, clock, cipher: createFieldCipher(KEY) });
    const [folder] = await addFolders('RG', 1);
    const slot = await oneSlotShelf('ONE-SLOT-RG');
    const settled = await Promise.allSettled([
      circulation.move({ actor: archivist() }, { item: { barcode: folder! }, toLocationId: slot }),
      catalogue.registerItem(archivist(), { barcode: 'RG-NEW-1', kind: 'folder', locationId: slot }),
    ]);
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(settled.flatMap((r) => (r.status === 'rejected' ? [codeOf(r.reason)] : []))).toEqual([
      'LOCATION_FULL',
    ]);
    expect(await heldAt(slot)).toHaveLength(1);
  });

  it('a listener that throws or rejects is logged; the caller and the other listeners are unaffected', async () => {
    const { lines, logger } = capturingLogger();
    const bus = new EventBus(logger);
    const seen: CustodyEntry[] = [];
    bus.subscribe('custody', () => {
      throw new Error('listener broke');
    });
    bus.subscribe('custody', async () => {
      throw new Error('listener rejected');
    });
    bus.subscribe('custody', (entry) => void seen.push(entry));
    const service = createCirculationService({ db: t.db, bus, clock, policy });
    const folders = await addFolders('LS', 3);
    const results = await service.checkOutMany(
      { actor: archivist() },
      folders.map((barcode) => ({ item: { barcode }, purpose: 'listener test' })),
    );
    expect(results.map((r) => r.item.state)).toEqual(['out', 'out', 'out']);
    // Every event reached the listener after the broken ones, in order.
    expect(seen.map((e) => e.seq)).toEqual(results.map((r) => r.entry.seq));
    await new Promise((resolve) => setImmediate(resolve)); // rejections are logged when they settle
    const failures = lines.filter((l) => l.msg === 'event listener failed');
    expect(failures).toHaveLength(6);
    expect(failures.every((l) => l.level === 50 && l.event === 'custody')).toBe(true);
    expect(new Set(failures.map((l) => l.err?.message))).toEqual(
      new Set(['listener broke', 'listener rejected']),
    );
    // Committed despite the listeners.
    const stored = (await t.db.knex('items').whereIn('barcode', folders).pluck('state')) as string[];
    expect(stored).toEqual(['out', 'out', 'out']);
  });

  it('a writer that cannot get the write lock in time gets DB_BUSY, not a driver error', async () => {
    // Someone else holds the write lock: another SQLite connection in BEGIN IMMEDIATE, or another
    // PostgreSQL session holding the same advisory lock.
    let release: () => Promise<void>;
    let impatient: Database;
    if (dialect === 'sqlite') {
      const other = new BetterSqlite3(t.location);
      other.exec('BEGIN IMMEDIATE');
      release = async () => void other.exec('ROLLBACK').close();
      impatient = openDatabase({ client: 'sqlite', filename: t.location, busyTimeoutMs: 50 });
    } else {
      const other = new pg.Client({ connectionString: t.location });
      await other.connect();
      await other.query('SELECT pg_advisory_lock($1)', [0x64616e67]);
      release = () => other.end();
      const url = new URL(t.location);
      url.searchParams.set('options', '-c lock_timeout=100');
      impatient = openDatabase({ client: 'pg', url: url.toString(), poolMax: 1 });
    }
    try {
      const outcome = writeTransaction(impatient, null, async () => 'never');
      await expect(outcome).rejects.toMatchObject({
        code: 'DB_BUSY',
        details: { driver: dialect === 'sqlite' ? 'SQLITE_BUSY' : '55P03' },
      });
    } finally {
      await release();
      await impatient.close();
    }
  });

  describe('the retry path', () => {
    const bus = new EventBus();
    const published: number[] = [];
    bus.subscribe('custody', (entry) => void published.push(entry.seq));
    const settingsKey = (name: string) => `uow-test-${name}`;
    const storedKeys = async (prefix: string) =>
      (await t.db
        .knex('settings')
        .where('key', 'like', `${prefix}%`)
        .orderBy('key')
        .pluck('key')) as string[];

    it('a RetryableConflict on the first attempt is retried from the start and succeeds', async () => {
      let attempts = 0;
      const result = await writeTransaction(t.db, bus, async ({ trx }) => {
        attempts += 1;
        await trx('settings').insert({ key: settingsKey(`once-${attempts}`), value: String(attempts) });
        if (attempts === 1) throw new RetryableConflict();
        return 'done';
      });
      expect(result).toBe('done');
      expect(attempts).toBe(2);
      // The first attempt rolled back; only the second one's row is there.
      expect(await storedKeys(settingsKey('once-'))).toEqual([settingsKey('once-2')]);
    });

    it('three conflicts in a row fail with CONFLICT, commit nothing and publish nothing', async () => {
      let attempts = 0;
      const before = published.length;
      const outcome = writeTransaction(t.db, bus, async ({ trx, published: toPublish }) => {
        attempts += 1;
        await trx('settings').insert({ key: settingsKey(`never-${attempts}`), value: 'x' });
        toPublish.push({ seq: -attempts } as CustodyEntry);
        throw new RetryableConflict();
      });
      await expect(outcome).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(attempts).toBe(3);
      expect(await storedKeys(settingsKey('never-'))).toEqual([]);
      expect(published.length).toBe(before);
    });

    it('publishes what the successful attempt queued, once, after COMMIT', async () => {
      let attempts = 0;
      let committedWhenPublished: boolean | null = null;
      const off = bus.subscribe('custody', () => {
        // A second connection (PostgreSQL) or the same one after COMMIT (SQLite) sees the row.
        void t.db
          .knex('settings')
          .where({ key: settingsKey('after') })
          .first('key')
          .then((row) => (committedWhenPublished = row !== undefined));
      });
      const before = published.length;
      await writeTransaction(t.db, bus, async ({ trx, published: toPublish }) => {
        attempts += 1;
        toPublish.push({ seq: 1000 + attempts } as CustodyEntry);
        if (attempts === 1) throw new RetryableConflict();
        await trx('settings').insert({ key: settingsKey('after'), value: 'y' });
      });
      off();
      expect(published.slice(before)).toEqual([1002]);
      await expect.poll(() => committedWhenPublished).toBe(true);
    });
  });
});

describe('background work in the serving process', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));

  /** Runs a module in a fresh Node process that rejects a promise nobody handles, then does more work. */
  async function rejectUnhandled(guarded: boolean) {
    const script = `
      const { createLogger } = await import(${JSON.stringify(path.join(ROOT, 'server/logger.ts'))});
      const { surviveUnhandledRejections } = await import(${JSON.stringify(path.join(ROOT, 'server/background-errors.ts'))});
      if (${guarded}) surviveUnhandledRejections(createLogger('error'));
      Promise.reject(new Error('background work failed'));
      setTimeout(() => console.log('still serving'), 100);
    `;
    return new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
  }

  it('logs an unhandled rejection and keeps running (without the guard Node exits)', async () => {
    const [guarded, bare] = await Promise.all([rejectUnhandled(true), rejectUnhandled(false)]);
    expect(bare.code).not.toBe(0);
    expect(bare.stdout).not.toContain('still serving');
    expect(guarded.code).toBe(0);
    expect(guarded.stdout).toContain('still serving');
    const logged = guarded.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } });
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'unhandled rejection in background work; the server keeps running',
        err: expect.objectContaining({ message: 'background work failed' }),
      }),
    ]);
  });
});
