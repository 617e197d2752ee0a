// The alarms table: raised by devices, resolved by people or by the device that saw the problem end.
import type { Alarm, AlarmKind, RaiseAlarm } from '../domain/alarms.js';
import type { Queryable } from './db.js';
import { ancestorColumns, labelFrom, withAncestors } from './place-names.js';

type Row = Record<string, unknown>;

function alarmQuery(q: Queryable) {
  // `place` is a shelf's code (cabinets) or a station's id (the gate): the join names the former.
  const placed = q('alarms as a')
    .leftJoin('items as i', 'i.id', 'a.item_id')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('locations as pl', 'pl.code', 'a.place');
  return withAncestors(placed, 'pl', 'al').select(
    'a.*',
    'i.barcode',
    'd.archive_no',
    ...ancestorColumns('pl', 'al'),
  );
}

function toAlarm(r: Row): Alarm {
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
    placeName: labelFrom(r, 'al'),
    detail: (r.detail as string | null) ?? null,
    custodySeq: r.custody_seq === null || r.custody_seq === undefined ? null : Number(r.custody_seq),
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolvedBy: (r.resolved_by as number | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
  };
}

export async function findAlarm(q: Queryable, id: number): Promise<Alarm | null> {
  const row = (await alarmQuery(q).where('a.id', id).first()) as Row | undefined;
  return row ? toAlarm(row) : null;
}

export async function insertAlarm(q: Queryable, at: string, input: RaiseAlarm): Promise<number> {
  const [row] = (await q('alarms')
    .insert({
      raised_at: at,
      kind: input.kind,
      item_id: input.itemId ?? null,
      epc: input.epc ?? null,
      device_id: input.deviceId,
      place: input.place ?? null,
      detail: input.detail ?? null,
      custody_seq: input.custodySeq ?? null,
    })
    .returning('id')) as Array<{ id: number } | number>;
  return typeof row === 'object' ? Number(row.id) : Number(row);
}

/** Closes an open alarm; false when it was already resolved (or does not exist). */
export async function resolveAlarm(
  q: Queryable,
  id: number,
  at: string,
  by: number | null,
  resolution: string,
): Promise<boolean> {
  const changed = await q('alarms')
    .where({ id })
    .whereNull('resolved_at')
    .update({ resolved_at: at, resolved_by: by, resolution });
  return changed === 1;
}

export interface AlarmFilter {
  openOnly?: boolean;
  itemId?: number;
  kind?: AlarmKind;
  limit?: number;
}

/** Alarms newest first. */
export async function listAlarms(q: Queryable, filter: AlarmFilter): Promise<Alarm[]> {
  let query = alarmQuery(q).orderBy('a.id', 'desc');
  if (filter.openOnly) query = query.whereNull('a.resolved_at');
  if (filter.itemId !== undefined) query = query.where('a.item_id', filter.itemId);
  if (filter.kind) query = query.where('a.kind', filter.kind);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return ((await query) as Row[]).map(toAlarm);
}
