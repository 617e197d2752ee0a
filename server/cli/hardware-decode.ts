// `dangan decode`: captured serial bytes -> one JSON record per frame (RFID readers) or scan (barcode),
// then a summary. Pure: bytes in, records out. It runs the hardware layer's own framers and codecs, so what
// it reports is what the drivers would see, including resync over noise.
import { toHex } from '../../hardware/common/hex.js';
import { epcToItemId, scannedCodeToItemId } from '../../hardware/index.js';
import { aimSymbology, assertEncoding, decodeText, splitAim } from '../../hardware/barcode/decode.js';
import { LineFramer } from '../../hardware/barcode/line-framer.js';
import { Framer } from '../../hardware/rfid/framer.js';
import type { FrameSpec } from '../../hardware/rfid/framer.js';
import {
  decodeR2000,
  parseInventoryAnswer as parseR2000Inventory,
  R2000_ERRORS,
  R2000Cmd,
  isTagInventoryCmd,
} from '../../hardware/rfid/r2000/codec.js';
import { r2000FrameSpec } from '../../hardware/rfid/r2000/framer.js';
import {
  antennasFromMask,
  ChafonCmd,
  chafonStatusName,
  parseAutonomous,
  parseInventoryAnswer as parseChafonInventory,
} from '../../hardware/rfid/chafon/codec.js';
import type { ChafonFamily, ChafonResponseFrame } from '../../hardware/rfid/chafon/codec.js';
import { CHAFON_MIN_COMMAND_LEN, chafonFrameSpec } from '../../hardware/rfid/chafon/framer.js';
import { InputError } from './hardware-errors.js';

export const DECODE_PROTOCOLS = ['barcode', 'r2000', 'chafon'] as const;
export type DecodeProtocol = (typeof DECODE_PROTOCOLS)[number];
export type ChafonFamilyChoice = ChafonFamily | 'auto';

export type DecodeRecord = { type: string } & Record<string, unknown>;

export interface DecodeOptions {
  /** GS1 company prefix for EPC -> item id. */
  companyPrefix: string;
  /** Barcode character set (iconv-lite name). Default utf8. */
  encoding?: string;
  /** Chafon answer layout; `auto` tries the 288 family first, then the 18. */
  family?: ChafonFamilyChoice;
  /** Barcode: longest code accepted, as the scanner handler would. Default 512. */
  maxLength?: number;
}

// ---- input ------------------------------------------------------------------------------------------

const SEPARATOR = /[\s:,;-]/;
const HEX_DIGIT = /[0-9a-fA-F]/;

function where(text: string, i: number): string {
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  const column = i - before.lastIndexOf('\n');
  return text.includes('\n') ? `position ${i + 1} (line ${line}, column ${column})` : `position ${i + 1}`;
}

/**
 * Hex with or without separators (spaces, colons, commas, dashes) and `0x` / `\x` prefixes:
 * `A0 03 FF 72 EC`, `a003ff72ec`, `0xA0,0x03`, `A0:03`. Throws InputError naming the position of the
 * first character that is not hex, or of the digit group that leaves a byte incomplete.
 */
export function parseHexText(text: string): Buffer {
  let digits = '';
  const groups: { start: number; digits: number }[] = [];
  let group: { start: number; digits: number } | null = null;
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (SEPARATOR.test(c)) {
      group = null;
      i++;
      continue;
    }
    const next = text[i + 1];
    if ((next === 'x' || next === 'X') && (c === '\\' || (c === '0' && group === null))) {
      group = null;
      i += 2;
      continue;
    }
    if (!HEX_DIGIT.test(c)) {
      throw new InputError(`bad hex at ${where(text, i)}: ${JSON.stringify(c)} is not a hex digit`);
    }
    if (!group) {
      group = { start: i, digits: 0 };
      groups.push(group);
    }
    group.digits++;
    digits += c;
    i++;
  }
  if (digits.length % 2 !== 0) {
    const odd = groups.find((g) => g.digits % 2 !== 0) ?? groups[groups.length - 1];
    const at = odd ? ` (the group at ${where(text, odd.start)} has ${odd.digits})` : '';
    throw new InputError(`bad hex: ${digits.length} hex digits leave half a byte${at}`);
  }
  return Buffer.from(digits, 'hex');
}

/** True when every non-space character of a file reads as hex text (then it is not a binary capture). */
export function looksLikeHexText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) if (b > 0x7e || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  try {
    return parseHexText(bytes.toString('latin1')).length > 0;
  } catch {
    return false;
  }
}

