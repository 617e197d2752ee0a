// R2000 cabinet/gate poller. 0x89 runs one inventory and stops, so the driver loops: for each configured
// antenna, select it (0x74), then issue 0x89 until `dwellMs` has passed (at least once), streaming every tag
// frame out as a TagRead and every round summary as a `round` event (what the presence engine counts
// missed rounds with). A reader error (e.g. 0x22 antenna missing) is reported and that antenna skipped.
import type { Clock } from '../../common/types.js';
import { systemClock } from '../../common/types.js';
import type { HardwareLogger } from '../../common/logger.js';
import { silentLogger } from '../../common/logger.js';
import { toHex } from '../../common/hex.js';
import { FramedDriver, sleep, yieldToEventLoop } from '../framed-driver.js';
import { TimeoutError } from '../waiter.js';
import {
  cmdGetFirmwareVersion,
  cmdRealTimeInventory,
  cmdSetOutputPower,
  cmdSetWorkAntenna,
  decodeR2000,
  isTagInventoryCmd,
  parseFirmwareVersion,
  parseInventoryAnswer,
  R2000_BROADCAST,
  R2000_SUCCESS,
  R2000Cmd,
  r2000ErrorName,
} from './codec.js';
import type { FirmwareVersion, R2000Frame } from './codec.js';
import { createR2000FrameSpec } from './framer.js';
import type { R2000FrameRules } from './framer.js';
import type { FrameInfo } from '../framer.js';
import { TagConfirmer } from '../tag-confirm.js';
import type { TagRead } from '../../common/types.js';
import type { PortLink } from '../../serial/link.js';

export interface R2000DriverOptions {
  deviceId: string;
  address?: number;
  /** 1-based antennas polled in this order. */
  antennas?: number[];
  /** Set once per connection; null leaves the reader's setting alone. */
  powerDbm?: number | null;
  /** Minimum time spent on each antenna before moving on. */
  dwellMs?: number;
  /** Inventory repeat byte of 0x89 (rounds the reader runs per command). */
  repeat?: number;
  replyTimeoutMs?: number;
  /** Pause after each pass over all antennas (RF duty cycle, CPU with instant simulators). */
  cyclePauseMs?: number;
  idleFlushMs?: number;
  clock?: Clock;
  logger?: HardwareLogger;
}

const NO_TAG = 0x36;

export class R2000Driver extends FramedDriver<R2000Frame> {
  private readonly o: Required<Omit<R2000DriverOptions, 'clock' | 'logger'>>;
  /** The framer's rules, read live: the address is configured, or learned from the first reply. */
  private readonly rules: R2000FrameRules;
  /** Holds tag reads from frames next to noise until the tag is read again (see tag-confirm.ts). */
  readonly confirmer = new TagConfirmer();
  private roundReads = 0;
  /** Antenna selected on the reader in this session (null: unknown, e.g. after reconnect). */
  private workAntenna: number | null = null;

  constructor(options: R2000DriverOptions) {
    const rules: R2000FrameRules = { address: configuredAddress(options.address), tagFields: true };
    super(
      {
        deviceId: options.deviceId,
        clock: options.clock ?? systemClock,
        logger: options.logger ?? silentLogger,
        idleFlushMs: options.idleFlushMs ?? 50,
      },
      createR2000FrameSpec(rules),
    );
    this.rules = rules;
    this.o = {
      address: 0xff,
      antennas: [1],
      powerDbm: null,
      dwellMs: 0,
      repeat: 1,
      replyTimeoutMs: 1000,
      cyclePauseMs: 0,
      idleFlushMs: 50,
      ...options,
    };
  }

  async getFirmwareVersion(): Promise<FirmwareVersion | null> {
    const [f] = await this.request(
      cmdGetFirmwareVersion(this.o.address),
      (f) => (f.cmd === R2000Cmd.getFirmwareVersion ? 'done' : 'ignore'),
      this.o.replyTimeoutMs,
      'get firmware',
    );
    return f ? parseFirmwareVersion(f.data) : null;
  }

  protected decode(frame: Buffer): R2000Frame | null {
    try {
      return decodeR2000(frame);
    } catch {
      return null;
    }
  }

  override onOpen(link: PortLink): void {
    // Another reader may be behind the same path now: learn its address again.
    this.rules.address = configuredAddress(this.o.address);
    super.onOpen(link);
  }

  override onClose(): void {
    this.confirmer.clear();
    super.onClose();
  }

