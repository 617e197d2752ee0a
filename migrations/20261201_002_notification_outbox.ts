// The notification outbox: one row per notice to send (an e-mail, a robot message), written in the same
// transaction as the event that causes it and sent afterwards by the dispatcher (services/notifications.ts).
// All dispatch state lives here, so a restart loses nothing. The lists are written out, not imported, so
// this file keeps meaning what it meant when it was released.
import type { Knex } from 'knex';

const STATUSES = ['pending', 'sent', 'failed', 'dead'];
const TIME = 30;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_outbox', (t) => {
    t.increments('id');
    /** The configured channel's id (notifications.channels[].id). */
    t.string('channel', 64).notNullable();
    /** email | webhook | wecom | dingtalk | feishu, as the channel was when the notice was made. */
    t.string('channel_kind', 16).notNullable();
    /** JSON array: e-mail addresses, or mobiles to @-mention on a robot. */
    t.text('recipients').notNullable();
    /** JSON: the message (title, text, markdown, link); the channel's body is built and signed at send time. */
    t.text('payload').notNullable();
    /** The same event notified twice inserts once (e.g. `alarm:17:wecom-room`). */
    t.string('dedupe_key', 200).notNullable().unique();
    t.enu('status', STATUSES).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', TIME).notNullable();
    t.string('last_attempt_at', TIME);
    /** The dispatcher that holds the row while it sends; a claim older than the lease may be taken over. */
    t.string('claimed_by', 64);
    t.string('claimed_at', TIME);
    t.string('last_error', 1000);
    t.string('created_at', TIME).notNullable();
    t.string('sent_at', TIME);
    t.index(['status', 'next_attempt_at']);
    t.index(['channel', 'last_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_outbox');
}
