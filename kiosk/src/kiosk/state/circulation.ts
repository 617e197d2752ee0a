// Check-out and check-in requests made with the operator's token, each recorded for the receipt, and the
// list of folders the operator holds. Used by the single-folder and the batch screens alike.
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { CirculationResult, Inspection, ItemView } from '../../shared/api/types';
import type { Text } from '../../shared/i18n';
import { colon, local } from '../words';
import type { KioskContext } from './context';
import { itemOfDetails } from './folder-rules';
import { fromError, type OutcomeState } from './outcome';
import type { SessionState } from './session';
import type { StationState } from './station';

export type CheckInResult = { item: ItemView } | { error: Text; code: string };

export class CirculationState {
  readonly holdings = signal<ItemView[]>([]);
  /** How many the operator holds in all (the list is the first page). */
  readonly holdingsTotal = signal(0);

  constructor(
    private readonly ctx: KioskContext,
    private readonly session: SessionState,
    private readonly outcome: OutcomeState,
    private readonly station: StationState,
    /** The operator's session has ended on the server. */
    private readonly onSessionGone: () => void,
  ) {}

  /** A call made with the operator's token failed: an ended session sends the screen back to idle. */
  sessionGone(error: ApiError): boolean {
    if (!error.unauthenticated) return false;
    this.onSessionGone();
    return true;
  }

  async refreshHoldings(): Promise<void> {
    const token = this.session.token;
    if (!token) return;
    try {
      const { items, total } = await this.ctx.deps.api.holdings(token);
      if (token !== this.session.token) return;
      this.holdings.value = items;
      this.holdingsTotal.value = total;
    } catch {
      // The list is a convenience; the next transaction refreshes it.
    }
  }

  /** One check-out request (a batch succeeds or fails as a whole); a refusal is shown. */
  async checkOut(barcodes: string[], purpose: string): Promise<CirculationResult[] | null> {
    const { busy, deps } = this.ctx;
    const token = this.session.token;
    if (!token || busy.value) return null;
    busy.value = true;
    try {
      const results = await deps.api.checkOut(token, barcodes, purpose);
      for (const r of results) this.session.record('check_out', r, this.ctx.isoNow());
      this.changed();
      return results;
    } catch (e) {
      const error = asApiError(e);
      if (this.sessionGone(error)) return null;
      const which = itemOfDetails(error.details);
      this.outcome.refuse({
        title: local('refused'),
        detail: (lang) => (which ? `${which}${colon(lang)}${error.text(lang)}` : error.text(lang)),
        code: error.code,
      });
      return null;
    } finally {
      busy.value = false;
      this.ctx.touch();
    }
  }

  async checkIn(barcode: string, inspection: Inspection, note: string): Promise<CheckInResult> {
    const { busy, deps } = this.ctx;
    const token = this.session.token;
    if (!token) return { error: local('refused'), code: 'UNAUTHENTICATED' };
    busy.value = true;
    try {
      const r = await deps.api.checkIn(token, barcode, inspection, note || undefined);
      this.session.record('check_in', r, this.ctx.isoNow(), inspection, note);
      this.changed();
      return { item: r.item };
    } catch (e) {
      const error = asApiError(e);
      this.sessionGone(error);
      return { error: fromError(error), code: error.code };
    } finally {
      busy.value = false;
      this.ctx.touch();
    }
  }

  private changed(): void {
    void this.refreshHoldings();
    this.station.refreshSoon();
  }
}
