// R2000 frame boundaries for the generic Framer: header 0xA0, Len at offset 1, whole frame Len + 2.
//
// An 8-bit checksum matches one random candidate in 256, so a candidate must also be plausible before it
// counts: a command code from the manual's table, a length that command can have and, for tag answers
// (0x89, 0x8A), the EPC length its PC word announces. Implausible headers are rejected as soon as their
// first bytes are in, so a stray `A0 FF` does not even hold the stream. A verified frame inside which
// another verified frame starts (a torn frame whose length runs over the next good one) is rejected too:
// real frames never overlap. A tag-answer header inside a verified frame holds it until that candidate
// completes (at most one frame) or the line goes idle.
import { Framer } from '../framer.js';
import type { FrameSpec } from '../framer.js';
import {
  isInventoryNonTagLength,
  isTagInventoryCmd,
  R2000_HEAD,
  R2000_MIN_LEN,
  R2000Cmd,
  r2000Checksum,
  tagAnswerFitsPc,
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

export const r2000FrameSpec: FrameSpec = {
  frameLength(buf, i, end) {
    if (buf[i] !== R2000_HEAD) return -1;
    if (i + 1 >= end) return 0;
    const len = buf[i + 1] as number;
    if (len < R2000_MIN_LEN) return -1;
    if (i + 3 >= end) return 0;
    const cmd = buf[i + 3] as number;
    const dataLen = len - 3;
    if (isTagInventoryCmd(cmd)) {
      if (isInventoryNonTagLength(cmd, dataLen)) return len + 2;
      if (dataLen < 4) return -1;
      if (i + PC_END >= end) return 0;
      const pc = ((buf[i + 5] as number) << 8) | (buf[i + 6] as number);
      return tagAnswerFitsPc(dataLen, pc) ? len + 2 : -1;
    }
    const rule = DATA_LENGTHS[cmd];
    return rule && rule(dataLen) ? len + 2 : -1;
  },
  verify(buf, start, end) {
    return r2000Checksum(buf, start, end - 1) === buf[end - 1];
  },
  rejectOverlapped: true,
  // Only a tag-answer header (command, length and PC consistent) holds a verified frame until it
  // completes; a frame-like run inside an EPC with a weaker header does not delay delivery.
  holdsFor(buf, k) {
    return isTagInventoryCmd(buf[k + 3] as number);
  },
};

export function createR2000Framer(onFrame: (frame: Buffer) => void): Framer {
  return new Framer(r2000FrameSpec, onFrame);
}
