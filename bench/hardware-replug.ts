// Forced unplugs under load: a scanner on a socat pseudo-terminal writes a whole code every 10 ms while
// socat is SIGKILLed and restarted at the same paths, 12 times, with the real `serialport` underneath.
// Two replug behaviours: 'tail-first' (the far end first writes the tail of a code the unplug cut, then
// scans on) and 'at-once' (the scanner scans on as soon as its side is back, before the host reopens).
// Prints JSON to stdout. Usage: npx tsx bench/hardware-replug.ts [--unplugs N]
import os from 'node:os';
import { runReplugs } from '../hardware/sim/replug-run.js';

const i = process.argv.indexOf('--unplugs');
const unplugs = i >= 0 ? Number(process.argv[i + 1]) : 12;

const result: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version },
  scanEveryMs: 10,
  graceMs: 100,
};
for (const replug of ['tail-first', 'at-once'] as const) {
  result[replug] = await runReplugs({ unplugs, replug, scanEveryMs: 10, graceMs: 100 });
}
console.log(JSON.stringify(result, null, 2));
