// The site manager (物业公司/管理处负责人) becomes a role of its own, and an all-estates grant is stored
// explicitly: before this, a user without user_estates rows served every estate, so forgetting to assign
// an area opened every owner's data. The role list is written out here, not imported, so this file keeps
// meaning what it meant when it was released.
import type { Knex } from 'knex';

const BEFORE = ['staff', 'archivist', 'supervisor', 'gm', 'legal', 'admin'];
const AFTER = ['staff', 'archivist', 'supervisor', 'site_manager', 'gm', 'legal', 'admin'];

// SQLite cannot change a CHECK constraint in place: the table is rebuilt with foreign keys off (other
// tables reference users), which a transaction-wrapped migration could not switch. The rebuild writes the
// role list whatever the old one was: the foundation migration builds its CHECK from the current
// vocabulary, so a fresh database may already allow the new role.
export const config = { transaction: false };

const ROLE_CHECK = /check \(`role` in \([^)]*\)\)/;
const isPg = (knex: Knex) => (knex.client as { dialect?: string }).dialect === 'postgresql';
const quoted = (roles: string[]) => roles.map((r) => `'${r}'`).join(', ');

async function rebuildSqliteUsers(knex: Knex, roles: string[]): Promise<void> {
  await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.transaction(async (trx) => {
      const [table] = (await trx.raw(
        "select sql from sqlite_master where type = 'table' and name = 'users'",
      )) as Array<{ sql: string }>;
      const indexes = (await trx.raw(
        "select sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null",
      )) as Array<{ sql: string }>;
      if (!table || !ROLE_CHECK.test(table.sql)) throw new Error('users.role: no CHECK constraint found');
      const ddl = table.sql
        .replace(/^CREATE TABLE\s+[`"]?users[`"]?/i, 'CREATE TABLE `users_rebuilt`')
        .replace(ROLE_CHECK, `check (\`role\` in (${quoted(roles)}))`);
      await trx.raw(ddl);
      await trx.raw('insert into `users_rebuilt` select * from `users`');
      await trx.raw('drop table `users`');
      await trx.raw('alter table `users_rebuilt` rename to `users`');
      for (const index of indexes) await trx.raw(index.sql);
      const broken = (await trx.raw('PRAGMA foreign_key_check')) as unknown[];
      if (broken.length > 0) throw new Error(`users rebuild broke ${broken.length} references`);
    });
  } finally {
    await knex.raw('PRAGMA foreign_keys = ON');
  }
}

async function replacePgCheck(trx: Knex.Transaction, roles: string[]): Promise<void> {
  await trx.raw('alter table users drop constraint if exists users_role_check');
  await trx.raw(`alter table users add constraint users_role_check check (role in (${quoted(roles)}))`);
}

export async function up(knex: Knex): Promise<void> {
  if (isPg(knex)) {
    await knex.transaction((trx) => replacePgCheck(trx, AFTER));
  } else {
    await rebuildSqliteUsers(knex, AFTER);
  }
  // Granting every estate is a decision someone makes, never the default.
  await knex.schema.alterTable('users', (t) => {
    t.boolean('all_estates').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table users drop column all_estates');
  if (isPg(knex)) {
    await knex.transaction((trx) => replacePgCheck(trx, BEFORE));
  } else {
    await rebuildSqliteUsers(knex, BEFORE);
  }
}
