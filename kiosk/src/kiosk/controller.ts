// Everything the door kiosk knows and does, as signals the screens render: pairing, the idle screen's live
// data, badge + PIN sign-in, scanning folders (keyboard wedge, the station's serial scanner, the camera),
// check-out, check-in with inspection, batches, the receipt, inactivity, and the connection to the server.
// No DOM here except what a KeyboardEvent carries, so component tests drive it with a fake API and socket.
import { signal, type Signal } from '@preact/signals';
import {
  ApiError,
  type AlarmEvent,
  type CirculationResult,
  type CustodyEvent,
  type Inspection,
  type ItemView,
  type KioskApi,
  type Lang,
  type Me,
  type ScanEvent,
  type StationInfo,
  type Summary,
} from './api';
import { ALARM_KINDS, formatDate, t, type Key } from './i18n';
import type { Sound } from './sound';
import { classifyScan, isItemScan, type ScannedCode } from './scan-kind';
import { createWedgeDetector, type WedgeDetector, type WedgeOptions } from './wedge';

/** The part of a socket.io client the kiosk uses (a fake one in component tests). */
export interface SocketLike {
  readonly connected: boolean;
  readonly active?: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  connect(): unknown;
  disconnect(): unknown;
}

export interface CameraModule {
  startCamera(video: HTMLVideoElement, onCode: (code: string) => void): Promise<() => void>;
}

export interface KioskDeps {
  api: KioskApi;
  /** Opens the socket.io connection as the station (the token goes in the handshake's auth payload). */
  connect: (stationToken: string) => SocketLike;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  sound: Sound;
  now?: () => number;
  loadCamera?: () => Promise<CameraModule>;
  print?: () => void;
  /** Seconds without a touch or key before the operator is signed out. */
  idleSeconds?: number;
  /** Seconds the PIN pad waits before going back to the idle screen. */
  pinSeconds?: number;
  /** Seconds the receipt stays on screen. */
  receiptSeconds?: number;
  wedge?: WedgeOptions;
}

export type Screen = 'setup' | 'idle' | 'pin' | 'operator' | 'receipt';
export type Connection = 'connecting' | 'online' | 'lost';
type Text = (lang: Lang) => string;

/** A result shown big and coloured after a scan or an action. */
export interface Outcome {
  tone: 'success' | 'refusal' | 'info';
  title: Text;
  detail?: Text;
  code?: string;
  item?: ItemView;
}

export interface FeedRow {
  key: string;
  at: string;
  kind: 'custody' | 'alarm';
  action?: string;
  label: { zh: string; en: string };
  archiveNo: string | null;
  barcode: string | null;
  place: string | null;
  who: string | null;
  resolved?: boolean;
}

export interface BatchRow {
  code: string;
  status: 'loading' | 'ready' | 'error';
  item?: ItemView;
  error?: Text;
  action: 'out' | 'in' | null;
  inspection: Inspection;
  note: string;
}

export interface ReceiptLine {
  at: string;
  action: 'check_out' | 'check_in';
  barcode: string;
  archiveNo: string | null;
  property: string | null;
  dueAt: string | null;
  inspection?: Inspection;
  note?: string;
}

export interface Receipt {
  station: StationInfo;
  operator: string;
  at: string;
  lines: ReceiptLine[];
}

const STORAGE_KEY = 'dangan.kiosk.station';
const FEED_SIZE = 12;
/** What a barcode or EPC may contain (the server's ItemRef rule). */
const ITEM_REF = /^[A-Za-z0-9-]{1,64}$/;

const local =
  (key: Key, vars: Record<string, string | number> = {}): Text =>
  (lang) =>
    t(lang, key, vars);
const fromError =
  (e: ApiError): Text =>
  (lang) =>
    e.text(lang);
const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError
    ? e
    : new ApiError('INTERNAL', 0, { 'zh-CN': '出现错误，请重试', en: 'Something went wrong; try again' });

const propertyOf = (item: ItemView | undefined): string | null =>
  item?.property ? [item.property.name, item.property.ref].filter(Boolean).join(' · ') : null;

export class KioskController {
  readonly lang = signal<Lang>('zh-CN');
  readonly screen = signal<Screen>('setup');
  readonly now: Signal<number>;
  readonly station = signal<StationInfo | null>(null);
  readonly summary = signal<Summary | null>(null);
  readonly connection = signal<Connection>('connecting');
  /** The last summary fetch failed for want of a network (the banner shows this too). */
  readonly unreachable = signal(false);
  readonly feed = signal<FeedRow[]>([]);
  readonly notice = signal<Text | null>(null);
  /** A new alarm, shown big across the screen for a while (the feed keeps it after that). */
  readonly alarmFlash = signal<FeedRow | null>(null);

