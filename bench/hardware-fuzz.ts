// Framers under noise, at length: good R2000 and Chafon frames interleaved with random noise and torn
// frames, cut into random chunks (1..64 bytes), then pure noise with torn frames. Counts good frames lost
// (and the longest run lost in a row), frames delivered that were never sent, and phantom tags (a decoded
// tag no good frame carried). R2000 runs the framer as the driver does (reader address 1, tag-field
// ranges) and counts what still passes after the driver's confirmation of reads next to noise
// (tag-confirm.ts); `r2000Cabinet` is the same noise over a cabinet whose 200 tags are read every round,
// the case that confirmation is made for. Seeded, so runs are comparable. Prints JSON to stdout.
// Usage: npx tsx bench/hardware-fuzz.ts [--frames N] [--noise-mib N] [--seed N]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createChafonFramer } from '../hardware/rfid/chafon/framer.js';
import {
  encodeAutonomous288,
  encodeInventoryAnswer18,
  encodeInventoryAnswer288,
} from '../hardware/rfid/chafon/codec.js';
import type { FrameInfo } from '../hardware/rfid/framer.js';
import { createR2000Framer } from '../hardware/rfid/r2000/framer.js';
import {
  decodeR2000,
  encodeRoundSummary,
  encodeTagAnswer,
  isTagInventoryCmd,
  parseInventoryAnswer,
  R2000_FREQ_INDEX_MAX,
} from '../hardware/rfid/r2000/codec.js';
import { TagConfirmer } from '../hardware/rfid/tag-confirm.js';
import { toHex } from '../hardware/common/hex.js';
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

/** One R2000 reader per line, as a cabinet is wired: every answer carries its address. */
const READER = 1;
/** RSSI bytes of real reads: -99 .. -19 dBm (raw - 129). */
const RSSI_LOW = 0x1e;
const RSSI_HIGH = 0x6e;

