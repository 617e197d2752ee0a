// Tag reads per second through the real R2000 driver decode path (framer -> checksum -> 0x89 parsing ->
// TagRead events) and the presence engine, on one core. The input is a pre-built byte stream of inventory
// rounds (a 4-antenna cabinet, 800 folders, all tags read every round), fed in serial-sized chunks.
// Prints JSON to stdout.
import os from 'node:os';
import { PresenceEngine } from '../hardware/cabinet/presence.js';
import { epcToItemId, itemIdToEpc } from '../hardware/epc/mapping.js';
import { encodeRoundSummary, encodeTagAnswer } from '../hardware/rfid/r2000/codec.js';
import { R2000Driver } from '../hardware/rfid/r2000/driver.js';

const mapping = { companyPrefix: '9521234' };
const ANTENNAS = 4;
const TAGS = 800;
const ROUNDS = 250; // per antenna
const CHUNK = 4096; // bytes per `data` event, about what a USB serial adapter delivers under load

function buildStream(): { bytes: Buffer; reads: number } {
  const epcs = Array.from({ length: TAGS }, (_, i) =>
    Buffer.from(itemIdToEpc(`F${String(i + 1).padStart(9, '0')}`, mapping), 'hex'),
  );
  const frames: Buffer[] = [];
  let reads = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let a = 1; a <= ANTENNAS; a++) {
      let n = 0;
      for (let t = a - 1; t < TAGS; t += ANTENNAS) {
        frames.push(
          encodeTagAnswer(1, {
            antenna: a,
            freqIndex: r % 50,
            epc: epcs[t] as Buffer,
            rssiRaw: 0x40 + (t % 30),
          }),
        );
        n++;
      }
      reads += n;
      frames.push(encodeRoundSummary(1, a, n * 10, n));
    }
  }
  return { bytes: Buffer.concat(frames), reads };
}

function runOnce(bytes: Buffer): { ms: number; reads: number; rounds: number; events: number } {
  let events = 0;
  const engine = new PresenceEngine({
    cabinets: [{ cabinetId: 'C1', deviceId: 'cab-1', shelves: { 1: 'S1', 2: 'S2', 3: 'S3', 4: 'S4' } }],
    resolveItem: (epc) => epcToItemId(epc, mapping),
    expectedLocation: () => ({ cabinetId: 'C1', shelfId: null }),
    onEvent: () => {
      events++;
    },
  });
  const driver = new R2000Driver({ deviceId: 'cab-1' });
  let reads = 0;
  let rounds = 0;
  driver.on('tag', (t) => {
    reads++;
    engine.tagRead(t);
  });
  driver.on('round', (r) => {
    rounds++;
    engine.roundEnd(r);
  });
  const start = process.hrtime.bigint();
  for (let i = 0; i < bytes.length; i += CHUNK) driver.onData(bytes.subarray(i, i + CHUNK));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  driver.dispose();
  return { ms, reads, rounds, events };
}

const { bytes, reads } = buildStream();
runOnce(bytes); // warm-up (JIT)
const runs = Array.from({ length: 5 }, () => runOnce(bytes));
const rates = runs.map((r) => r.reads / (r.ms / 1000)).sort((a, b) => a - b);
const first = runs[0];
if (!first || first.reads !== reads) throw new Error(`decoded ${first?.reads} reads, expected ${reads}`);

console.log(
  JSON.stringify(
    {
      bench: 'hardware-rfid',
      what: 'R2000 byte stream -> framer -> driver decode -> presence engine, single thread',
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      input: {
        antennas: ANTENNAS,
        tags: TAGS,
        roundsPerAntenna: ROUNDS,
        tagReads: reads,
        bytes: bytes.length,
        chunkBytes: CHUNK,
      },
      runs: runs.length,
      tagReadsPerSecond: {
        median: Math.round(rates[2] ?? 0),
        min: Math.round(rates[0] ?? 0),
        max: Math.round(rates[4] ?? 0),
      },
      megabytesPerSecond: Number(
        (bytes.length / 1e6 / ((runs.map((r) => r.ms).sort((a, b) => a - b)[2] ?? 1) / 1000)).toFixed(1),
      ),
      roundsDecoded: first.rounds,
      presenceEvents: first.events,
      target: 20000,
    },
    null,
    2,
  ),
);
