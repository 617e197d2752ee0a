// Screens paired to kiosk stations. Pairing gives the screen a long-lived station token (only its SHA-256
// is stored) that lets it show its station's idle screen and live events without anyone signed in.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('station_keys', (t) => {
    t.increments('id');
    t.string('station_id', 64).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.integer('paired_by').notNullable().references('id').inTable('users');
    t.string('created_at', 30).notNullable();
    t.string('revoked_at', 30);
    t.index(['station_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('station_keys');
}
