// Chafon UHFReader18 / UHFReader288 driver. In `poll` mode it sends inventory per antenna (the 18 family
// has one antenna and no parameters; the 288 gets Target/Ant/Scantime) and collects answers until the status
// says the inventory is over (0x03 means more frames follow). In `autonomous` mode the reader pushes 0xEE
// frames by itself; heartbeats (status 0x28, "no tag within the interval") count as empty rounds.
import type { Clock } from '../../common/types.js';
import { systemClock } from '../../common/types.js';
import type { HardwareLogger } from '../../common/logger.js';
import { silentLogger } from '../../common/logger.js';
import { toHex } from '../../common/hex.js';
import { FramedDriver, sleep, yieldToEventLoop } from '../framed-driver.js';
import { TimeoutError } from '../waiter.js';
import {
  antennasFromMask,
  ChafonCmd,
  ChafonStatus,
  chafonStatusName,
  cmdInventory18,
  cmdInventory288,
  cmdSetPower,
  decodeChafonResponse,
  isInventoryReCmd,
  parseAutonomous,
  parseInventoryAnswer,
} from './codec.js';
import type { ChafonFamily, ChafonResponseFrame, ChafonTag } from './codec.js';
import { chafonFrameSpec } from './framer.js';

export interface ChafonDriverOptions {
  deviceId: string;
  family: ChafonFamily;
  address?: number;
  mode?: 'poll' | 'autonomous';
  antennas?: number[];
  powerDbm?: number | null;
  /** Inventory time per command in 100 ms units (288 family). */
  scanTime?: number;
  replyTimeoutMs?: number;
  /** Pause after each pass over all antennas. */
  cyclePauseMs?: number;
  idleFlushMs?: number;
  clock?: Clock;
  logger?: HardwareLogger;
}

export class ChafonDriver extends FramedDriver<ChafonResponseFrame> {
  private readonly o: Required<Omit<ChafonDriverOptions, 'clock' | 'logger'>>;
  private currentAntenna = 1;
  private roundReads = 0;

  constructor(options: ChafonDriverOptions) {
    super(
      {
        deviceId: options.deviceId,
        clock: options.clock ?? systemClock,
        logger: options.logger ?? silentLogger,
        idleFlushMs: options.idleFlushMs ?? 50,
      },
      chafonFrameSpec(),
    );
    this.o = {
      address: 0xff,
      mode: 'poll',
      antennas: [1],
      powerDbm: null,
      scanTime: 3,
      replyTimeoutMs: 1000,
      cyclePauseMs: 0,
      idleFlushMs: 50,
      ...options,
    };
  }

  protected decode(frame: Buffer): ChafonResponseFrame | null {
    try {
      return decodeChafonResponse(frame);
    } catch {
      return null;
    }
  }

  protected handle(r: ChafonResponseFrame): void {
    if (r.reCmd === ChafonCmd.autonomous) return this.onAutonomous(r);
    if (isInventoryReCmd(r.reCmd, this.o.family)) {
      const a = parseInventoryAnswer(r, this.o.family);
      if (a.kind === 'tags') this.emitTags(a.tags, a.antennaMask);
      if (a.kind === 'malformed') this.counters.malformed++;
    }
    this.waiter.offer(r);
  }

  protected async run(session: number): Promise<void> {
    if (this.o.powerDbm !== null) await this.setPower(this.o.powerDbm);
    if (this.o.mode === 'autonomous') return;
    const antennas = this.o.family === 'uhfreader18' ? this.o.antennas.slice(0, 1) : this.o.antennas;
    while (this.isActive(session)) {
      for (const antenna of antennas) {
        if (!this.isActive(session)) return;
        await this.pollAntenna(antenna);
        await yieldToEventLoop();
      }
      if (this.o.cyclePauseMs > 0) await sleep(this.o.cyclePauseMs);
    }
  }

  private async pollAntenna(antenna: number): Promise<void> {
    this.currentAntenna = antenna;
    this.roundReads = 0;
    const command =
      this.o.family === 'uhfreader18'
        ? cmdInventory18(this.o.address)
        : cmdInventory288(this.o.address, { antenna, scanTime: this.o.scanTime });
    try {
      const frames = await this.request(
        command,
        (r) => {
          if (r.reCmd !== ChafonCmd.inventory) return 'ignore';
          return r.status === ChafonStatus.moreFrames || r.status === ChafonStatus.statistics
            ? 'more'
            : 'done';
        },
        this.o.scanTime * 100 + this.o.replyTimeoutMs,
        'inventory',
      );
      const last = frames[frames.length - 1];
      const status = last?.status ?? -1;
      if (
        status === ChafonStatus.noTag ||
        (status >= ChafonStatus.done && status <= ChafonStatus.bufferFull)
      ) {
        this.counters.rounds++;
        this.emit('round', { deviceId: this.base.deviceId, antenna, reads: this.roundReads, at: this.now() });
      } else {
        this.readerError(antenna, status);
      }
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      this.counters.timeouts++;
      await sleep(50);
    }
  }

  private async setPower(dbm: number): Promise<void> {
    try {
      const [r] = await this.request(
        cmdSetPower(this.o.address, dbm),
        (r) => (r.reCmd === ChafonCmd.setPower ? 'done' : 'ignore'),
        this.o.replyTimeoutMs,
        'set power',
      );
      if (r && r.status !== ChafonStatus.ok) this.readerError(null, r.status);
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      this.counters.timeouts++;
    }
  }

  private onAutonomous(r: ChafonResponseFrame): void {
    const a = parseAutonomous(r, this.o.family);
    if (a.kind === 'tag') {
      this.emitTags([{ epc: a.epc, tid: null, rssi: a.rssi }], a.antennaMask);
    } else if (a.kind === 'heartbeat') {
      for (const antenna of this.o.antennas) {
        this.counters.rounds++;
        this.emit('round', { deviceId: this.base.deviceId, antenna, reads: 0, at: this.now() });
      }
    } else {
      this.counters.malformed++;
    }
  }

  private emitTags(tags: readonly ChafonTag[], antennaMask: number | null): void {
    const fromMask = antennaMask === null ? [] : antennasFromMask(antennaMask);
    const antennas = fromMask.length > 0 ? fromMask : [this.currentAntenna];
    const at = this.now();
    for (const t of tags) {
      const epc = toHex(t.epc);
      for (const antenna of antennas) {
        this.roundReads++;
        this.counters.tags++;
        this.emit('tag', { deviceId: this.base.deviceId, antenna, epc, rssi: t.rssi, at });
      }
    }
  }

  private readerError(antenna: number | null, status: number): void {
    this.emit('readerError', {
      deviceId: this.base.deviceId,
      antenna,
      code: status,
      name: chafonStatusName(status),
      at: this.now(),
    });
  }
}
