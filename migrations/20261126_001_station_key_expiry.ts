// Station tokens get a lifetime (security.stationTokenDays). Screens paired before this change keep working
// for a year from their pairing; a token without an expiry authenticates as nothing.
import type { Knex } from 'knex';

const YEAR_MS = 365 * 86_400_000;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('station_keys', (t) => {
    t.string('expires_at', 30);
  });
  const rows = (await knex('station_keys').select('id', 'created_at')) as Array<{
    id: number;
    created_at: string;
  }>;
  for (const row of rows) {
    const created = Date.parse(row.created_at);
    const expires = new Date((Number.isNaN(created) ? Date.now() : created) + YEAR_MS).toISOString();
    await knex('station_keys').where({ id: row.id }).update({ expires_at: expires });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('station_keys', (t) => {
    t.dropColumn('expires_at');
  });
}
