// Chafon frames have no header byte: try the length byte at each offset and accept the candidate only when
// the CRC over the whole frame is zero. Responses are at least 6 bytes (Len Adr reCmd Status CRC CRC),
// commands at least 5; a simulator parsing host commands passes the smaller minimum. A length byte read in
// noise can announce up to 256 bytes: a complete good frame behind it is delivered at once, not after them.
import { Framer } from '../framer.js';
import type { FrameInfo, FrameSpec } from '../framer.js';
import { chafonCrc } from './crc.js';

const TAG_STATUSES = new Set([0x01, 0x02, 0x03, 0x04]);

/** Tag blocks {Len EPC [RSSI]} from `p` fill exactly up to `end` (`rssi`: the 288's byte after each). */
function blocksFill(buf: Uint8Array, p: number, end: number, num: number, rssi: boolean): boolean {
  for (let n = 0; n < num; n++) {
    if (p >= end) return false;
    p += 1 + ((buf[p] as number) & (rssi ? 0x7f : 0xff)) + (rssi ? 1 : 0);
  }
  return p === end;
}

/**
 * A CRC-16 match on a random candidate happens once in 65 536, and without a header every byte starts
 * one: answers that carry tags must also have a consistent layout (tag count and EPC lengths filling the
 * frame exactly, for one of the families) before they count, so noise does not become phantom tags.
 */
export function chafonPlausible(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 6) return true; // commands and bare answers: the CRC decides
  const reCmd = buf[start + 2] as number;
  const status = buf[start + 3] as number;
  const d = start + 4; // data
  const stop = end - 2; // CRC
  // The 288's inventory command: Q (read here as a status) Session Target Ant (0x80 + port) Scantime.
  const ant = buf[start + 6] as number;
  if (reCmd === 0x01 && end - start === 10 && ant >= 0x80 && ant <= 0x87) return true;
  if ((reCmd === 0x01 || reCmd === 0x0f) && TAG_STATUSES.has(status)) {
    const as18 = d < stop && blocksFill(buf, d + 1, stop, buf[d] as number, false);
    const as288 = reCmd === 0x01 && d + 1 < stop && blocksFill(buf, d + 2, stop, buf[d + 1] as number, true);
    return as18 || as288;
  }
  if (reCmd === 0xee && status === 0x00) {
    // 18: the EPC is the rest of the frame (whole words); 288: Ant, Len, EPC, RSSI.
    const n = stop - d;
    return (n > 0 && n % 2 === 0) || (n >= 3 && ((buf[d + 1] as number) & 0x7f) + 3 === n);
  }
  return true;
}

export const CHAFON_MIN_RESPONSE_LEN = 5;
export const CHAFON_MIN_COMMAND_LEN = 4;

export function chafonFrameSpec(minLen = CHAFON_MIN_RESPONSE_LEN): FrameSpec {
  return {
    frameLength(buf, i) {
      const len = buf[i] as number;
      return len < minLen ? -1 : len + 1;
    },
    verify(buf, start, end) {
      return chafonCrc(buf, start, end) === 0 && chafonPlausible(buf, start, end);
    },
    supersedeIncomplete: true,
  };
}

export function createChafonFramer(
  onFrame: (frame: Buffer, info: FrameInfo) => void,
  minLen?: number,
): Framer {
  return new Framer(chafonFrameSpec(minLen), onFrame);
}