  protected handle(f: R2000Frame, info: FrameInfo): void {
    if (isTagInventoryCmd(f.cmd)) {
      const a = parseInventoryAnswer(f.data, f.cmd);
      if (a.kind === 'tag') {
        const read: TagRead = {
          deviceId: this.base.deviceId,
          antenna: a.antenna,
          epc: toHex(a.epc),
          rssi: a.rssiDbm,
          at: this.now(),
        };
        this.roundReads++; // what the reader sent this round, held or not
        for (const r of this.confirmer.offer(read, info.afterNoise || info.beforeNoise)) {
          this.counters.tags++;
          this.emit('tag', r);
        }
        return;
      }
      if (a.kind === 'malformed') {
        this.counters.malformed++;
        return;
      }
      if (f.cmd !== R2000Cmd.realTimeInventory) return; // 0x8A: this driver does not poll with it
      // A summary nobody waits for (it came after its request timed out) still ends a real round.
      if (this.offerReply(f)) return;
      if (a.kind === 'summary') this.round(a.antenna);
      return;
    }
    this.offerReply(f);
  }

  /** Offers a frame to the waiting request; the first reply taken tells a broadcast driver the address. */
  private offerReply(f: R2000Frame): boolean {
    const taken = this.waiter.offer(f);
    if (taken && this.rules.address === null) this.rules.address = f.addr;
    return taken;
  }

  private round(antenna: number): void {
    this.confirmer.roundEnd();
    this.counters.rounds++;
    this.emit('round', { deviceId: this.base.deviceId, antenna, reads: this.roundReads, at: this.now() });
    this.roundReads = 0;
  }

  protected async run(session: number): Promise<void> {
    this.workAntenna = null;
    if (this.o.powerDbm !== null) {
      await this.setting(cmdSetOutputPower(this.o.address, this.o.powerDbm), null).catch((err: unknown) => {
        if (!(err instanceof TimeoutError)) throw err;
        this.counters.timeouts++;
      });
    }
    while (this.isActive(session)) {
      for (const antenna of this.o.antennas) {
        if (!this.isActive(session)) return;
        await this.pollAntenna(antenna, session);
        await yieldToEventLoop();
      }
      if (this.o.cyclePauseMs > 0) await sleep(this.o.cyclePauseMs);
    }
  }

  private async pollAntenna(antenna: number, session: number): Promise<void> {
    try {
      if (this.workAntenna !== antenna) {
        this.workAntenna = null;
        if (!(await this.setting(cmdSetWorkAntenna(this.o.address, antenna), antenna))) return;
        this.workAntenna = antenna;
      }
      const start = this.now();
      do {
        this.roundReads = 0;
        const [f] = await this.request(
          cmdRealTimeInventory(this.o.address, this.o.repeat),
          (f) => (f.cmd === R2000Cmd.realTimeInventory ? 'done' : 'ignore'),
          this.o.replyTimeoutMs,
          'inventory',
        );
        const a = f ? parseInventoryAnswer(f.data) : null;
        if (a?.kind === 'summary' || (a?.kind === 'error' && a.code === NO_TAG)) {
          this.round(antenna);
        } else if (a?.kind === 'error') {
          this.readerError(antenna, a.code);
          return;
        }
        if (this.o.dwellMs > 0) await yieldToEventLoop();
      } while (this.isActive(session) && this.now() - start < this.o.dwellMs);
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      this.counters.timeouts++;
      await sleep(50); // the reader is busy or gone; the silence watchdog decides which
    }
  }

  /** Sends a set-command whose answer is one error-code byte; reports a failure, returns success. */
  private async setting(command: Buffer, antenna: number | null): Promise<boolean> {
    const cmd = command[3] as number;
    const [f] = await this.request(
      command,
      (f) => (f.cmd === cmd ? 'done' : 'ignore'),
      this.o.replyTimeoutMs,
      `cmd ${cmd}`,
    );
    const code = f?.data[0] ?? -1;
    if (code === R2000_SUCCESS) return true;
    this.readerError(antenna, code);
    return false;
  }

  private readerError(antenna: number | null, code: number): void {
    this.emit('readerError', {
      deviceId: this.base.deviceId,
      antenna,
      code,
      name: r2000ErrorName(code),
      at: this.now(),
    });
  }
}

/** A configured unicast address is checked on every answer; broadcast (0xFF) learns it from a reply. */
function configuredAddress(address: number | undefined): number | null {
  return address === undefined || address === R2000_BROADCAST ? null : address;
}
