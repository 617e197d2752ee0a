// Every label Dangan prints for an item, a location or a badge: one row per label per print job. It answers
// "was this folder labelled before?" — a reprint is logged in the custody log as 'relabel', because the
// old label may still be on a shelf — and "which folders are registered but never labelled?".
// Items that exist when this migration runs were registered before Dangan printed labels, so they are
// assumed to carry one ('assumed' rows): their first print from Dangan is then logged as a relabel, which
// errs on the safe side. Preview renders never write here.
import type { Knex } from 'knex';

export const LABEL_PRINT_KINDS = ['first', 'reprint', 'assumed'] as const;
export const LABEL_SUBJECTS = ['item', 'location', 'badge'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('label_prints', (t) => {
    t.increments('id');
    /** One print job (several labels) shares one id. */
    t.string('job', 40).notNullable();
    t.string('at', 30).notNullable();
    t.integer('actor_user_id').references('id').inTable('users');
    t.string('station', 64);
    t.string('template', 16).notNullable();
    t.enu('subject', LABEL_SUBJECTS).notNullable();
    /** What the label encodes: barcode id, location code or badge number. */
    t.string('code', 64).notNullable();
    t.integer('item_id').references('id').inTable('items');
    t.integer('location_id').references('id').inTable('locations');
    t.integer('badge_id').references('id').inTable('badges');
    t.enu('kind', LABEL_PRINT_KINDS).notNullable();
    t.string('printer', 64);
    t.string('language', 8);
    /** The 'relabel' custody row written for a reprinted item label. */
    t.bigInteger('custody_seq');
    t.string('reason', 500);
    t.index(['item_id', 'template']);
    t.index(['location_id', 'template']);
    t.index(['badge_id']);
    t.index(['at']);
  });
  await knex.raw(
    `INSERT INTO label_prints (job, at, template, subject, code, item_id, kind)
     SELECT 'before-dangan-labels', created_at, kind, 'item', barcode, id, 'assumed'
     FROM items WHERE kind IN ('folder', 'box') AND state <> 'destroyed'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('label_prints');
}
