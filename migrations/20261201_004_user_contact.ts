// People get a work contact: a phone (mobile or direct line) and a desk extension (分机), so the board's
// overdue list can say how to reach a folder's holder, and a work e-mail address, where the daily overdue
// digest goes. All optional; phone and extension are shown per role through server/domain/masking.ts
// (HOLDER_CONTACT_POLICY), never raw.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('phone', 32);
    t.string('extension', 16);
    t.string('email', 254);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('email');
    t.dropColumn('extension');
    t.dropColumn('phone');
  });
}
