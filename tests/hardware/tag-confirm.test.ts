// Reads from frames next to noise wait for a second read of their EPC (tag-confirm.ts); the R2000
// framer's reader-specific rules and the position flags it reports.
import { describe, expect, it } from 'vitest';
import type { TagRead } from '../../hardware/common/types.js';
import type { FrameInfo } from '../../hardware/rfid/framer.js';
import { encodeRoundSummary, encodeTagAnswer, r2000Checksum } from '../../hardware/rfid/r2000/codec.js';
import { createR2000Framer } from '../../hardware/rfid/r2000/framer.js';
import { TagConfirmer } from '../../hardware/rfid/tag-confirm.js';

const read = (epc: string, at = 0): TagRead => ({ deviceId: 'r', antenna: 1, epc, rssi: -50, at });

describe('TagConfirmer', () => {
  it('passes clean reads at once and releases a held read when its EPC is read again', () => {
    const c = new TagConfirmer();
    expect(c.offer(read('AA'), false)).toEqual([read('AA')]);
    expect(c.offer(read('BB', 1), true)).toEqual([]);
    c.roundEnd();
    expect(c.offer(read('BB', 2), false)).toEqual([read('BB', 1), read('BB', 2)]);
    expect(c.stats).toEqual({ held: 1, confirmed: 1, dropped: 0 });
  });

  it('drops a read never seen again at the third round end, and on close', () => {
    const c = new TagConfirmer();
    c.offer(read('CC'), true);
    c.roundEnd();
    c.roundEnd();
    expect(c.pending).toBe(1); // one spurious summary must not drop a real read before its next round
    c.roundEnd();
    expect(c.pending).toBe(0);
    c.offer(read('DD'), true);
    c.clear();
    expect(c.stats).toMatchObject({ held: 2, confirmed: 0, dropped: 2 });
  });
});

describe('R2000 framer with a reader’s rules', () => {
  const epc = Buffer.from('34164521480000003B9ACED2', 'hex');
  function collect(address: number | null) {
    const out: { frame: Buffer; info: FrameInfo }[] = [];
    const framer = createR2000Framer((frame, info) => out.push({ frame, info }), {
      address,
      tagFields: true,
    });
    return { framer, out };
  }

  it('rejects another address, a frequency index past the table and an RSSI a 4-port module never sends', () => {
    const good = encodeTagAnswer(1, { antenna: 2, freqIndex: 59, epc, rssiRaw: 0x50 });
    const { framer, out } = collect(1);
    framer.push(encodeTagAnswer(2, { antenna: 1, epc, rssiRaw: 0x50 }));
    framer.push(encodeTagAnswer(1, { antenna: 1, freqIndex: 60, epc, rssiRaw: 0x50 }));
    framer.push(encodeTagAnswer(1, { antenna: 1, epc, rssiRaw: 0x80 }));
    framer.push(encodeTagAnswer(1, { antenna: 1, epc, rssiRaw: 0x13 }));
    framer.push(good);
    expect(out.map((o) => o.frame)).toEqual([good]);
  });

  it('flags a frame after rejected bytes or before a byte that is not a header', () => {
    const tag = encodeTagAnswer(1, { antenna: 1, epc, rssiRaw: 0x50 });
    const summary = encodeRoundSummary(1, 1, 10, 1);
    const { framer, out } = collect(null);
    framer.push(Buffer.concat([tag, summary, Buffer.from([0x55]), tag, Buffer.from([0x42]), summary]));
    expect(out.map((o) => o.info)).toEqual([
      { afterNoise: false, beforeNoise: false }, // followed by a header
      { afterNoise: false, beforeNoise: true },
      { afterNoise: true, beforeNoise: true },
      { afterNoise: true, beforeNoise: false }, // nothing after it yet: silence
    ]);
  });

  it('waits for a header cut by the end of a chunk: a torn frame completed by the next frame’s first bytes', () => {
    const next = encodeTagAnswer(1, { antenna: 1, epc, rssiRaw: 0x50 });
    // A phase-carrying answer torn before its last phase byte and checksum; vary an EPC byte until the
    // next frame's `A0 Len` completes it with a checksum that holds (1 in 256 by chance).
    let torn: Buffer | null = null;
    for (let b = 0; b < 256 && !torn; b++) {
      const e = Buffer.from(epc);
      e[11] = b;
      const whole = encodeTagAnswer(1, { antenna: 1, epc: e, rssiRaw: 0x50, phase: 0x1234 });
      const cut = whole.subarray(0, whole.length - 2);
      const fake = Buffer.concat([cut, next.subarray(0, 2)]);
      if (r2000Checksum(fake, 0, fake.length - 1) === fake[fake.length - 1]) torn = cut;
    }
    expect(torn).not.toBeNull();
    const { framer, out } = collect(1);
    framer.push(Buffer.concat([torn!, next.subarray(0, 2)])); // the chunk ends inside the next header
    framer.push(next.subarray(2));
    expect(out.map((o) => o.frame)).toEqual([next]);
  });
});
