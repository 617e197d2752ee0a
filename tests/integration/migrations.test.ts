// Every migration runs from empty on both databases, runs again as a no-op, and leaves the same guards.
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, pendingMigrations } from '../../server/store/db.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const TABLES = [
  'settings',
  'sites',
  'estates',
  'buildings',
  'units',
  'properties',
  'departments',
  'users',
  'user_estates',
  'badges',
  'sessions',
  'parties',
  'property_parties',
  'dossiers',
  'dossier_links',
  'locations',
  'items',
  'checklist_templates',
  'checklist_entries',
  'dossier_documents',
  'inspections',
  'sensitive_views',
  'custody_log',
  'alarms',
  'station_keys',
  'label_prints',
];

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it('build the whole schema from empty and are idempotent', async () => {
    t = await createTestDatabase(dialect, { migrated: false });
    expect(await pendingMigrations(t.db)).toBeGreaterThan(0);
    expect((await migrate(t.db)).length).toBeGreaterThan(0);
    expect(await migrate(t.db)).toEqual([]);
    expect(await pendingMigrations(t.db)).toBe(0);
    for (const table of TABLES) expect(await t.db.knex.schema.hasTable(table), table).toBe(true);
  });

  it('keep an archive number fixed once assigned, and refuse states outside the vocabulary', async () => {
    t = await createTestDatabase(dialect);
    const k = t.db.knex;
    await k('sites').insert({
      id: 1,
      code: 'S',
      name: 's',
      archive_no_rule: '{estate}-{building}-{unit}-{room}',
      created_at: 'x',
    });
    await k('dossiers').insert({
      id: 1,
      archive_no: 'HY-1-1-0101',
      site_id: 1,
      kind: 'internal',
      title: 't',
      year: 2026,
      created_at: 'x',
    });
    await expect(k('dossiers').where({ id: 1 }).update({ archive_no: 'HY-1-1-0102' })).rejects.toThrow(
      /ARCHIVE_NO_IMMUTABLE/,
    );
    await k('dossiers').where({ id: 1 }).update({ title: 'renamed' }); // other fields may change
    expect((await k('dossiers').where({ id: 1 }).first()).archive_no).toBe('HY-1-1-0101');
    await expect(
      k('items').insert({
        barcode: 'F000000001',
        kind: 'folder',
        title: 't',
        state: 'lent',
        created_at: 'x',
      }),
    ).rejects.toThrow();
    await expect(
      k('dossiers').insert({
        archive_no: 'X-1',
        site_id: 1,
        kind: 'internal',
        title: 't',
        year: 2026,
        confidentiality: 'Z',
        created_at: 'x',
      }),
    ).rejects.toThrow();
  });

  it('enforce one dossier per property and kind (one household, one file)', async () => {
    t = await createTestDatabase(dialect);
    const k = t.db.knex;
    await k('sites').insert({ id: 1, code: 'S', name: 's', archive_no_rule: 'r', created_at: 'x' });
    await k('estates').insert({ id: 1, site_id: 1, code: 'HY', name: '华苑' });
    await k('buildings').insert({ id: 1, estate_id: 1, code: '1', name: '1栋' });
    await k('units').insert({ id: 1, building_id: 1, code: '1', name: '1单元' });
    await k('properties').insert({ id: 1, unit_id: 1, room: '0101' });
    const dossier = {
      site_id: 1,
      property_id: 1,
      kind: 'individual_buyer',
      title: 't',
      year: 2026,
      created_at: 'x',
    };
    await k('dossiers').insert({ ...dossier, archive_no: 'HY-1-1-0101' });
    await expect(k('dossiers').insert({ ...dossier, archive_no: 'HY-1-1-0101-B' })).rejects.toThrow();
    await k('dossiers').insert({ ...dossier, kind: 'tenant', archive_no: 'HY-1-1-0101-ZL' });
  });
});
