// What people (and the system) did about an alarm: acknowledged it with a note, resolved it with a cause,
// or escalated it to the next level because nobody acknowledged it in time. `alarm_actions` is append-only:
// a trigger on each dialect refuses UPDATE and DELETE, so the log cannot be edited after the fact. The alarm
// row keeps the current state (acknowledged, escalation level, resolution cause), written in the same
// transaction as the action that changes it. The lists are written out, not imported, so this file keeps
// meaning what it meant when it was released.
import type { Knex } from 'knex';

const ACTIONS = ['acknowledge', 'resolve', 'escalate'];
const CAUSES = ['returned', 'explained', 'lost', 'false_read'];
const TIME = 30;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alarm_actions', (t) => {
    t.increments('id');
    t.integer('alarm_id').notNullable().references('id').inTable('alarms');
    t.enu('action', ACTIONS).notNullable();
    /** Null: the system (a device that saw the problem end, the escalation job). */
    t.integer('by_user').references('id').inTable('users');
    t.string('at', TIME).notNullable();
    t.string('note', 500);
    /** Resolve only. */
    t.enu('cause', CAUSES);
    /** Escalate only: the level the alarm reached (1 = the first level above the supervisors). */
    t.integer('escalation_level');
    t.index(['alarm_id', 'id']);
  });
  await knex.schema.alterTable('alarms', (t) => {
    t.string('acknowledged_at', TIME);
    t.integer('acknowledged_by').references('id').inTable('users');
    t.integer('escalation_level').notNullable().defaultTo(0);
    t.string('escalated_at', TIME);
    t.enu('resolution_cause', CAUSES);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION dangan_alarm_actions_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'ALARM_LOG_APPEND_ONLY: % on alarm_actions is refused', TG_OP; END $$`);
    await knex.raw(`CREATE TRIGGER alarm_actions_no_change BEFORE UPDATE OR DELETE ON alarm_actions
      FOR EACH ROW EXECUTE FUNCTION dangan_alarm_actions_fixed()`);
    await knex.raw(`CREATE TRIGGER alarm_actions_no_truncate BEFORE TRUNCATE ON alarm_actions
      FOR EACH STATEMENT EXECUTE FUNCTION dangan_alarm_actions_fixed()`);
  } else {
    await knex.raw(`CREATE TRIGGER alarm_actions_no_update BEFORE UPDATE ON alarm_actions
      BEGIN SELECT RAISE(ABORT, 'ALARM_LOG_APPEND_ONLY: UPDATE on alarm_actions is refused'); END`);
    await knex.raw(`CREATE TRIGGER alarm_actions_no_delete BEFORE DELETE ON alarm_actions
      BEGIN SELECT RAISE(ABORT, 'ALARM_LOG_APPEND_ONLY: DELETE on alarm_actions is refused'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  // The log is kept: rolling back would delete it, which its triggers are there to prevent.
  void knex;
  throw new Error('The alarm log migration cannot be rolled back');
}
