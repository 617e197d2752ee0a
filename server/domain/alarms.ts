// What an alarm from the archive room's devices is, and how each kind is named on screens.

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
