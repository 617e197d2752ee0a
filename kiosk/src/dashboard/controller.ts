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
import { boardAccess, type BoardAccess } from './access';
import { DevicesState } from './devices/state';
import type { DashboardApi } from './api';
import { memoryAddress, Navigation, type Address } from './navigation';
import { AlarmsState } from './state/alarms';
import { EventsState, KEPT } from './state/events';
import { HoldersState, type HoldersBy } from './state/holders';
import { OverdueState } from './state/overdue';
import { SessionState } from './state/session';
import { StationsState, startOfDay } from './state/stations';
import { WALL_PAGE_MS, WALL_TOKEN_KEY, memoryStore, nextOffset, type TokenStore } from './state/wall';

export interface DashboardDeps {
  api: DashboardApi;
  /** A socket for this person's token (not yet connected). */
  connect: (token: string) => SocketLike;
  now?: () => number;
  /** How long to gather live events before reloading the figures they change. */
  refreshDelayMs?: number;
  /** Where the page is kept (the window's hash in the browser); in memory when not given. */
  address?: Address;
  /** Where wall mode keeps its token across a reload (the tab's sessionStorage); in memory when not given. */
  tokenStore?: TokenStore;
  /** How long a page of a list stays on the wall. */
  wallPageMs?: number;
}