function generator(protocol: AuditProtocol, rnd: () => number, population?: Buffer[]) {
  const int = (n: number) => Math.floor(rnd() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const epc = () => (population ? (population[int(population.length)] as Buffer) : bytes(2 * (1 + int(8))));
  const tagAnswer = (e: Buffer): Buffer => {
    const phase = int(2) === 0 ? int(65536) : undefined;
    const rssiRaw = RSSI_LOW + int(RSSI_HIGH - RSSI_LOW + 1);
    const freqIndex = int(R2000_FREQ_INDEX_MAX + 1);
    return encodeTagAnswer(
      READER,
      { antenna: 1 + int(4), freqIndex, epc: e, rssiRaw, phase },
      int(2) === 0 ? 0x89 : 0x8a,
    );
  };
  const good = (): Buffer => {
    if (protocol === 'r2000') {
      if (int(5) === 0) return encodeRoundSummary(READER, 1 + int(4), int(65536), int(1e6));
      return tagAnswer(epc());
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
  return { int, good, junk, bytes, tornOriginals, tagAnswer };
}

function framerFor(protocol: AuditProtocol, out: Buffer[], infos: FrameInfo[]) {
  const push = (f: Buffer, info: FrameInfo) => {
    out.push(f);
    infos.push(info);
  };
  // The R2000 framer as its driver builds it: the reader's address and the tag fields' ranges.
  return protocol === 'r2000'
    ? createR2000Framer(push, { address: READER, tagFields: true })
    : createChafonFramer(push);
}

/**
 * The driver's tag events: reads from frames next to noise wait for a second read of their EPC within
 * a round (a round ends at each summary). Returns the EPCs emitted, in order.
 */
function confirmedTags(out: Buffer[], infos: FrameInfo[]) {
  const confirmer = new TagConfirmer();
  const emitted: string[] = [];
  out.forEach((frame, k) => {
    const f = decodeR2000(frame);
    if (!isTagInventoryCmd(f.cmd)) return;
    const a = parseInventoryAnswer(f.data, f.cmd);
    if (a.kind === 'summary' || a.kind === 'switchSummary') confirmer.roundEnd();
    if (a.kind !== 'tag') return;
    const info = infos[k] as FrameInfo;
    const read = { deviceId: 'bench', antenna: a.antenna, epc: toHex(a.epc), rssi: a.rssiDbm, at: k };
    for (const r of confirmer.offer(read, info.afterNoise || info.beforeNoise)) emitted.push(r.epc);
  });
  confirmer.clear();
  return { emitted, stats: confirmer.stats };
}

function feed(protocol: AuditProtocol, stream: Buffer, int: (n: number) => number) {
  const out: Buffer[] = [];
  const infos: FrameInfo[] = [];
  const framer = framerFor(protocol, out, infos);
  let chunks = 0;
  const t0 = performance.now();
  for (let at = 0; at < stream.length; chunks++) {
    const n = 1 + int(64);
    framer.push(stream.subarray(at, at + n));
    at += n;
  }
  framer.flushStale();
  return { out, infos, chunks, ms: Math.round(performance.now() - t0), stats: framer.stats };
}

/** Phantom tags the driver would emit: EPCs emitted after confirmation that no good frame carried. */
function emittedPhantoms(out: Buffer[], infos: FrameInfo[], sentTags: Set<string>) {
  const { emitted, stats } = confirmedTags(out, infos);
  return { phantoms: emitted.filter((e) => !sentTags.has(e)).length, ...stats };
}

function tagSet(frames: Buffer[]): Set<string> {
  const set = new Set<string>();
  for (const f of frames) for (const t of tagsOf('r2000', f)) set.add(t);
  return set;
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
  const { out, infos, chunks, ms } = feed(protocol, stream, g.int);
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
    // Every EPC here is read once, so a held good read is never confirmed: see r2000Cabinet.
    ...(protocol === 'r2000' ? { afterConfirmation: emittedPhantoms(out, infos, tagSet(sent)) } : {}),
  };
}

/**
 * A cabinet: 200 tags, each read once per round in random order, then a round summary; noise or a torn
 * frame before each frame as in `interleaved`. Counts phantom tags emitted after confirmation, real
 * reads dropped unconfirmed, and tags never emitted at all.
 */
function cabinet(rounds: number) {
  const rnd = prng(SEED + 2);
  const population = Array.from({ length: 200 }, (_, k) => {
    const e = Buffer.alloc(12);
    e.writeUInt32BE(0x34164521, 0);
    e.writeUInt32BE(k + 1, 8);
    return e;
  });
  const g = generator('r2000', rnd, population);
  const parts: Buffer[] = [];
  const sent: Buffer[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = [...population].sort(() => rnd() - 0.5);
    for (const e of [...order.map((x) => g.tagAnswer(x)), encodeRoundSummary(READER, 1, 200, r)]) {
      parts.push(g.junk(), e);
      sent.push(e);
    }
  }
  const stream = Buffer.concat(parts);
  const { out, infos, chunks, ms } = feed('r2000', stream, g.int);
  const a = auditFrames('r2000', sent, out, g.tornOriginals);
  const real = new Set(population.map((e) => toHex(e)));
  const { emitted, stats } = confirmedTags(out, infos);
  const emittedSet = new Set(emitted);
  return {
    bytes: stream.length,
    chunks,
    frames: a.sent,
    lost: a.lost,
    phantomsAtFramer: a.phantoms,
    afterConfirmation: {
      phantoms: emitted.filter((e) => !real.has(e)).length,
      tagsNeverEmitted: population.filter((e) => !emittedSet.has(toHex(e))).length,
      ...stats,
    },
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
  const { out, infos, chunks, ms } = feed(protocol, stream, g.int);
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
    ...(protocol === 'r2000'
      ? { afterConfirmation: emittedPhantoms(out, infos, tagSet(g.tornOriginals)) }
      : {}),
  };
}

const result: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version },
  seed: SEED,
};
for (const protocol of ['r2000', 'chafon'] as const) {
  result[protocol] = { interleaved: interleaved(protocol), noiseOnly: noiseOnly(protocol) };
}
result.r2000Cabinet = cabinet(Math.ceil(FRAMES / 201));
console.log(JSON.stringify(result, null, 2));
