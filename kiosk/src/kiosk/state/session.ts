// The operator's session: who is signed in (and with which badge), what they did (the receipt's lines),
// a different badge scanned mid-session, and the receipt shown after Done.
import { signal } from '@preact/signals';
import type { CirculationResult, Inspection, ItemView, Me, StationInfo } from '../../shared/api/types';

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

// The property by its name only: its ref is the archive number the receipt shows in its own column.
const propertyOf = (item: ItemView | undefined): string | null =>
  item?.property ? item.property.name || item.property.ref || null : null;

export class SessionState {
  readonly me = signal<Me | null>(null);
  /** A different person's badge was scanned mid-session: the badge the screen offers to switch to. */
  readonly switchTo = signal<string | null>(null);
  readonly receipt = signal<Receipt | null>(null);
  token: string | null = null;
  /** The badge the operator signed in with (a second scan of it is not a switch). */
  badge: string | null = null;
  private lines: ReceiptLine[] = [];

  start(token: string, me: Me, badge: string): void {
    this.token = token;
    this.badge = badge;
    this.me.value = me;
    this.lines = [];
  }

  /** Forgets the operator on this side (the server session is ended by the caller where it should be). */
  end(): void {
    this.token = null;
    this.badge = null;
    this.switchTo.value = null;
    this.me.value = null;
  }

  /** The lines so far, handed over once (to the receipt). */
  takeLines(): ReceiptLine[] {
    const lines = this.lines;
    this.lines = [];
    return lines;
  }

  /** How many lines the receipt has so far (the Done button says whether there is one). */
  get transactions(): number {
    return this.lines.length;
  }

  record(
    action: 'check_out' | 'check_in',
    r: CirculationResult,
    at: string,
    inspection?: Inspection,
    note?: string,
  ): void {
    this.lines.push({
      at: r.entry?.at ?? at,
      action,
      barcode: r.item.barcode,
      archiveNo: r.item.dossier?.archiveNo ?? null,
      property: propertyOf(r.item),
      dueAt: action === 'check_out' ? r.item.dueAt : null,
      ...(inspection ? { inspection } : {}),
      ...(note ? { note } : {}),
    });
  }
}
