// Splits a scanner's byte stream into records. Pure: the owner feeds bytes and calls `endIdle()` when the
// line has been quiet (inter-byte timeout), so no timers live here.
//
// - CR, LF, CRLF (and optionally Tab) end a record; empty records are dropped, so the LF of a CRLF never
//   leaks into the next code, whatever the chunking.
// - STX starts a wrapped record (bytes pending before it were a torn fragment), ETX ends it.
// - A record longer than maxLength is discarded up to its terminator and counted.

const STX = 0x02;
const ETX = 0x03;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

export interface LineFramerOptions {
  /** Longest record accepted, in bytes. */
  maxLength: number;
  /** Treat Tab as a suffix (some scanners are programmed with a Tab suffix). */
  tabIsSuffix?: boolean;
}

export interface LineRecord {
  bytes: Buffer;
  /** True when the record came inside STX..ETX (so it cannot be a torn fragment). */
  wrapped: boolean;
  /** Clock time of its first byte. */
  startedAt: number;
  /**
   * True when a terminator (CR, LF, ETX, Tab suffix) or an STX came before this record's first byte since
   * the framer was created or reset: then the record began after a code boundary and is whole. False
   * for the first record after a (re)open, which may be the tail of a code already on the wire.
   */
  afterBoundary: boolean;
}

export interface LineFramerStats {
  records: number;
  overLength: number;
  /** Partial records thrown away (bytes before an STX, or a stale partial dropped by `endIdle(false)`). */
  fragments: number;
}

export class LineFramer {
  readonly stats: LineFramerStats = { records: 0, overLength: 0, fragments: 0 };
  private buf: Buffer;
  private len = 0;
  private overflow = false;
  private wrapped = false;
  private startedAt = 0;
  private sawBoundary = false;
  private startedAfterBoundary = false;

  constructor(
    private readonly opts: LineFramerOptions,
    private readonly onRecord: (r: LineRecord) => void,
  ) {
    this.buf = Buffer.alloc(opts.maxLength);
  }

  /** True when a record has started and not ended. */
  get pending(): boolean {
    return this.len > 0 || this.overflow || this.wrapped;
  }

  push(chunk: Uint8Array, now: number): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === CR || b === LF || b === ETX || (b === TAB && this.opts.tabIsSuffix)) {
        this.end();
      } else if (b === STX) {
        if (this.len > 0 || this.overflow) this.stats.fragments++;
        this.clear();
        this.wrapped = true;
        this.startedAt = now;
        this.startedAfterBoundary = true;
        this.sawBoundary = true;
      } else {
        this.append(b, now);
      }
    }
  }

  /**
   * The line went quiet. `emit = true` (scanner without suffix): what is pending is a whole code.
   * `emit = false` (scanner with a suffix): a partial that never got its suffix is a torn fragment.
   */
  endIdle(emit: boolean): void {
    if (!this.pending) return;
    if (emit) {
      this.end();
    } else {
      if (this.len > 0 || this.overflow) this.stats.fragments++;
      this.clear();
    }
  }

  reset(): void {
    this.clear();
    this.sawBoundary = false;
  }

  private append(b: number, now: number): void {
    if (this.overflow) return;
    if (this.len === 0 && !this.wrapped) {
      this.startedAt = now;
      this.startedAfterBoundary = this.sawBoundary;
    }
    if (this.len >= this.opts.maxLength) {
      this.overflow = true;
      return;
    }
    this.buf[this.len++] = b;
  }

  private end(): void {
    if (this.overflow) {
      this.stats.overLength++;
    } else if (this.len > 0) {
      this.stats.records++;
      this.onRecord({
        bytes: Buffer.from(this.buf.subarray(0, this.len)),
        wrapped: this.wrapped,
        startedAt: this.startedAt,
        afterBoundary: this.startedAfterBoundary,
      });
    }
    this.sawBoundary = true;
    this.clear();
  }

  private clear(): void {
    this.len = 0;
    this.overflow = false;
    this.wrapped = false;
  }
}
