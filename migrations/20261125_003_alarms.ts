// Alarms raised by the archive room's devices: a folder gone from its shelf without a check-out, a folder at
// the door gate that is not checked out, a folder on the wrong shelf, a tag that is not ours. An alarm stays
// open until someone resolves it with a note.
import type { Knex } from 'knex';

export const ALARM_KINDS = ['unauthorised_removal', 'gate', 'misplaced', 'unknown_tag'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alarms', (t) => {
    t.increments('id');
    t.string('raised_at', 30).notNullable();
    t.enu('kind', ALARM_KINDS).notNullable();
    t.integer('item_id').references('id').inTable('items');
    t.string('epc', 64);
    t.string('device_id', 64).notNullable();
    /** Where it was seen (shelf or gate), as a location code or station id. */
    t.string('place', 64);
    t.string('detail', 500);
    t.bigInteger('custody_seq');
    t.string('resolved_at', 30);
    t.integer('resolved_by').references('id').inTable('users');
    t.string('resolution', 500);
    t.index(['resolved_at', 'raised_at']);
    t.index(['item_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('alarms');
}
