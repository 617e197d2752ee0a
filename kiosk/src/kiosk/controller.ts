// The door kiosk's coordinator: builds the state modules (state/), runs the one-second clock, moves between
// screens, and reads each scan in context (what the code is, shared/scanner/scan-kind.ts, and who is
// signed in decide what it does). The screens (screens/) render the modules' signals and call them.
import { signal } from '@preact/signals';
import type { Me } from '../shared/api/types';
import type { Text } from '../shared/i18n';
import { loadCamera, type CameraModule } from '../shared/camera';
import { classifyScan, isItemScan, type ScannedCode } from '../shared/scanner/scan-kind';
import { createWedgeDetector, type WedgeDetector } from '../shared/scanner/wedge';
import { local } from './words';
import { BatchState } from './state/batch';
import { CirculationState } from './state/circulation';
import { KioskContext, type KioskDeps } from './state/context';
import { FeedState } from './state/feed';
import { FolderState } from './state/folder';
import { handleKey } from './state/keyboard';
import { LoansState } from './state/loans';
import { OutcomeState } from './state/outcome';
import { PurposeState } from './state/purpose';
import { SessionState } from './state/session';
import { SetupState } from './state/setup';
import { SignInState } from './state/sign-in';
import { StationState, type Pairing } from './state/station';

export type { KioskDeps, Screen } from './state/context';

export type ScanSource = 'wedge' | 'serial' | 'camera' | 'typed';

