// R2000 frame boundaries for the generic Framer: header 0xA0, Len at offset 1, whole frame Len + 2.
import { Framer } from '../framer.js';
import type { FrameSpec } from '../framer.js';
import { R2000_HEAD, R2000_MIN_LEN, r2000Checksum } from './codec.js';

export const r2000FrameSpec: FrameSpec = {
  frameLength(buf, i, end) {
    if (buf[i] !== R2000_HEAD) return -1;
    if (i + 1 >= end) return 0;
    const len = buf[i + 1] as number;
    return len < R2000_MIN_LEN ? -1 : len + 2;
  },
  verify(buf, start, end) {
    return r2000Checksum(buf, start, end - 1) === buf[end - 1];
  },
};

export function createR2000Framer(onFrame: (frame: Buffer) => void): Framer {
  return new Framer(r2000FrameSpec, onFrame);
}
