// One folder at a time: look it up, then check it out (with a purpose) or in (with an inspection). A 完好
// return is held for a few seconds (undo-window.ts) before it is sent.
import { signal } from '@preact/signals';
import { asApiError } from '../../shared/api/error';
import type { Inspection, ItemView } from '../../shared/api/types';
import { local } from '../words';
import type { CirculationState } from './circulation';
import type { KioskContext } from './context';
import { ITEM_REF, actionFor, availability, unreadable } from './folder-rules';
import { dueByText } from './due-by';
import { fromError, type OutcomeState } from './outcome';
import type { PurposeState } from './purpose';
import type { SessionState } from './session';
import { UndoWindow } from './undo-window';

export class FolderState {
  readonly current = signal<ItemView | null>(null);
  /** The current folder was just checked out or in: it is shown as it is now, without actions. */
  readonly settled = signal(false);
  readonly inspection = signal<Inspection | null>(null);
  readonly note = signal('');
  /** A 完好 return touched but not sent yet. */
  readonly undo: UndoWindow;

  constructor(
    private readonly ctx: KioskContext,
    private readonly session: SessionState,
    private readonly outcome: OutcomeState,
    private readonly circulation: CirculationState,
    private readonly purpose: PurposeState,
  ) {
    this.undo = new UndoWindow(ctx.clock, (item) => this.sendIntact(item));
  }

  /** What the operator may do with the folder shown (nothing once it is settled). */
  action(): 'out' | 'in' | null {
    return actionFor(this.current.value, this.session.me.value);
  }

  /** Leaves the folder shown (a held return is sent, not lost). */
  clear(): void {
    void this.undo.flush();
    this.current.value = null;
    this.settled.value = false;
  }

  /** A new operator: nothing of the last one's is kept. */
  reset(): void {
    this.undo.drop();
    this.current.value = null;
    this.settled.value = false;
    this.inspection.value = null;
    this.note.value = '';
  }

  async lookUp(raw: string): Promise<void> {
    const token = this.session.token;
    const code = raw.trim().toUpperCase();
    if (!token) return;
    // The folder before this one goes back first; a refusal of it stays on screen.
    if (this.undo.held.value && !(await this.undo.flush())) return;
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
      detail: after.dueAt ? dueByText(after.dueAt) : undefined,
      item: after,
    });
  }

  chooseInspection(inspection: Inspection): void {
    if (this.undo.held.value) return; // one return at a time: undo it first
    this.inspection.value = inspection;
    this.ctx.touch();
    // 完好 is one touch, held a few seconds for an undo; damage and missing pages need a note first.
    const item = this.current.value;
    if (inspection !== 'intact' || !item) return;
    this.undo.hold(item);
    this.outcome.show({ tone: 'info', title: local('returnHeld'), item });
  }

  /** 撤销: the held return is not sent, and the folder is shown as before the touch. */
  undoReturn(): void {
    if (!this.undo.undo()) return;
    this.inspection.value = null;
    this.outcome.show({ tone: 'info', title: local('returnUndone') });
    this.ctx.touch();
  }

  /** Sends a held 完好 return (the folder may no longer be the one shown). */
  private async sendIntact(item: ItemView): Promise<boolean> {
    if (!this.session.token) return false; // signed out elsewhere: there is nobody to send it as
    const result = await this.circulation.checkIn(item.barcode, 'intact', '');
    const shown = this.current.value?.barcode === item.barcode;
    if ('error' in result) {
      if (!this.session.token) return false; // the session ended: the idle screen says so
      if (shown) this.inspection.value = null; // the card offers the return again
      this.outcome.refuse({ title: local('refused'), detail: result.error, code: result.code });
      return false;
    }
    if (shown) this.settle(result.item);
    this.outcome.succeed({ title: local('checkedIn'), item: result.item });
    return true;
  }

  private settle(item: ItemView): void {
    this.current.value = item;
    this.settled.value = true;
    this.inspection.value = null;
    this.note.value = '';
  }

  async checkIn(): Promise<void> {
    const item = this.current.value;
    const inspection = this.inspection.value;
    if (!item || !inspection || inspection === 'intact') return; // 完好 goes through the undo window
    const note = this.note.value.trim();
    if (!note) return;
    const result = await this.circulation.checkIn(item.barcode, inspection, note);
    if ('error' in result) {
      this.outcome.refuse({ title: local('refused'), detail: result.error, code: result.code });
      return;
    }
    this.settle(result.item);
    this.outcome.succeed({ title: local('checkedIn'), item: result.item });
  }
}
