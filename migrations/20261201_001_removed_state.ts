// Items get the state `removed` (未登记取出): a folder a cabinet saw leave without a check-out, not yet
// counted as lost (missing, 遗失). The state list is written out here, not imported, so this file keeps
// meaning what it meant when it was released. The custody log needs no change: its to_state is plain text
// and the removal is logged with the existing action `missing`.
import type { Knex } from 'knex';

const BEFORE = ['in_place', 'out', 'in_transfer', 'missing', 'destroyed'];
const AFTER = ['in_place', 'out', 'removed', 'in_transfer', 'missing', 'destroyed'];

// SQLite cannot change a CHECK constraint in place: the table is rebuilt with foreign keys off (other
// tables reference items), which a transaction-wrapped migration could not switch. The foundation builds
// its CHECK from the current vocabulary, so a fresh database may already allow the new state.
export const config = { transaction: false };

const STATE_CHECK = /check \(`state` in \([^)]*\)\)/;
const isPg = (knex: Knex) => (knex.client as { dialect?: string }).dialect === 'postgresql';
const quoted = (states: string[]) => states.map((s) => `'${s}'`).join(', ');

async function rebuildSqliteItems(knex: Knex, states: string[]): Promise<void> {
  await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.transaction(async (trx) => {
      const [table] = (await trx.raw(
        "select sql from sqlite_master where type = 'table' and name = 'items'",
      )) as Array<{ sql: string }>;
      const indexes = (await trx.raw(
        "select sql from sqlite_master where type = 'index' and tbl_name = 'items' and sql is not null",
      )) as Array<{ sql: string }>;
      if (!table || !STATE_CHECK.test(table.sql)) throw new Error('items.state: no CHECK constraint found');
      const ddl = table.sql
        .replace(/^CREATE TABLE\s+[`"]?items[`"]?/i, 'CREATE TABLE `items_rebuilt`')
        .replace(STATE_CHECK, `check (\`state\` in (${quoted(states)}))`);
      await trx.raw(ddl);
      await trx.raw('insert into `items_rebuilt` select * from `items`');
      await trx.raw('drop table `items`');
      await trx.raw('alter table `items_rebuilt` rename to `items`');
      for (const index of indexes) await trx.raw(index.sql);
      const broken = (await trx.raw('PRAGMA foreign_key_check')) as unknown[];
      if (broken.length > 0) throw new Error(`items rebuild broke ${broken.length} references`);
    });
  } finally {
    await knex.raw('PRAGMA foreign_keys = ON');
  }
}

async function replacePgCheck(trx: Knex.Transaction, states: string[]): Promise<void> {
  await trx.raw('alter table items drop constraint if exists items_state_check');
  await trx.raw(`alter table items add constraint items_state_check check (state in (${quoted(states)}))`);
}

export async function up(knex: Knex): Promise<void> {
  if (isPg(knex)) await knex.transaction((trx) => replacePgCheck(trx, AFTER));
  else await rebuildSqliteItems(knex, AFTER);
}

export async function down(knex: Knex): Promise<void> {
  // A removed folder goes back to what it was recorded as before this state existed: missing.
  await knex('items').where({ state: 'removed' }).update({ state: 'missing', out_at: null });
  if (isPg(knex)) await knex.transaction((trx) => replacePgCheck(trx, BEFORE));
  else await rebuildSqliteItems(knex, BEFORE);
}
