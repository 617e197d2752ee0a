// Chafon frames have no header byte: try the length byte at each offset and accept the candidate only when
// the CRC over the whole frame is zero. Responses are at least 6 bytes (Len Adr reCmd Status CRC CRC),
// commands at least 5; a simulator parsing host commands passes the smaller minimum.
import { Framer } from '../framer.js';
import type { FrameSpec } from '../framer.js';
import { chafonCrc } from './crc.js';

export const CHAFON_MIN_RESPONSE_LEN = 5;
export const CHAFON_MIN_COMMAND_LEN = 4;

export function chafonFrameSpec(minLen = CHAFON_MIN_RESPONSE_LEN): FrameSpec {
  return {
    frameLength(buf, i) {
      const len = buf[i] as number;
      return len < minLen ? -1 : len + 1;
    },
    verify(buf, start, end) {
      return chafonCrc(buf, start, end) === 0;
    },
  };
}

export function createChafonFramer(onFrame: (frame: Buffer) => void, minLen?: number): Framer {
  return new Framer(chafonFrameSpec(minLen), onFrame);
}
