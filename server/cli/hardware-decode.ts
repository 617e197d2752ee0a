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

function skippedRecord(bytes: Buffer, start: number, end: number): DecodeRecord {
  const shown = bytes.subarray(start, Math.min(end, start + 32));
  return {
    type: 'skipped',
    offset: start,
    length: end - start,
    hex: spaced(shown) + (end - start > shown.length ? ' …' : ''),
  };
}

interface FramingResult {
  frames: number;
  /** Runs of rejected bytes ("losses of sync"), the way device status counts checksum errors. */
  checksumErrors: number;
  /** Complete candidates whose checksum failed (one corrupted frame can give several). */
  badCandidates: number;
  droppedBytes: number;
}

/**
 * Runs a whole capture through the layer's Framer, reporting each frame with its offset and each run of
 * skipped bytes. Every byte is either dropped or part of a frame, in order, so a frame's offset is the
 * bytes dropped so far plus the frame bytes delivered so far.
 */
function frameCapture(
  spec: FrameSpec,
  bytes: Buffer,
  onFrame: (frame: Buffer, offset: number) => void,
  onSkipped: (start: number, end: number) => void,
): FramingResult {
  let delivered = 0;
  let lastEnd = 0;
  const framer: Framer = new Framer(spec, (frame) => {
    const offset = framer.stats.droppedBytes + delivered;
    if (offset > lastEnd) onSkipped(lastEnd, offset);
    delivered += frame.length;
    lastEnd = offset + frame.length;
    onFrame(frame, offset);
  });
  framer.push(bytes);
  framer.flushStale(); // end of capture: an incomplete candidate is a torn frame
  if (bytes.length > lastEnd) onSkipped(lastEnd, bytes.length);
  const s = framer.stats;
  return {
    frames: s.frames,
    checksumErrors: s.badFrames,
    badCandidates: s.checksumErrors,
    droppedBytes: s.droppedBytes,
  };
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

function decodeRfid(
  protocol: 'r2000' | 'chafon',
  bytes: Buffer,
  o: DecodeOptions,
  emit: (r: DecodeRecord) => void,
): void {
  const spec = protocol === 'r2000' ? r2000FrameSpec : chafonFrameSpec(CHAFON_MIN_COMMAND_LEN);
  const describe = protocol === 'r2000' ? describeR2000 : describeChafon;
  let n = 0;
  let tags = 0;
  let malformed = 0;
  const result = frameCapture(
    spec,
    bytes,
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
    (start, end) => emit(skippedRecord(bytes, start, end)),
  );
  emit({
    type: 'summary',
    protocol,
    bytes: bytes.length,
    frames: result.frames,
    tags,
    checksumErrors: result.checksumErrors,
    droppedBytes: result.droppedBytes,
    badCandidates: result.badCandidates,
    malformed,
  });
}

// ---- barcode ----------------------------------------------------------------------------------------

function decodeBarcode(bytes: Buffer, o: DecodeOptions, emit: (r: DecodeRecord) => void): void {
  const encoding = o.encoding ?? 'utf8';
  try {
    assertEncoding(encoding);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  let scans = 0;
  let empty = 0;
  let atEnd = false;
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
  // One byte at a time with its offset as the "time", so each record knows where it started.
  for (let i = 0; i < bytes.length; i++) framer.push(bytes.subarray(i, i + 1), i);
  atEnd = true;
  const unterminated = framer.pending ? 1 : 0;
  framer.endIdle(true); // a scanner without suffix: the last code ends with the capture
  emit({
    type: 'summary',
    protocol: 'barcode',
    bytes: bytes.length,
    scans,
    unterminated,
    empty,
    overLength: framer.stats.overLength,
    fragments: framer.stats.fragments,
  });
}

/** Decodes a whole capture; records come out in byte order, a `summary` record last. */
export function decodeCapture(protocol: DecodeProtocol, bytes: Buffer, o: DecodeOptions): DecodeRecord[] {
  const out: DecodeRecord[] = [];
  const emit = (r: DecodeRecord): void => {
    out.push(r);
  };
  if (protocol === 'barcode') decodeBarcode(bytes, o, emit);
  else decodeRfid(protocol, bytes, o, emit);
  return out;
}