/** How long the board's lower panels wait for the live channel's first subscription before loading. */
const FIRST_SUBSCRIPTION_WAIT_MS = 1000;

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
  readonly holders = new HoldersState();
  readonly stations = new StationsState();
  readonly connection = signal<Connection>('connecting');
  readonly loadError = signal<ApiError | null>(null);
  /** The clock the ages and days late are counted from, ticking every half minute. */
  readonly now = signal(Date.now());

  private channel: ResumingChannel | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly clock: () => number;
  private readonly tokenStore: TokenStore;
  private wallTimer: ReturnType<typeof setInterval> | null = null;
  /** What the open board loads: the system view (admin) loads the device list and nothing of the records. */
  private access: BoardAccess = 'refused';

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
    this.tokenStore = deps.tokenStore ?? memoryStore();
  }

  /** Wall-screen mode: the address says `wall=1` (#/?wall=1). */
  get wall(): boolean {
    return this.nav.place.value.params.wall === '1';
  }

  /** Follows the session: a board that may be seen opens its channel; signing out closes it. */
  start(): () => void {
    this.ticker = setInterval(() => {
      this.now.value = this.clock();
      // Last seen and the error counters move without a state change: read them again with the clock.
      if (this.channel) void this.devices.loadDevices();
    }, 30_000);
    // Wall mode signs in again after a reload with the token this tab kept (state/wall.ts says why there).
    const kept = this.wall ? this.tokenStore.getItem(WALL_TOKEN_KEY) : null;
    if (kept) void this.session.restore(kept);
    else this.tokenStore.removeItem(WALL_TOKEN_KEY);
    const keep = effect(() => {
      const s = this.session.current.value;
      const wall = this.wall;
      if (s && wall) this.tokenStore.setItem(WALL_TOKEN_KEY, s.token);
      else if (!this.session.restoring.value) this.tokenStore.removeItem(WALL_TOKEN_KEY);
      untracked(() => this.followWall(Boolean(s) && wall));
    });
    const stop = effect(() => {
      const s = this.session.current.value;
      // Only the session drives this: what open() and close() read must not re-run it.
      untracked(() => (s && boardAccess(s.me.role) !== 'refused' ? this.open(s.token) : this.close()));
    });
    return () => {
      stop();
      keep();
      this.followWall(false);
      this.close();
      this.nav.dispose();
      if (this.ticker) clearInterval(this.ticker);
    };
  }

  async showPage(offset: number): Promise<void> {
    this.overdue.offset.value = Math.max(0, offset);
    await this.loadOverdue();
  }

  /** The overdue panel measured how many rows it has room for: page by that. */
  async fitOverdue(rows: number): Promise<void> {
    if (rows === this.overdue.size.value) return;
    this.overdue.size.value = rows;
    this.overdue.offset.value = Math.floor(this.overdue.offset.value / rows) * rows;
    await this.loadOverdue();
  }

  async showHolders(by: HoldersBy, offset = 0): Promise<void> {
    if (by !== this.holders.by.value) this.holders.opened.value = null;
    this.holders.by.value = by;
    this.holders.offset.value = Math.max(0, offset);
    await this.loadHolders();
  }

  async fitHolders(rows: number): Promise<void> {
    if (rows === this.holders.size.value) return;
    this.holders.size.value = rows;
    this.holders.offset.value = Math.floor(this.holders.offset.value / rows) * rows;
    await this.loadHolders();
  }

  /** Opens a holder's folders under their row (or closes them when they are open). */
  async openHolder(userId: number, name: string): Promise<void> {
    if (this.holders.opened.value?.userId === userId) {
      this.holders.opened.value = null;
      return;
    }
    this.holders.opened.value = { userId, name, loans: null };
    await this.loadOpenedHolder();
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
    this.access = boardAccess(this.session.current.value?.me.role ?? '');
    this.events.clear();
    const firstRead = this.system ? this.reload() : this.loadFirstRead();
    if (!this.system) void this.loadRecent();
    // The rest of the board waits for the socket's first subscription (a second at most): the server
    // answers one query at a time, and the live feed matters more than the map.
    let subscribed = () => {};
    const firstSubscription = new Promise<void>((resolve) => (subscribed = resolve));
    if (!this.system) {
      void firstRead
        .then(() =>
          Promise.race([firstSubscription, new Promise((r) => setTimeout(r, FIRST_SUBSCRIPTION_WAIT_MS))]),
        )
        .then(() => this.loadRest());
    }
    this.channel = openResumingChannel({
      socket: this.deps.connect(token),
      subscription: () => ({ audience: 'dashboard' }),
      onConnection: (state) => (this.connection.value = state),
      // After a reconnect the figures may have moved while the socket was away: load them again. On the
      // first subscription the figures just read are current if the log's head has not moved since they
      // were counted; the alarms change without a custody row, so those are read again anyway.
      onSubscribed: ({ head, first }) => {
        if (!first || this.system) return void this.reload();
        subscribed();
        void firstRead.then(() =>
          head !== null && head === this.summary.value?.headSeq ? this.loadAlarms() : this.loadFirstRead(),
        );
      },
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
    this.holders.reset();
    this.stations.rows.value = null;
    this.connection.value = 'connecting';
    this.access = 'refused';
  }

  /** The system view (admin): device health only; the server sends it no custody, alarm or cabinet event. */
  private get system(): boolean {
    return this.access === 'system';
  }

  /** On the wall, the lists turn their own pages (back to the first after the last). */
  private followWall(on: boolean): void {
    if (!on) {
      if (this.wallTimer) clearInterval(this.wallTimer);
      this.wallTimer = null;
      return;
    }
    if (this.wallTimer) return;
    this.wallTimer = setInterval(() => {
      const overdue = this.overdue.page.value;
      if (overdue && overdue.total > this.overdue.size.value)
        void this.showPage(nextOffset(this.overdue.offset.value, this.overdue.size.value, overdue.total));
      const holders = this.holders.data.value;
      if (holders && this.holders.by.value === 'person' && holders.total > this.holders.size.value)
        void this.showHolders(
          'person',
          nextOffset(this.holders.offset.value, this.holders.size.value, holders.total),
        );
      // The device list and the cabinet map take turns in their panel: on the wall each gets the whole of it.
      // The system view has the device list only.
      if (!this.system)
        this.devices.tab.value = this.devices.tab.value === 'devices' ? 'cabinets' : 'devices';
    }, this.deps.wallPageMs ?? WALL_PAGE_MS);
  }

  /** A burst of events (a batch check-out) reloads the counts once. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.loadSummary();
      void this.loadOverdue();
      void this.loadHolders();
      void this.loadStations();
      if (this.holders.opened.value) void this.loadOpenedHolder();
    }, this.deps.refreshDelayMs ?? 300);
  }

  private async reload(): Promise<void> {
    if (this.system) return this.devices.loadDevices();
    await this.loadFirstRead();
    await this.loadRest();
  }

  /** What the board is read by first: the counts, the overdue list, the alarms. */
  private async loadFirstRead(): Promise<void> {
    await Promise.all([this.loadSummary(), this.loadOverdue(), this.loadAlarms()]);
  }

  /** The rest, asked for after the first answers so that those are not kept waiting behind the map. */
  private async loadRest(): Promise<void> {
    await Promise.all([this.loadHolders(), this.loadStations(), this.devices.reload()]);
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
      const page = await this.deps.api.loans(token, {
        overdue: true,
        limit: this.overdue.size.value,
        offset: this.overdue.offset.value,
      });
      if (this.overdue.clamp(page.total)) return this.loadOverdue();
      this.overdue.page.value = page;
    });
  }

  private loadAlarms(): Promise<void> {
    return this.guarded(async (token) => this.alarms.replace(await this.deps.api.openAlarms(token)));
  }

  private loadHolders(): Promise<void> {
    return this.guarded(async (token) => {
      const h = this.holders;
      const data = await this.deps.api.holders(token, h.by.value, {
        limit: h.size.value,
        offset: h.offset.value,
      });
      if (h.by.value === 'person' && h.clamp(data.total)) return this.loadHolders();
      h.data.value = data;
    });
  }

  private loadOpenedHolder(): Promise<void> {
    return this.guarded(async (token) => {
      const opened = this.holders.opened.value;
      if (!opened) return;
      const loans = await this.deps.api.loans(token, { userId: opened.userId, limit: 50, offset: 0 });
      if (this.holders.opened.value?.userId === opened.userId)
        this.holders.opened.value = { ...opened, loans };
    });
  }

  private loadStations(): Promise<void> {
    return this.guarded(async (token) => {
      this.stations.rows.value = await this.deps.api.stationActivity(token, startOfDay(this.clock()));
    });
  }

  /** The events panel starts with the latest events from before sign-in; live ones join them by seq. */
  private loadRecent(): Promise<void> {
    return this.guarded(async (token) => this.events.merge(await this.deps.api.recent(token, KEPT)));
  }
}
