// Scan latency over a real pseudo-terminal: time from the far end writing a code's bytes to the hub's
// `scan` event, through the real `serialport` package, p50/p99. A pty delivers bytes at memory speed, so
// the line's own transmit time at the configured baud (10 bits per byte for 8N1) is printed alongside:
// on a real cable it adds to the software latency. Two scanner set-ups: CRLF suffix, and no suffix (the
// inter-byte timeout then ends the code, which dominates). Prints JSON to stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HardwareHub } from '../hardware/hub.js';
import { parseDeviceConfig } from '../hardware/serial/config.js';
import { encodeScan } from '../hardware/sim/barcode-sim.js';
import type { ScanSuffix } from '../hardware/sim/barcode-sim.js';
import { closeSimPort, openSimPort, startPtyPair } from '../hardware/sim/pty.js';

const BAUD = 9600;
const SCANS = 200;
const GAP_MS = 10;

interface Setup {
  name: string;
  suffix: ScanSuffix;
  interByteTimeoutMs: number | null;
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

async function measure(setup: Setup): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'dangan-bench-'));
  const pty = await startPtyPair(join(dir, 'host'), join(dir, 'dev'));
  const hub = new HardwareHub(
    [
      parseDeviceConfig({
        id: 'scan',
        protocol: 'barcode',
        role: 'kiosk-scanner',
        identity: { path: pty.hostPath },
        framing: { baudRate: BAUD },
        barcode: { debounceMs: 0, openGraceMs: 0, interByteTimeoutMs: setup.interByteTimeoutMs },
      }),
    ],
    { lister: async () => [] },
  );
  const far = await openSimPort(pty.devicePath, BAUD);
  const latencies: number[] = [];
  let sentAt = 0n;
  let pending: (() => void) | null = null;
  hub.on('scan', () => {
    latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
    pending?.();
  });
  try {
    hub.start();
    while (hub.statuses()[0]?.state !== 'connected') await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    let bytes = 0;
    for (let i = 0; i < SCANS; i++) {
      const code = `F${String(i).padStart(9, '0')}`;
      const data = encodeScan(code, { suffix: setup.suffix });
      bytes = data.length;
      const got = new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`scan ${i} lost`)), 2000);
        pending = () => {
          clearTimeout(t);
          resolve();
        };
      });
      sentAt = process.hrtime.bigint();
      far.write(data);
      await got;
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      setup: setup.name,
      scans: latencies.length,
      bytesPerScan: bytes,
      latencyMs: {
        p50: round3(pct(sorted, 50)),
        p99: round3(pct(sorted, 99)),
        max: round3(sorted[sorted.length - 1] ?? NaN),
      },
      lineTransmitMs: round3(((bytes * 10) / BAUD) * 1000),
      interByteTimeoutMs: setup.interByteTimeoutMs,
    };
  } finally {
    await hub.stop();
    await closeSimPort(far);
    await pty.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const s of [
  { name: 'CRLF suffix', suffix: 'CRLF', interByteTimeoutMs: null },
  { name: 'no suffix, 30 ms inter-byte timeout', suffix: 'none', interByteTimeoutMs: 30 },
] satisfies Setup[]) {
  results.push(await measure(s));
}
console.log(
  JSON.stringify(
    {
      bench: 'hardware-scan-latency',
      what: 'far-end write on a socat pty -> serialport -> line framer -> scan event',
      node: process.version,
      baud: BAUD,
      note: 'a pty does not emulate the baud rate: on a real line add lineTransmitMs',
      results,
    },
    null,
    2,
  ),
);
