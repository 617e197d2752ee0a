// The foundation schema: places, parties, dossiers, items, locations, checklists, people, sessions and the
// custody log. Knex builders only, so the same file runs on SQLite and PostgreSQL; the few triggers that
// protect the custody log and archive numbers are written once per dialect below.
// Times are ISO-8601 UTC strings (`2026-11-25T10:00:00.000Z`): they sort as text, hash identically on both
// databases and never pass through a driver's time-zone conversion.
import type { Knex } from 'knex';
import {
  CONFIDENTIALITY_LEVELS,
  CUSTODY_ACTIONS,
  DOCUMENT_FORMS,
  DOSSIER_KINDS,
  DOSSIER_STATUSES,
  FOLDER_GROUPS,
  ID_TYPES,
  INSPECTION_RESULTS,
  ITEM_KINDS,
  ITEM_STATES,
  LOCATION_KINDS,
  PARTY_KINDS,
  PARTY_ROLES,
  RETENTION_CLASSES,
  ROLES,
  SESSION_KINDS,
} from '../server/domain/vocabulary.js';

const TIME = 30;

export async function up(knex: Knex): Promise<void> {
  // Installation facts (e.g. `demo` = 'true' when the demo archive was loaded).
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
  });

  await knex.schema.createTable('sites', (t) => {
    t.increments('id');
    t.string('code', 32).notNullable().unique();
    t.string('name', 200).notNullable();
    // The 档号 rule, e.g. `{estate}-{building}-{unit}-{room}`; see server/domain/archive-number.ts.
    t.string('archive_no_rule', 200).notNullable();
    t.string('created_at', TIME).notNullable();
  });

  await knex.schema.createTable('estates', (t) => {
    t.increments('id');
    t.integer('site_id').notNullable().references('id').inTable('sites');
    t.string('code', 32).notNullable();
    t.string('name', 200).notNullable();
    t.unique(['site_id', 'code']);
  });

  await knex.schema.createTable('buildings', (t) => {
    t.increments('id');
    t.integer('estate_id').notNullable().references('id').inTable('estates');
    t.string('code', 32).notNullable();
    t.string('name', 200).notNullable();
    t.unique(['estate_id', 'code']);
  });

  await knex.schema.createTable('units', (t) => {
    t.increments('id');
    t.integer('building_id').notNullable().references('id').inTable('buildings');
    t.string('code', 32).notNullable();
    t.string('name', 200).notNullable();
    t.unique(['building_id', 'code']);
  });

  await knex.schema.createTable('properties', (t) => {
    t.increments('id');
    t.integer('unit_id').notNullable().references('id').inTable('units');
    t.string('room', 32).notNullable();
    t.string('usage', 32).notNullable().defaultTo('residential');
    t.decimal('area_m2', 10, 2);
    t.unique(['unit_id', 'room']);
  });

  await knex.schema.createTable('departments', (t) => {
    t.increments('id');
    t.string('code', 32).notNullable().unique();
    t.string('name', 200).notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique();
    t.string('display_name', 100).notNullable();
    t.enu('role', ROLES).notNullable();
    t.integer('department_id').references('id').inTable('departments');
    t.string('password_hash', 200);
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.string('locked_until', TIME);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TIME).notNullable();
  });

  // The estates a user serves ("owners in their own area", seed 002 §4.5.1). No rows: no area limit applies.
  await knex.schema.createTable('user_estates', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.integer('estate_id').notNullable().references('id').inTable('estates');
    t.primary(['user_id', 'estate_id']);
  });

  await knex.schema.createTable('badges', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('number', 64).notNullable().unique(); // printed barcode or card number
    t.string('pin_hash', 200).notNullable();
    t.integer('failed_pins').notNullable().defaultTo(0);
    t.string('locked_until', TIME);
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.increments('id');
    t.string('token_hash', 64).notNullable().unique(); // SHA-256 of the bearer token; the token itself is never stored
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.enu('kind', SESSION_KINDS).notNullable();
    t.integer('badge_id').references('id').inTable('badges');
    t.string('station', 64);
    t.string('created_at', TIME).notNullable();
    t.string('expires_at', TIME).notNullable();
    t.string('ended_at', TIME);
  });

  await knex.schema.createTable('parties', (t) => {
    t.increments('id');
    t.enu('kind', PARTY_KINDS).notNullable();
    t.string('name', 200).notNullable();
    t.enu('id_type', ID_TYPES);
    t.text('id_number_enc'); // AES-256-GCM, see server/store/secrets.ts
    t.string('id_number_digest', 64).index(); // keyed HMAC, for exact lookup without decrypting
    t.string('id_number_masked', 64);
    t.text('mobile_enc');
    t.string('mobile_masked', 32);
    t.text('home_phone_enc');
    t.string('home_phone_masked', 32);
    t.boolean('vip').notNullable().defaultTo(false);
    t.string('created_at', TIME).notNullable();
    t.index(['name']);
  });

  await knex.schema.createTable('property_parties', (t) => {
    t.increments('id');
    t.integer('property_id').notNullable().references('id').inTable('properties');
    t.integer('party_id').notNullable().references('id').inTable('parties');
    t.enu('role', PARTY_ROLES).notNullable();
    t.string('since', TIME);
    t.string('until', TIME);
    t.index(['party_id']);
    t.index(['property_id']);
  });

  await knex.schema.createTable('dossiers', (t) => {
    t.increments('id');
    t.string('archive_no', 64).notNullable().unique(); // 档号: immutable, see the trigger below
    t.integer('site_id').notNullable().references('id').inTable('sites');
    t.integer('property_id').references('id').inTable('properties');
    t.enu('kind', DOSSIER_KINDS).notNullable();
    t.string('title', 300).notNullable();
    t.integer('year').notNullable();
    t.enu('confidentiality', CONFIDENTIALITY_LEVELS).notNullable().defaultTo('C');
    t.enu('retention', RETENTION_CLASSES).notNullable().defaultTo('permanent');
    t.enu('status', DOSSIER_STATUSES).notNullable().defaultTo('active');
    t.boolean('legal_hold').notNullable().defaultTo(false);
    t.integer('department_id').references('id').inTable('departments');
    t.string('created_at', TIME).notNullable();
    // One household, one file: at most one dossier of each kind per property.
    t.unique(['property_id', 'kind']);
  });

  await knex.schema.createTable('dossier_links', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('linked_dossier_id').notNullable().references('id').inTable('dossiers');
    t.string('reason', 200).notNullable();
    t.unique(['dossier_id', 'linked_dossier_id']);
  });

  await knex.schema.createTable('locations', (t) => {
    t.increments('id');
    t.integer('parent_id').references('id').inTable('locations');
    t.enu('kind', LOCATION_KINDS).notNullable();
    t.string('code', 64).notNullable().unique(); // printed on the location label, e.g. `S-R1-C03-2`
    t.string('name', 200).notNullable();
    t.integer('capacity'); // items a shelf or position holds; null = no limit
    t.index(['parent_id']);
  });

  await knex.schema.createTable('items', (t) => {
    t.increments('id');
    t.string('barcode', 32).notNullable().unique();
    t.string('epc', 64).unique();
    t.enu('kind', ITEM_KINDS).notNullable();
    t.integer('dossier_id').references('id').inTable('dossiers');
    t.enu('folder_group', FOLDER_GROUPS);
    t.integer('volume_no').notNullable().defaultTo(1);
    t.string('title', 300).notNullable();
    t.enu('state', ITEM_STATES).notNullable().defaultTo('in_place');
    t.integer('location_id').references('id').inTable('locations'); // its shelf place (kept while it is out)
    t.integer('holder_user_id').references('id').inTable('users');
    t.string('out_at', TIME);
    t.string('due_at', TIME);
    t.string('out_purpose', 300);
    t.integer('version').notNullable().defaultTo(0);
    t.string('created_at', TIME).notNullable();
    t.index(['dossier_id']);
    t.index(['location_id']);
    t.index(['holder_user_id']);
    t.index(['state', 'due_at']);
  });

  await knex.schema.createTable('checklist_templates', (t) => {
    t.increments('id');
    t.string('code', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.enu('dossier_kind', DOSSIER_KINDS).notNullable();
  });

  await knex.schema.createTable('checklist_entries', (t) => {
    t.increments('id');
    t.integer('template_id').notNullable().references('id').inTable('checklist_templates');
    t.integer('position').notNullable();
    t.string('code', 64).notNullable();
    t.string('title', 300).notNullable();
    t.enu('folder_group', FOLDER_GROUPS);
    t.boolean('required').notNullable().defaultTo(true);
    t.enu('form', DOCUMENT_FORMS); // the form the rule asks for; null = either
    t.integer('copies').notNullable().defaultTo(1);
    t.unique(['template_id', 'code']);
  });

  await knex.schema.createTable('dossier_documents', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('entry_id').references('id').inTable('checklist_entries');
    t.string('title', 300).notNullable();
    t.boolean('present').notNullable().defaultTo(false);
    t.enu('form', DOCUMENT_FORMS);
    t.integer('copies').notNullable().defaultTo(0);
    t.integer('pages').notNullable().defaultTo(0);
    t.string('note', 500);
    t.string('updated_at', TIME).notNullable();
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('inspections', (t) => {
    t.increments('id');
    t.integer('item_id').notNullable().references('id').inTable('items');
    t.integer('custody_seq').notNullable();
    t.enu('result', INSPECTION_RESULTS).notNullable();
    t.string('note', 500);
    t.integer('inspector_user_id').references('id').inTable('users');
    t.string('at', TIME).notNullable();
  });

  // Every view of a sensitive value (full ID number, full phone) by whom and why.
  await knex.schema.createTable('sensitive_views', (t) => {
    t.increments('id');
    t.string('at', TIME).notNullable();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.integer('party_id').notNullable().references('id').inTable('parties');
    t.string('field', 32).notNullable();
    t.string('purpose', 300);
  });

  // The custody log: append-only, gapless `seq`, each row hash-chained to the previous one.
  await knex.schema.createTable('custody_log', (t) => {
    t.bigInteger('seq').primary();
    t.string('at', TIME).notNullable();
    t.integer('actor_user_id').references('id').inTable('users');
    t.string('station', 64);
    t.enu('action', CUSTODY_ACTIONS).notNullable();
    t.integer('item_id').notNullable().references('id').inTable('items');
    t.string('from_state', 16);
    t.string('to_state', 16).notNullable();
    t.integer('from_location_id');
    t.integer('to_location_id');
    t.integer('from_holder_id');
    t.integer('to_holder_id');
    t.string('reason', 500);
    t.string('approval_ref', 100);
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['item_id', 'seq']);
  });

  await createGuards(knex);
}

