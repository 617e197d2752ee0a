// Alarms from the archive room's devices: raised by the device service, listed on the dashboard, resolved
// by a person with a note. Raising publishes after the insert commits.
import type { Knex } from 'knex';
import { assertCan, can, type Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import type { EventBus } from '../events.js';
import type { Clock } from '../providers.js';
import type { Database } from '../store/db.js';
import { findItem } from '../store/items.js';
import { recordOf } from './items.js';

export type AlarmKind = 'unauthorised_removal' | 'gate' | 'misplaced' | 'unknown_tag';

export interface Alarm {
  id: number;
  raisedAt: string;
  kind: AlarmKind;
  itemId: number | null;
  barcode: string | null;
  archiveNo: string | null;
  epc: string | null;
  deviceId: string;
  place: string | null;
  detail: string | null;
  custodySeq: number | null;
  resolvedAt: string | null;
  resolvedBy: number | null;
  resolution: string | null;
}

export interface RaiseAlarm {
  kind: AlarmKind;
  itemId?: number | null;
  epc?: string | null;
  deviceId: string;
  place?: string | null;
  detail?: string | null;
  custodySeq?: number | null;
}

export const ALARM_LABELS: Record<AlarmKind, { zh: string; en: string }> = {
  unauthorised_removal: { zh: '未登记取出', en: 'Removed without check-out' },
  gate: { zh: '门禁报警：未借出档案经过门口', en: 'Gate: a folder not checked out is leaving' },
  misplaced: { zh: '错架', en: 'On the wrong shelf' },
  unknown_tag: { zh: '未知标签', en: 'Unknown tag' },
};

function query(knex: Knex) {
  return knex('alarms as a')
    .leftJoin('items as i', 'i.id', 'a.item_id')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .select('a.*', 'i.barcode', 'd.archive_no');
}

function toAlarm(r: Record<string, unknown>): Alarm {
  return {
    id: r.id as number,
    raisedAt: r.raised_at as string,
    kind: r.kind as AlarmKind,
    itemId: (r.item_id as number | null) ?? null,
    barcode: (r.barcode as string | null) ?? null,
    archiveNo: (r.archive_no as string | null) ?? null,
    epc: (r.epc as string | null) ?? null,
    deviceId: r.device_id as string,
    place: (r.place as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    custodySeq: r.custody_seq === null || r.custody_seq === undefined ? null : Number(r.custody_seq),
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolvedBy: (r.resolved_by as number | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
  };
}

export function createAlarmService({ db, bus, clock }: { db: Database; bus: EventBus | null; clock: Clock }) {
  const knex = db.knex;

  /** Alarms about records the actor may not read are left out entirely. */
  async function visible(actor: Actor, alarm: Alarm): Promise<boolean> {
    if (alarm.itemId === null) return true;
    const item = await findItem(knex, { id: alarm.itemId });
    return item !== null && can(actor, 'item.read', recordOf(item)).allowed;
  }

  return {
    async raise(input: RaiseAlarm): Promise<Alarm> {
      const [row] = (await knex('alarms')
        .insert({
          raised_at: clock.now().toISOString(),
          kind: input.kind,
          item_id: input.itemId ?? null,
          epc: input.epc ?? null,
          device_id: input.deviceId,
          place: input.place ?? null,
          detail: input.detail ?? null,
          custody_seq: input.custodySeq ?? null,
        })
        .returning('id')) as Array<{ id: number } | number>;
      const id = typeof row === 'object' ? row.id : Number(row);
      const alarm = toAlarm((await query(knex).where('a.id', id).first()) as Record<string, unknown>);
      bus?.publish('alarm', alarm);
      return alarm;
    },

    /** Every alarm not yet resolved, newest first (at most 200). */
    async open(): Promise<Alarm[]> {
      const rows = (await query(knex).whereNull('a.resolved_at').orderBy('a.id', 'desc').limit(200)) as Array<
        Record<string, unknown>
      >;
      return rows.map(toAlarm);
    },

    /** Open alarms for an item (the device service clears them when the item is back). */
    async openFor(itemId: number, kind?: AlarmKind): Promise<Alarm[]> {
      let q = query(knex).where('a.item_id', itemId).whereNull('a.resolved_at');
      if (kind) q = q.where('a.kind', kind);
      return ((await q) as Array<Record<string, unknown>>).map(toAlarm);
    },

    /** Closes an alarm: by a person (with a note) or by the device that saw the problem end. */
    async resolve(id: number, by: Actor | null, resolution: string): Promise<Alarm> {
      if (by) assertCan(by, 'alarm.resolve');
      const changed = await knex('alarms')
        .where({ id })
        .whereNull('resolved_at')
        .update({ resolved_at: clock.now().toISOString(), resolved_by: by?.userId ?? null, resolution });
      const row = (await query(knex).where('a.id', id).first()) as Record<string, unknown> | undefined;
      if (!row) throw new DanganError('NOT_FOUND', { alarm: id });
      const alarm = toAlarm(row);
      if (changed === 1) bus?.publish('alarm', alarm);
      return alarm;
    },

    async list(actor: Actor, filter: { open: boolean; limit: number }): Promise<Alarm[]> {
      assertCan(actor, 'device.read');
      let q = query(knex).orderBy('a.id', 'desc').limit(filter.limit);
      if (filter.open) q = q.whereNull('a.resolved_at');
      const all = ((await q) as Array<Record<string, unknown>>).map(toAlarm);
      const out: Alarm[] = [];
      for (const a of all) if (await visible(actor, a)) out.push(a);
      return out;
    },

    visible,
  };
}

export type AlarmService = ReturnType<typeof createAlarmService>;
