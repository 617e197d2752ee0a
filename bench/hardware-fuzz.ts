// Framers under noise, at length: good R2000 and Chafon frames interleaved with random noise and torn
// frames, cut into random chunks (1..64 bytes), then pure noise with torn frames. Counts good frames lost
// (and the longest run lost in a row), frames delivered that were never sent, and phantom tags (a decoded
// tag no good frame carried). Seeded, so runs are comparable. Prints JSON to stdout.
// Usage: npx tsx bench/hardware-fuzz.ts [--frames N] [--noise-mib N] [--seed N]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createChafonFramer } from '../hardware/rfid/chafon/framer.js';
import {
  encodeAutonomous288,
  encodeInventoryAnswer18,
  encodeInventoryAnswer288,
} from '../hardware/rfid/chafon/codec.js';
import { createR2000Framer } from '../hardware/rfid/r2000/framer.js';
import { encodeRoundSummary, encodeTagAnswer } from '../hardware/rfid/r2000/codec.js';
import { auditFrames, tagsOf } from '../hardware/sim/frame-audit.js';
import type { AuditProtocol } from '../hardware/sim/frame-audit.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FRAMES = arg('frames', 300_000);
const NOISE_MIB = arg('noise-mib', 16);
const SEED = arg('seed', 1);

/** mulberry32: small, seeded, good enough for noise. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(protocol: AuditProtocol, rnd: () => number) {
  const int = (n: number) => Math.floor(rnd() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const epc = () => bytes(2 * (1 + int(8)));
  const good = (): Buffer => {
    if (protocol === 'r2000') {
      if (int(5) === 0) return encodeRoundSummary(1, 1 + int(4), int(65536), int(1e6));
      const phase = int(2) === 0 ? int(65536) : undefined;
      return encodeTagAnswer(
        int(256),
        { antenna: 1 + int(4), freqIndex: int(64), epc: epc(), rssiRaw: int(256), phase },
        int(2) === 0 ? 0x89 : 0x8a,
      );
    }
    switch (int(4)) {
      case 0:
        return encodeInventoryAnswer18(0, 1, Array.from({ length: int(4) }, epc));
      case 1:
        return encodeInventoryAnswer18(0, 1, [epc()], 0x0f);
      case 2:
        return encodeInventoryAnswer288(0, 1, 1 + int(255), [{ epc: epc(), rssi: int(256) }]);
      default:
        return encodeAutonomous288(0, 1 + int(255), epc(), int(256));
    }
  };
  const tornOriginals: Buffer[] = [];
  const junk = (): Buffer => {
    if (int(2) === 0) return bytes(int(25));
    const f = good();
    tornOriginals.push(f);
    return f.subarray(0, 1 + int(f.length - 1));
  };
  return { int, good, junk, bytes, tornOriginals };
}

function framerFor(protocol: AuditProtocol, out: Buffer[]) {
  return protocol === 'r2000'
    ? createR2000Framer((f) => out.push(f))
    : createChafonFramer((f) => out.push(f));
}

function feed(protocol: AuditProtocol, stream: Buffer, int: (n: number) => number) {
  const out: Buffer[] = [];
  const framer = framerFor(protocol, out);
  let chunks = 0;
  const t0 = performance.now();
  for (let at = 0; at < stream.length; chunks++) {
    const n = 1 + int(64);
    framer.push(stream.subarray(at, at + n));
    at += n;
  }
  framer.flushStale();
  return { out, chunks, ms: Math.round(performance.now() - t0), stats: framer.stats };
}

function interleaved(protocol: AuditProtocol) {
  const g = generator(protocol, prng(SEED));
  const sent: Buffer[] = [];
  const parts: Buffer[] = [];
  for (let n = 0; n < FRAMES; n++) {
    parts.push(g.junk());
    const f = g.good();
    sent.push(f);
    parts.push(f);
  }
  const stream = Buffer.concat(parts);
  const { out, chunks, ms } = feed(protocol, stream, g.int);
  const a = auditFrames(protocol, sent, out, g.tornOriginals);
  return {
    bytes: stream.length,
    chunks,
    frames: a.sent,
    lost: a.lost,
    longestLoss: a.longestLoss,
    extra: a.extra,
    phantoms: a.phantoms,
    reformed: a.reformed,
    ms,
  };
}

function noiseOnly(protocol: AuditProtocol) {
  const g = generator(protocol, prng(SEED + 1));
  const parts: Buffer[] = [];
  let size = 0;
  while (size < NOISE_MIB * 1024 * 1024) {
    const p = g.int(4) === 0 ? g.junk() : g.bytes(1 + g.int(64));
    parts.push(p);
    size += p.length;
  }
  const stream = Buffer.concat(parts);
  const { out, chunks, ms } = feed(protocol, stream, g.int);
  const a = auditFrames(protocol, [], out, g.tornOriginals);
  let phantoms = 0;
  const torn = new Set(g.tornOriginals.map((f) => f.toString('hex')));
  for (const f of out) if (!torn.has(f.toString('hex'))) phantoms += tagsOf(protocol, f).length;
  return {
    bytes: stream.length,
    chunks,
    framesDelivered: out.length,
    reformed: a.reformed,
    phantoms,
    ms,
  };
}

const result: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version },
  seed: SEED,
};
for (const protocol of ['r2000', 'chafon'] as const) {
  result[protocol] = { interleaved: interleaved(protocol), noiseOnly: noiseOnly(protocol) };
}
console.log(JSON.stringify(result, null, 2));
