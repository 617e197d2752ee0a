import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameSpec } from '../../hardware/rfid/framer.js';
import { chafonFrameSpec, chafonPlausible, createChafonFramer } from '../../hardware/rfid/chafon/framer.js';
import { encodeChafonResponse } from '../../hardware/rfid/chafon/codec.js';
import { createR2000Framer, r2000FrameSpec } from '../../hardware/rfid/r2000/framer.js';
import { encodeR2000, encodeTagAnswer, r2000Checksum } from '../../hardware/rfid/r2000/codec.js';
import { frame, loadFrames } from './helpers/fixtures.js';
import { splitAt } from './helpers/split.js';

const F = loadFrames('r2000-frames');
const tag = frame(F, 'tagAnt2Freq5');
const summary = frame(F, 'summaryAnt2');

function collect(kind: 'r2000' | 'chafon') {
  const out: Buffer[] = [];
  const framer =
    kind === 'r2000' ? createR2000Framer((f) => out.push(f)) : createChafonFramer((f) => out.push(f));
  return { framer, out };
}

/**
 * True when a frame could start at a byte outside the real frames and still pass its checksum: then no
 * framer can tell it from a real frame, so such inputs are outside what the property can promise.
 */
function spuriousCandidate(stream: Buffer, realStarts: Set<number>, spec: FrameSpec): boolean {
  for (let i = 0; i < stream.length; i++) {
    if (realStarts.has(i)) continue;
    const len = spec.frameLength(stream, i, stream.length);
    if (len > 0 && i + len <= stream.length && spec.verify(stream, i, i + len)) return true;
  }
  return false;
}

const r2000Frame = fc
  .record({
    addr: fc.integer({ min: 0, max: 255 }),
    antenna: fc.integer({ min: 1, max: 4 }),
    words: fc.integer({ min: 1, max: 8 }),
    seed: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    rssi: fc.integer({ min: 0, max: 255 }),
  })
  .map((t) =>
    encodeTagAnswer(t.addr, { antenna: t.antenna, epc: t.seed.subarray(0, t.words * 2), rssiRaw: t.rssi }),
  );

const chafonFrame = fc
  .record({
    cmd: fc.integer({ min: 0, max: 255 }),
    status: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 40 }),
  })
  .map((c) => encodeChafonResponse(0x00, c.cmd, c.status, c.data))
  // A tag-carrying answer whose tag blocks do not fill it is no longer a good frame (see chafonPlausible).
  .filter((f) => chafonPlausible(f, 0, f.length));

describe('R2000 framer: literal cases', () => {
  it('delivers two frames from one chunk', () => {
    const { framer, out } = collect('r2000');
    framer.push(Buffer.concat([tag, summary]));
    expect(out).toEqual([tag, summary]);
  });

  it('joins a frame split across chunks, byte by byte', () => {
    const { framer, out } = collect('r2000');
    for (const b of tag) framer.push(Buffer.from([b]));
    expect(out).toEqual([tag]);
    expect(framer.pendingBytes).toBe(0);
  });

  it('drops a frame with a bad checksum and keeps the next good one', () => {
    const { framer, out } = collect('r2000');
    const bad = Buffer.from(tag);
    bad.writeUInt8(bad.readUInt8(10) ^ 0xff, 10);
    framer.push(Buffer.concat([bad, summary]));
    expect(out).toEqual([summary]);
    expect(framer.stats.badFrames).toBe(1);
    expect(framer.stats.checksumErrors).toBeGreaterThanOrEqual(1);
  });

  it('skips junk before the start byte', () => {
    const { framer, out } = collect('r2000');
    framer.push(Buffer.concat([Buffer.from([0x00, 0x13, 0x55, 0xff]), tag]));
    expect(out).toEqual([tag]);
    expect(framer.stats).toMatchObject({ frames: 1, badFrames: 1, droppedBytes: 4 });
  });

  it('does not let a stray "A0 05" swallow the next real frame (PacketLengthParser would)', () => {
    const { framer, out } = collect('r2000');
    framer.push(Buffer.concat([Buffer.from([0xa0, 0x05]), tag, summary]));
    expect(out).toEqual([tag, summary]);
  });

  it('copes with 0xA0 inside an EPC', () => {
    const epc = Buffer.from('A0A0A0A0A013A0A0A0A0A0A0', 'hex');
    const f = encodeTagAnswer(1, { antenna: 1, epc, rssiRaw: 0xa0 });
    const { framer, out } = collect('r2000');
    framer.push(Buffer.concat([Buffer.from([0xa0, 0x13, 0x01]), f, f]));
    expect(out).toEqual([f, f]);
  });

  it('flushes a stuck partial candidate when the line goes idle', () => {
    const { framer, out } = collect('r2000');
    framer.push(Buffer.from([0xa0, 0xff, 0x01, 0x89]));
    expect(framer.pendingBytes).toBe(4);
    framer.flushStale();
    expect(framer.pendingBytes).toBe(0);
    framer.push(summary);
    expect(out).toEqual([summary]);
    expect(framer.stats.badFrames).toBe(1);
  });

  it('rejects lengths below the minimum frame', () => {
    const { framer, out } = collect('r2000');
    framer.push(Buffer.from([0xa0, 0x02, 0xa0, 0x00]));
    framer.push(summary);
    expect(out).toEqual([summary]);
  });
});