// ---- shared helpers ---------------------------------------------------------------------------------

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;
const spaced = (b: Uint8Array): string => toHex(b, ' ');

function skippedRecord(start: number, end: number, preview: Buffer): DecodeRecord {
  const shown = preview.subarray(0, Math.min(end - start, PREVIEW));
  return {
    type: 'skipped',
    offset: start,
    length: end - start,
    hex: spaced(shown) + (end - start > shown.length ? ' …' : ''),
  };
}

/**
 * Frames a capture pushed in chunks through the layer's Framer, reporting each frame with its offset and
 * each run of skipped bytes (with up to 32 of them shown). Every byte is either dropped or part of a frame,
 * in order, so a frame's offset is the bytes dropped so far plus the frame bytes delivered so far. Memory
 * stays bounded: the framer's pending candidate, a short window of recent bytes and the skip preview.
 */
class CaptureFramer {
  private readonly framer: Framer;
  private delivered = 0;
  /** Absolute offset where the current run of skipped bytes (if any) starts. */
  private lastEnd = 0;
  /** Absolute offset of the first byte of the chunk being pushed. */
  private base = 0;
  private chunk: Buffer = Buffer.alloc(0);
  /** Bytes just before `base` (covers whatever the framer still holds). */
  private recent: Buffer = Buffer.alloc(0);
  /** Up to PREVIEW bytes from `lastEnd` on. */
  private preview: Buffer = Buffer.alloc(0);

  constructor(
    spec: FrameSpec,
    private readonly onFrame: (frame: Buffer, offset: number) => void,
    private readonly onSkipped: (start: number, end: number, preview: Buffer) => void,
  ) {
    this.framer = new Framer(spec, (frame) => {
      const offset = this.framer.stats.droppedBytes + this.delivered;
      if (offset > this.lastEnd) this.onSkipped(this.lastEnd, offset, this.preview);
      this.delivered += frame.length;
      this.lastEnd = offset + frame.length;
      this.preview = this.bytesAt(this.lastEnd, PREVIEW);
      this.onFrame(frame, offset);
    });
  }

  get bytes(): number {
    return this.base;
  }

  push(chunk: Buffer): void {
    this.chunk = chunk;
    this.extendPreview();
    this.framer.push(chunk);
    const keep = Buffer.concat([this.recent, chunk]);
    this.recent = Buffer.from(keep.subarray(Math.max(0, keep.length - RECENT)));
    this.base += chunk.length;
    this.chunk = Buffer.alloc(0);
  }

  /** End of capture: an incomplete candidate is a torn frame. */
  end(): FramingResult {
    this.framer.flushStale();
    if (this.base > this.lastEnd) this.onSkipped(this.lastEnd, this.base, this.preview);
    const s = this.framer.stats;
    return {
      frames: s.frames,
      checksumErrors: s.badFrames,
      badCandidates: s.checksumErrors,
      droppedBytes: s.droppedBytes,
    };
  }

  private extendPreview(): void {
    const have = this.lastEnd + this.preview.length;
    const want = Math.min(PREVIEW - this.preview.length, this.base + this.chunk.length - have);
    if (want > 0) this.preview = Buffer.concat([this.preview, this.bytesAt(have, want)]);
  }

  /** Up to `n` bytes from absolute offset `at`, out of the recent window and the current chunk. */
  private bytesAt(at: number, n: number): Buffer {
    const out: Buffer[] = [];
    const from = this.base - this.recent.length;
    if (at < this.base) {
      const r = this.recent.subarray(Math.max(0, at - from), Math.max(0, at - from) + n);
      out.push(r);
      n -= r.length;
      at += r.length;
    }
    if (n > 0) out.push(this.chunk.subarray(at - this.base, at - this.base + n));
    return Buffer.concat(out);
  }
}

const PREVIEW = 32;
/** More than any frame a framer can hold pending (R2000: 257 bytes, Chafon: 256). */
const RECENT = 1024;

interface FramingResult {
  frames: number;
  /** Runs of rejected bytes ("losses of sync"), the way device status counts checksum errors. */
  checksumErrors: number;
  /** Complete candidates whose checksum failed (one corrupted frame can give several). */
  badCandidates: number;
  droppedBytes: number;
}

function itemIdOf(epc: string, companyPrefix: string): string | null {
  return epcToItemId(epc, { companyPrefix });
}