async function createGuards(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION dangan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'CUSTODY_LOG_APPEND_ONLY: % on custody_log is refused', TG_OP; END $$`);
    await knex.raw(`CREATE TRIGGER custody_log_no_update BEFORE UPDATE OR DELETE ON custody_log
      FOR EACH ROW EXECUTE FUNCTION dangan_refuse_change()`);
    await knex.raw(`CREATE TRIGGER custody_log_no_truncate BEFORE TRUNCATE ON custody_log
      FOR EACH STATEMENT EXECUTE FUNCTION dangan_refuse_change()`);
    await knex.raw(`
      CREATE FUNCTION dangan_archive_no_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.archive_no IS DISTINCT FROM OLD.archive_no THEN
          RAISE EXCEPTION 'ARCHIVE_NO_IMMUTABLE: % may not change', OLD.archive_no;
        END IF;
        RETURN NEW;
      END $$`);
    await knex.raw(`CREATE TRIGGER dossiers_archive_no_fixed BEFORE UPDATE ON dossiers
      FOR EACH ROW EXECUTE FUNCTION dangan_archive_no_fixed()`);
  } else {
    await knex.raw(`CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log
      BEGIN SELECT RAISE(ABORT, 'CUSTODY_LOG_APPEND_ONLY: UPDATE on custody_log is refused'); END`);
    await knex.raw(`CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
      BEGIN SELECT RAISE(ABORT, 'CUSTODY_LOG_APPEND_ONLY: DELETE on custody_log is refused'); END`);
    await knex.raw(`CREATE TRIGGER dossiers_archive_no_fixed BEFORE UPDATE OF archive_no ON dossiers
      WHEN NEW.archive_no IS NOT OLD.archive_no
      BEGIN SELECT RAISE(ABORT, 'ARCHIVE_NO_IMMUTABLE: an archive number may not change'); END`);
  }
}

export async function down(): Promise<void> {
  // The custody log is kept forever; the foundation is never rolled back.
  throw new Error('The foundation migration cannot be rolled back');
}