describe('R2000 framer: plausibility before the 8-bit checksum', () => {
  const folderEpc = Buffer.from('34164521480000003B9ACED2', 'hex');
  const good = encodeTagAnswer(1, { antenna: 1, epc: folderEpc, rssiRaw: 0x50 });

  it('rejects a header whose length its command cannot have at once, so good frames behind it are not held', () => {
    const { framer, out } = collect('r2000');
    framer.push(Buffer.concat([Buffer.from([0xa0, 0xff, 0x01, 0x89]), tag, summary]));
    expect(out).toEqual([tag, summary]); // no idle flush needed
    expect(framer.pendingBytes).toBe(0);
  });

  it('rejects unknown command codes and a PC that does not fit the length', () => {
    const { framer, out } = collect('r2000');
    framer.push(encodeR2000(1, 0x13, [1, 2, 3])); // not in the manual's table
    framer.push(encodeR2000(1, 0x89, [0x00, 0x38, 0x00, ...folderEpc, 0x50])); // PC: 14 bytes
    framer.push(encodeR2000(1, 0x89, [0x00, 0x30, 0x00, ...folderEpc, 0x50, 1, 2, 3])); // 3 trailing
    framer.flushStale();
    framer.push(summary);
    expect(out).toEqual([summary]);
  });

  it('a torn frame whose checksum matches by chance over the next good frame and a noise byte builds no phantom tag', () => {
    const torn = good.subarray(0, 8); // announces 21 bytes
    const body = Buffer.concat([torn, summary]); // 20 of them
    const fake = Buffer.concat([body, Buffer.from([r2000Checksum(body)])]);
    expect(r2000FrameSpec.verify(fake, 0, fake.length)).toBe(true); // the old framer delivered this
    const { framer, out } = collect('r2000');
    framer.push(Buffer.concat([fake, good]));
    expect(out).toEqual([summary, good]);
    expect(framer.stats.overlaps).toBe(1);
  });

  it('a torn frame whose checksum matches by chance inside the next good frame does not swallow it', () => {
    // Vary the torn frame's first EPC byte until its 21-byte candidate, running into the good frame, verifies.
    let stream: Buffer | null = null;
    for (let b = 0; b < 256 && !stream; b++) {
      const torn = Buffer.from(good.subarray(0, 8));
      torn[7] = b;
      const s = Buffer.concat([torn, good, summary]);
      if (r2000FrameSpec.verify(s, 0, 21)) stream = s;
    }
    expect(stream).not.toBeNull();
    const { framer, out } = collect('r2000');
    for (const b of stream!) framer.push(Buffer.from([b]));
    expect(out).toEqual([good, summary]);
  });
});

