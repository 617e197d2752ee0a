// Alarms from the archive room's devices: raised by the device service, listed on the dashboard, resolved
// by a person with a note. Raising and resolving publish after their transaction commits.
import { assertCan, can, type Actor } from '../domain/access.js';
import type { Alarm, AlarmKind, RaiseAlarm } from '../domain/alarms.js';
import { DanganError } from '../domain/errors.js';
import type { EventBus } from '../events.js';
import type { Clock } from '../providers.js';
import { findAlarm, insertAlarm, listAlarms, resolveAlarm } from '../store/alarms.js';
import type { Database } from '../store/db.js';
import { findItem } from '../store/items.js';
import { recordOf } from './items.js';
import type { Notifier } from './notifications.js';
import { writeTransaction } from './unit-of-work.js';

export { ALARM_LABELS, type Alarm, type AlarmKind, type RaiseAlarm } from '../domain/alarms.js';

export interface AlarmDeps {
  db: Database;
  bus: EventBus | null;
  clock: Clock;
  /** Station names by id (config.stations): a gate alarm's place is its station. */
  stationNames?: ReadonlyMap<string, string>;
  /** Puts the alarm's notices in the outbox, in the alarm's own transaction. */
  notifier?: Notifier;
}

export function createAlarmService({ db, bus, clock, stationNames = new Map(), notifier }: AlarmDeps) {
  /** A place the locations table does not know is a station's id. */
  const named = (a: Alarm): Alarm =>
    a.placeName !== null || a.place === null ? a : { ...a, placeName: stationNames.get(a.place) ?? null };
  const allNamed = (list: Alarm[]) => list.map(named);

  /** Alarms about records the actor may not read are left out entirely. */
  async function visible(actor: Actor, alarm: Alarm): Promise<boolean> {
    if (alarm.itemId === null) return true;
    const item = await findItem(db.knex, { id: alarm.itemId });
    return item !== null && can(actor, 'item.read', recordOf(item)).allowed;
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

    /** Closes an alarm: by a person (with a note) or by the device that saw the problem end. */
    async resolve(id: number, by: Actor | null, resolution: string): Promise<Alarm> {
      if (by) assertCan(by, 'alarm.resolve');
      const { alarm, changed } = await writeTransaction(db, null, async ({ trx }) => {
        const at = clock.now().toISOString();
        const changed = await resolveAlarm(trx, id, at, by?.userId ?? null, resolution);
        const found = await findAlarm(trx, id);
        return { alarm: found && named(found), changed };
      });
      if (!alarm) throw new DanganError('NOT_FOUND', { alarm: id });
      if (changed) bus?.publish('alarm', alarm);
      return alarm;
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
