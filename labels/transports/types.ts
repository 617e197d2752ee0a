// The one interface every printer connection implements; services/printing holds one per printer.
import type { LabelErrorCode } from '../errors.js';

export interface PrinterHealth {
  ok: boolean;
  /** Set when not ok: the same code send() would throw. */
  code?: LabelErrorCode;
  message?: string;
  /** Round trip of the check (TCP connect time), when measured. */
  latencyMs?: number;
}

export interface PrinterTransport {
  readonly kind: 'tcp' | 'serial' | 'spool' | 'browser';
  /** Delivers one complete print job; rejects with a LabelError (PRINTER_* / SPOOL_*). */
  send(bytes: Uint8Array): Promise<void>;
  /** Cheap reachability check; never rejects. */
  health(): Promise<PrinterHealth>;
}