describe('R2000 framer: properties', () => {
  it('delivers the same frames whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(r2000Frame, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, cuts) => {
          const { framer, out } = collect('r2000');
          for (const c of splitAt(Buffer.concat(frames), cuts)) framer.push(c);
          expect(out).toEqual(frames);
          expect(framer.stats.badFrames).toBe(0);
        },
      ),
    );
  });

  it('counts one bad frame per noise burst (noise without a start byte) and loses no frame', () => {
    const noise = fc
      .uint8Array({ minLength: 0, maxLength: 12 })
      .map((n) => Buffer.from(n.map((b) => (b === 0xa0 ? 0x20 : b))));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, r2000Frame), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (parts, cuts) => {
          const { framer, out } = collect('r2000');
          for (const c of splitAt(Buffer.concat(parts.flat()), cuts)) framer.push(c);
          expect(out).toEqual(parts.map((p) => p[1]));
          expect(framer.stats.badFrames).toBe(parts.filter((p) => p[0].length > 0).length);
        },
      ),
    );
  });

  it('resynchronises after torn frames and random noise without losing the next good frame', () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 10 }).map((b) => Buffer.from(b)),
      fc.tuple(r2000Frame, fc.nat()).map(([f, n]) => f.subarray(0, 1 + (n % (f.length - 1)))), // torn frame
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(junk, r2000Frame), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (parts, cuts) => {
          const stream = Buffer.concat(parts.flat());
          const starts = new Set<number>();
          let at = 0;
          for (const [j, f] of parts) {
            starts.add(at + j.length);
            at += j.length + f.length;
          }
          fc.pre(!spuriousCandidate(stream, starts, r2000FrameSpec));
          const { framer, out } = collect('r2000');
          for (const c of splitAt(stream, cuts)) framer.push(c);
          framer.flushStale();
          expect(out).toEqual(parts.map((p) => p[1]));
        },
      ),
    );
  });

  it('never throws and only ever emits frames with a valid checksum, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), r2000Frame), { maxLength: 20 }),
        (parts) => {
          const { framer, out } = collect('r2000');
          for (const p of parts) framer.push(Buffer.from(p));
          framer.flushStale();
          for (const f of out) expect(r2000FrameSpec.verify(f, 0, f.length)).toBe(true);
          expect(framer.pendingBytes).toBe(0);
        },
      ),
    );
  });
});

describe('Chafon framer (no header byte: a length tried at each offset)', () => {
  it('finds a frame after noise and a torn frame, CRC decides', () => {
    const good = encodeChafonResponse(0, 1, 0xfb);
    const torn = encodeChafonResponse(0, 1, 1, [1, 2, 3, 4, 5, 6]).subarray(0, 5);
    const { framer, out } = collect('chafon');
    framer.push(Buffer.concat([Buffer.from([0x00, 0x01, 0x02]), torn, good, good]));
    expect(out).toEqual([good, good]);
  });

  it('delivers the same frames whatever the chunking and noise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 8 }), chafonFrame), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (parts, cuts) => {
          const stream = Buffer.concat(parts.flatMap(([n, f]) => [Buffer.from(n), f]));
          const starts = new Set<number>();
          let at = 0;
          for (const [n, f] of parts) {
            starts.add(at + n.length);
            at += n.length + f.length;
          }
          fc.pre(!spuriousCandidate(stream, starts, chafonFrameSpec()));
          const { framer, out } = collect('chafon');
          for (const c of splitAt(stream, cuts)) framer.push(c);
          framer.flushStale();
          expect(out).toEqual(parts.map((p) => p[1]));
        },
      ),
    );
  });

  it("delivers a good frame behind noise at once, without waiting for the noise byte's announced length", () => {
    const good = encodeChafonResponse(0, 1, 0xfb);
    const { framer, out } = collect('chafon');
    framer.push(Buffer.from([0xf0, 0x11, 0x22])); // 0xF0 announces 241 more bytes
    framer.push(good);
    expect(out).toEqual([good]); // no idle flush, no 241 bytes
    framer.push(good);
    expect(out).toEqual([good, good]);
  });

  it('a tag answer whose CRC holds but whose tag blocks do not fill the frame is not a frame', () => {
    const bad = encodeChafonResponse(0, 0x01, 0x01, [1, 12, 1, 2, 3]); // announces a 12-byte EPC, has 3
    const good = encodeChafonResponse(0, 1, 0xfb);
    const { framer, out } = collect('chafon');
    framer.push(Buffer.concat([bad, good]));
    expect(out).toEqual([good]);
  });

  it('a plain R2000 command never passes as a Chafon frame', () => {
    const { framer, out } = collect('chafon');
    framer.push(encodeR2000(1, 0x89, [0xff]));
    framer.flushStale();
    expect(out).toEqual([]);
  });
});
