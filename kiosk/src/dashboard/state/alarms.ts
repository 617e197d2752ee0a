// Open alarms on the board: loaded over HTTP, then kept current by the socket's alarm events (raised or
// resolved), oldest first so the one waiting longest is on top.
import { signal } from '@preact/signals';
import type { AlarmEvent } from '../../shared/api/events';
import type { AlarmView } from '../../shared/api/types';
import type { Bilingual } from '../../shared/i18n';
import { ALARM_KINDS } from '../../shared/vocabulary';

export interface AlarmRow {
  id: number;
  raisedAt: string;
  label: Bilingual;
  what: string | null;
  place: string | null;
}

const row = (a: AlarmView | AlarmEvent, label: Bilingual): AlarmRow => ({
  id: a.id,
  raisedAt: a.raisedAt,
  label,
  what: a.archiveNo ?? a.barcode ?? a.epc,
  place: a.placeName ?? a.place,
});
const byAge = (x: AlarmRow, y: AlarmRow) => x.raisedAt.localeCompare(y.raisedAt) || x.id - y.id;

export class AlarmsState {
  readonly open = signal<AlarmRow[]>([]);

  /** The open alarms as GET /alarms lists them (after a (re)subscription, so nothing is stale). */
  replace(alarms: AlarmView[]): void {
    this.open.value = alarms.map((a) => row(a, a.label)).sort(byAge);
  }

  /** A live alarm event: a new one joins the list, a resolved one leaves it. */
  apply(a: AlarmEvent): void {
    const others = this.open.value.filter((r) => r.id !== a.id);
    const label = ALARM_KINDS[a.kind] ?? { zh: a.kind, en: a.kind };
    this.open.value = a.resolvedAt ? others : [...others, row(a, label)].sort(byAge);
  }
}
