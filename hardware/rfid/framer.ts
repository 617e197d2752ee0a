// A stream framer for length-prefixed, checksummed protocols. Unlike PacketLengthParser it verifies every
// candidate and, when one fails (noise, a torn frame, a header byte inside an EPC), drops ONE byte and
// rescans, so a stray header cannot swallow the next good frame. Protocols plug in through FrameSpec.

export interface FrameSpec {
  /**
   * Total length of a frame that would start at buf[i]: -1 when no frame can start there (skip the byte),
   * 0 when more bytes are needed to tell. `end` is the number of valid bytes in buf.
   */
  frameLength(buf: Uint8Array, i: number, end: number): number;
  /** True when buf[start, end) is a complete frame whose checksum holds. */
  verify(buf: Uint8Array, start: number, end: number): boolean;
}

export interface FramerStats {
  /** Frames delivered. */
  frames: number;
  /** Complete candidates whose checksum failed (several per corrupted frame are possible). */
  checksumErrors: number;
  /** Runs of rejected bytes between good frames: "how many times did we lose sync". */
  badFrames: number;
  /** Bytes discarded while resynchronising. */
  droppedBytes: number;
}

const EMPTY = Buffer.alloc(0);

export class Framer {
  readonly stats: FramerStats = { frames: 0, checksumErrors: 0, badFrames: 0, droppedBytes: 0 };
  private pending: Buffer = EMPTY;
  private inSync = true;

  /** `onFrame` receives a private copy of each verified frame. */
  constructor(
    private readonly spec: FrameSpec,
    private readonly onFrame: (frame: Buffer) => void,
  ) {}

  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, input]) : input;
    const stop = this.scan(buf, 0);
    // Copy the tail: `chunk` belongs to the caller and may be reused.
    this.pending = stop < buf.length ? Buffer.from(buf.subarray(stop)) : EMPTY;
  }

  /**
   * The line went idle while a candidate was incomplete: what is pending is noise or a torn frame (its
   * announced length was never reached). Drop bytes one at a time, delivering any whole frame found.
   */
  flushStale(): void {
    const buf = this.pending;
    this.pending = EMPTY;
    let i = 0;
    while (i < buf.length) {
      i = this.scan(buf, i);
      if (i < buf.length) {
        this.reject(1);
        i++;
      }
    }
  }

  /** Forget buffered bytes (the port was reopened). */
  reset(): void {
    this.pending = EMPTY;
    this.inSync = true;
  }

  /** Scans from `i`; returns the offset of the first byte it could not yet decide on. */
  private scan(buf: Buffer, i: number): number {
    const end = buf.length;
    while (i < end) {
      const len = this.spec.frameLength(buf, i, end);
      if (len < 0) {
        this.reject(1);
        i++;
        continue;
      }
      if (len === 0 || i + len > end) break;
      if (this.spec.verify(buf, i, i + len)) {
        this.inSync = true;
        this.stats.frames++;
        this.onFrame(Buffer.from(buf.subarray(i, i + len)));
        i += len;
      } else {
        this.stats.checksumErrors++;
        this.reject(1);
        i++;
      }
    }
    return i;
  }

  private reject(bytes: number): void {
    this.stats.droppedBytes += bytes;
    if (this.inSync) {
      this.inSync = false;
      this.stats.badFrames++;
    }
  }
}
