// A serial barcode scanner: bytes -> records (LineFramer) -> hygiene (open grace, decode, AIM, length,
// debounce) -> typed `scan` events. Implements ProtocolHandler so the port manager can drive it, and works
// just as well fed by hand in tests.
import { EventEmitter } from 'node:events';
import type { Clock, ScanEvent } from '../common/types.js';
import { systemClock } from '../common/types.js';
import type { PortLink, ProtocolHandler } from '../serial/link.js';
import { aimSymbology, assertEncoding, decodeText, splitAim } from './decode.js';
import { Debouncer } from './debounce.js';
import { LineFramer } from './line-framer.js';
import type { LineRecord } from './line-framer.js';

export interface BarcodeScannerOptions {
  deviceId: string;
  /** iconv-lite encoding name: `utf8` (default), `gbk`, `gb18030`... */
  encoding?: string;
  /** Longest code in bytes; longer ones are counted and dropped. Default 512. */
  maxLength?: number;
  /** Same code again within this window is dropped. Default 1000 ms; 0 disables. */
  debounceMs?: number;
  /** Scanner sends no suffix: a code ends after this much silence (30..100 ms). Default null (suffix). */
  interByteTimeoutMs?: number | null;
  /** With a suffix expected, a partial code silent this long is a torn fragment. Default 500 ms. */
  staleFragmentMs?: number;
  /**
   * The first record after the port opens, begun this soon and before any terminator, is taken for the
   * tail of an earlier code (unless STX-wrapped or AIM-prefixed). Default 100 ms.
   */
  openGraceMs?: number;
  /**
   * Recognises a complete code (the hub passes Dangan item ids, `F000001234`): such a first record is
   * kept even inside the grace window, as a tail of a code is never one. Default: none.
   */
  wholeCode?: (code: string) => boolean;
  /** Split off AIM symbology ids. Default true. */
  aimIds?: boolean;
  tabIsSuffix?: boolean;
  clock?: Clock;
}

export interface ScannerStats {
  scans: number;
  duplicates: number;
  /** Torn records: right after open, before an STX, or left without suffix. */
  fragments: number;
  overLength: number;
  /** Records with nothing left after removing AIM id and control characters. */
  empty: number;
}

export interface ScannerEvents {
  scan: [ScanEvent];
}

export class BarcodeScanner extends EventEmitter<ScannerEvents> implements ProtocolHandler {
  private readonly opts: Required<Omit<BarcodeScannerOptions, 'interByteTimeoutMs'>> & {
    interByteTimeoutMs: number | null;
  };
  private readonly framer: LineFramer;
  private readonly debouncer: Debouncer;
  private readonly counts = { scans: 0, duplicates: 0, fragments: 0, empty: 0 };
  private link: PortLink | null = null;
  private openedAt = Number.NEGATIVE_INFINITY;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(options: BarcodeScannerOptions) {
    super();
    this.opts = {
      encoding: 'utf8',
      maxLength: 512,
      debounceMs: 1000,
      interByteTimeoutMs: null,
      staleFragmentMs: 500,
      openGraceMs: 100,
      wholeCode: () => false,
      aimIds: true,
      tabIsSuffix: false,
      clock: systemClock,
      ...options,
    };
    assertEncoding(this.opts.encoding);
    this.framer = new LineFramer(
      { maxLength: this.opts.maxLength, tabIsSuffix: this.opts.tabIsSuffix },
      (r) => this.onRecord(r),
    );
    this.debouncer = new Debouncer(this.opts.debounceMs);
  }

  get stats(): ScannerStats {
    const f = this.framer.stats;
    return { ...this.counts, fragments: this.counts.fragments + f.fragments, overLength: f.overLength };
  }

  onOpen(link: PortLink): void {
    this.link = link;
    this.framer.reset();
    this.openedAt = this.opts.clock.now();
  }

  onData(chunk: Buffer): void {
    const overLength = this.framer.stats.overLength;
    this.framer.push(chunk, this.opts.clock.now());
    if (this.framer.stats.overLength > overLength)
      this.link?.checksumError(this.framer.stats.overLength - overLength);
    this.armIdleTimer();
  }

  onClose(): void {
    this.clearIdleTimer();
    this.framer.reset();
    this.link = null;
  }

  dispose(): void {
    this.onClose();
    this.removeAllListeners();
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    if (!this.framer.pending) return;
    const noSuffix = this.opts.interByteTimeoutMs !== null;
    const ms = this.opts.interByteTimeoutMs ?? this.opts.staleFragmentMs;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.framer.endIdle(noSuffix);
    }, ms);
    this.idleTimer.unref?.();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /**
   * Only a partial code is a fragment: the first record after the port opened, begun within the grace
   * window before any code boundary was seen (it may be the tail of a code already on the wire). A code
   * that starts after a terminator, comes inside STX..ETX, opens with an AIM id or is a code `wholeCode`
   * recognises is whole, however soon after the open it arrives.
   */
  private isOpenFragment(r: LineRecord, aim: string | null, code: string): boolean {
    if (r.wrapped || r.afterBoundary || aim !== null) return false;
    if (this.opts.wholeCode?.(code)) return false;
    return r.startedAt - this.openedAt < this.opts.openGraceMs;
  }

  private onRecord(r: LineRecord): void {
    const { aim, data } = this.opts.aimIds ? splitAim(r.bytes) : { aim: null, data: r.bytes };
    const code = decodeText(data, this.opts.encoding);
    if (this.isOpenFragment(r, aim, code)) {
      this.counts.fragments++;
      return;
    }
    if (code.length === 0) {
      this.counts.empty++;
      return;
    }
    const at = this.opts.clock.now();
    this.link?.frameIn();
    if (!this.debouncer.accept(code, at)) {
      this.counts.duplicates++;
      return;
    }
    this.counts.scans++;
    this.emit('scan', {
      deviceId: this.opts.deviceId,
      code,
      symbology: aim ? aimSymbology(aim) : null,
      raw: r.bytes,
      at,
    });
  }
}
