// Devices under noise: good frames interleaved with random noise and torn frames, cut at random chunk
// boundaries. Every good frame must come out exactly once, in order, and no tag may appear that no good
// frame carried. A longer run of the same check: bench/hardware-fuzz.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chafonFrameSpec, createChafonFramer } from '../../hardware/rfid/chafon/framer.js';
import {
  encodeAutonomous288,
  encodeInventoryAnswer18,
  encodeInventoryAnswer288,
} from '../../hardware/rfid/chafon/codec.js';
import { createR2000FrameSpec, createR2000Framer } from '../../hardware/rfid/r2000/framer.js';
import type { FrameSpec } from '../../hardware/rfid/framer.js';
import type { R2000FrameRules } from '../../hardware/rfid/r2000/framer.js';
import {
  encodeRoundSummary,
  encodeTagAnswer,
  R2000_FREQ_INDEX_MAX,
  R2000_RSSI_RAW_MAX,
  R2000_RSSI_RAW_MIN,
} from '../../hardware/rfid/r2000/codec.js';
import { auditFrames } from '../../hardware/sim/frame-audit.js';
import { splitAt } from './helpers/split.js';

const epc = fc
  .integer({ min: 1, max: 8 })
  .chain((words) => fc.uint8Array({ minLength: words * 2, maxLength: words * 2 }));

const r2000Good = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        addr: fc.integer({ min: 0, max: 255 }),
        antenna: fc.integer({ min: 1, max: 4 }),
        freqIndex: fc.integer({ min: 0, max: 63 }),
        epc,
        rssi: fc.integer({ min: 0, max: 255 }),
        phase: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
        cmd: fc.constantFrom(0x89, 0x8a),
      })
      .map((t) =>
        encodeTagAnswer(
          t.addr,
          { antenna: t.antenna, freqIndex: t.freqIndex, epc: t.epc, rssiRaw: t.rssi, phase: t.phase },
          t.cmd,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 65535 }), fc.nat())
      .map(([ant, rate, total]) => encodeRoundSummary(1, ant, rate, total)),
  },
);

/** What one R2000 reader at address 1 sends: the driver's framer rules hold for every frame. */
const r2000ReaderGood = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        antenna: fc.integer({ min: 1, max: 4 }),
        freqIndex: fc.integer({ min: 0, max: R2000_FREQ_INDEX_MAX }),
        epc,
        rssi: fc.integer({ min: R2000_RSSI_RAW_MIN, max: R2000_RSSI_RAW_MAX }),
        phase: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
        cmd: fc.constantFrom(0x89, 0x8a),
      })
      .map((t) =>
        encodeTagAnswer(
          1,
          { antenna: t.antenna, freqIndex: t.freqIndex, epc: t.epc, rssiRaw: t.rssi, phase: t.phase },
          t.cmd,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 65535 }), fc.nat())
      .map(([ant, rate, total]) => encodeRoundSummary(1, ant, rate, total)),
  },
);

const chafonGood = fc.oneof(
  fc.array(epc, { maxLength: 3 }).map((epcs) => encodeInventoryAnswer18(0, 1, epcs)),
  epc.map((e) => encodeInventoryAnswer18(0, 1, [e], 0x0f)),
  fc
    .tuple(
      fc.integer({ min: 1, max: 255 }),
      fc.array(fc.tuple(epc, fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
    )
    .map(([mask, tags]) =>
      encodeInventoryAnswer288(
        0,
        1,
        mask,
        tags.map(([e, rssi]) => ({ epc: e, rssi })),
      ),
    ),
  fc
    .tuple(fc.integer({ min: 1, max: 255 }), epc, fc.integer({ min: 0, max: 255 }))
    .map(([m, e, r]) => encodeAutonomous288(0, m, e, r)),
);

interface Junk {
  bytes: Buffer;
  /** The frame a torn frame was cut from. */
  whole: Buffer | null;
}

/** Noise: random bytes, or a good frame torn off anywhere before its end. */
function junk(good: fc.Arbitrary<Buffer>): fc.Arbitrary<Junk> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 24 }).map((b) => ({ bytes: Buffer.from(b), whole: null })),
    fc.tuple(good, fc.nat()).map(([f, n]) => ({ bytes: f.subarray(0, 1 + (n % (f.length - 1))), whole: f })),
  );
}

/**
 * A torn frame followed by bytes equal to the ones it lost is the whole frame again, followed by a frame
 * missing its head: no framer can tell, so such inputs are outside what the property promises.
 */
function reforms(j: Junk, next: Buffer): boolean {
  if (!j.whole) return false;
  const lost = j.whole.subarray(j.bytes.length);
  return next.subarray(0, lost.length).equals(lost);
}

/** A candidate outside the good frames that verifies (checksum and plausibility) under `spec`. */
function spurious(stream: Buffer, parts: [Junk, Buffer][], spec: FrameSpec): boolean {
  const starts = new Set<number>();
  let at = 0;
  for (const [j, g] of parts) {
    starts.add(at + j.bytes.length);
    at += j.bytes.length + g.length;
  }
  for (let i = 0; i < stream.length; i++) {
    if (starts.has(i)) continue;
    const len = spec.frameLength(stream, i, stream.length);
    if (len > 0 && i + len <= stream.length && spec.verify(stream, i, i + len)) return true;
  }
  return false;
}

function fuzz(protocol: 'r2000' | 'chafon', good: fc.Arbitrary<Buffer>, rules?: R2000FrameRules): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(junk(good), good), { minLength: 1, maxLength: 16 }),
      fc.array(fc.nat(), { maxLength: 40 }),
      (parts, cuts) => {
        fc.pre(!parts.some(([j, g]) => reforms(j, g)));
        const stream = Buffer.concat(parts.flatMap(([j, g]) => [j.bytes, g]));
        // A checksum that holds by chance on a plausible candidate cannot be told from a frame: Chafon has
        // no header, so every byte starts one (its CRC-16 holds on about 1 in 200 000 noise bytes); R2000's
        // 8-bit checksum holds on 1 in 256 plausible candidates (a torn frame's rest, noise after A0). Such
        // inputs are outside what a framer can promise; the R2000 driver confirms a tag read next to noise
        // by a second read (hardware/rfid/tag-confirm.ts, tested there).
        fc.pre(
          !spurious(stream, parts, protocol === 'chafon' ? chafonFrameSpec() : createR2000FrameSpec(rules)),
        );
        const out: Buffer[] = [];
        const framer =
          protocol === 'r2000'
            ? createR2000Framer((f) => out.push(f), rules)
            : createChafonFramer((f) => out.push(f));
        for (const c of splitAt(stream, cuts)) framer.push(c);
        framer.flushStale();
        const sent = parts.map((p) => p[1]);
        const audit = auditFrames(protocol, sent, out);
        expect(audit).toMatchObject({ lost: 0, extra: 0, phantoms: 0 });
        expect(out).toEqual(sent);
      },
    ),
    { numRuns: 400 },
  );
}

describe('framers under noise and torn frames (fuzz)', () => {
  it('R2000: every good frame exactly once, in order, no phantom tag', () => {
    fuzz('r2000', r2000Good);
  });

  it('R2000 with the driver’s rules (address, tag-field ranges): the same', () => {
    fuzz('r2000', r2000ReaderGood, { address: 1, tagFields: true });
  });

  it('Chafon: every good frame exactly once, in order, no phantom tag', () => {
    fuzz('chafon', chafonGood);
  });
});
