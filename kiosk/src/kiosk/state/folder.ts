// One folder at a time: look it up, then check it out (with a purpose) or in (with an inspection).
import { signal } from '@preact/signals';
import { asApiError } from '../../shared/api/error';
import type { Inspection, ItemView } from '../../shared/api/types';
import { formatDate } from '../../shared/i18n';
import { local } from '../words';
import type { CirculationState } from './circulation';
import type { KioskContext } from './context';
import { ITEM_REF, actionFor, availability, unreadable } from './folder-rules';
import { fromError, type OutcomeState } from './outcome';
import type { PurposeState } from './purpose';
import type { SessionState } from './session';

export class FolderState {
  readonly current = signal<ItemView | null>(null);
  /** The current folder was just checked out or in: it is shown as it is now, without actions. */
  readonly settled = signal(false);
  readonly inspection = signal<Inspection | null>(null);
  readonly note = signal('');

  constructor(
    private readonly ctx: KioskContext,
    private readonly session: SessionState,
    private readonly outcome: OutcomeState,
    private readonly circulation: CirculationState,
    private readonly purpose: PurposeState,
  ) {}

  /** What the operator may do with the folder shown (nothing once it is settled). */
  action(): 'out' | 'in' | null {
    return actionFor(this.current.value, this.session.me.value);
  }

  clear(): void {
    this.current.value = null;
    this.settled.value = false;
  }

  reset(): void {
    this.clear();
    this.inspection.value = null;
    this.note.value = '';
  }

  async lookUp(raw: string): Promise<void> {
    const token = this.session.token;
    const code = raw.trim().toUpperCase();
    if (!token) return;
    this.inspection.value = null;
    this.note.value = '';
    this.settled.value = false;
    if (!ITEM_REF.test(code)) {
      this.current.value = null;
      this.outcome.refuse(unreadable(raw));
      return;
    }
    const { busy, deps } = this.ctx;
    busy.value = true;
    try {
      const item = await deps.api.item(token, code);
      if (token !== this.session.token) return;
      this.current.value = item;
      const blocked = availability(item, this.session.me.value);
      this.outcome.show(blocked);
      if (blocked) deps.sound.refusal();
    } catch (e) {
      const error = asApiError(e);
      if (this.circulation.sessionGone(error)) return;
      this.current.value = null;
      this.outcome.refuse({ title: local('refused'), detail: fromError(error), code: error.code });
    } finally {
      busy.value = false;
    }
  }

  async checkOut(): Promise<void> {
    const item = this.current.value;
    const purpose = this.purpose.text();
    if (!item || !purpose) return;
    const results = await this.circulation.checkOut([item.barcode], purpose);
    if (!results) return;
    const after = results[0]?.item ?? item;
    this.current.value = after;
    this.settled.value = true;
    this.outcome.succeed({
      title: local('checkedOut'),
      detail: after.dueAt ? local('dueBy', { date: formatDate(after.dueAt) }) : undefined,
      item: after,
    });
  }

  chooseInspection(inspection: Inspection): void {
    this.inspection.value = inspection;
    this.ctx.touch();
    // 完好 is one touch; damage and missing pages need a note first.
    if (inspection === 'intact') void this.checkIn();
  }

  async checkIn(): Promise<void> {
    const item = this.current.value;
    const inspection = this.inspection.value;
    if (!item || !inspection) return;
    const note = this.note.value.trim();
    if (inspection !== 'intact' && !note) return;
    const result = await this.circulation.checkIn(item.barcode, inspection, note);
    if ('error' in result) {
      this.outcome.refuse({ title: local('refused'), detail: result.error, code: result.code });
      return;
    }
    this.current.value = result.item;
    this.settled.value = true;
    this.inspection.value = null;
    this.note.value = '';
    this.outcome.succeed({ title: local('checkedIn'), item: result.item });
  }
}
