// Alarms from the archive room's devices: raised by the device service, listed on the dashboard,
// acknowledged by a person with a note, resolved with a cause (by a person, or by the device that saw the
// problem end), and escalated up ESCALATION_LADDER when nobody acknowledges one in time. Each change writes
// the alarm's state and its row of the append-only alarm log in one transaction, and publishes the updated
// alarm after the commit.
import { assertCan, can, type Actor } from '../domain/access.js';
import {
  ESCALATION_LADDER,
  ESCALATION_LEVEL_LABELS,
  acknowledgeRefusal,
  alarmInArea,
  isAlarmCause,
  nextEscalation,
  resolveRefusal,
  ALARM_CAUSES,
  type Alarm,
  type AlarmAction,
  type AlarmCause,
  type AlarmKind,
  type RaiseAlarm,
} from '../domain/alarms.js';
import { DanganError } from '../domain/errors.js';
import type { EventBus } from '../events.js';
import type { Clock } from '../providers.js';
import {
  acknowledgeAlarm,
  alarmActions,
  appendAlarmAction,
  escalateAlarm,
  findAlarm,
  insertAlarm,
  listAlarms,
  resolveAlarm,
  unacknowledgedOpenAlarms,
} from '../store/alarms.js';
import type { Database } from '../store/db.js';
import { findItem } from '../store/items.js';
import { recordOf } from './items.js';
import type { Notifier } from './notifications.js';
import { writeTransaction } from './unit-of-work.js';

export {
  ALARM_CAUSES,
  ALARM_CAUSE_LABELS,
  ALARM_LABELS,
  ESCALATION_LEVEL_LABELS,
  type Alarm,
  type AlarmAction,
  type AlarmCause,
  type AlarmKind,
  type RaiseAlarm,
} from '../domain/alarms.js';

export interface AlarmDeps {
  db: Database;
  bus: EventBus | null;
  clock: Clock;
  /** Station names by id (config.stations): a gate alarm's place is its station. */
  stationNames?: ReadonlyMap<string, string>;
  /** Puts the alarm's notices in the outbox, in the alarm's own transaction. */
  notifier?: Notifier;
  /** Minutes an alarm may wait unacknowledged before it climbs a level (policy.alarmEscalationMinutes). */
  escalationMinutes?: number;
}

export interface Resolution {
  cause: string;
  note?: string | null;
}

