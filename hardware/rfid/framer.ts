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
  /**
   * Weak checksums (8 bits): a verified candidate is rejected when another verified frame starts inside
   * it (real frames never overlap; a torn frame's length running over the next good frame does). The framer waits for such an overlapping candidate (its header judged plausible) to complete,
   * or for the idle flush.
   */
  rejectOverlapped?: boolean;
  /**
   * With `rejectOverlapped`: whether an incomplete candidate starting at buf[k] is worth holding the
   * frame around it for (a strongly plausible header); other incomplete candidates do not hold it.
   * Default: every candidate with a known length.
   */
  holdsFor?(buf: Uint8Array, k: number): boolean;
  /**
   * With `rejectOverlapped`: also wait when a header inside the frame is cut by the end of what arrived
   * (not yet judgeable). A torn frame completed by the first bytes of the next frame (its checksum
   * taken from that frame's header) passes by chance otherwise, whenever a chunk ends inside that
   * header. Costs the idle flush's delay for a frame ending in header-like bytes at a burst's end.
   */
  waitOnCutHeader?: boolean;
  /**
   * Headerless protocols: an incomplete candidate is abandoned as soon as a complete, verified frame
   * starting inside it is in the buffer, so a good frame behind noise is delivered at once instead of
   * waiting for the noise byte's announced length or the idle flush.
   */
  supersedeIncomplete?: boolean;
  /**
   * Protocols with a header byte: a real answer is followed by the next header or by silence, so a
   * delivered frame followed by any other byte is reported as `beforeNoise`.
   */
  headerByte?: number;
}

/** Where a delivered frame sat in the stream: next to rejected bytes, it may be a lucky checksum. */
export interface FrameInfo {
  /** Bytes were rejected just before it (since the previous frame). */
  afterNoise: boolean;
  /** The byte after it is neither a header nor the end of what arrived. */
  beforeNoise: boolean;
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
  /** Verified candidates rejected because another verified frame started inside them. */
  overlaps: number;
}

const EMPTY = Buffer.alloc(0);

export class Framer {
  readonly stats: FramerStats = {
    frames: 0,
    checksumErrors: 0,
    badFrames: 0,
    droppedBytes: 0,
    overlaps: 0,
  };
  private pending: Buffer = EMPTY;
  private inSync = true;

  /** `onFrame` receives a private copy of each verified frame. */
  constructor(
    private readonly spec: FrameSpec,
    private readonly onFrame: (frame: Buffer, info: FrameInfo) => void,
  ) {}

  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const known = this.pending.length;
    const buf = known > 0 ? Buffer.concat([this.pending, input]) : input;
    const stop = this.scan(buf, 0, known, false);
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
      i = this.scan(buf, i, buf.length, true);
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

  /**
   * Scans from `i`; returns the offset of the first byte it could not yet decide on. `known`: bytes of
   * `buf` already scanned by an earlier push (frames ending there were tried then). `final`: no more
   * bytes will come for these (idle flush), so nothing waits.
   */
  private scan(buf: Buffer, i: number, known: number, final: boolean): number {
    const end = buf.length;
    while (i < end) {
      const len = this.spec.frameLength(buf, i, end);
      if (len < 0) {
        this.reject(1);
        i++;
        continue;
      }
      if (len === 0 || i + len > end) {
        const j = this.spec.supersedeIncomplete ? this.completeFrameAfter(buf, i, known) : -1;
        if (j < 0) break;
        this.reject(j - i);
        i = j;
        continue;
      }
      if (!this.spec.verify(buf, i, i + len)) {
        this.stats.checksumErrors++;
        this.reject(1);
        i++;
        continue;
      }
      const overlap = this.spec.rejectOverlapped ? this.overlapped(buf, i, i + len, final) : 'no';
      if (overlap === 'wait') break;
      if (overlap === 'yes') {
        this.stats.overlaps++;
        this.reject(1);
        i++;
        continue;
      }
      const next = i + len < end ? buf[i + len] : undefined;
      const info: FrameInfo = {
        afterNoise: !this.inSync,
        beforeNoise:
          this.spec.headerByte !== undefined && next !== undefined && next !== this.spec.headerByte,
      };
      this.inSync = true;
      this.stats.frames++;
      this.onFrame(Buffer.from(buf.subarray(i, i + len)), info);
      i += len;
    }
    return i;
  }

  /** First j > i where a complete verified frame starts that ends after `known`; -1 when none. */
  private completeFrameAfter(buf: Buffer, i: number, known: number): number {
    const end = buf.length;
    for (let j = i + 1; j < end; j++) {
      const len = this.spec.frameLength(buf, j, end);
      if (len > 0 && j + len <= end && j + len > known && this.spec.verify(buf, j, j + len)) return j;
    }
    return -1;
  }

  /**
   * Does a verified frame start inside [start, end)? Either it runs past `end` (overlap) or it lies within
   * (a torn frame whose announced length swallowed a good frame and some noise); a real frame carrying a
   * complete plausible frame inside its EPC is far less likely than either. 'wait' when not yet known.
   */
  private overlapped(buf: Buffer, start: number, end: number, final: boolean): 'yes' | 'no' | 'wait' {
    const avail = buf.length;
    for (let k = start + 1; k < end; k++) {
      const len = this.spec.frameLength(buf, k, avail);
      // A header still too short to judge (it straddles the end of what arrived) is waited for only
      // where the spec asks: it holds a frame with a header byte in its last bytes until more arrive.
      if (len < 0) continue;
      if (len === 0) {
        if (final || !this.spec.waitOnCutHeader) continue;
        return 'wait';
      }
      if (k + len > avail) {
        if (final || (this.spec.holdsFor && !this.spec.holdsFor(buf, k))) continue;
        return 'wait';
      }
      if (this.spec.verify(buf, k, k + len)) return 'yes';
    }
    return 'no';
  }

  private reject(bytes: number): void {
    this.stats.droppedBytes += bytes;
    if (this.inSync) {
      this.inSync = false;
      this.stats.badFrames++;
    }
  }
}
