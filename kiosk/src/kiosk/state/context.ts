// What every part of the kiosk's state shares: its dependencies, the clock, the screen shown, the language,
// the busy flag, the notice line and the inactivity deadline. No DOM here, so tests drive it with fakes.
import { computed, signal, type Signal } from '@preact/signals';
import type { CameraModule } from '../../shared/camera';
import { createLangState, type Lang, type Text } from '../../shared/i18n';
import type { SocketLike } from '../../shared/socket';
import type { Sound } from '../../shared/sound';
import type { WedgeOptions } from '../../shared/scanner/wedge';
import type { KioskApi } from '../api';

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
  /** Seconds before the sign-out when the screen warns and offers to keep working. */
  warnSeconds?: number;
  /** Seconds the PIN pad waits before going back to the idle screen. */
  pinSeconds?: number;
  /** Seconds the receipt stays on screen. */
  receiptSeconds?: number;
  wedge?: WedgeOptions;
}

export type Screen = 'setup' | 'idle' | 'pin' | 'operator' | 'receipt';

export class KioskContext {
  readonly language = createLangState();
  readonly lang: Signal<Lang> = this.language.lang;
  readonly screen = signal<Screen>('setup');
  readonly now: Signal<number>;
  /** A request the screen waits for is under way (buttons that would send another are disabled). */
  readonly busy = signal(false);
  readonly notice = signal<Text | null>(null);
  /** Seconds until the operator is signed out for inactivity. */
  readonly secondsLeft = signal(0);
  /** The session is about to end for inactivity: the warning overlay is up (screens/session-warning.tsx). */
  readonly ending = computed(
    () =>
      this.screen.value === 'operator' && this.secondsLeft.value > 0 && this.secondsLeft.value <= this.warnS,
  );
  /** When the PIN pad, the operator's session or the receipt times out (ms on the clock). */
  deadline = 0;
  readonly clock: () => number;
  readonly idleMs: number;
  readonly warnS: number;
  readonly pinMs: number;
  readonly receiptMs: number;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly deps: KioskDeps) {
    this.clock = deps.now ?? (() => Date.now());
    this.now = signal(this.clock());
    this.idleMs = (deps.idleSeconds ?? 90) * 1000;
    this.warnS = deps.warnSeconds ?? 15;
    this.pinMs = (deps.pinSeconds ?? 30) * 1000;
    this.receiptMs = (deps.receiptSeconds ?? 60) * 1000;
  }

  get sound(): Sound {
    return this.deps.sound;
  }

  isoNow(): string {
    return new Date(this.clock()).toISOString();
  }

  /** Any touch or key: the operator is still here. */
  touch(): void {
    const at = this.clock();
    if (this.screen.value === 'operator') {
      this.deadline = at + this.idleMs;
      this.secondsLeft.value = Math.ceil(this.idleMs / 1000);
    } else if (this.screen.value === 'pin') this.deadline = at + this.pinMs;
  }

  showNotice(text: Text): void {
    this.notice.value = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice.value = null), 8000);
  }

  stop(): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
  }
}
