// R2000 frame boundaries for the generic Framer: header 0xA0, Len at offset 1, whole frame Len + 2.
//
// An 8-bit checksum matches one random candidate in 256, so a candidate must also be plausible before it
// counts: a command code from the manual's table, a length that command can have and, for tag answers
// (0x89, 0x8A), the EPC length its PC word announces. Implausible headers are rejected as soon as their
// first bytes are in, so a stray `A0 FF` does not even hold the stream. A verified frame inside which
// another verified frame starts (a torn frame whose length runs over the next good one) is rejected too:
// real frames never overlap. A tag-answer header inside a verified frame holds it until that candidate
// completes (at most one frame) or the line goes idle. A driver that knows its reader adds the address,
// the tag answer's field ranges and a wait on a header cut by a chunk end (R2000FrameRules): a torn frame
// completed by the next frame's `A0 Len` otherwise passes whenever a chunk ends there. What still passes
// by chance is flagged when it sits next to rejected bytes (FrameInfo) and confirmed by the driver
// (tag-confirm.ts).
import { Framer } from '../framer.js';
import type { FrameInfo, FrameSpec } from '../framer.js';
import {
  freqAntPlausible,
  isInventoryNonTagLength,
  isTagInventoryCmd,
  R2000_HEAD,
  R2000_MIN_LEN,
  R2000Cmd,
  r2000Checksum,
  rssiPlausible,
  tagAnswerFitsPc,
  tagRssiRaw,
} from './codec.js';

type LengthRule = (dataLen: number) => boolean;
const oneOf =
  (...lengths: number[]): LengthRule =>
  (n) =>
    lengths.includes(n);
const upTo =
  (max: number): LengthRule =>
  (n) =>
    n <= max;

/**
 * Data lengths (bytes between Cmd and Check) per command, host commands and reader answers together.
 * The commands this layer speaks are exact; the rest of the manual's table gets a generous bound, as
 * their answers are reported but not interpreted. Codes outside the table never start a frame.
 */
const DATA_LENGTHS: Readonly<Record<number, LengthRule>> = {
  0x60: upTo(4), // read GPIO
  0x61: upTo(2), // write GPIO
  0x62: upTo(1),
  0x63: upTo(1),
  0x66: upTo(1),
  0x67: upTo(12), // reader identifier
  0x68: upTo(12),
  0x69: upTo(1),
  0x6a: upTo(1),
  0x70: upTo(1), // reset
  [R2000Cmd.setBaudRate]: oneOf(1),
  [R2000Cmd.getFirmwareVersion]: oneOf(0, 1, 2),
  0x73: oneOf(1), // set reader address
  [R2000Cmd.setWorkAntenna]: oneOf(1),
  0x75: oneOf(0, 1), // get work antenna
  [R2000Cmd.setOutputPower]: oneOf(1, 4, 8),
  0x77: oneOf(0, 1, 4, 8), // get output power
  0x78: upTo(6), // set frequency region
  0x79: upTo(6),
  0x7a: upTo(1), // beeper
  0x7b: upTo(2), // temperature
  0x7c: upTo(1),
  0x7d: upTo(1),
  0x7e: upTo(2), // RF port return loss
  0x80: upTo(9), // buffered inventory
  0x81: upTo(255), // read tag: up to the words asked for
  0x82: upTo(255), // write tag
  0x83: upTo(80),
  0x84: upTo(80),
  0x85: upTo(66), // set access EPC match
  0x86: upTo(66),
  0x8b: upTo(70), // customised session/target inventory
  0x8c: upTo(1),
  0x8d: upTo(1),
  0x8e: upTo(1),
  0x90: upTo(80), // inventory buffer
  0x91: upTo(80),
  0x92: upTo(2),
  0x93: upTo(1),
};

/** Offset of the last header byte the plausibility checks read (the PC's second byte). */
const PC_END = 6;

/** What a driver knows about its reader, checked on every candidate. Read live (it may be learned). */
export interface R2000FrameRules {
  /** The reader's address: answers carrying another are not its own. null: not known (yet). */
  address: number | null;
  /**
   * Tag answers must name a frequency of the table and carry an RSSI byte a 4-port module sends, and a
   * frame whose last bytes hold a cut header waits for it (FrameSpec.waitOnCutHeader). Off for tools
   * that decode any reader's bytes (8-port modules use RSSI bit 7).
   */
  tagFields: boolean;
}

const LENIENT: R2000FrameRules = { address: null, tagFields: false };

/**
 * Tag-answer fields the checksum alone would let through: with a torn frame's real header in front,
 * noise supplies the EPC tail, RSSI and checksum, and the RSSI range rejects most such candidates.
 */
function tagFieldsPlausible(buf: Uint8Array, start: number, end: number): boolean {
  const data = buf.subarray(start + 4, end - 1);
  return freqAntPlausible(data[0] as number) && rssiPlausible(tagRssiRaw(data));
}

/** The R2000 FrameSpec under `rules` (the default one knows no reader: any address, any field value). */
export function createR2000FrameSpec(rules: R2000FrameRules = LENIENT): FrameSpec {
  return {
    headerByte: R2000_HEAD,
    frameLength(buf, i, end) {
      if (buf[i] !== R2000_HEAD) return -1;
      if (i + 1 >= end) return 0;
      const len = buf[i + 1] as number;
      if (len < R2000_MIN_LEN) return -1;
      if (i + 2 >= end) return 0;
      if (rules.address !== null && buf[i + 2] !== rules.address) return -1;
      if (i + 3 >= end) return 0;
      const cmd = buf[i + 3] as number;
      const dataLen = len - 3;
      if (isTagInventoryCmd(cmd)) {
        if (isInventoryNonTagLength(cmd, dataLen)) return len + 2;
        if (dataLen < 4) return -1;
        if (i + PC_END >= end) return 0;
        if (rules.tagFields && !freqAntPlausible(buf[i + 4] as number)) return -1;
        const pc = ((buf[i + 5] as number) << 8) | (buf[i + 6] as number);
        return tagAnswerFitsPc(dataLen, pc) ? len + 2 : -1;
      }
      const rule = DATA_LENGTHS[cmd];
      return rule && rule(dataLen) ? len + 2 : -1;
    },
    verify(buf, start, end) {
      if (r2000Checksum(buf, start, end - 1) !== buf[end - 1]) return false;
      const cmd = buf[start + 3] as number;
      const dataLen = end - start - 5;
      if (!rules.tagFields || !isTagInventoryCmd(cmd) || isInventoryNonTagLength(cmd, dataLen)) return true;
      return tagFieldsPlausible(buf, start, end);
    },
    rejectOverlapped: true,
    waitOnCutHeader: rules.tagFields,
    // Only a tag-answer header (command, length and PC consistent) holds a verified frame until it
    // completes; a frame-like run inside an EPC with a weaker header does not delay delivery.
    holdsFor(buf, k) {
      return isTagInventoryCmd(buf[k + 3] as number);
    },
  };
}

/** Any reader's frames (tools, simulators, tests): header, length, command, PC and checksum only. */
export const r2000FrameSpec: FrameSpec = createR2000FrameSpec();

export function createR2000Framer(
  onFrame: (frame: Buffer, info: FrameInfo) => void,
  rules?: R2000FrameRules,
): Framer {
  return new Framer(rules ? createR2000FrameSpec(rules) : r2000FrameSpec, onFrame);
}