  // setup
  readonly setupStep = signal<'login' | 'choose'>('login');
  readonly setupStations = signal<StationInfo[]>([]);
  readonly setupError = signal<Text | null>(null);
  readonly busy = signal(false);

  // idle + PIN
  readonly typingBadge = signal(false);
  readonly badge = signal<string | null>(null);
  readonly pin = signal('');
  readonly pinError = signal<Text | null>(null);

  // operator
  readonly me = signal<Me | null>(null);
  readonly secondsLeft = signal(0);
  readonly mode = signal<'single' | 'batch'>('single');
  readonly current = signal<ItemView | null>(null);
  /** The current folder was just checked out or in: it is shown as it is now, without actions. */
  readonly settled = signal(false);
  readonly outcome = signal<Outcome | null>(null);
  readonly purpose = signal<string | null>(null);
  readonly otherPurpose = signal('');
  readonly inspection = signal<Inspection | null>(null);
  readonly note = signal('');
  readonly batch = signal<BatchRow[]>([]);
  readonly holdings = signal<ItemView[]>([]);
  readonly cameraOpen = signal(false);
  readonly receipt = signal<Receipt | null>(null);
  /** A different person's badge was scanned mid-session: the badge the screen offers to switch to. */
  readonly switchTo = signal<string | null>(null);

  private stationToken: string | null = null;
  private setupToken: string | null = null;
  private operatorToken: string | null = null;
  /** The badge the operator signed in with (a second scan of it is not a switch). */
  private operatorBadge: string | null = null;
  private lines: ReceiptLine[] = [];
  private socket: SocketLike | null = null;
  private lastSeq: number | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private deadline = 0;
  private lastSummaryAt = 0;
  private readonly wedge: WedgeDetector;
  private readonly clock: () => number;
  private readonly idleMs: number;
  private readonly pinMs: number;
  private readonly receiptMs: number;

  constructor(private readonly deps: KioskDeps) {
    this.clock = deps.now ?? (() => Date.now());
    this.now = signal(this.clock());
    this.idleMs = (deps.idleSeconds ?? 90) * 1000;
    this.pinMs = (deps.pinSeconds ?? 30) * 1000;
    this.receiptMs = (deps.receiptSeconds ?? 60) * 1000;
    this.wedge = createWedgeDetector(deps.wedge);
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    const saved = this.loadPairing();
    if (saved) this.enterStation(saved.token, saved.station);
    else this.screen.value = 'setup';
    this.ticker ??= setInterval(() => this.tick(), 1000);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    for (const timer of [this.summaryTimer, this.retryTimer, this.noticeTimer])
      if (timer) clearTimeout(timer);
    this.socket?.disconnect();
    this.socket = null;
  }

  toggleLang(): void {
    this.lang.value = this.lang.value === 'zh-CN' ? 'en' : 'zh-CN';
    this.touch();
  }

  /** Any touch or key: the operator is still here. */
  touch(): void {
    const at = this.clock();
    if (this.screen.value === 'operator') {
      this.deadline = at + this.idleMs;
      this.secondsLeft.value = Math.ceil(this.idleMs / 1000);
    } else if (this.screen.value === 'pin') this.deadline = at + this.pinMs;
  }

  private tick(): void {
    const at = this.clock();
    this.now.value = at;
    const screen = this.screen.value;
    if (screen === 'operator') {
      const left = Math.max(0, Math.ceil((this.deadline - at) / 1000));
      this.secondsLeft.value = left;
      if (left === 0) void this.signOut('timeout');
    } else if ((screen === 'pin' || screen === 'receipt') && at >= this.deadline) {
      this.toIdle();
    }
    // A slow safety net besides the live events: the counts are never more than a minute old.
    if (this.stationToken && screen !== 'setup' && at - this.lastSummaryAt > 60_000)
      void this.refreshSummary();
  }

  // ---------------------------------------------------------------- pairing (setup)

  private loadPairing(): { token: string; station: StationInfo } | null {
    try {
      const raw = this.deps.storage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const v = JSON.parse(raw) as { token?: unknown; station?: { id?: unknown; name?: unknown } };
      if (typeof v.token !== 'string' || typeof v.station?.id !== 'string') return null;
      return { token: v.token, station: v.station as StationInfo };
    } catch {
      return null;
    }
  }