// ---- R2000 ------------------------------------------------------------------------------------------

const R2000_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(R2000Cmd).map(([name, code]) => [code, name]),
);

function r2000Status(code: number): { code: string; name: string } {
  return { code: hex2(code), name: R2000_ERRORS[code] ?? 'unknown' };
}

/**
 * Direction is not on the wire: a frame is a command or an answer by its content. One data byte that is
 * a code from the manual's error table is an answer's status; 0x89 with any other byte is the host's
 * inventory command (repeat count); 0x74 with 0..3 selects an antenna.
 */
function describeR2000(frame: Buffer, o: DecodeOptions): { record: Record<string, unknown>; tags: number } {
  const f = decodeR2000(frame);
  const d = f.data;
  const out: Record<string, unknown> = {
    address: f.addr,
    command: hex2(f.cmd),
    commandName: R2000_NAMES[f.cmd] ?? null,
  };
  const status = d.length === 1 && R2000_ERRORS[d[0] as number] !== undefined ? (d[0] as number) : null;
  if (isTagInventoryCmd(f.cmd)) {
    if (d.length === 1 && status === null)
      return { record: { ...out, direction: 'command', repeat: d[0] }, tags: 0 };
    if (f.cmd === R2000Cmd.fastSwitchAntennaInventory && d.length === 10) {
      const stay = [0, 2, 4, 6].map((k) => ({ antenna: (d[k] as number) + 1, stay: d[k + 1] }));
      const sequence = stay.filter((s) => s.antenna <= 4);
      return {
        record: { ...out, direction: 'command', sequence, interval: d[8], repeat: d[9] },
        tags: 0,
      };
    }
    const a = parseR2000Inventory(d, f.cmd);
    switch (a.kind) {
      case 'error':
        return {
          record: {
            ...out,
            direction: 'answer',
            status: r2000Status(a.code),
            ...(a.antenna !== undefined ? { antenna: a.antenna } : {}),
          },
          tags: 0,
        };
      case 'switchSummary':
        return {
          record: {
            ...out,
            direction: 'answer',
            round: { totalRead: a.totalRead, durationMs: a.durationMs },
          },
          tags: 0,
        };
      case 'summary':
        return {
          record: {
            ...out,
            direction: 'answer',
            round: { antenna: a.antenna, readRate: a.readRate, totalRead: a.totalRead },
          },
          tags: 0,
        };
      case 'malformed':
        return { record: { ...out, direction: 'answer', malformed: a.reason, data: spaced(d) }, tags: 0 };
      case 'tag': {
        const epc = toHex(a.epc);
        const tag = {
          antenna: a.antenna,
          freqIndex: a.freqIndex,
          pc: a.pc.toString(16).padStart(4, '0').toUpperCase(),
          epc,
          rssi: a.rssiDbm,
          rssiRaw: a.rssiRaw,
          ...(a.phase !== undefined ? { phase: a.phase } : {}),
          itemId: itemIdOf(epc, o.companyPrefix),
        };
        return { record: { ...out, direction: 'answer', tags: [tag] }, tags: 1 };
      }
    }
  }
  if (status !== null && !(f.cmd === R2000Cmd.setWorkAntenna && (d[0] as number) < 4)) {
    return { record: { ...out, direction: 'answer', status: r2000Status(status) }, tags: 0 };
  }
  if (d.length === 0) return { record: { ...out, direction: 'command' }, tags: 0 };
  if (f.cmd === R2000Cmd.getFirmwareVersion && d.length === 2) {
    return { record: { ...out, direction: 'answer', firmware: `${d[0]}.${d[1]}` }, tags: 0 };
  }
  if (f.cmd === R2000Cmd.setWorkAntenna && d.length === 1 && (d[0] as number) < 4) {
    return { record: { ...out, direction: 'command', antenna: (d[0] as number) + 1 }, tags: 0 };
  }
  if (f.cmd === R2000Cmd.setOutputPower && (d.length === 1 || d.length === 4)) {
    return { record: { ...out, direction: 'command', powerDbm: [...d] }, tags: 0 };
  }
  return { record: { ...out, direction: null, data: spaced(d) }, tags: 0 };
}

// ---- Chafon -----------------------------------------------------------------------------------------

const CHAFON_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(ChafonCmd).map(([name, code]) => [code, name]),
);

