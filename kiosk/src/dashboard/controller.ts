// The board's state and what changes it: the session, the figures loaded over HTTP, and the live channel
// (socket.io audience 'dashboard'). Screens read its signals and call its methods; nothing else talks to
// the server.
import { effect, signal, untracked } from '@preact/signals';
import { asApiError, type ApiError } from '../shared/api/error';
import type { AlarmEvent, CabinetEvent, CustodyEvent, DeviceEvent } from '../shared/api/events';
import type { BoardSummary } from '../shared/api/types';
import { createLangState } from '../shared/i18n';
import {
  openResumingChannel,
  type Connection,
  type ResumingChannel,
  type SocketLike,
} from '../shared/socket';
import { boardAccess } from './access';
import { DevicesState } from './devices/state';
import type { DashboardApi } from './api';
import { memoryAddress, Navigation, type Address } from './navigation';
import { AlarmsState } from './state/alarms';
import { EventsState } from './state/events';
import { OverdueState, PAGE_SIZE } from './state/overdue';
import { SessionState } from './state/session';

export interface DashboardDeps {
  api: DashboardApi;
  /** A socket for this person's token (not yet connected). */
  connect: (token: string) => SocketLike;
  now?: () => number;
  /** How long to gather live events before reloading the figures they change. */
  refreshDelayMs?: number;
  /** Where the page is kept (the window's hash in the browser); in memory when not given. */
  address?: Address;
}

export class DashboardController {
  readonly lang = createLangState();
  readonly session: SessionState;
  readonly nav: Navigation;
  readonly summary = signal<BoardSummary | null>(null);
  readonly overdue = new OverdueState();
  readonly alarms = new AlarmsState();
  readonly events = new EventsState();
  /** Device health and the cabinet map (devices/state.ts). */
  readonly devices: DevicesState;
  readonly connection = signal<Connection>('connecting');
  readonly loadError = signal<ApiError | null>(null);
  /** The clock the ages and days late are counted from, ticking every half minute. */
  readonly now = signal(Date.now());

  private channel: ResumingChannel | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly clock: () => number;

  constructor(private readonly deps: DashboardDeps) {
    this.session = new SessionState(deps.api);
    this.nav = new Navigation(deps.address ?? memoryAddress());
    this.clock = deps.now ?? Date.now;
    this.now.value = this.clock();
    this.devices = new DevicesState({
      api: deps.api,
      token: () => this.token,
      mapDelayMs: deps.refreshDelayMs,
    });
  }

  /** Follows the session: a board that may be seen opens its channel; signing out closes it. */
  start(): () => void {
    this.ticker = setInterval(() => {
      this.now.value = this.clock();
      // Last seen and the error counters move without a state change: read them again with the clock.
      if (this.channel) void this.devices.loadDevices();
    }, 30_000);
    const stop = effect(() => {
      const s = this.session.current.value;
      // Only the session drives this: what open() and close() read must not re-run it.
      untracked(() => (s && boardAccess(s.me.role) !== 'refused' ? this.open(s.token) : this.close()));
    });
    return () => {
      stop();
      this.close();
      this.nav.dispose();
      if (this.ticker) clearInterval(this.ticker);
    };
  }

  async showPage(offset: number): Promise<void> {
    this.overdue.offset.value = Math.max(0, offset);
    await this.loadOverdue();
  }

  /** The server's API, for the pages that load their own data. */
  get api(): DashboardApi {
    return this.deps.api;
  }

  /** The signed-in person's bearer token, for the pages that load their own data. */
  get token(): string | null {
    return this.session.current.value?.token ?? null;
  }

  private open(token: string): void {
    if (this.channel) return;
    this.events.clear();
    void this.reload();
    this.channel = openResumingChannel({
      socket: this.deps.connect(token),
      subscription: () => ({ audience: 'dashboard' }),
      onConnection: (state) => (this.connection.value = state),
      // After a reconnect the figures may have moved while the socket was away: load them again.
      onSubscribed: () => void this.reload(),
      onCredentialsRefused: () => this.session.check(),
      events: {
        custody: (e: CustodyEvent) => {
          if (!this.channel?.accept(e.seq)) return;
          this.events.add(e);
          this.scheduleRefresh();
        },
        alarm: (a: AlarmEvent) => {
          this.alarms.apply(a);
          this.scheduleRefresh();
        },
        device: (d: DeviceEvent) => this.devices.applyDevice(d),
        cabinet: (e: CabinetEvent) => this.devices.cabinetChanged(e),
      },
    });
  }

  private close(): void {
    this.channel?.close();
    this.channel = null;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.summary.value = null;
    this.overdue.page.value = null;
    this.overdue.offset.value = 0;
    this.alarms.replace([]);
    this.devices.clear();
    this.connection.value = 'connecting';
  }

  /** A burst of events (a batch check-out) reloads the counts once. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.loadSummary();
      void this.loadOverdue();
    }, this.deps.refreshDelayMs ?? 300);
  }

  private async reload(): Promise<void> {
    await Promise.all([this.loadSummary(), this.loadOverdue(), this.loadAlarms(), this.devices.reload()]);
  }

  private async guarded(load: (token: string) => Promise<void>): Promise<void> {
    const token = this.token;
    if (!token) return;
    try {
      await load(token);
      this.loadError.value = null;
    } catch (e) {
      const error = asApiError(e);
      if (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED') await this.session.check();
      else this.loadError.value = error;
    }
  }

  private loadSummary(): Promise<void> {
    return this.guarded(async (token) => {
      this.summary.value = await this.deps.api.summary(token);
    });
  }

  private loadOverdue(): Promise<void> {
    return this.guarded(async (token) => {
      const page = await this.deps.api.overdue(token, {
        limit: PAGE_SIZE,
        offset: this.overdue.offset.value,
      });
      if (this.overdue.clamp(page.total)) return this.loadOverdue();
      this.overdue.page.value = page;
    });
  }

  private loadAlarms(): Promise<void> {
    return this.guarded(async (token) => this.alarms.replace(await this.deps.api.openAlarms(token)));
  }
}