  async setupLogin(username: string, password: string): Promise<void> {
    if (this.busy.value) return;
    this.busy.value = true;
    this.setupError.value = null;
    try {
      const { token } = await this.deps.api.login(username.trim(), password);
      this.setupToken = token;
      this.setupStations.value = await this.deps.api.stations(token);
      this.setupStep.value = 'choose';
    } catch (e) {
      this.setupError.value = fromError(asApiError(e));
      this.deps.sound.refusal();
    } finally {
      this.busy.value = false;
    }
  }

  async pair(stationId: string): Promise<void> {
    const bearer = this.setupToken;
    if (!bearer || this.busy.value) return;
    this.busy.value = true;
    this.setupError.value = null;
    try {
      const { token, station } = await this.deps.api.pair(bearer, stationId);
      this.deps.storage.setItem(STORAGE_KEY, JSON.stringify({ token, station }));
      // The person who paired the screen is signed out: the screen now acts only as the station.
      await this.deps.api.logout(bearer).catch(() => undefined);
      this.setupToken = null;
      this.setupStep.value = 'login';
      this.deps.sound.success();
      this.enterStation(token, station);
    } catch (e) {
      this.setupError.value = fromError(asApiError(e));
      this.deps.sound.refusal();
    } finally {
      this.busy.value = false;
    }
  }

  cancelSetup(): void {
    const bearer = this.setupToken;
    this.setupToken = null;
    this.setupStep.value = 'login';
    this.setupStations.value = [];
    if (bearer) void this.deps.api.logout(bearer).catch(() => undefined);
  }

  /** The station's token is no longer accepted: forget it and show the pairing screen. */
  private unpair(): void {
    this.deps.storage.removeItem(STORAGE_KEY);
    this.stationToken = null;
    this.station.value = null;
    this.summary.value = null;
    this.socket?.disconnect();
    this.socket = null;
    this.lastSeq = null;
    this.feed.value = [];
    this.endOperatorLocally();
    this.screen.value = 'setup';
  }

  private enterStation(token: string, station: StationInfo): void {
    this.stationToken = token;
    this.station.value = station;
    this.screen.value = 'idle';
    void this.refreshSummary();
    this.openSocket(token);
  }

  // ---------------------------------------------------------------- idle screen data

  async refreshSummary(): Promise<void> {
    const token = this.stationToken;
    const station = this.station.value;
    if (!token || !station) return;
    this.lastSummaryAt = this.clock();
    try {
      const summary = await this.deps.api.summary(token, station.id);
      if (token !== this.stationToken) return;
      this.summary.value = summary;
      this.station.value = { ...station, ...summary.station };
      this.unreachable.value = false;
    } catch (e) {
      const error = asApiError(e);
      if (error.unauthenticated) this.unpair();
      else if (error.network) this.unreachable.value = true;
    }
  }

