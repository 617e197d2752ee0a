// Every migration runs from empty on both databases, runs again as a no-op, and leaves the same guards.
import { afterEach, describe, expect, it } from 'vitest';
import { migrationSource } from '../../migrations/index.js';
import * as removedState from '../../migrations/20261201_001_removed_state.js';
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
  'notification_outbox',
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

  it('add the site manager role and the all-estates grant to a database that already has people', async () => {
    t = await createTestDatabase(dialect, { migrated: false });
    const k = t.db.knex;
    for (let i = 0; i < 4; i++) await k.migrate.up({ migrationSource }); // up to station keys
    await k('departments').insert({ id: 1, code: 'KF', name: '客服部' });
    const user = { display_name: 'x', department_id: 1, created_at: 'x' };
    await k('users').insert([
      { ...user, id: 1, username: 'li', role: 'staff' },
      { ...user, id: 2, username: 'wang', role: 'supervisor' },
    ]);
    await k('badges').insert({ id: 1, user_id: 1, number: 'U1', pin_hash: 'h' });
    await k('sessions').insert({
      token_hash: 'a'.repeat(64),
      user_id: 1,
      kind: 'badge',
      badge_id: 1,
      created_at: 'x',
      expires_at: 'y',
    });

    expect(await migrate(t.db)).toContain('20261126_005_site_manager');
    expect(await k('users').orderBy('id').select('username', 'role', 'all_estates')).toEqual([
      { username: 'li', role: 'staff', all_estates: dialect === 'pg' ? false : 0 },
      { username: 'wang', role: 'supervisor', all_estates: dialect === 'pg' ? false : 0 },
    ]);
    await k('users').insert({ ...user, id: 3, username: 'gao', role: 'site_manager', all_estates: true });
    await expect(k('users').insert({ ...user, id: 4, username: 'zhou', role: 'auditor' })).rejects.toThrow();
    await expect(k('users').insert({ ...user, id: 5, username: 'li', role: 'staff' })).rejects.toThrow(); // still unique
    // The references into users still hold, and are still enforced.
    expect(await k('sessions').join('users', 'users.id', 'sessions.user_id').pluck('users.username')).toEqual(
      ['li'],
    );
    await k('badges').insert({ id: 3, user_id: 3, number: 'U3', pin_hash: 'h' });
    await expect(k('badges').insert({ id: 99, user_id: 99, number: 'U99', pin_hash: 'h' })).rejects.toThrow();
    expect(await migrate(t.db)).toEqual([]);

    // Down writes the old role list back: the rebuilt constraint is the one in force.
    await k('badges').where({ user_id: 3 }).del();
    await k('users').where({ id: 3 }).del();
    await k.migrate.down({ migrationSource, name: '20261201_001_removed_state' }); // later, undone first
    await k.migrate.down({ migrationSource, name: '20261126_005_site_manager' });
    expect(await k.schema.hasColumn('users', 'all_estates')).toBe(false);
    expect(await k('users').count({ n: '*' }).first()).toMatchObject({ n: 2 });
    await expect(
      k('users').insert({ ...user, id: 6, username: 'gao', role: 'site_manager' }),
    ).rejects.toThrow();
    expect(await k('sessions').count({ n: '*' }).first()).toMatchObject({ n: 1 });
  });

  it('add the state `removed` (未登记取出) to items that other tables reference, and take it back', async () => {
    t = await createTestDatabase(dialect, { migrated: false });
    const k = t.db.knex;
    for (let i = 0; i < 6; i++) await k.migrate.up({ migrationSource }); // up to the site manager
    // The foundation builds its CHECK from today's vocabulary: give items the list a database made before
    // this release has.
    await removedState.down(k);
    await k('locations').insert({ id: 1, kind: 'shelf', code: 'S1', name: '第1层' });
    const item = { kind: 'folder', title: 't', location_id: 1, created_at: 'x' };
    await k('items').insert([
      { ...item, id: 1, barcode: 'F000000001', state: 'in_place' },
      { ...item, id: 2, barcode: 'F000000002', state: 'missing' },
    ]);
    await k('alarms').insert({ raised_at: 'x', kind: 'gate', item_id: 2, device_id: 'gate-1' });
    await expect(k('items').where({ id: 1 }).update({ state: 'removed' })).rejects.toThrow();

    expect(await migrate(t.db)).toEqual([
      '20261201_001_removed_state',
      '20261201_002_notification_outbox',
      '20261201_003_alarm_actions',
      '20261201_004_user_contact',
    ]);
    await k('items').where({ id: 1 }).update({ state: 'removed', out_at: '2026-12-01T00:00:00.000Z' });
    await expect(k('items').where({ id: 1 }).update({ state: 'taken' })).rejects.toThrow();
    await expect(k('items').insert({ ...item, id: 3, barcode: 'F000000001' })).rejects.toThrow(); // still unique
    expect(await k('alarms').join('items', 'items.id', 'alarms.item_id').pluck('items.barcode')).toEqual([
      'F000000002',
    ]);
    await expect(
      k('alarms').insert({ raised_at: 'x', kind: 'gate', item_id: 99, device_id: 'gate-1' }),
    ).rejects.toThrow(); // references into items are still enforced

    // Down records a removal as what it was before this state existed (missing), and refuses `removed`.
    await k.migrate.down({ migrationSource, name: '20261201_001_removed_state' });
    expect(await k('items').orderBy('id').pluck('state')).toEqual(['missing', 'missing']);
    await expect(k('items').where({ id: 1 }).update({ state: 'removed' })).rejects.toThrow();
  });
  it('add the notification outbox: one row per dedupe key, known statuses only, and take it back', async () => {
    t = await createTestDatabase(dialect);
    const k = t.db.knex;
    const notice = {
      channel: 'room',
      channel_kind: 'wecom',
      recipients: '[]',
      payload: '{}',
      next_attempt_at: 'x',
      created_at: 'x',
    };
    await k('notification_outbox').insert({ ...notice, dedupe_key: 'alarm:1:room' });
    const row = await k('notification_outbox').first();
    expect(row).toMatchObject({ status: 'pending', attempts: 0, claimed_by: null, sent_at: null });
    await expect(
      k('notification_outbox').insert({ ...notice, dedupe_key: 'alarm:1:room' }),
    ).rejects.toThrow();
    await expect(
      k('notification_outbox').insert({ ...notice, dedupe_key: 'alarm:2:room', status: 'lost' }),
    ).rejects.toThrow();
    await k.migrate.down({ migrationSource, name: '20261201_002_notification_outbox' });
    expect(await k.schema.hasTable('notification_outbox')).toBe(false);
    expect(await migrate(t.db)).toEqual(['20261201_002_notification_outbox']);
  });
  it('give people a work phone and extension (both optional), and take them back', async () => {
    t = await createTestDatabase(dialect);
    const k = t.db.knex;
    const user = { username: 'li', display_name: '李', role: 'staff', created_at: 'x' };
    await k('users').insert({ ...user, id: 1, phone: '13900001001', extension: '8001' });
    await k('users').insert({ ...user, id: 2, username: 'wang' });
    expect(await k('users').orderBy('id').select('phone', 'extension')).toEqual([
      { phone: '13900001001', extension: '8001' },
      { phone: null, extension: null },
    ]);
    await k.migrate.down({ migrationSource, name: '20261201_004_user_contact' });
    expect(await k.schema.hasColumn('users', 'phone')).toBe(false);
    expect(await k.schema.hasColumn('users', 'extension')).toBe(false);
    expect(await migrate(t.db)).toEqual(['20261201_004_user_contact']);
  });
});
