// A simulated Chafon reader (UHFReader18 or UHFReader288 family) speaking the real bytes. In `answer` mode
// it replies to inventory (splitting long tag lists over frames with status 0x03), set-power and
// reader-info; in `autonomous` mode it pushes 0xEE frames for visible tags and heartbeats when none.
import type { Duplex } from 'node:stream';
import { fromHex } from '../common/hex.js';
import { createChafonFramer, CHAFON_MIN_COMMAND_LEN } from '../rfid/chafon/framer.js';
import {
  ChafonCmd,
  ChafonStatus,
  decodeChafonCommand,
  encodeAutonomous18,
  encodeAutonomous288,
  encodeChafonResponse,
  encodeHeartbeat288,
  encodeInventoryAnswer18,
  encodeInventoryAnswer288,
} from '../rfid/chafon/codec.js';
import type { ChafonCommandFrame, ChafonFamily } from '../rfid/chafon/codec.js';
import { TagPopulation } from './tag-population.js';

export interface ChafonSimOptions {
  family: ChafonFamily;
  address?: number;
  mode?: 'answer' | 'autonomous';
  /** Autonomous mode: how often visible tags are reported. */
  autonomousIntervalMs?: number;
  /** Autonomous mode (288): heartbeat period when no tag is visible; 0 disables. */
  heartbeatMs?: number;
  /** Delay before each answer in `answer` mode. */
  answerDelayMs?: number;
}

/** Tags per frame so that Len stays below 256 with 96-bit EPCs. */
const TAGS_PER_FRAME = 16;

export class ChafonSimulator {
  readonly tags = new TagPopulation();
  readonly stats = { commands: 0, inventories: 0, autonomousFrames: 0, heartbeats: 0 };
  readonly settings = { powerDbm: null as number | null };
  silent = false;
  private readonly o: Required<ChafonSimOptions>;
  private out: Duplex | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastTagAt = 0;
  private heartbeatNo = 0;
  private detachFn: (() => void) | null = null;

  constructor(options: ChafonSimOptions) {
    this.o = {
      address: 0x00,
      mode: 'answer',
      autonomousIntervalMs: 100,
      heartbeatMs: 1000,
      answerDelayMs: 0,
      ...options,
    };
  }

  attach(stream: Duplex): () => void {
    this.detachFn?.();
    const framer = createChafonFramer((frame) => this.onCommand(frame), CHAFON_MIN_COMMAND_LEN);
    const onData = (chunk: Buffer): void => framer.push(chunk);
    stream.on('data', onData);
    this.out = stream;
    if (this.o.mode === 'autonomous') {
      this.timer = setInterval(() => this.autonomousTick(), this.o.autonomousIntervalMs);
      this.timer.unref?.();
    }
    this.detachFn = () => {
      stream.off('data', onData);
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      if (this.out === stream) this.out = null;
    };
    return this.detachFn;
  }

  detach(): void {
    this.detachFn?.();
  }

  addTag(antenna: number, epc: string, rssi?: number): void {
    this.tags.add(antenna, epc, rssi);
  }

  removeTag(epc: string, antenna?: number): void {
    this.tags.remove(epc, antenna);
  }

  private onCommand(frame: Buffer): void {
    let c: ChafonCommandFrame;
    try {
      c = decodeChafonCommand(frame);
    } catch {
      return;
    }
    if (c.addr !== this.o.address && c.addr !== 0xff) return;
    this.stats.commands++;
    if (this.silent) return;
    const a = this.o.address;
    if (c.cmd === ChafonCmd.inventory) return this.inventory(c);
    if (c.cmd === ChafonCmd.setPower) {
      this.settings.powerDbm = c.data[0] ?? null;
      return this.send([encodeChafonResponse(a, c.cmd, ChafonStatus.ok)]);
    }
    if (c.cmd === ChafonCmd.getReaderInfo) {
      // version 2.1, type 0x09, protocol 0x03, dmax, dmin, power 26 dBm, scan time 10
      return this.send([
        encodeChafonResponse(a, c.cmd, ChafonStatus.ok, [2, 1, 0x09, 0x03, 0x3e, 0x00, 26, 10]),
      ]);
    }
    this.send([encodeChafonResponse(a, c.cmd, ChafonStatus.illegalCommand)]);
  }

  private inventory(c: ChafonCommandFrame): void {
    this.stats.inventories++;
    const a = this.o.address;
    const is288 = this.o.family === 'uhfreader288';
    const antByte = is288 && c.data.length >= 5 ? (c.data[3] as number) : 0x80;
    const antenna = antByte - 0x80 + 1;
    const visible = this.tags.on(antenna);
    if (visible.length === 0) return this.send([encodeChafonResponse(a, c.cmd, ChafonStatus.noTag)]);
    const frames: Buffer[] = [];
    for (let i = 0; i < visible.length; i += TAGS_PER_FRAME) {
      const chunk = visible.slice(i, i + TAGS_PER_FRAME);
      const status = i + TAGS_PER_FRAME < visible.length ? ChafonStatus.moreFrames : ChafonStatus.done;
      frames.push(
        is288
          ? encodeInventoryAnswer288(
              a,
              status,
              1 << (antenna - 1),
              chunk.map((t) => ({ epc: fromHex(t.epc), rssi: t.rssi })),
            )
          : encodeInventoryAnswer18(
              a,
              status,
              chunk.map((t) => fromHex(t.epc)),
            ),
      );
    }
    this.send(frames);
  }

  private autonomousTick(): void {
    if (this.silent) return;
    const a = this.o.address;
    const frames: Buffer[] = [];
    for (const antenna of this.tags.antennas()) {
      for (const t of this.tags.on(antenna)) {
        const epc = fromHex(t.epc);
        frames.push(
          this.o.family === 'uhfreader288'
            ? encodeAutonomous288(a, 1 << (antenna - 1), epc, t.rssi)
            : encodeAutonomous18(a, epc),
        );
      }
    }
    const now = Date.now();
    if (frames.length > 0) {
      this.lastTagAt = now;
      this.stats.autonomousFrames += frames.length;
    } else if (
      this.o.family === 'uhfreader288' &&
      this.o.heartbeatMs > 0 &&
      now - this.lastTagAt >= this.o.heartbeatMs
    ) {
      this.lastTagAt = now;
      this.stats.heartbeats++;
      frames.push(encodeHeartbeat288(a, ++this.heartbeatNo, 0));
    }
    if (frames.length > 0) this.send(frames);
  }

  private send(frames: Buffer[]): void {
    const bytes = Buffer.concat(frames);
    const write = (): void => {
      const out = this.out;
      if (out && !out.destroyed) out.write(bytes);
    };
    if (this.o.answerDelayMs > 0 && this.o.mode === 'answer')
      setTimeout(write, this.o.answerDelayMs).unref?.();
    else write();
  }
}
