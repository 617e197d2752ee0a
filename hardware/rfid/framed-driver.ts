// What every RFID reader driver does the same way: frame the byte stream, flush a stuck partial frame when
// the line goes idle, report rejected frames to the port manager, send one command at a time and match
// replies with a timeout, and run a poll loop that lives exactly as long as one port session.
import { EventEmitter } from 'node:events';
import type { Clock } from '../common/types.js';
import type { HardwareLogger } from '../common/logger.js';
import type { PortLink, ProtocolHandler } from '../serial/link.js';
import type { RfidDriverEvents } from './events.js';
import { Framer } from './framer.js';
import type { FrameInfo, FrameSpec, FramerStats } from './framer.js';
import { Mutex, ReplyWaiter } from './waiter.js';
import type { Verdict } from './waiter.js';

export interface DriverBaseOptions {
  deviceId: string;
  clock: Clock;
  logger: HardwareLogger;
  /** An incomplete frame with no byte for this long is noise or torn: drop and resync. */
  idleFlushMs: number;
}

export interface DriverCounters {
  timeouts: number;
  malformed: number;
  rounds: number;
  tags: number;
}

export abstract class FramedDriver<F> extends EventEmitter<RfidDriverEvents> implements ProtocolHandler {
  readonly counters: DriverCounters = { timeouts: 0, malformed: 0, rounds: 0, tags: 0 };
  protected link: PortLink | null = null;
  protected session = 0;
  protected readonly waiter = new ReplyWaiter<F>();
  private readonly mutex = new Mutex();
  private readonly framer: Framer;
  private idleTimer: NodeJS.Timeout | null = null;
  private reportedBad = 0;

  protected constructor(
    protected readonly base: DriverBaseOptions,
    spec: FrameSpec,
  ) {
    super();
    this.framer = new Framer(spec, (frame, info) => this.onFrame(frame, info));
  }

  get framerStats(): FramerStats {
    return { ...this.framer.stats };
  }

  onOpen(link: PortLink): void {
    this.link = link;
    this.framer.reset();
    const session = ++this.session;
    this.run(session).catch((err: unknown) => {
      if (this.isActive(session)) {
        this.base.logger.error('rfid: poll loop stopped', { id: this.base.deviceId, error: String(err) });
      }
    });
  }

  onData(chunk: Buffer): void {
    this.framer.push(chunk);
    this.afterInput();
  }

  onClose(): void {
    this.session++;
    this.link = null;
    this.waiter.cancelAll('port closed');
    this.clearIdle();
    this.framer.reset();
  }

  dispose(): void {
    this.onClose();
    this.removeAllListeners();
  }

  /** Decodes a checksum-verified frame; null when its content makes no sense (counted as malformed). */
  protected abstract decode(frame: Buffer): F | null;
  /** Emits tags and offers replies to the waiter; `info` says whether the frame sat next to noise. */
  protected abstract handle(frame: F, info: FrameInfo): void;
  /** The poll loop (or, for autonomous readers, set-up) for one port session. */
  protected abstract run(session: number): Promise<void>;

  protected isActive(session: number): boolean {
    return session === this.session && this.link !== null;
  }

  /** Sends `command` and resolves with the frames `match` took, once it says done. One at a time. */
  protected request(
    command: Buffer,
    match: (f: F) => Verdict,
    timeoutMs: number,
    what: string,
  ): Promise<F[]> {
    return this.mutex.run(async () => {
      const link = this.link;
      if (!link) throw new Error(`${this.base.deviceId}: not connected`);
      const reply = this.waiter.wait(match, timeoutMs, `${this.base.deviceId} ${what}`);
      reply.catch(() => undefined); // may be cancelled (port closed) before we get to await it
      try {
        await link.write(command);
      } catch (err) {
        this.waiter.cancelAll('write failed');
        await reply.catch(() => undefined);
        throw err;
      }
      return reply;
    });
  }

  protected now(): number {
    return this.base.clock.now();
  }

  private onFrame(frame: Buffer, info: FrameInfo): void {
    const decoded = this.decode(frame);
    this.link?.frameIn();
    if (decoded === null) {
      this.counters.malformed++;
      return;
    }
    this.handle(decoded, info);
  }

  private afterInput(): void {
    const bad = this.framer.stats.badFrames;
    if (bad > this.reportedBad) {
      this.link?.checksumError(bad - this.reportedBad);
      this.reportedBad = bad;
    }
    this.clearIdle();
    if (this.framer.pendingBytes === 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.framer.flushStale();
      this.afterInput();
    }, this.base.idleFlushMs);
    this.idleTimer.unref?.();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** Lets timers and I/O run between rounds, even when a simulator answers synchronously. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
