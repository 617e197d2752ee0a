// A simulated R2000 multi-antenna reader speaking the real byte protocol: it frames host commands with the
// same framer the driver uses and answers 0x72, 0x74, 0x76 and 0x89 (one tag frame per visible tag and
// read, then the round summary; 0x22 for an antenna marked missing). Faults on demand: silence (a hung
// reader), dropped reads (flaky tags), noise bytes between answers.
import type { Duplex } from 'node:stream';
import { fromHex } from '../common/hex.js';
import { createR2000Framer } from '../rfid/r2000/framer.js';
import {
  decodeR2000,
  encodeR2000,
  encodeRoundSummary,
  encodeTagAnswer,
  R2000_BROADCAST,
  R2000_SUCCESS,
  R2000Cmd,
} from '../rfid/r2000/codec.js';
import type { R2000Frame } from '../rfid/r2000/codec.js';
import { TagPopulation } from './tag-population.js';

export interface R2000SimOptions {
  /** The reader's own address, used in its answers. */
  address?: number;
  firmware?: { major: number; minor: number };
  missingAntennas?: number[];
  /** Probability that a visible tag is not read in a round (0..1). */
  missRate?: number;
  /** Junk bytes written before each answer burst (tests resync on the host side). */
  noise?: () => Buffer | null;
  random?: () => number;
  /** Delay before each answer, as a real inventory round takes time. */
  answerDelayMs?: number;
}

export class R2000Simulator {
  readonly tags = new TagPopulation();
  readonly stats = { commands: 0, inventories: 0, tagFrames: 0 };
  /** Latest settings the host sent, for assertions. */
  readonly settings = { workAntenna: 1, powerDbm: null as number[] | null };
  silent = false;
  private readonly o: Required<Omit<R2000SimOptions, 'noise'>> & Pick<R2000SimOptions, 'noise'>;
  private out: Duplex | null = null;
  private detachFn: (() => void) | null = null;

  constructor(options: R2000SimOptions = {}) {
    this.o = {
      address: 0x01,
      firmware: { major: 1, minor: 8 },
      missingAntennas: [],
      missRate: 0,
      random: Math.random,
      answerDelayMs: 0,
      ...options,
    };
  }

  /** Connects to the device end of a stream (DuplexPair or a pty); returns a detach function. */
  attach(stream: Duplex): () => void {
    this.detachFn?.();
    const framer = createR2000Framer((frame) => this.onCommand(frame));
    const onData = (chunk: Buffer): void => framer.push(chunk);
    stream.on('data', onData);
    this.out = stream;
    this.detachFn = () => {
      stream.off('data', onData);
      if (this.out === stream) this.out = null;
    };
    return this.detachFn;
  }

  addTag(antenna: number, epc: string, rssi?: number): void {
    this.tags.add(antenna, epc, rssi);
  }

  removeTag(epc: string, antenna?: number): void {
    this.tags.remove(epc, antenna);
  }

  private onCommand(frame: Buffer): void {
    let f: R2000Frame;
    try {
      f = decodeR2000(frame);
    } catch {
      return;
    }
    if (f.addr !== this.o.address && f.addr !== R2000_BROADCAST) return;
    this.stats.commands++;
    if (this.silent) return;
    const a = this.o.address;
    switch (f.cmd) {
      case R2000Cmd.getFirmwareVersion:
        return this.send([encodeR2000(a, f.cmd, [this.o.firmware.major, this.o.firmware.minor])]);
      case R2000Cmd.setWorkAntenna: {
        const ant = (f.data[0] ?? 0xff) + 1;
        if (ant < 1 || ant > 4) return this.send([encodeR2000(a, f.cmd, [0x41])]);
        this.settings.workAntenna = ant;
        return this.send([encodeR2000(a, f.cmd, [R2000_SUCCESS])]);
      }
      case R2000Cmd.setOutputPower:
        this.settings.powerDbm = [...f.data];
        return this.send([encodeR2000(a, f.cmd, [R2000_SUCCESS])]);
      case R2000Cmd.realTimeInventory:
        return this.inventory(Math.max(1, f.data[0] ?? 1));
      default:
        return this.send([encodeR2000(a, f.cmd, [0x11])]);
    }
  }

  private inventory(repeat: number): void {
    this.stats.inventories++;
    const a = this.o.address;
    const antenna = this.settings.workAntenna;
    if (this.o.missingAntennas.includes(antenna))
      return this.send([encodeR2000(a, R2000Cmd.realTimeInventory, [0x22])]);
    const frames: Buffer[] = [];
    const rounds = Math.min(repeat, 4); // 0xFF means "as fast as possible": a few rounds keep it bounded
    for (let r = 0; r < rounds; r++) {
      for (const t of this.tags.on(antenna)) {
        if (this.o.missRate > 0 && this.o.random() < this.o.missRate) continue;
        frames.push(encodeTagAnswer(a, { antenna, freqIndex: r % 50, epc: fromHex(t.epc), rssiRaw: t.rssi }));
      }
    }
    this.stats.tagFrames += frames.length;
    frames.push(encodeRoundSummary(a, antenna, frames.length * 10, frames.length));
    this.send(frames);
  }

  private send(frames: Buffer[]): void {
    const noise = this.o.noise?.();
    const bytes = noise ? Buffer.concat([noise, ...frames]) : Buffer.concat(frames);
    const write = (): void => {
      const out = this.out;
      if (out && !out.destroyed) out.write(bytes);
    };
    if (this.o.answerDelayMs > 0) setTimeout(write, this.o.answerDelayMs).unref?.();
    else write();
  }
}
