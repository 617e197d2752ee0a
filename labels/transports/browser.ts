// Browser printing for office label printers that only have OS drivers: the job is the HTML page from
// renderHtmlPage (one SVG label per @page); this transport hands it to a sink — the server serves it
// to the operator's browser, which prints it with window.print(). Without a sink, pages wait in a
// bounded queue for the server to take.
import { LabelError } from '../errors.js';
import type { PrinterHealth, PrinterTransport } from './types.js';

export interface BrowserPage {
  html: string;
  createdAt: Date;
}

export interface BrowserTransportOptions {
  deliver?: (page: BrowserPage) => Promise<void> | void;
  /** Queue bound when there is no `deliver`; older pages are dropped first. Default 50. */
  maxQueued?: number;
  now?: () => Date;
}

export class BrowserTransport implements PrinterTransport {
  readonly kind = 'browser' as const;
  private readonly queue: BrowserPage[] = [];

  constructor(private readonly o: BrowserTransportOptions = {}) {}

  async send(bytes: Uint8Array): Promise<void> {
    const html = Buffer.from(bytes).toString('utf8');
    if (!/^\s*<!doctype html>/i.test(html)) {
      throw new LabelError(
        'LABEL_FORMAT_UNKNOWN',
        'browser printing needs the HTML page from renderHtmlPage',
      );
    }
    const page = { html, createdAt: this.o.now?.() ?? new Date() };
    if (this.o.deliver) {
      try {
        await this.o.deliver(page);
      } catch (e) {
        throw new LabelError('PRINTER_UNREACHABLE', `browser: ${(e as Error).message}`, {}, e);
      }
      return;
    }
    this.queue.push(page);
    if (this.queue.length > (this.o.maxQueued ?? 50)) this.queue.shift();
  }

  /** Removes and returns the queued pages, oldest first. */
  take(): BrowserPage[] {
    return this.queue.splice(0, this.queue.length);
  }

  async health(): Promise<PrinterHealth> {
    return { ok: true };
  }
}
