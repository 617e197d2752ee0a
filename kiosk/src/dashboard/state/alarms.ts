// Open alarms on the board: loaded over HTTP, then kept current by the socket's alarm events (raised,
// acknowledged, escalated, resolved), oldest first so the one waiting longest is on top. Also the one
// alarm being acknowledged or resolved in the dialog, and that call to the server.
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { AlarmEvent } from '../../shared/api/events';
import type { AlarmView } from '../../shared/api/types';
import type { Bilingual } from '../../shared/i18n';
import { ALARM_KINDS } from '../../shared/vocabulary';
import { levelLabel, type Cause } from '../alarms/words';
import type { DashboardApi } from '../api';

export interface AlarmRow {
  id: number;
  raisedAt: string;
  label: Bilingual;
  what: string | null;
  /** The folder's barcode, for its timeline page; null for an alarm about no registered folder. */
  barcode: string | null;
  place: string | null;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  /** 0: with the supervisors as raised; 1, 2: escalated that many levels. */
  escalationLevel: number;
  escalationLabel: Bilingual;
}

const row = (a: AlarmView | AlarmEvent, label: Bilingual): AlarmRow => ({
  id: a.id,
  raisedAt: a.raisedAt,
  label,
  what: a.archiveNo ?? a.barcode ?? a.epc,
  barcode: a.barcode,
  place: a.placeName ?? a.place,
  acknowledgedAt: a.acknowledgedAt ?? null,
  acknowledgedByName: a.acknowledgedByName ?? null,
  escalationLevel: a.escalationLevel ?? 0,
  escalationLabel: levelLabel(a.escalationLevel ?? 0),
});
const byAge = (x: AlarmRow, y: AlarmRow) => x.raisedAt.localeCompare(y.raisedAt) || x.id - y.id;

export type AlarmActionMode = 'acknowledge' | 'resolve';

export interface AlarmDialog {
  mode: AlarmActionMode;
  alarm: AlarmRow;
}

export class AlarmsState {
  readonly open = signal<AlarmRow[]>([]);
  /** The alarm in the acknowledge or resolve dialog, or null. */
  readonly dialog = signal<AlarmDialog | null>(null);
  readonly saving = signal(false);
  readonly error = signal<ApiError | null>(null);

  /** The open alarms as GET /alarms lists them (after a (re)subscription, so nothing is stale). */
  replace(alarms: AlarmView[]): void {
    this.open.value = alarms.map((a) => row(a, a.label)).sort(byAge);
    const d = this.dialog.value;
    if (d && !this.open.value.some((r) => r.id === d.alarm.id)) this.close();
  }

  /** A live alarm event (or the server's answer to an action): joins or changes the list; resolved leaves it. */
  apply(a: AlarmEvent | AlarmView): void {
    const others = this.open.value.filter((r) => r.id !== a.id);
    const label = 'label' in a ? a.label : (ALARM_KINDS[a.kind] ?? { zh: a.kind, en: a.kind });
    this.open.value = a.resolvedAt ? others : [...others, row(a, label)].sort(byAge);
    const d = this.dialog.value;
    if (d?.alarm.id === a.id) {
      // Resolved elsewhere: nothing left to do here. Acknowledged elsewhere: the acknowledge dialog closes.
      if (a.resolvedAt || (d.mode === 'acknowledge' && a.acknowledgedAt && !this.saving.value)) this.close();
    }
  }

  show(mode: AlarmActionMode, alarm: AlarmRow): void {
    this.error.value = null;
    this.dialog.value = { mode, alarm };
  }

  close(): void {
    this.dialog.value = null;
    this.error.value = null;
    this.saving.value = false;
  }

  /** Sends the dialog's action; on success the answer updates the list at once (the socket echoes it). */
  async submit(
    api: DashboardApi,
    token: string | null,
    input: { note: string; cause?: Cause },
  ): Promise<boolean> {
    const d = this.dialog.value;
    if (!d || !token || this.saving.value) return false;
    this.saving.value = true;
    this.error.value = null;
    try {
      const updated =
        d.mode === 'acknowledge'
          ? await api.acknowledgeAlarm(token, d.alarm.id, input.note)
          : await api.resolveAlarm(token, d.alarm.id, input.cause!, input.note);
      this.saving.value = false;
      this.apply(updated);
      this.close();
      return true;
    } catch (e) {
      this.saving.value = false;
      this.error.value = asApiError(e);
      return false;
    }
  }
}
