// Pairing state: the station token this screen keeps, the station it stands at, and the idle screen's
// counts (refreshed on events, and at least once a minute as a safety net).
import { signal } from '@preact/signals';
import { asApiError } from '../../shared/api/error';
import type { StationInfo, Summary } from '../../shared/api/types';
import type { KioskContext } from './context';

const STORAGE_KEY = 'dangan.kiosk.station';

export interface Pairing {
  token: string;
  station: StationInfo;
}

export class StationState {
  readonly info = signal<StationInfo | null>(null);
  readonly summary = signal<Summary | null>(null);
  /** The last summary fetch failed for want of a network (the banner shows this too). */
  readonly unreachable = signal(false);
  token: string | null = null;
  private lastSummaryAt = 0;
  private soonTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: KioskContext,
    /** The server no longer accepts the token. */
    private readonly onUnpaired: () => void,
  ) {}

  load(): Pairing | null {
    try {
      const raw = this.ctx.deps.storage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const v = JSON.parse(raw) as { token?: unknown; station?: { id?: unknown; name?: unknown } };
      if (typeof v.token !== 'string' || typeof v.station?.id !== 'string') return null;
      return { token: v.token, station: v.station as StationInfo };
    } catch {
      return null;
    }
  }

  save(pairing: Pairing): void {
    this.ctx.deps.storage.setItem(STORAGE_KEY, JSON.stringify(pairing));
  }

  enter({ token, station }: Pairing): void {
    this.token = token;
    this.info.value = station;
  }

  forget(): void {
    this.ctx.deps.storage.removeItem(STORAGE_KEY);
    this.token = null;
    this.info.value = null;
    this.summary.value = null;
  }

  async refresh(): Promise<void> {
    const token = this.token;
    const station = this.info.value;
    if (!token || !station) return;
    this.lastSummaryAt = this.ctx.clock();
    try {
      const summary = await this.ctx.deps.api.summary(token, station.id);
      if (token !== this.token) return;
      this.summary.value = summary;
      this.info.value = { ...station, ...summary.station };
      this.unreachable.value = false;
    } catch (e) {
      const error = asApiError(e);
      if (error.unauthenticated) this.onUnpaired();
      else if (error.network) this.unreachable.value = true;
    }
  }

  /** Several events in a row (a batch, a cabinet settling) cost one fetch. */
  refreshSoon(): void {
    if (this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.refresh();
    }, 800);
  }

  /** Called every second: the counts are never more than a minute old. */
  tick(at: number): void {
    if (this.token && this.ctx.screen.value !== 'setup' && at - this.lastSummaryAt > 60_000)
      void this.refresh();
  }

  stop(): void {
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
  }
}