const CHAFON_OK_STATUS: Readonly<Record<number, string>> = {
  0x00: 'ok',
  0x01: 'done',
  0x02: 'scan_time_overflow',
  0x03: 'more_frames',
  0x04: 'buffer_full',
  0x26: 'statistics',
  0x28: 'heartbeat',
};

function chafonStatus(code: number): { code: string; name: string } {
  return { code: hex2(code), name: CHAFON_OK_STATUS[code] ?? chafonStatusName(code) };
}

/** Error statuses the manual names (0xF8..0xFF). */
const isChafonError = (s: number): boolean => !chafonStatusName(s).startsWith('status_');

function familiesToTry(choice: ChafonFamilyChoice | undefined): ChafonFamily[] {
  return choice === 'uhfreader18' || choice === 'uhfreader288' ? [choice] : ['uhfreader288', 'uhfreader18'];
}

function chafonTag(
  epcBytes: Buffer,
  tid: Buffer | null,
  rssi: number | null,
  antennaMask: number | null,
  o: DecodeOptions,
): Record<string, unknown> {
  const epc = toHex(epcBytes);
  const antennas = antennaMask === null ? null : antennasFromMask(antennaMask);
  return {
    antenna: antennas && antennas.length === 1 ? antennas[0] : null,
    antennas,
    pc: null,
    epc,
    ...(tid ? { tid: toHex(tid) } : {}),
    rssi,
    itemId: itemIdOf(epc, o.companyPrefix),
  };
}

function describeChafon(frame: Buffer, o: DecodeOptions): { record: Record<string, unknown>; tags: number } {
  const addr = frame[1] as number;
  const cmd = frame[2] as number;
  const body = frame.subarray(3, frame.length - 2);
  const out: Record<string, unknown> = {
    address: addr,
    command: hex2(cmd),
    commandName: CHAFON_NAMES[cmd] ?? null,
  };
  if (body.length === 0) return { record: { ...out, direction: 'command' }, tags: 0 };
  const status = body[0] as number;
  const r: ChafonResponseFrame = { addr, reCmd: cmd, status, data: body.subarray(1) };
  const families = familiesToTry(o.family);

  if (cmd === ChafonCmd.autonomous) {
    let reason = '';
    for (const family of families) {
      const a = parseAutonomous(r, family);
      if (a.kind === 'tag') {
        const tag = chafonTag(a.epc, null, a.rssi, a.antennaMask, o);
        return {
          record: { ...out, direction: 'answer', family, status: chafonStatus(status), tags: [tag] },
          tags: 1,
        };
      }
      if (a.kind === 'heartbeat') {
        const heartbeat = { packetNo: a.packetNo, totalCount: a.totalCount };
        return { record: { ...out, direction: 'answer', status: chafonStatus(status), heartbeat }, tags: 0 };
      }
      reason = a.reason;
    }
    return { record: { ...out, direction: 'answer', malformed: reason, data: spaced(body) }, tags: 0 };
  }

  if (cmd === ChafonCmd.inventory || cmd === ChafonCmd.inventorySingle) {
    const tried: ChafonFamily[] = cmd === ChafonCmd.inventorySingle ? ['uhfreader18'] : families;
    const parsed = tried.map((family) => ({ family, a: parseChafonInventory(r, family) }));
    for (const { family, a } of parsed) {
      if (a.kind === 'tags') {
        const tags = a.tags.map((t) => chafonTag(t.epc, t.tid, t.rssi, a.antennaMask, o));
        const record = { ...out, direction: 'answer', family, status: chafonStatus(status), tags };
        return { record, tags: tags.length };
      }
      if (a.kind === 'statistics') {
        const statistics = { antennaMask: a.antennaMask, readRate: a.readRate, totalCount: a.totalCount };
        const record = { ...out, direction: 'answer', family, status: chafonStatus(status), statistics };
        return { record, tags: 0 };
      }
    }
    // The 288's inventory command carries Q, Session, Target, Ant (0x80 + port - 1) and Scantime.
    const ant = body[3] as number;
    if (body.length === 5 && ant >= 0x80 && ant <= 0x87 && !isChafonError(status)) {
      const inventory = {
        qValue: status & 0x0f,
        session: body[1],
        target: body[2],
        antenna: ant - 0x7f,
        scanTime: body[4],
      };
      return { record: { ...out, direction: 'command', inventory }, tags: 0 };
    }
    const first = parsed[0]?.a;
    const detail = first?.kind === 'malformed' ? { malformed: first.reason, data: spaced(r.data) } : {};
    return { record: { ...out, direction: 'answer', status: chafonStatus(status), ...detail }, tags: 0 };
  }

  // Other commands: an answer starts with status 0x00 or a named error; otherwise it is the host's data.
  if (status === 0x00 || isChafonError(status)) {
    const data = r.data.length > 0 ? { data: spaced(r.data) } : {};
    return { record: { ...out, direction: 'answer', status: chafonStatus(status), ...data }, tags: 0 };
  }
  return { record: { ...out, direction: 'command', data: spaced(body) }, tags: 0 };
}

