// What an alarm from the archive room's devices is, and how each kind is named on screens; what people do
// about one (acknowledge with a note, resolve with a cause) and when an alarm nobody acknowledged climbs the
// escalation ladder to the next level. Pure: no I/O, no clock (the caller passes the time).
import { inArea, type Actor, type RecordContext } from './access.js';
import { ownerDataAreaBound } from './masking.js';
import type { Role } from './vocabulary.js';

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
  /** A shelf's code (cabinet alarms) or a station's id (the gate). */
  place: string | null;
  /** The same place as people read it: the shelf's label (1号档案柜 第2层) or the station's name. */
  placeName: string | null;
  detail: string | null;
  custodySeq: number | null;
  /** When someone first acknowledged it, and who (id and display name); null while nobody has. */
  acknowledgedAt: string | null;
  acknowledgedBy: number | null;
  acknowledgedByName: string | null;
  /** 0: with the supervisors (as raised); n: escalated n levels up ESCALATION_LADDER. */
  escalationLevel: number;
  /** When it last climbed a level; null while it never did. */
  escalatedAt: string | null;
  resolvedAt: string | null;
  /** Null when the system resolved it (the device saw the problem end). */
  resolvedBy: number | null;
  resolvedByName: string | null;
  /** What was found (ALARM_CAUSES); null while open (and for alarms resolved before causes existed). */
  resolutionCause: AlarmCause | null;
  /** The resolver's note, free text. */
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

// ---------------------------------------------------------------------------------------------------------
// Resolving: what was found

/** Why an alarm is closed: the folder came back, there is an explanation, it is lost, or the read was wrong. */
export const ALARM_CAUSES = ['returned', 'explained', 'lost', 'false_read'] as const;
export type AlarmCause = (typeof ALARM_CAUSES)[number];

export const ALARM_CAUSE_LABELS: Record<AlarmCause, { zh: string; en: string }> = {
  returned: { zh: '已归还', en: 'Returned' },
  explained: { zh: '已说明', en: 'Explained' },
  lost: { zh: '确认遗失', en: 'Confirmed lost' },
  false_read: { zh: '误读', en: 'False read' },
};

export function isAlarmCause(value: unknown): value is AlarmCause {
  return typeof value === 'string' && (ALARM_CAUSES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------
// The alarm log

export const ALARM_ACTIONS = ['acknowledge', 'resolve', 'escalate'] as const;
export type AlarmActionKind = (typeof ALARM_ACTIONS)[number];

/** One row of the alarm log (alarm_actions, append-only). */
export interface AlarmAction {
  id: number;
  alarmId: number;
  action: AlarmActionKind;
  /** Null: the system (a device, the escalation job). */
  byUser: number | null;
  byName: string | null;
  at: string;
  note: string | null;
  cause: AlarmCause | null;
  escalationLevel: number | null;
}

export type AlarmRefusal = 'ALARM_ALREADY_RESOLVED' | 'ALARM_ALREADY_ACKNOWLEDGED';

/** Why an alarm in this state cannot be acknowledged, or null when it can. */
export function acknowledgeRefusal(a: Pick<Alarm, 'resolvedAt' | 'acknowledgedAt'>): AlarmRefusal | null {
  if (a.resolvedAt !== null) return 'ALARM_ALREADY_RESOLVED';
  if (a.acknowledgedAt !== null) return 'ALARM_ALREADY_ACKNOWLEDGED';
  return null;
}

/** Why an alarm in this state cannot be resolved, or null when it can (acknowledged or not). */
export function resolveRefusal(a: Pick<Alarm, 'resolvedAt'>): AlarmRefusal | null {
  return a.resolvedAt !== null ? 'ALARM_ALREADY_RESOLVED' : null;
}

// ---------------------------------------------------------------------------------------------------------
// Escalation

/**
 * Who an alarm is with at each level: raised to the supervisors (level 0); nobody acknowledging it within
 * policy.alarmEscalationMinutes takes it to the site manager (1), then the general manager (2), the top.
 */
export const ESCALATION_LADDER: readonly Role[] = ['supervisor', 'site_manager', 'gm'];

export const ESCALATION_LEVEL_LABELS: ReadonlyArray<{ zh: string; en: string }> = [
  { zh: '主管', en: 'Supervisor' },
  { zh: '管理处负责人', en: 'Site manager' },
  { zh: '总经理', en: 'General manager' },
];

/** The role an alarm at `level` is with, or null past the top of the ladder. */
export function escalationRole(level: number, ladder: readonly Role[] = ESCALATION_LADDER): Role | null {
  return Number.isInteger(level) && level >= 0 && level < ladder.length ? ladder[level]! : null;
}

/** When an alarm is due for its next level (ms since the epoch), or null when it never will be. */
export function escalationDueAt(
  a: Pick<Alarm, 'raisedAt' | 'escalatedAt' | 'escalationLevel' | 'acknowledgedAt' | 'resolvedAt'>,
  minutes: number,
  ladder: readonly Role[] = ESCALATION_LADDER,
): number | null {
  if (a.resolvedAt !== null || a.acknowledgedAt !== null) return null;
  if (a.escalationLevel + 1 >= ladder.length) return null;
  // Counted from the last level reached, so a backlog (the server was down) climbs one level per period.
  const since = Date.parse(a.escalatedAt ?? a.raisedAt);
  return since + minutes * 60_000;
}

/** The next level an alarm is due for at `nowMs` (one level at a time), or null when it is not due. */
export function nextEscalation(
  a: Pick<Alarm, 'raisedAt' | 'escalatedAt' | 'escalationLevel' | 'acknowledgedAt' | 'resolvedAt'>,
  nowMs: number,
  minutes: number,
  ladder: readonly Role[] = ESCALATION_LADDER,
): { level: number; role: Role } | null {
  const due = escalationDueAt(a, minutes, ladder);
  if (due === null || nowMs < due) return null;
  const level = a.escalationLevel + 1;
  return { level, role: ladder[level]! };
}

// ---------------------------------------------------------------------------------------------------------
// Whose alarm it is

/**
 * An alarm about a folder belongs to the folder's area (its estate, or its department). The roles whose
 * owner data is bound to their area (masking.ts OWNER_POLICY `area: 'own'`: supervisors, site managers)
 * see and handle their area's alarms only: a supervisor of one estate sees that estate's. The company-wide
 * roles (gm, legal, the archivists who keep the room) see every area's. An alarm about no folder (an unknown
 * tag) is everyone's who sees alarms. Reading rights come on top (the caller checks `item.read` too).
 */
export function alarmInArea(actor: Actor, record: RecordContext | null): boolean {
  if (record === null || !ownerDataAreaBound(actor.role)) return true;
  return inArea(actor, record);
}
