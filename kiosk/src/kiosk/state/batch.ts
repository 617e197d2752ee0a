// Batch mode: folders scanned one by one into a list, then checked out (one request, all or nothing) and
// in (one request each, with its own inspection) with a single confirmation.
import { signal } from '@preact/signals';
import { asApiError } from '../../shared/api/error';
import type { Inspection, ItemView } from '../../shared/api/types';
import type { Text } from '../../shared/i18n';
import { local, type Key } from '../words';
import type { CirculationState } from './circulation';
import type { KioskContext } from './context';
import { ITEM_REF, actionFor, availability, unreadable } from './folder-rules';
import { fromError, type OutcomeState } from './outcome';
import type { PurposeState } from './purpose';
import type { SessionState } from './session';

export interface BatchRow {
  code: string;
  status: 'loading' | 'ready' | 'error';
  item?: ItemView;
  error?: Text;
  action: 'out' | 'in' | null;
  /** A return's inspection result: none until the operator chooses one (never assumed 完好). */
  inspection: Inspection | null;
  note: string;
}

const readyTo = (rows: BatchRow[], action: 'out' | 'in') =>
  rows.filter((r) => r.status === 'ready' && r.action === action);

export class BatchState {
  readonly rows = signal<BatchRow[]>([]);

  constructor(
    private readonly ctx: KioskContext,
    private readonly session: SessionState,
    private readonly outcome: OutcomeState,
    private readonly circulation: CirculationState,
    private readonly purpose: PurposeState,
  ) {}

  count(action: 'out' | 'in'): number {
    return readyTo(this.rows.value, action).length;
  }

  reset(): void {
    this.rows.value = [];
  }

  async add(raw: string): Promise<void> {
    const token = this.session.token;
    const code = raw.trim().toUpperCase();
    if (!token) return;
    if (!ITEM_REF.test(code)) {
      this.outcome.refuse(unreadable(raw));
      return;
    }
    if (this.rows.value.some((r) => r.code === code)) {
      this.outcome.show({ tone: 'info', title: local('alreadyListed', { code }) });
      return;
    }
    this.outcome.clear();
    const row: BatchRow = { code, status: 'loading', action: null, inspection: null, note: '' };
    this.rows.value = [...this.rows.value, row];
    try {
      const item = await this.ctx.deps.api.item(token, code);
      // Scanned by its EPC: the row goes by the barcode, so the same folder is listed once.
      if (item.barcode !== code && this.rows.value.some((r) => r.code === item.barcode)) {
        this.remove(code);
        this.outcome.show({ tone: 'info', title: local('alreadyListed', { code: item.barcode }) });
        return;
      }
      const me = this.session.me.value;
      const blocked = availability(item, me);
      this.update(code, {
        code: item.barcode,
        status: blocked ? 'error' : 'ready',
        item,
        action: actionFor(item, me),
        ...(blocked?.detail ? { error: blocked.detail } : {}),
      });
      if (blocked) this.ctx.sound.refusal();
    } catch (e) {
      const error = asApiError(e);
      if (this.circulation.sessionGone(error)) return;
      this.update(code, { status: 'error', error: fromError(error) });
      this.ctx.sound.refusal();
    }
  }

  update(code: string, patch: Partial<BatchRow>): void {
    this.rows.value = this.rows.value.map((r) => (r.code === code ? { ...r, ...patch } : r));
    this.ctx.touch();
  }

  remove(code: string): void {
    this.rows.value = this.rows.value.filter((r) => r.code !== code);
    this.ctx.touch();
  }

  /** What the operator still has to choose before the batch can be confirmed (shown by the button). */
  missing(): Key | null {
    const rows = this.rows.value;
    const ins = readyTo(rows, 'in');
    if (ins.some((r) => r.inspection === null)) return 'batchNeedsInspection';
    if (ins.some((r) => r.inspection !== 'intact' && !r.note.trim())) return 'batchNeedsNote';
    if (readyTo(rows, 'out').length > 0 && !this.purpose.text()) return 'batchNeedsPurpose';
    return null;
  }

  /** Whether the batch can be confirmed now (a purpose for check-outs, a result for each return). */
  ready(): boolean {
    const rows = this.rows.value;
    if (this.count('out') + this.count('in') === 0) return false;
    if (rows.some((r) => r.status === 'loading')) return false;
    return this.missing() === null;
  }

  async confirm(): Promise<void> {
    if (!this.ready() || this.ctx.busy.value) return;
    const outs = readyTo(this.rows.value, 'out');
    const ins = readyTo(this.rows.value, 'in');
    let outDone = 0;
    if (outs.length > 0) {
      const results = await this.circulation.checkOut(
        outs.map((r) => r.code),
        this.purpose.text()!,
      );
      if (!results) return; // all or nothing: the list stays for the operator to fix
      outDone = results.length;
      const done = new Set(outs.map((r) => r.code));
      this.rows.value = this.rows.value.filter((r) => !done.has(r.code));
    }
    let inDone = 0;
    let failed = 0;
    for (const row of ins) {
      if (!row.inspection) continue; // ready() saw a result for every return
      const result = await this.circulation.checkIn(row.code, row.inspection, row.note.trim());
      if ('error' in result) {
        failed++;
        this.update(row.code, { status: 'error', error: result.error });
        if (!this.session.token) return;
      } else {
        inDone++;
        this.remove(row.code);
      }
    }
    const summary = local('batchDone', { out: outDone, in: inDone });
    if (failed > 0) this.outcome.refuse({ title: local('batchPartial'), detail: summary });
    else this.outcome.succeed({ title: summary });
  }
}
