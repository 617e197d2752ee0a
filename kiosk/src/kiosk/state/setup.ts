// Pairing the screen: an archivist or admin signs in, picks the station, and is signed out again; the
// screen keeps only the station token.
import { signal } from '@preact/signals';
import { asApiError } from '../../shared/api/error';
import type { StationInfo } from '../../shared/api/types';
import type { Text } from '../../shared/i18n';
import type { KioskContext } from './context';
import { fromError } from './outcome';
import type { Pairing } from './station';

export class SetupState {
  readonly step = signal<'login' | 'choose'>('login');
  readonly stations = signal<StationInfo[]>([]);
  readonly error = signal<Text | null>(null);
  private bearer: string | null = null;

  constructor(
    private readonly ctx: KioskContext,
    private readonly onPaired: (pairing: Pairing) => void,
  ) {}

  async login(username: string, password: string): Promise<void> {
    const { busy, deps } = this.ctx;
    if (busy.value) return;
    busy.value = true;
    this.error.value = null;
    try {
      const { token } = await deps.api.login(username.trim(), password);
      this.bearer = token;
      this.stations.value = await deps.api.stations(token);
      this.step.value = 'choose';
    } catch (e) {
      this.error.value = fromError(asApiError(e));
      deps.sound.refusal();
    } finally {
      busy.value = false;
    }
  }

  async pair(stationId: string): Promise<void> {
    const { busy, deps } = this.ctx;
    const bearer = this.bearer;
    if (!bearer || busy.value) return;
    busy.value = true;
    this.error.value = null;
    try {
      const pairing = await deps.api.pair(bearer, stationId);
      // The person who paired the screen is signed out: the screen now acts only as the station.
      await deps.api.logout(bearer).catch(() => undefined);
      this.bearer = null;
      this.step.value = 'login';
      deps.sound.success();
      this.onPaired(pairing);
    } catch (e) {
      this.error.value = fromError(asApiError(e));
      deps.sound.refusal();
    } finally {
      busy.value = false;
    }
  }

  cancel(): void {
    const bearer = this.bearer;
    this.bearer = null;
    this.step.value = 'login';
    this.stations.value = [];
    if (bearer) void this.ctx.deps.api.logout(bearer).catch(() => undefined);
  }
}