  private refreshSummarySoon(): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      void this.refreshSummary();
    }, 800);
  }

  // ---------------------------------------------------------------- real time

  private openSocket(token: string): void {
    this.socket?.disconnect();
    this.connection.value = 'connecting';
    const socket = this.deps.connect(token);
    this.socket = socket;
    const mine = () => this.socket === socket;
    socket.on('connect', () => {
      if (mine()) void this.subscribe(socket);
    });
    socket.on('disconnect', (reason: string) => {
      if (!mine()) return;
      this.connection.value = 'lost';
      // The server closed it on purpose (restart, session check): socket.io will not retry by itself.
      if (reason === 'io server disconnect') this.retrySocket(socket);
    });
    socket.on('connect_error', () => {
      if (!mine()) return;
      this.connection.value = 'lost';
      // Refused by the server (not a network failure): check whether the pairing still holds, then retry.
      if (socket.active === false) {
        void this.refreshSummary().then(() => {
          if (mine()) this.retrySocket(socket);
        });
      }
    });
    socket.on('custody', (event: CustodyEvent) => {
      if (mine()) this.onCustody(event);
    });
    socket.on('alarm', (alarm: AlarmEvent) => {
      if (mine()) this.onAlarm(alarm);
    });
    socket.on('scan', (scan: ScanEvent) => {
      if (mine() && typeof scan?.code === 'string') this.scan(scan.code, 'serial');
    });
    socket.connect();
  }

  private retrySocket(socket: SocketLike, ms = 3000): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.socket === socket && !socket.connected) socket.connect();
    }, ms);
  }

  private async subscribe(socket: SocketLike): Promise<void> {
    const station = this.station.value;
    if (!station) return;
    const resume = this.lastSeq;
    try {
      const reply = (await socket.timeout(8000).emitWithAck('subscribe', {
        audience: 'station',
        station: station.id,
        ...(resume === null ? {} : { afterSeq: resume }),
      })) as { ok: boolean; code?: string; data?: { head?: number } };
      if (this.socket !== socket) return;
      if (!reply?.ok) {
        this.connection.value = 'lost';
        if (reply?.code === 'SESSION_EXPIRED' || reply?.code === 'UNAUTHENTICATED')
          await this.refreshSummary();
        else this.retrySocket(socket, 5000);
        return;
      }
      // First subscription: start from the head. After a reconnect the server replays what came after
      // `afterSeq`, so the last seq seen stays where it was.
      if (this.lastSeq === null && typeof reply.data?.head === 'number') this.lastSeq = reply.data.head;
      this.connection.value = 'online';
      void this.refreshSummary();
    } catch {
      if (this.socket !== socket) return;
      this.connection.value = 'lost';
      socket.disconnect();
      this.retrySocket(socket);
    }
  }

  private onCustody(e: CustodyEvent): void {
    if (typeof e?.seq !== 'number') return;
    if (this.lastSeq !== null && e.seq <= this.lastSeq) return; // already seen
    this.lastSeq = e.seq;
    this.pushFeed({
      key: `c${e.seq}`,
      at: e.at,
      kind: 'custody',
      action: e.action,
      label: e.toStateLabel,
      archiveNo: e.item?.archiveNo ?? null,
      barcode: e.item?.barcode ?? null,
      place: e.item?.propertyName ?? e.toLocation ?? null,
      who: e.holder?.name ?? e.actor?.name ?? null,
    });
    this.refreshSummarySoon();
  }

  private onAlarm(a: AlarmEvent): void {
    if (typeof a?.id !== 'number') return;
    this.refreshSummarySoon(); // the open-alarm count changed
    const key = `a${a.id}`;
    const resolved = a.resolvedAt !== null && a.resolvedAt !== undefined;
    const existing = this.feed.value.find((r) => r.key === key);
    if (existing) {
      this.feed.value = this.feed.value.map((r) => (r.key === key ? { ...r, resolved } : r));
      if (resolved && this.alarmFlash.value?.key === key) this.alarmFlash.value = null;
    } else {
      const row: FeedRow = {
        key,
        at: a.raisedAt,
        kind: 'alarm',
        label: a.label ?? ALARM_KINDS[a.kind] ?? { zh: a.kind, en: a.kind },
        archiveNo: a.archiveNo,
        barcode: a.barcode,
        place: a.place,
        who: null,
        resolved,
      };
      this.pushFeed(row);
      if (!resolved) {
        this.deps.sound.refusal();
        this.alarmFlash.value = row;
        if (this.flashTimer) clearTimeout(this.flashTimer);
        this.flashTimer = setTimeout(() => (this.alarmFlash.value = null), 30_000);
      }
    }
    this.refreshSummarySoon();
  }

  dismissAlarm(): void {
    this.alarmFlash.value = null;
    this.touch();
  }

  private pushFeed(row: FeedRow): void {
    this.feed.value = [row, ...this.feed.value.filter((r) => r.key !== row.key)].slice(0, FEED_SIZE);
  }

  // ---------------------------------------------------------------- keyboard

  /**
   * Every keydown on the page. Fast bursts ending in Enter are scans (badge or folder) wherever focus is;
   * on the PIN screen digits, Backspace, Enter and Escape drive the pad.
   */
  handleKey(e: KeyboardEvent): void {
    if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
    this.touch();
    const target = e.target as HTMLElement | null;
    const field = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
    const verdict = this.wedge.key(e.key, e.timeStamp);
    if (verdict.kind === 'scan') {
      e.preventDefault();
      if (field && field.value.endsWith(verdict.code)) {
        // The scanner "typed" into a text field: take its code back out.
        field.value = field.value.slice(0, -verdict.code.length);
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      this.scan(verdict.code, 'wedge');
      return;
    }
    if (this.screen.value !== 'pin' || field) return;
    const onButton = target instanceof HTMLButtonElement;
    if (/^\d$/.test(e.key)) {
      e.preventDefault();
      this.pinDigit(e.key);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      this.pinDelete();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.toIdle();
    } else if (verdict.kind === 'enter' && !onButton) {
      e.preventDefault();
      void this.submitPin();
    }
  }

  // ---------------------------------------------------------------- scans

  /**
   * A code from the keyboard wedge, the station's serial scanner, the camera or a typed entry, read in
   * context: what the code is (scan-kind.ts) and who is signed in decide what it does.
   */
  scan(raw: string, _source: 'wedge' | 'serial' | 'camera' | 'typed'): void {
    if (!raw.trim()) return;
    const scanned = classifyScan(raw);
    this.touch();
    switch (this.screen.value) {
      case 'idle':
      case 'receipt':
        if (scanned.kind === 'badge') this.startBadge(scanned.id!);
        else {
          if (this.screen.value === 'receipt') this.toIdle();
          this.showNotice(this.notBadge(scanned));
          this.deps.sound.refusal();
        }
        break;
      case 'pin':
        if (scanned.kind === 'badge') this.startBadge(scanned.id!);
        else {
          this.pinError.value = scanned.kind === 'unknown' ? this.notBadge(scanned) : local('pinFirst');
          this.deps.sound.refusal();
        }
        break;
      case 'operator':
        this.operatorScan(scanned);
        break;
      case 'setup':
        break;
    }
  }

  /** What the idle screen says to a code that is not a badge. */
  private notBadge(scanned: ScannedCode): Text {
    return scanned.kind === 'unknown'
      ? local('unknownCode', { code: scanned.code.slice(0, 40) })
      : local('badgeFirst');
  }

  private operatorScan(scanned: ScannedCode): void {
    if (scanned.kind === 'badge') {
      const badge = scanned.id!;
      // The same person again: they are still here, nothing else changes.
      if (badge === this.operatorBadge) return;
      this.switchTo.value = badge;
      return;
    }
    this.switchTo.value = null;
    if (this.cameraOpen.value) this.cameraOpen.value = false;
    if (isItemScan(scanned)) {
      if (this.mode.value === 'batch') void this.addToBatch(scanned.code);
      else void this.lookUp(scanned.code);
      return;
    }
    if (this.mode.value === 'single') {
      this.current.value = null;
      this.settled.value = false;
    }
    if (scanned.kind === 'shelf' || scanned.kind === 'cabinet') {
      this.outcome.value = {
        tone: 'info',
        title: local(scanned.kind === 'shelf' ? 'shelfLabel' : 'cabinetLabel'),
        detail: local('scanFolder'),
        code: scanned.code,
      };
      this.deps.sound.refusal();
      return;
    }
    this.refuse({
      title: local('refused'),
      detail: local('unknownCode', { code: scanned.code.slice(0, 40) }),
    });
  }

  /** The answer to "切换操作人？": yes signs the current operator out and asks the new badge's PIN. */
  async confirmSwitch(yes: boolean): Promise<void> {
    const badge = this.switchTo.value;
    this.switchTo.value = null;
    this.touch();
    if (!yes || !badge || this.screen.value !== 'operator') return;
    await this.signOut('signout');
    this.startBadge(badge);
  }

  // ---------------------------------------------------------------- badge + PIN

  showBadgeEntry(show: boolean): void {
    this.typingBadge.value = show;
  }

  startBadge(badge: string): void {
    const code = badge.trim();
    if (!code) return;
    this.badge.value = code;
    this.pin.value = '';
    this.pinError.value = null;
    this.typingBadge.value = false;
    this.receipt.value = null;
    this.screen.value = 'pin';
    this.deadline = this.clock() + this.pinMs;
  }

  pinDigit(d: string): void {
    if (this.busy.value || this.pin.value.length >= 8) return;
    this.pin.value += d;
    this.pinError.value = null;
    this.touch();
  }

  pinDelete(): void {
    this.pin.value = this.pin.value.slice(0, -1);
    this.touch();
  }

  pinClear(): void {
    this.pin.value = '';
    this.touch();
  }

  async submitPin(): Promise<void> {
    const badge = this.badge.value;
    const stationToken = this.stationToken;
    if (!badge || !stationToken || this.busy.value) return;
    if (this.pin.value.length < 4) {
      this.pinError.value = local('enterPin');
      return;
    }
    this.busy.value = true;
    try {
      // The screen's station token proves which station this is; the session is tied to it.
      const { token, me } = await this.deps.api.badge(badge, this.pin.value, stationToken);
      this.startOperator(token, me);
      this.operatorBadge = classifyScan(badge).id ?? badge.toUpperCase();
    } catch (e) {
      const error = asApiError(e);
      if (error.code === 'STATION_UNPAIRED') {
        this.unpair();
        return;
      }
      this.pinError.value = fromError(error);
      this.pin.value = '';
      this.deps.sound.refusal();
    } finally {
      this.busy.value = false;
    }
  }

  private startOperator(token: string, me: Me): void {
    this.operatorToken = token;
    this.me.value = me;
    this.lines = [];
    this.mode.value = 'single';
    this.current.value = null;
    this.outcome.value = null;
    this.purpose.value = null;
    this.otherPurpose.value = '';
    this.batch.value = [];
    this.holdings.value = [];
    this.pin.value = '';
    this.badge.value = null;
    this.screen.value = 'operator';
    this.touch();
    this.deps.sound.success();
    void this.refreshHoldings();
  }

  toIdle(): void {
    this.endOperatorLocally();
    this.badge.value = null;
    this.pin.value = '';
    this.pinError.value = null;
    this.receipt.value = null;
    this.typingBadge.value = false;
    this.wedge.reset();
    if (this.stationToken) this.screen.value = 'idle';
  }

  private endOperatorLocally(): void {
    this.operatorToken = null;
    this.operatorBadge = null;
    this.switchTo.value = null;
    this.me.value = null;
    this.current.value = null;
    this.settled.value = false;
    this.outcome.value = null;
    this.batch.value = [];
    this.holdings.value = [];
    this.cameraOpen.value = false;
    this.lang.value = 'zh-CN'; // the next person starts in the default language
  }

  /** Ends the operator's session: 'done' shows the receipt, 'timeout' and 'signout' go straight to idle. */
  async signOut(why: 'done' | 'signout' | 'timeout' | 'expired'): Promise<void> {
    const token = this.operatorToken;
    const me = this.me.value;
    const station = this.station.value;
    const lines = this.lines;
    const lang = this.lang.value;
    this.operatorToken = null;
    this.lines = [];
    if (token && why !== 'expired') void this.deps.api.logout(token).catch(() => undefined);
    this.toIdle();
    if (why === 'done' && me && station && lines.length > 0) {
      this.lang.value = lang; // the receipt in the operator's language; closing it resets the language
      this.receipt.value = {
        station,
        operator: me.displayName,
        at: new Date(this.clock()).toISOString(),
        lines,
      };
      this.screen.value = 'receipt';
      this.deadline = this.clock() + this.receiptMs;
    }
    if (why === 'timeout' || why === 'expired') this.showNotice(local('signedOutIdle'));
  }

  private showNotice(text: Text): void {
    this.notice.value = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice.value = null), 8000);
  }

  printReceipt(): void {
    this.touch();
    (this.deps.print ?? (() => window.print()))();
  }

  /** A call made with the operator's token failed: an ended session sends the screen back to idle. */
  private sessionGone(error: ApiError): boolean {
    if (!error.unauthenticated) return false;
    void this.signOut('expired');
    return true;
  }

  private async refreshHoldings(): Promise<void> {
    const token = this.operatorToken;
    if (!token) return;
    try {
      const { items } = await this.deps.api.holdings(token);
      if (token === this.operatorToken) this.holdings.value = items;
    } catch {
      // The list is a convenience; the next transaction refreshes it.
    }
  }

  // ---------------------------------------------------------------- single folder

  setMode(mode: 'single' | 'batch'): void {
    this.mode.value = mode;
    this.current.value = null;
    this.settled.value = false;
    this.outcome.value = null;
    this.touch();
  }

  private refuse(outcome: Omit<Outcome, 'tone'>): void {
    this.outcome.value = { tone: 'refusal', ...outcome };
    this.deps.sound.refusal();
  }

  async lookUp(raw: string): Promise<void> {
    const token = this.operatorToken;
    const code = raw.trim().toUpperCase();
    if (!token) return;
    this.inspection.value = null;
    this.note.value = '';
    this.settled.value = false;
    if (!ITEM_REF.test(code)) {
      this.current.value = null;
      this.refuse({
        title: local('refused'),
        detail: local('unreadable', { code: raw.trim().slice(0, 40) }),
      });
      return;
    }
    this.busy.value = true;
    try {
      const item = await this.deps.api.item(token, code);
      if (token !== this.operatorToken) return;
      this.current.value = item;
      this.outcome.value = this.availability(item);
      if (this.outcome.value?.tone === 'refusal') this.deps.sound.refusal();
    } catch (e) {
      const error = asApiError(e);
      if (this.sessionGone(error)) return;
      this.current.value = null;
      this.refuse({ title: local('refused'), detail: fromError(error), code: error.code });
    } finally {
      this.busy.value = false;
    }
  }

  /** What can be done with a folder by this operator: null when it can be checked out or in. */
  private availability(item: ItemView): Outcome | null {
    const me = this.me.value;
    if (item.state === 'in_place') return null;
    if (item.state === 'out' && item.holder && me && item.holder.userId === me.userId) return null;
    if (item.state === 'out')
      return {
        tone: 'refusal',
        title: local('refused'),
        detail: local('heldByOther', { name: item.holder?.name ?? '—' }),
        code: 'NOT_HOLDER',
      };
    return {
      tone: 'refusal',
      title: local('refused'),
      detail: (lang) =>
        t(lang, 'notAvailable', { state: lang === 'zh-CN' ? item.stateLabel.zh : item.stateLabel.en }),
    };
  }

  /** What the current folder allows this operator: check it out, check it in, or nothing. */
  actionFor(item: ItemView | null | undefined): 'out' | 'in' | null {
    const me = this.me.value;
    if (!item || !me) return null;
    if (item.state === 'in_place') return 'out';
    if (item.state === 'out' && item.holder?.userId === me.userId) return 'in';
    return null;
  }

  choosePurpose(purpose: string | null): void {
    this.purpose.value = purpose;
    this.touch();
  }

  /** The purpose as it will be recorded, or null while none is chosen. */
  purposeText(): string | null {
    if (this.purpose.value === null) return null;
    if (this.purpose.value === '') return this.otherPurpose.value.trim() || null;
    return this.purpose.value;
  }

  async checkOutCurrent(): Promise<void> {
    const item = this.current.value;
    const purpose = this.purposeText();
    if (!item || !purpose) return;
    const results = await this.doCheckOut([item.barcode], purpose);
    if (!results) return;
    const after = results[0]?.item ?? item;
    this.current.value = after;
    this.settled.value = true;
    this.outcome.value = {
      tone: 'success',
      title: local('checkedOut'),
      detail: after.dueAt ? local('dueBy', { date: formatDate(after.dueAt) }) : undefined,
      item: after,
    };
    this.deps.sound.success();
  }

  /** One check-out request (a batch succeeds or fails as a whole); the refusal is shown. */
  private async doCheckOut(barcodes: string[], purpose: string): Promise<CirculationResult[] | null> {
    const token = this.operatorToken;
    if (!token || this.busy.value) return null;
    this.busy.value = true;
    try {
      const results = await this.deps.api.checkOut(token, barcodes, purpose);
      for (const r of results) this.record('check_out', r);
      void this.refreshHoldings();
      this.refreshSummarySoon();
      return results;
    } catch (e) {
      const error = asApiError(e);
      if (this.sessionGone(error)) return null;
      const which = itemOfDetails(error.details);
      this.refuse({
        title: local('refused'),
        detail: (lang) => (which ? `${which}：${error.text(lang)}` : error.text(lang)),
        code: error.code,
      });
      return null;
    } finally {
      this.busy.value = false;
      this.touch();
    }
  }

  chooseInspection(inspection: Inspection): void {
    this.inspection.value = inspection;
    this.touch();
    // 完好 is one touch; damage and missing pages need a note first.
    if (inspection === 'intact') void this.checkInCurrent();
  }

  async checkInCurrent(): Promise<void> {
    const item = this.current.value;
    const inspection = this.inspection.value;
    if (!item || !inspection) return;
    const note = this.note.value.trim();
    if (inspection !== 'intact' && !note) return;
    const result = await this.doCheckIn(item.barcode, inspection, note);
    if ('error' in result) {
      this.refuse({ title: local('refused'), detail: result.error, code: result.code });
      return;
    }
    this.current.value = result.item;
    this.settled.value = true;
    this.inspection.value = null;
    this.note.value = '';
    this.outcome.value = { tone: 'success', title: local('checkedIn'), item: result.item };
    this.deps.sound.success();
  }

  private async doCheckIn(
    barcode: string,
    inspection: Inspection,
    note: string,
  ): Promise<{ item: ItemView } | { error: Text; code: string }> {
    const token = this.operatorToken;
    if (!token) return { error: local('refused'), code: 'UNAUTHENTICATED' };
    this.busy.value = true;
    try {
      const r = await this.deps.api.checkIn(token, barcode, inspection, note || undefined);
      this.record('check_in', r, inspection, note);
      void this.refreshHoldings();
      this.refreshSummarySoon();
      return { item: r.item };
    } catch (e) {
      const error = asApiError(e);
      if (this.sessionGone(error)) return { error: fromError(error), code: error.code };
      return { error: fromError(error), code: error.code };
    } finally {
      this.busy.value = false;
      this.touch();
    }
  }

  private record(
    action: 'check_out' | 'check_in',
    r: CirculationResult,
    inspection?: Inspection,
    note?: string,
  ) {
    this.lines.push({
      at: r.entry?.at ?? new Date(this.clock()).toISOString(),
      action,
      barcode: r.item.barcode,
      archiveNo: r.item.dossier?.archiveNo ?? null,
      property: propertyOf(r.item),
      dueAt: action === 'check_out' ? r.item.dueAt : null,
      ...(inspection ? { inspection } : {}),
      ...(note ? { note } : {}),
    });
  }

  /** How many lines the receipt has so far (the Done button says whether there is one). */
  get transactions(): number {
    return this.lines.length;
  }

  // ---------------------------------------------------------------- batch

  async addToBatch(raw: string): Promise<void> {
    const token = this.operatorToken;
    const code = raw.trim().toUpperCase();
    if (!token) return;
    if (!ITEM_REF.test(code)) {
      this.refuse({
        title: local('refused'),
        detail: local('unreadable', { code: raw.trim().slice(0, 40) }),
      });
      return;
    }
    if (this.batch.value.some((r) => r.code === code)) {
      this.outcome.value = { tone: 'info', title: local('alreadyListed', { code }) };
      return;
    }
    this.outcome.value = null;
    const row: BatchRow = { code, status: 'loading', action: null, inspection: 'intact', note: '' };
    this.batch.value = [...this.batch.value, row];
    try {
      const item = await this.deps.api.item(token, code);
      if (item.barcode !== code) {
        // Scanned by its EPC: the row goes by the barcode, so the same folder is listed once.
        if (this.batch.value.some((r) => r.code === item.barcode)) {
          this.removeRow(code);
          this.outcome.value = { tone: 'info', title: local('alreadyListed', { code: item.barcode }) };
          return;
        }
      }
      const blocked = this.availability(item);
      this.updateRow(code, {
        code: item.barcode,
        status: blocked ? 'error' : 'ready',
        item,
        action: this.actionFor(item),
        ...(blocked?.detail ? { error: blocked.detail } : {}),
      });
      if (blocked) this.deps.sound.refusal();
    } catch (e) {
      const error = asApiError(e);
      if (this.sessionGone(error)) return;
      this.updateRow(code, { status: 'error', error: fromError(error) });
      this.deps.sound.refusal();
    }
  }

  updateRow(code: string, patch: Partial<BatchRow>): void {
    this.batch.value = this.batch.value.map((r) => (r.code === code ? { ...r, ...patch } : r));
    this.touch();
  }

  removeRow(code: string): void {
    this.batch.value = this.batch.value.filter((r) => r.code !== code);
    this.touch();
  }

  /** Whether the batch can be confirmed now (a purpose for check-outs, notes for damage). */
  batchReady(): boolean {
    const rows = this.batch.value;
    const outs = rows.filter((r) => r.status === 'ready' && r.action === 'out');
    const ins = rows.filter((r) => r.status === 'ready' && r.action === 'in');
    if (outs.length + ins.length === 0) return false;
    if (rows.some((r) => r.status === 'loading')) return false;
    if (outs.length > 0 && !this.purposeText()) return false;
    return ins.every((r) => r.inspection === 'intact' || r.note.trim().length > 0);
  }

  async confirmBatch(): Promise<void> {
    if (!this.batchReady() || this.busy.value) return;
    const rows = this.batch.value;
    const outs = rows.filter((r) => r.status === 'ready' && r.action === 'out');
    const ins = rows.filter((r) => r.status === 'ready' && r.action === 'in');
    let outDone = 0;
    if (outs.length > 0) {
      const results = await this.doCheckOut(
        outs.map((r) => r.code),
        this.purposeText()!,
      );
      if (!results) return; // all or nothing: the list stays for the operator to fix
      outDone = results.length;
      const done = new Set(outs.map((r) => r.code));
      this.batch.value = this.batch.value.filter((r) => !done.has(r.code));
    }
    let inDone = 0;
    let failed = 0;
    for (const row of ins) {
      const result = await this.doCheckIn(row.code, row.inspection, row.note.trim());
      if ('error' in result) {
        failed++;
        this.updateRow(row.code, { status: 'error', error: result.error });
        if (!this.operatorToken) return;
      } else {
        inDone++;
        this.removeRow(row.code);
      }
    }
    const summary = local('batchDone', { out: outDone, in: inDone });
    if (failed > 0) this.refuse({ title: local('batchPartial'), detail: summary });
    else {
      this.outcome.value = { tone: 'success', title: summary };
      this.deps.sound.success();
    }
  }

  // ---------------------------------------------------------------- camera

  openCamera(open: boolean): void {
    this.cameraOpen.value = open;
    this.touch();
  }

  loadCamera(): Promise<CameraModule> {
    return (this.deps.loadCamera ?? (() => import('./camera')))();
  }
}

/** The barcode a refusal names in its details, where it names one. */
function itemOfDetails(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { item?: unknown; barcode?: unknown };
  if (typeof d.barcode === 'string') return d.barcode;
  if (typeof d.item === 'string') return d.item;
  if (d.item && typeof d.item === 'object' && typeof (d.item as { barcode?: unknown }).barcode === 'string')
    return (d.item as { barcode: string }).barcode;
  return null;
}