export function createAlarmService({
  db,
  bus,
  clock,
  stationNames = new Map(),
  notifier,
  escalationMinutes = 30,
}: AlarmDeps) {
  /** A place the locations table does not know is a station's id. */
  const named = (a: Alarm): Alarm =>
    a.placeName !== null || a.place === null ? a : { ...a, placeName: stationNames.get(a.place) ?? null };
  const allNamed = (list: Alarm[]) => list.map(named);

  /**
   * Alarms about records the actor may not read, or outside the actor's area, are left out entirely (and
   * answered 404 when asked for by id).
   */
  async function visible(actor: Actor, alarm: Alarm): Promise<boolean> {
    if (alarm.itemId === null) return alarmInArea(actor, null);
    const item = await findItem(db.knex, { id: alarm.itemId });
    if (item === null) return false;
    const record = recordOf(item);
    return can(actor, 'item.read', record).allowed && alarmInArea(actor, record);
  }

  /** The alarm as this person may know of it, or ALARM_NOT_FOUND (also when it is not theirs to see). */
  async function seen(actor: Actor, id: number): Promise<Alarm> {
    const found = await findAlarm(db.knex, id);
    if (!found || !(await visible(actor, found))) throw new DanganError('ALARM_NOT_FOUND', { alarm: id });
    return named(found);
  }

  const cleanNote = (note: string | null | undefined) => {
    const t = note?.trim() ?? '';
    return t === '' ? null : t;
  };

  function parseCause(cause: string): AlarmCause {
    if (!isAlarmCause(cause)) throw new DanganError('ALARM_CAUSE_INVALID', { cause, allowed: ALARM_CAUSES });
    return cause;
  }

  return {
    async raise(input: RaiseAlarm): Promise<Alarm> {
      const alarm = await writeTransaction(db, null, async ({ trx }) => {
        const at = clock.now().toISOString();
        const id = await insertAlarm(trx, at, input);
        const alarm = named((await findAlarm(trx, id))!);
        await notifier?.alarmRaised(trx, alarm, at);
        return alarm;
      });
      bus?.publish('alarm', alarm);
      return alarm;
    },

    /** Every alarm not yet resolved, newest first (at most 200). */
    open: async (): Promise<Alarm[]> => allNamed(await listAlarms(db.knex, { openOnly: true, limit: 200 })),

    /** Open alarms for an item (the device service clears them when the item is back). */
    openFor: async (itemId: number, kind?: AlarmKind): Promise<Alarm[]> =>
      allNamed(await listAlarms(db.knex, { openOnly: true, itemId, kind })),

    /** A person takes an alarm on, with a note: it stops climbing the escalation ladder. */
    async acknowledge(id: number, actor: Actor, note: string): Promise<Alarm> {
      assertCan(actor, 'alarm.resolve');
      const before = await seen(actor, id);
      const refused = acknowledgeRefusal(before);
      if (refused) throw new DanganError(refused, { alarm: id });
      const alarm = await writeTransaction(db, null, async ({ trx }) => {
        const at = clock.now().toISOString();
        if (!(await acknowledgeAlarm(trx, id, at, actor.userId))) {
          // Someone else was quicker: say what they did.
          const now = (await findAlarm(trx, id))!;
          throw new DanganError(acknowledgeRefusal(now) ?? 'ALARM_ALREADY_ACKNOWLEDGED', { alarm: id });
        }
        await appendAlarmAction(trx, {
          alarmId: id,
          action: 'acknowledge',
          byUser: actor.userId,
          at,
          note: cleanNote(note),
        });
        return named((await findAlarm(trx, id))!);
      });
      bus?.publish('alarm', alarm);
      return alarm;
    },

    /**
     * Closes an alarm with what was found: by a person (who must be allowed to see it) or by the device
     * that saw the problem end (`by` null; an alarm already closed is then left as it is).
     */
    async resolve(id: number, by: Actor | null, resolution: Resolution): Promise<Alarm> {
      if (by) assertCan(by, 'alarm.resolve');
      const cause = parseCause(resolution.cause);
      if (by) {
        const refused = resolveRefusal(await seen(by, id));
        if (refused) throw new DanganError(refused, { alarm: id });
      }
      const { alarm, changed } = await writeTransaction(db, null, async ({ trx }) => {
        const at = clock.now().toISOString();
        const note = cleanNote(resolution.note);
        const changed = await resolveAlarm(trx, id, at, by?.userId ?? null, cause, note);
        if (changed) {
          await appendAlarmAction(trx, {
            alarmId: id,
            action: 'resolve',
            byUser: by?.userId ?? null,
            at,
            note,
            cause,
          });
        } else if (by) {
          const exists = await findAlarm(trx, id);
          throw new DanganError(exists ? 'ALARM_ALREADY_RESOLVED' : 'ALARM_NOT_FOUND', { alarm: id });
        }
        const found = await findAlarm(trx, id);
        return { alarm: found && named(found), changed };
      });
      if (!alarm) throw new DanganError('ALARM_NOT_FOUND', { alarm: id });
      if (changed) bus?.publish('alarm', alarm);
      return alarm;
    },

    /** The alarm's log (acknowledged, escalated, resolved), oldest first. */
    async log(id: number, actor: Actor): Promise<{ alarm: Alarm; actions: AlarmAction[] }> {
      assertCan(actor, 'device.read');
      const alarm = await seen(actor, id);
      return { alarm, actions: await alarmActions(db.knex, id) };
    },

    /**
     * Takes every open alarm nobody acknowledged within the escalation time one level up (never more than
     * one level per alarm per run, counted from its last level), logs it, puts notices to that level in
     * the outbox and publishes the alarm. Returns the alarms escalated.
     */
    async escalateDue(): Promise<Alarm[]> {
      const top = ESCALATION_LADDER.length - 1;
      const nowMs = clock.now().getTime();
      const due = (await unacknowledgedOpenAlarms(db.knex, top)).flatMap((a) => {
        const next = nextEscalation(a, nowMs, escalationMinutes);
        return next ? [{ alarm: a, next }] : [];
      });
      const escalated: Alarm[] = [];
      for (const { alarm: candidate, next } of due) {
        const alarm = await writeTransaction(db, null, async ({ trx }) => {
          const at = clock.now().toISOString();
          // Compared on the level: an acknowledgement or another run in between leaves it alone.
          if (!(await escalateAlarm(trx, candidate.id, candidate.escalationLevel, at))) return null;
          await appendAlarmAction(trx, {
            alarmId: candidate.id,
            action: 'escalate',
            byUser: null,
            at,
            escalationLevel: next.level,
          });
          const alarm = named((await findAlarm(trx, candidate.id))!);
          await notifier?.alarmEscalated(
            trx,
            alarm,
            {
              level: next.level,
              role: next.role,
              label: ESCALATION_LEVEL_LABELS[next.level]!,
              minutes: escalationMinutes,
            },
            at,
          );
          return alarm;
        });
        if (alarm) {
          bus?.publish('alarm', alarm);
          escalated.push(alarm);
        }
      }
      return escalated;
    },

    async list(actor: Actor, filter: { open: boolean; limit: number }): Promise<Alarm[]> {
      assertCan(actor, 'device.read');
      const all = allNamed(await listAlarms(db.knex, { openOnly: filter.open, limit: filter.limit }));
      const out: Alarm[] = [];
      for (const a of all) if (await visible(actor, a)) out.push(a);
      return out;
    },

    visible,
  };
}

export type AlarmService = ReturnType<typeof createAlarmService>;
