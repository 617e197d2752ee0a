// The demo archive generator on a real SQLite file and a real PostgreSQL database: 600 households, the
// expected shape and counts, determinism across two fresh databases, refusal on a non-empty database,
// shelf capacities, custody-log consistency and chain, and encrypted identity numbers.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, generateDemo, type DemoSummary } from '../../server/demo/index.js';
import { isValidResidentId } from '../../server/demo/identity.js';
import { fixedClock } from '../../server/providers.js';
import { verifySecret } from '../../server/services/passwords.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import type { Database } from '../../server/store/db.js';
import { createFieldCipher } from '../../server/store/secrets.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js';

const KEY = 'a1'.repeat(32);
const NOW = '2026-11-25T02:00:00.000Z';
const options = (seed = 20261125) => ({
  households: 600,
  seed,
  clock: fixedClock(NOW),
  cipher: createFieldCipher(KEY),
});

type Row = Record<string, unknown>;
const count = async (db: Database, table: string, where: Row = {}) =>
  Number(((await db.knex(table).where(where).count({ n: '*' }).first()) as { n: number | string }).n);

/** SHA-256 over the key columns of the archive, in a fixed order; booleans normalised across dialects. */
async function archiveDigest(db: Database): Promise<string> {
  const hash = createHash('sha256');
  const add = (rows: Row[]) => {
    for (const r of rows) {
      hash.update(JSON.stringify(Object.values(r).map((v) => (typeof v === 'boolean' ? Number(v) : v))));
    }
  };
  const k = db.knex;
  add(
    await k('dossiers')
      .orderBy('id')
      .select('archive_no', 'title', 'kind', 'confidentiality', 'year', 'property_id'),
  );
  add(
    await k('items')
      .orderBy('id')
      .select('barcode', 'epc', 'title', 'state', 'location_id', 'holder_user_id', 'due_at'),
  );
  add(
    await k('parties')
      .orderBy('id')
      .select('name', 'id_number_digest', 'id_number_masked', 'mobile_masked', 'vip'),
  );
  add(await k('locations').orderBy('id').select('code', 'capacity', 'parent_id'));
  add(await k('dossier_documents').orderBy('id').select('dossier_id', 'entry_id', 'present'));
  add(await k('custody_log').orderBy('seq').select('seq', 'hash'));
  return hash.digest('hex');
}

