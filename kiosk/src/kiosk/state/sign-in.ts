// Badge + PIN: the badge typed or scanned, the PIN pad's digits, and the sign-in request sent with the
// screen's station token (the session is tied to this station).
import { signal } from '@preact/signals';
import { asApiError } from '../../shared/api/error';
import type { Me } from '../../shared/api/types';
import type { Text } from '../../shared/i18n';
import { classifyScan } from '../../shared/scanner/scan-kind';
import { local } from '../words';
import type { KioskContext } from './context';
import { fromError } from './outcome';

const PIN_MAX = 8;
const PIN_MIN = 4;

export class SignInState {
  readonly typingBadge = signal(false);
  readonly badge = signal<string | null>(null);
  readonly pin = signal('');
  readonly error = signal<Text | null>(null);

  constructor(
    private readonly ctx: KioskContext,
    private readonly stationToken: () => string | null,
    private readonly on: {
      signedIn: (token: string, me: Me, badge: string) => void;
      unpaired: () => void;
    },
  ) {}

  showBadgeEntry(show: boolean): void {
    this.typingBadge.value = show;
  }

  /** Opens the PIN pad for a badge. */
  start(badge: string): void {
    const code = badge.trim();
    if (!code) return;
    this.badge.value = code;
    this.pin.value = '';
    this.error.value = null;
    this.typingBadge.value = false;
    this.ctx.screen.value = 'pin';
    this.ctx.deadline = this.ctx.clock() + this.ctx.pinMs;
  }

  reset(): void {
    this.badge.value = null;
    this.pin.value = '';
    this.error.value = null;
    this.typingBadge.value = false;
  }

  digit(d: string): void {
    if (this.ctx.busy.value || this.pin.value.length >= PIN_MAX) return;
    this.pin.value += d;
    this.error.value = null;
    this.ctx.touch();
  }

  delete(): void {
    this.pin.value = this.pin.value.slice(0, -1);
    this.ctx.touch();
  }

  clear(): void {
    this.pin.value = '';
    this.ctx.touch();
  }

  async submit(): Promise<void> {
    const { busy, deps } = this.ctx;
    const badge = this.badge.value;
    const stationToken = this.stationToken();
    if (!badge || !stationToken || busy.value) return;
    if (this.pin.value.length < PIN_MIN) {
      this.error.value = local('enterPin');
      return;
    }
    busy.value = true;
    try {
      // The screen's station token proves which station this is; the session is tied to it.
      const { token, me } = await deps.api.badge(badge, this.pin.value, stationToken);
      this.pin.value = '';
      this.badge.value = null;
      this.on.signedIn(token, me, classifyScan(badge).id ?? badge.toUpperCase());
    } catch (e) {
      const error = asApiError(e);
      if (error.code === 'STATION_UNPAIRED') {
        this.on.unpaired();
        return;
      }
      this.error.value = fromError(error);
      this.pin.value = '';
      deps.sound.refusal();
    } finally {
      busy.value = false;
    }
  }
}
