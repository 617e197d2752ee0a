// Live events on the idle and operator screens: the recent-activity list, the big alarm flash, and the
// connection state, over the shared resuming channel (shared/socket.ts).
import { signal } from '@preact/signals';
import type { AlarmEvent, CustodyEvent, ScanEvent } from '../../shared/api/events';
import type { Bilingual } from '../../shared/i18n';
import { openResumingChannel, type Connection, type ResumingChannel } from '../../shared/socket';
import { ALARM_KINDS } from '../vocabulary';
import type { KioskContext } from './context';
import type { StationState } from './station';

export interface FeedRow {
  key: string;
  at: string;
  kind: 'custody' | 'alarm';
  action?: string;
  label: Bilingual;
  archiveNo: string | null;
  barcode: string | null;
  place: string | null;
  who: string | null;
  resolved?: boolean;
}

const FEED_SIZE = 12;

/** Where a custody event happened, as people say it: the property, else the shelf's or station's name. */
const placeOf = (e: CustodyEvent): string | null =>
  e.item?.propertyName ??
  e.toLocationName ??
  e.fromLocationName ??
  e.stationName ??
  e.toLocation ??
  e.fromLocation ??
  null;
const FLASH_MS = 30_000;

export class FeedState {
  readonly rows = signal<FeedRow[]>([]);
  /** A new alarm, shown big across the screen for a while (the feed keeps it after that). */
  readonly alarmFlash = signal<FeedRow | null>(null);
  readonly connection = signal<Connection>('connecting');
  private channel: ResumingChannel | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: KioskContext,
    private readonly station: StationState,
    /** A code from the station's serial scanner. */
    private readonly onScan: (code: string) => void,
  ) {}

  open(stationToken: string): void {
    this.channel?.close();
    this.channel = openResumingChannel({
      socket: this.ctx.deps.connect(stationToken),
      subscription: () => {
        const station = this.station.info.value;
        return station ? { audience: 'station', station: station.id } : null;
      },
      onConnection: (state) => (this.connection.value = state),
      onSubscribed: () => void this.station.refresh(),
      // Refused: check whether the pairing still holds (an unpaired screen goes back to setup).
      onCredentialsRefused: () => this.station.refresh(),
      events: {
        custody: (e: CustodyEvent) => this.onCustody(e),
        alarm: (a: AlarmEvent) => this.onAlarm(a),
        scan: (s: ScanEvent) => {
          if (typeof s?.code === 'string') this.onScan(s.code);
        },
      },
    });
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
    this.rows.value = [];
  }

  stop(): void {
    this.channel?.close();
    this.channel = null;
    if (this.flashTimer) clearTimeout(this.flashTimer);
  }

  dismissAlarm(): void {
    this.alarmFlash.value = null;
    this.ctx.touch();
  }

  private onCustody(e: CustodyEvent): void {
    if (typeof e?.seq !== 'number' || !this.channel?.accept(e.seq)) return; // seen already
    this.push({
      key: `c${e.seq}`,
      at: e.at,
      kind: 'custody',
      action: e.action,
      label: e.toStateLabel,
      archiveNo: e.item?.archiveNo ?? null,
      barcode: e.item?.barcode ?? null,
      place: placeOf(e),
      who: e.holder?.name ?? e.actor?.name ?? null,
    });
    this.station.refreshSoon();
  }

  private onAlarm(a: AlarmEvent): void {
    if (typeof a?.id !== 'number') return;
    this.station.refreshSoon(); // the open-alarm count changed
    const key = `a${a.id}`;
    const resolved = a.resolvedAt !== null && a.resolvedAt !== undefined;
    if (this.rows.value.some((r) => r.key === key)) {
      this.rows.value = this.rows.value.map((r) => (r.key === key ? { ...r, resolved } : r));
      if (resolved && this.alarmFlash.value?.key === key) this.alarmFlash.value = null;
      return;
    }
    // Someone acknowledged or escalated an alarm this screen does not list: old news at the door, no flash.
    if (!resolved && (a.acknowledgedAt || a.escalatedAt)) return;
    const row: FeedRow = {
      key,
      at: a.raisedAt,
      kind: 'alarm',
      label: ALARM_KINDS[a.kind] ?? { zh: a.kind, en: a.kind },
      archiveNo: a.archiveNo,
      barcode: a.barcode,
      // People read places by name (1号档案柜 第2层, 档案室门口); the code only where there is none.
      place: a.placeName ?? a.place,
      who: null,
      resolved,
    };
    this.push(row);
    if (resolved) return;
    this.ctx.sound.refusal();
    this.alarmFlash.value = row;
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => (this.alarmFlash.value = null), FLASH_MS);
  }

  private push(row: FeedRow): void {
    this.rows.value = [row, ...this.rows.value.filter((r) => r.key !== row.key)].slice(0, FEED_SIZE);
  }
}