// ---- RFID capture -----------------------------------------------------------------------------------

/** A capture decoder: push the bytes in order, in chunks of any size, then end(). */
export interface CaptureDecoder {
  push(chunk: Buffer): void;
  end(): void;
}

function rfidDecoder(
  protocol: 'r2000' | 'chafon',
  o: DecodeOptions,
  emit: (r: DecodeRecord) => void,
): CaptureDecoder {
  const spec = protocol === 'r2000' ? r2000FrameSpec : chafonFrameSpec(CHAFON_MIN_COMMAND_LEN);
  const describe = protocol === 'r2000' ? describeR2000 : describeChafon;
  let n = 0;
  let tags = 0;
  let malformed = 0;
  const framing = new CaptureFramer(
    spec,
    (frame, offset) => {
      const d = describe(frame, o);
      tags += d.tags;
      if (d.record.malformed !== undefined) malformed++;
      emit({
        type: 'frame',
        n: ++n,
        protocol,
        offset,
        length: frame.length,
        hex: spaced(frame),
        ...d.record,
      });
    },
    (start, end, preview) => emit(skippedRecord(start, end, preview)),
  );
  return {
    push: (chunk) => framing.push(chunk),
    end() {
      const result = framing.end();
      emit({
        type: 'summary',
        protocol,
        bytes: framing.bytes,
        frames: result.frames,
        tags,
        checksumErrors: result.checksumErrors,
        droppedBytes: result.droppedBytes,
        badCandidates: result.badCandidates,
        malformed,
      });
    },
  };
}

// ---- barcode ----------------------------------------------------------------------------------------

function barcodeDecoder(o: DecodeOptions, emit: (r: DecodeRecord) => void): CaptureDecoder {
  const encoding = o.encoding ?? 'utf8';
  try {
    assertEncoding(encoding);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  let scans = 0;
  let empty = 0;
  let atEnd = false;
  let offset = 0;
  const framer = new LineFramer({ maxLength: o.maxLength ?? 512 }, (r) => {
    const { aim, data } = splitAim(r.bytes);
    const code = decodeText(data, encoding);
    if (code.length === 0) {
      empty++;
      return;
    }
    scans++;
    emit({
      type: 'scan',
      n: scans,
      offset: r.startedAt,
      code,
      symbology: aim ? aimSymbology(aim) : null,
      raw: spaced(r.bytes),
      ...(atEnd ? { terminated: false } : {}),
      itemId: scannedCodeToItemId(code, { companyPrefix: o.companyPrefix }),
    });
  });
  return {
    push(chunk) {
      // One byte at a time with its offset as the "time", so each record knows where it started.
      for (let i = 0; i < chunk.length; i++) framer.push(chunk.subarray(i, i + 1), offset++);
    },
    end() {
      atEnd = true;
      const unterminated = framer.pending ? 1 : 0;
      framer.endIdle(true); // a scanner without suffix: the last code ends with the capture
      emit({
        type: 'summary',
        protocol: 'barcode',
        bytes: offset,
        scans,
        unterminated,
        empty,
        overLength: framer.stats.overLength,
        fragments: framer.stats.fragments,
      });
    },
  };
}

/** A streaming decoder: records come out in byte order as the bytes are pushed, a `summary` on end(). */
export function createCaptureDecoder(
  protocol: DecodeProtocol,
  o: DecodeOptions,
  emit: (r: DecodeRecord) => void,
): CaptureDecoder {
  return protocol === 'barcode' ? barcodeDecoder(o, emit) : rfidDecoder(protocol, o, emit);
}

/** Decodes a whole capture; records come out in byte order, a `summary` record last. */
export function decodeCapture(protocol: DecodeProtocol, bytes: Buffer, o: DecodeOptions): DecodeRecord[] {
  const out: DecodeRecord[] = [];
  const d = createCaptureDecoder(protocol, o, (r) => void out.push(r));
  d.push(bytes);
  d.end();
  return out;
}