export class KioskController {
  readonly ctx: KioskContext;
  readonly station: StationState;
  readonly setup: SetupState;
  readonly feed: FeedState;
  readonly signIn: SignInState;
  readonly session = new SessionState();
  readonly outcome: OutcomeState;
  readonly purpose = new PurposeState();
  readonly circulation: CirculationState;
  readonly folder: FolderState;
  readonly batch: BatchState;
  readonly loans: LoansState;
  readonly mode = signal<'single' | 'batch'>('single');
  readonly cameraOpen = signal(false);
  private readonly wedge: WedgeDetector;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: KioskDeps) {
    const ctx = (this.ctx = new KioskContext(deps));
    this.wedge = createWedgeDetector(deps.wedge);
    this.outcome = new OutcomeState(deps.sound);
    this.station = new StationState(ctx, () => this.unpair());
    this.setup = new SetupState(ctx, (pairing) => {
      this.station.save(pairing);
      this.enterStation(pairing);
    });
    this.feed = new FeedState(ctx, this.station, (code) => this.scan(code, 'serial'));
    this.signIn = new SignInState(ctx, () => this.station.token, {
      signedIn: (token, me, badge) => this.startOperator(token, me, badge),
      unpaired: () => this.unpair(),
    });
    this.circulation = new CirculationState(ctx, this.session, this.outcome, this.station, () => {
      void this.signOut('expired');
    });
    const work = [ctx, this.session, this.outcome, this.circulation, this.purpose] as const;
    this.folder = new FolderState(...work);
    this.batch = new BatchState(...work);
    this.loans = new LoansState(ctx, this.session, (error) => this.circulation.sessionGone(error));
  }

  get lang() {
    return this.ctx.lang;
  }
  get screen() {
    return this.ctx.screen;
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    const saved = this.station.load();
    if (saved) this.enterStation(saved);
    else this.ctx.screen.value = 'setup';
    this.ticker ??= setInterval(() => this.tick(), 1000);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.folder.undo.drop();
    this.ctx.stop();
    this.station.stop();
    this.feed.stop();
  }

  toggleLang(): void {
    this.ctx.language.toggle();
    this.ctx.touch();
  }

  touch(): void {
    this.ctx.touch();
  }

  private tick(): void {
    const { ctx } = this;
    const at = ctx.clock();
    ctx.now.value = at;
    const screen = ctx.screen.value;
    if (screen === 'operator') {
      const left = Math.max(0, Math.ceil((ctx.deadline - at) / 1000));
      const wasEnding = ctx.ending.value;
      ctx.secondsLeft.value = left;
      if (left === 0) void this.signOut('timeout');
      // The warning comes with a sound: an operator looking at a folder may not see the screen change.
      else if (ctx.ending.value && !wasEnding) this.deps.sound.refusal();
    } else if ((screen === 'pin' || screen === 'receipt') && at >= ctx.deadline) {
      this.toIdle();
    }
    this.station.tick(at);
  }

  private enterStation(pairing: Pairing): void {
    this.station.enter(pairing);
    this.ctx.screen.value = 'idle';
    void this.station.refresh();
    this.feed.open(pairing.token);
  }

  /** The station's token is no longer accepted: forget it and show the pairing screen. */
  private unpair(): void {
    this.station.forget();
    this.feed.close();
    this.endOperatorLocally();
    this.ctx.screen.value = 'setup';
  }

  // ---------------------------------------------------------------- the operator's session

  private startOperator(token: string, me: Me, badge: string): void {
    this.session.start(token, me, badge);
    this.mode.value = 'single';
    this.folder.reset();
    this.outcome.clear();
    this.purpose.reset();
    this.batch.reset();
    this.circulation.holdings.value = [];
    this.circulation.holdingsTotal.value = 0;
    this.loans.close();
    this.ctx.screen.value = 'operator';
    this.ctx.touch();
    this.deps.sound.success();
    void this.circulation.refreshHoldings();
  }

  toIdle(): void {
    this.endOperatorLocally();
    this.signIn.reset();
    this.session.receipt.value = null;
    this.wedge.reset();
    if (this.station.token) this.ctx.screen.value = 'idle';
  }

  private endOperatorLocally(): void {
    this.session.end();
    this.folder.clear();
    this.outcome.clear();
    this.batch.reset();
    this.circulation.holdings.value = [];
    this.circulation.holdingsTotal.value = 0;
    this.loans.close();
    this.cameraOpen.value = false;
    this.ctx.language.reset(); // the next person starts in the default language
  }

  /** Ends the operator's session: 'done' shows the receipt, 'timeout' and 'signout' go straight to idle. */
  async signOut(why: 'done' | 'signout' | 'timeout' | 'expired'): Promise<void> {
    const { ctx, session } = this;
    if (this.folder.undo.held.value) {
      // A held 完好 return is sent before the session ends, so it is on the receipt and in the log.
      await this.folder.undo.flush();
      if (!session.token) return; // ended meanwhile (a second press, the timeout, an expired session)
    }
    const token = session.token;
    const me = session.me.value;
    const station = this.station.info.value;
    const lang = ctx.lang.value;
    const lines = session.takeLines();
    session.token = null;
    if (token && why !== 'expired') void this.deps.api.logout(token).catch(() => undefined);
    this.toIdle();
    if (why === 'done' && me && station && lines.length > 0) {
      ctx.lang.value = lang; // the receipt in the operator's language; closing it resets the language
      session.receipt.value = { station, operator: me.displayName, at: ctx.isoNow(), lines };
      ctx.screen.value = 'receipt';
      ctx.deadline = ctx.clock() + ctx.receiptMs;
    }
    if (why === 'timeout' || why === 'expired') ctx.showNotice(local('signedOutIdle'));
  }

  printReceipt(): void {
    this.ctx.touch();
    (this.deps.print ?? (() => window.print()))();
  }

  setMode(mode: 'single' | 'batch'): void {
    this.mode.value = mode;
    this.folder.clear();
    this.outcome.clear();
    this.ctx.touch();
  }

  openCamera(open: boolean): void {
    this.cameraOpen.value = open;
    this.ctx.touch();
  }

  loadCamera(): Promise<CameraModule> {
    return (this.deps.loadCamera ?? loadCamera)();
  }

  // ---------------------------------------------------------------- keys and scans

  handleKey(e: KeyboardEvent): void {
    handleKey(e, {
      ctx: this.ctx,
      wedge: this.wedge,
      signIn: this.signIn,
      scan: (code, source) => this.scan(code, source),
      toIdle: () => this.toIdle(),
    });
  }

  /** A code from the keyboard wedge, the station's serial scanner, the camera or a typed entry. */
  scan(raw: string, _source: ScanSource): void {
    if (!raw.trim()) return;
    const scanned = classifyScan(raw);
    const { ctx } = this;
    ctx.touch();
    switch (ctx.screen.value) {
      case 'idle':
      case 'receipt':
        if (scanned.kind === 'badge') this.startBadge(scanned.id!);
        else {
          if (ctx.screen.value === 'receipt') this.toIdle();
          ctx.showNotice(notBadge(scanned));
          this.deps.sound.refusal();
        }
        break;
      case 'pin':
        if (scanned.kind === 'badge') this.startBadge(scanned.id!);
        else {
          this.signIn.error.value = scanned.kind === 'unknown' ? notBadge(scanned) : local('pinFirst');
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

  startBadge(badge: string): void {
    this.session.receipt.value = null;
    this.signIn.start(badge);
  }

  private operatorScan(scanned: ScannedCode): void {
    const { session, folder, outcome } = this;
    if (scanned.kind === 'badge') {
      // The same person again: they are still here, nothing else changes.
      if (scanned.id !== session.badge) session.switchTo.value = scanned.id!;
      return;
    }
    session.switchTo.value = null;
    if (this.cameraOpen.value) this.cameraOpen.value = false;
    if (isItemScan(scanned)) {
      if (this.mode.value === 'batch') void this.batch.add(scanned.code);
      else void folder.lookUp(scanned.code);
      return;
    }
    if (this.mode.value === 'single') folder.clear();
    if (scanned.kind === 'shelf' || scanned.kind === 'cabinet') {
      outcome.show({
        tone: 'info',
        title: local(scanned.kind === 'shelf' ? 'shelfLabel' : 'cabinetLabel'),
        detail: local('scanFolder'),
        code: scanned.code,
      });
      this.deps.sound.refusal();
      return;
    }
    outcome.refuse({
      title: local('refused'),
      detail: local('unknownCode', { code: scanned.code.slice(0, 40) }),
    });
  }

  /** The answer to "切换操作人？": yes signs the current operator out and asks the new badge's PIN. */
  async confirmSwitch(yes: boolean): Promise<void> {
    const badge = this.session.switchTo.value;
    this.session.switchTo.value = null;
    this.ctx.touch();
    if (!yes || !badge || this.ctx.screen.value !== 'operator') return;
    await this.signOut('signout');
    this.startBadge(badge);
  }
}

/** What the idle screen says to a code that is not a badge. */
const notBadge = (scanned: ScannedCode): Text =>
  scanned.kind === 'unknown'
    ? local('unknownCode', { code: scanned.code.slice(0, 40) })
    : local('badgeFirst');
