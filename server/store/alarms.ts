// The alarms table: raised by devices, acknowledged and resolved by people (or resolved by the device that
// saw the problem end), escalated by the escalation job; and alarm_actions, the append-only log of all that.
// Each change of an alarm's state is written together with its log row, in the caller's transaction.
import type {
  Alarm,
  AlarmAction,
  AlarmActionKind,
  AlarmCause,
  AlarmKind,
  RaiseAlarm,
} from '../domain/alarms.js';
import type { Queryable } from './db.js';
import { ancestorColumns, labelFrom, withAncestors } from './place-names.js';

type Row = Record<string, unknown>;

function alarmQuery(q: Queryable) {
  // `place` is a shelf's code (cabinets) or a station's id (the gate): the join names the former.
  const placed = q('alarms as a')
    .leftJoin('items as i', 'i.id', 'a.item_id')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('locations as pl', 'pl.code', 'a.place')
    .leftJoin('users as ack', 'ack.id', 'a.acknowledged_by')
    .leftJoin('users as res', 'res.id', 'a.resolved_by');
  return withAncestors(placed, 'pl', 'al').select(
    'a.*',
    'i.barcode',
    'd.archive_no',
    'ack.display_name as acknowledged_by_name',
    'res.display_name as resolved_by_name',
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
    acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
    acknowledgedBy: (r.acknowledged_by as number | null) ?? null,
    acknowledgedByName: (r.acknowledged_by_name as string | null) ?? null,
    escalationLevel: Number(r.escalation_level ?? 0),
    escalatedAt: (r.escalated_at as string | null) ?? null,
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolvedBy: (r.resolved_by as number | null) ?? null,
    resolvedByName: (r.resolved_by_name as string | null) ?? null,
    resolutionCause: (r.resolution_cause as AlarmCause | null) ?? null,
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
  cause: AlarmCause,
  note: string | null,
): Promise<boolean> {
  const changed = await q('alarms')
    .where({ id })
    .whereNull('resolved_at')
    .update({ resolved_at: at, resolved_by: by, resolution_cause: cause, resolution: note });
  return changed === 1;
}

/** Marks an open, unacknowledged alarm acknowledged; false when it was not (any more). */
export async function acknowledgeAlarm(q: Queryable, id: number, at: string, by: number): Promise<boolean> {
  const changed = await q('alarms')
    .where({ id })
    .whereNull('resolved_at')
    .whereNull('acknowledged_at')
    .update({ acknowledged_at: at, acknowledged_by: by });
  return changed === 1;
}

/**
 * Takes an open, unacknowledged alarm from `fromLevel` to `fromLevel + 1`; false when someone acknowledged or
 * resolved it meanwhile, or another run already escalated it (the level is compared, so never twice).
 */
export async function escalateAlarm(
  q: Queryable,
  id: number,
  fromLevel: number,
  at: string,
): Promise<boolean> {
  const changed = await q('alarms')
    .where({ id, escalation_level: fromLevel })
    .whereNull('resolved_at')
    .whereNull('acknowledged_at')
    .update({ escalation_level: fromLevel + 1, escalated_at: at });
  return changed === 1;
}

export interface NewAlarmAction {
  alarmId: number;
  action: AlarmActionKind;
  byUser: number | null;
  at: string;
  note?: string | null;
  cause?: AlarmCause | null;
  escalationLevel?: number | null;
}

/** Appends a row to the alarm log (the table refuses UPDATE and DELETE). */
export async function appendAlarmAction(q: Queryable, a: NewAlarmAction): Promise<void> {
  await q('alarm_actions').insert({
    alarm_id: a.alarmId,
    action: a.action,
    by_user: a.byUser,
    at: a.at,
    note: a.note ?? null,
    cause: a.cause ?? null,
    escalation_level: a.escalationLevel ?? null,
  });
}

/** An alarm's log, oldest first, with the names of the people who acted. */
export async function alarmActions(q: Queryable, alarmId: number): Promise<AlarmAction[]> {
  const rows = (await q('alarm_actions as x')
    .leftJoin('users as u', 'u.id', 'x.by_user')
    .where('x.alarm_id', alarmId)
    .orderBy('x.id')
    .select('x.*', 'u.display_name as by_name')) as Row[];
  return rows.map((r) => ({
    id: Number(r.id),
    alarmId: Number(r.alarm_id),
    action: r.action as AlarmActionKind,
    byUser: r.by_user === null ? null : Number(r.by_user),
    byName: (r.by_name as string | null) ?? null,
    at: r.at as string,
    note: (r.note as string | null) ?? null,
    cause: (r.cause as AlarmCause | null) ?? null,
    escalationLevel: r.escalation_level === null ? null : Number(r.escalation_level),
  }));
}

/** Open alarms nobody acknowledged, below `topLevel`, oldest first: the escalation job's candidates. */
export async function unacknowledgedOpenAlarms(
  q: Queryable,
  topLevel: number,
  limit = 500,
): Promise<Alarm[]> {
  const rows = (await alarmQuery(q)
    .whereNull('a.resolved_at')
    .whereNull('a.acknowledged_at')
    .where('a.escalation_level', '<', topLevel)
    .orderBy('a.id')
    .limit(limit)) as Row[];
  return rows.map(toAlarm);
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