describe.each(DIALECTS)('demo archive generator on %s', (dialect) => {
  let first: TestDatabase;
  let second: TestDatabase;
  let summary: DemoSummary;
  let db: Database;

  beforeAll(async () => {
    first = await createTestDatabase(dialect);
    second = await createTestDatabase(dialect);
    db = first.db;
    summary = await generateDemo(first.db, options());
    await generateDemo(second.db, options());
  }, 120_000);

  afterAll(async () => {
    await first?.drop();
    await second?.drop();
  });

  it('builds an archive of the expected shape and size', async () => {
    expect(summary.households).toBe(600);
    expect(await count(db, 'sites')).toBe(1);
    expect((await db.knex('sites').first('code', 'archive_no_rule')) as Row).toEqual({
      code: 'HYWY',
      archive_no_rule: '{estate}-{building}-{unit}-{room}',
    });
    expect(await db.knex('estates').pluck('code')).toEqual(['HY']);
    expect((await db.knex('buildings').whereNot('code', 'S').orderBy('id').pluck('code')).sort()).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(await count(db, 'properties', { usage: 'residential' })).toBe(600);
    const buyers =
      (await count(db, 'dossiers', { kind: 'individual_buyer' })) +
      (await count(db, 'dossiers', { kind: 'company_buyer' }));
    expect(buyers).toBe(600);
    expect(summary.dossiersByKind.company_buyer).toBeGreaterThanOrEqual(10);
    expect(summary.dossiersByKind.company_buyer).toBeLessThanOrEqual(60);
    for (const kind of ['tenant', 'shop_lease', 'engineering', 'litigation', 'major_complaint'] as const) {
      expect(summary.dossiersByKind[kind]).toBeGreaterThan(0);
    }
    expect(summary.dossiers).toBe(await count(db, 'dossiers'));
    expect(summary.parties).toBe(await count(db, 'parties'));
    expect(summary.parties).toBeGreaterThan(560);
    expect(summary.parties).toBeLessThan(800);
    expect(summary.items.folder).toBeGreaterThan(1300);
    expect(summary.items.folder).toBeLessThan(1750);
    expect(summary.items.key).toBeGreaterThan(3);
    expect(summary.items.box).toBeGreaterThan(0);
    expect(summary.items.total).toBe(await count(db, 'items'));
    expect(summary.custodyRows).toBe(await count(db, 'custody_log'));
    expect(summary.out / summary.items.folder).toBeGreaterThan(0.03);
    expect(summary.out / summary.items.folder).toBeLessThan(0.05);
    expect(summary.overdue / summary.out).toBeGreaterThan(0.25);
    expect(summary.overdue / summary.out).toBeLessThan(0.45);
    expect(summary.missing).toBeGreaterThanOrEqual(1);
    expect(summary.missing).toBeLessThanOrEqual(3);
    expect(await count(db, 'items', { state: 'out' })).toBe(summary.out);
    expect(await count(db, 'items', { state: 'missing' })).toBe(summary.missing);
    const overdue = await db
      .knex('items')
      .where({ state: 'out' })
      .where('due_at', '<', NOW)
      .count({ n: '*' })
      .first();
    expect(Number((overdue as { n: number }).n)).toBe(summary.overdue);
    expect(await count(db, 'inspections', { result: 'damaged' })).toBe(1);
    expect(await count(db, 'inspections')).toBeGreaterThan(100);
    const b = await count(db, 'dossiers', { confidentiality: 'B' });
    expect(b / summary.dossiers).toBeGreaterThan(0.01);
    expect(b / summary.dossiers).toBeLessThan(0.08);
    expect(await count(db, 'property_parties', { role: 'previous_owner' })).toBeGreaterThan(0);
    const sameOwner = await count(db, 'dossier_links', { reason: '同一业主' });
    expect(sameOwner).toBeGreaterThanOrEqual(4);
    expect(sameOwner % 2).toBe(0);
    expect(summary.incompleteDossiers).toBeGreaterThan(20);
    expect(await count(db, 'dossier_documents', { present: false })).toBeGreaterThan(20);
  });

  it('numbers dossiers by property and items by kind', async () => {
    const customer = await db
      .knex('dossiers')
      .whereIn('kind', ['individual_buyer', 'company_buyer'])
      .pluck('archive_no');
    for (const no of customer) expect(no).toMatch(/^HY-[123]-[12]-([1-9]|1\d|2[0-5])0[1-4]$/);
    expect(
      await db.knex('dossiers').where({ kind: 'engineering' }).orderBy('id').first('archive_no'),
    ).toEqual({
      archive_no: expect.stringMatching(/^GC-20\d\d-\d{4}$/),
    });
    const barcodes = (await db
      .knex('items')
      .where({ kind: 'folder' })
      .orderBy('id')
      .pluck('barcode')) as string[];
    expect(barcodes[0]).toBe('F000000001');
    barcodes.forEach((code, i) => expect(code).toBe(`F${String(i + 1).padStart(9, '0')}`));
    expect(await count(db, 'items', { kind: 'folder', epc: null })).toBe(0);
    expect(await db.knex('items').where({ kind: 'key' }).whereNotNull('dossier_id').first()).toBeUndefined();
  });

  it('creates the demo users with one password and badge PIN', async () => {
    const users = (await db
      .knex('users')
      .orderBy('id')
      .select('id', 'username', 'role', 'password_hash')) as Row[];
    expect(users.map((u) => u.username)).toEqual(DEMO_LOGINS.map((l) => l.username));
    const roles = users.map((u) => u.role as string);
    expect(roles.filter((r) => r === 'staff')).toHaveLength(6);
    expect(roles.filter((r) => r === 'archivist')).toHaveLength(2);
    expect(roles.filter((r) => r === 'supervisor')).toHaveLength(2);
    expect(await count(db, 'user_estates')).toBeGreaterThan(0);
    expect(await verifySecret(users[0]?.password_hash as string, 'dangan-demo')).toBe(true);
    const badge = (await db
      .knex('badges')
      .where({ number: DEMO_LOGINS[7]?.badge })
      .first('pin_hash', 'user_id')) as Row;
    expect(badge.user_id).toBe(8);
    expect(await verifySecret(badge.pin_hash as string, '1234')).toBe(true);
  });

  it('is deterministic: the same seed gives the same archive in a fresh database', async () => {
    expect(await archiveDigest(second.db)).toBe(await archiveDigest(first.db));
  });

  it('gives a different archive for another seed', async () => {
    const third = await createTestDatabase(dialect);
    try {
      await generateDemo(third.db, options(7));
      expect(await archiveDigest(third.db)).not.toBe(await archiveDigest(first.db));
    } finally {
      await third.drop();
    }
  }, 60_000);

  it('refuses a database that already holds items', async () => {
    const before = await count(db, 'items');
    await expect(generateDemo(db, options())).rejects.toMatchObject({ code: 'DEMO_DATABASE_NOT_EMPTY' });
    await expect(generateDemo(db, options())).rejects.toThrow(/empty database/);
    expect(await count(db, 'items')).toBe(before);
  });

  it('never fills a shelf or hook beyond its capacity', async () => {
    const rows = (await db
      .knex('locations as l')
      .join('items as i', 'i.location_id', 'l.id')
      .groupBy('l.id', 'l.capacity', 'l.kind')
      .select('l.id', 'l.capacity', 'l.kind')
      .count({ n: 'i.id' })) as Array<{ capacity: number | null; kind: string; n: number | string }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(['shelf', 'position']).toContain(r.kind);
      expect(Number(r.n)).toBeLessThanOrEqual(r.capacity as number);
    }
    expect(await db.knex('items').whereNull('location_id').first()).toBeUndefined();
  });

  it('registers every item exactly once, first, and keeps items in step with their latest custody row', async () => {
    const k = db.knex;
    const registered = (await k('custody_log')
      .where({ action: 'registered' })
      .groupBy('item_id')
      .select('item_id')
      .count({ n: '*' })) as Array<{ n: number | string }>;
    expect(registered).toHaveLength(summary.items.total);
    expect(registered.every((r) => Number(r.n) === 1)).toBe(true);
    const firstRows = (await k('custody_log as c')
      .join(
        k('custody_log').groupBy('item_id').select('item_id').min({ seq: 'seq' }).as('f'),
        'f.seq',
        'c.seq',
      )
      .pluck('c.action')) as string[];
    expect(new Set(firstRows)).toEqual(new Set(['registered']));
    const latest = (await k('items as i')
      .join(
        k('custody_log').groupBy('item_id').select('item_id').max({ seq: 'seq' }).as('m'),
        'm.item_id',
        'i.id',
      )
      .join('custody_log as c', 'c.seq', 'm.seq')
      .select(
        'i.id',
        'i.state',
        'i.holder_user_id',
        'i.out_at',
        'i.due_at',
        'i.location_id',
        'c.to_state',
        'c.to_holder_id',
        'c.at',
        'c.action',
        'c.to_location_id',
      )) as Row[];
    expect(latest).toHaveLength(summary.items.total);
    for (const r of latest) {
      expect(r.state).toBe(r.to_state);
      expect(r.holder_user_id).toBe(r.to_holder_id);
      if (r.state === 'out') {
        expect(r.action).toBe('check_out');
        expect(r.out_at).toBe(r.at);
        expect(r.due_at).not.toBeNull();
      } else {
        expect(r.out_at).toBeNull();
        expect(r.due_at).toBeNull();
      }
      if (r.state === 'in_place') expect(r.to_location_id).toBe(r.location_id);
    }
    const times = (await k('custody_log').orderBy('seq').pluck('at')) as string[];
    for (let i = 1; i < times.length; i++) expect(times[i]! >= times[i - 1]!).toBe(true);
    expect(times[times.length - 1]! <= NOW).toBe(true);
  });

  it('writes a custody chain that verifies, with inspections tied to check-in rows', async () => {
    const result = await verifyCustodyLog(db.knex);
    expect(result).toMatchObject({ ok: true, rows: summary.custodyRows });
    const bad = await db
      .knex('inspections as x')
      .leftJoin('custody_log as c', 'c.seq', 'x.custody_seq')
      .where((q) =>
        q.whereNull('c.seq').orWhereNot('c.action', 'check_in').orWhereRaw('c.item_id <> x.item_id'),
      )
      .first('x.id');
    expect(bad).toBeUndefined();
  });

  it('stores ID numbers and phones encrypted, with digests and masks', async () => {
    const cipher = createFieldCipher(KEY);
    const parties = (await db.knex('parties').orderBy('id').select('*')) as Row[];
    let residents = 0;
    for (const p of parties) {
      const sealed = p.id_number_enc as string;
      expect(sealed).toMatch(/^v1\./);
      const plain = cipher.decrypt(sealed);
      expect(sealed).not.toContain(plain);
      expect(p.id_number_digest).toBe(cipher.digest(plain));
      expect(p.id_number_masked).toBe(
        `${plain.slice(0, 3)}${'*'.repeat(plain.length - 7)}${plain.slice(-4)}`,
      );
      if (p.id_type === 'resident_id') {
        residents += 1;
        expect(isValidResidentId(plain), plain).toBe(true);
      }
      const mobile = cipher.decrypt(p.mobile_enc as string);
      expect(mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(p.mobile_masked).toBe(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
      if (p.home_phone_enc) expect(cipher.decrypt(p.home_phone_enc as string)).toMatch(/^0755-\d{8}$/);
    }
    expect(residents).toBeGreaterThan(500);
  });

  it('leaves the id sequences ready for the next insert', async () => {
    const [row] = (await db.knex('departments').insert({ code: 'QA', name: '品质部' }, ['id'])) as Array<
      { id: number } | number
    >;
    const id = typeof row === 'number' ? row : row?.id;
    expect(id).toBe(7);
  });
});
