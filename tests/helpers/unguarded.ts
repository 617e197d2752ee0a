// SQL on custody_log with its guard triggers out of the way, as someone with direct database access could:
// what the tamper tests (custody log, timeline verification) change behind the application's back.
import type { TestDatabase } from './databases.js';

export async function unguarded(t: TestDatabase, dialect: string, sql: string): Promise<void> {
  if (dialect === 'pg') {
    await t.db.knex.transaction(async (trx) => {
      await trx.raw('ALTER TABLE custody_log DISABLE TRIGGER USER');
      await trx.raw(sql);
      await trx.raw('ALTER TABLE custody_log ENABLE TRIGGER USER');
    });
  } else {
    await t.db.knex.raw('DROP TRIGGER IF EXISTS custody_log_no_update');
    await t.db.knex.raw('DROP TRIGGER IF EXISTS custody_log_no_delete');
    await t.db.knex.raw(sql);
  }
}
