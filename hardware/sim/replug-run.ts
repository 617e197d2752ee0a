// Forced unplugs under load, over a real pseudo-terminal pair (socat) and the real `serialport`: a
// scanner on the far end writes a whole code every `scanEveryMs` while socat is SIGKILLed and started
// again at the same paths, `unplugs` times. After each replug the far end first writes the tail of a
// code cut by the unplug (a fragment, to be dropped) and then keeps scanning at once, so whole codes
// land inside the hub's open grace window. Counts what was written, what came out as scans, and where
// the losses were. Shared by bench/hardware-replug.ts (12 unplugs) and tests/hardware (2 or 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerialPort } from 'serialport';
import type { DeviceState } from '../serial/managed-port.js';
import { HardwareHub } from '../hub.js';
import { parseDeviceConfig } from '../serial/config.js';
import { closeSimPort, openSimPort, startPtyPair } from './pty.js';

export interface ReplugRunOptions {
  unplugs: number;
  /** Time between two scans on the far end. */
  scanEveryMs?: number;
  /** Streaming time before each unplug and after the last replug. */
  upMs?: number;
  /** Time socat stays dead (the cable is out). */
  downMs?: number;
  /** The scanner's open grace window (`barcode.openGraceMs`). */
  graceMs?: number;
  baudRate?: number;
  /**
   * What the far end does after a replug. 'tail-first' (default): it waits for the host to reconnect,
   * writes the tail of a code the unplug cut, then scans on. 'at-once': it scans on as soon as its side
   * of the line is back, before the host has reopened (a scanner plugged back in and used at once).
   */
  replug?: 'tail-first' | 'at-once';
}

export interface ReplugRunResult {
  unplugs: number;
  /** Whole codes the far end wrote (it writes nothing while unplugged). */
  written: number;
  received: number;
  /** Written whole codes that never came out as a scan. */
  lost: number;
  /** Lost codes by the number of unplugs before they were written (index k: just before unplug k + 1). */
  lostPerUnplug: number[];
  /** Whole codes written in the first `graceMs` after a reconnect (not the first connect), and lost. */
  inGraceWritten: number;
  inGraceLost: number;
  /** Fragments written right after a replug, and how many came out as (false) scans. */
  fragments: number;
  fragmentsDelivered: number;
  /** Scans that match nothing written (must be 0). */
  unknownScans: number;
  /** Reconnect attempts the hub made (`status.reconnects`: failed ones while the line is gone too). */
  hostReconnectAttempts: number;
  /** Time from socat's restart to the hub reporting the port connected, ms. */
  reconnectMs: { median: number; max: number };
}

interface Written {
  code: string;
  /** Unplugs before it was written. */
  epoch: number;
  inGrace: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`replug run: timed out waiting for ${what}`);
    await sleep(5);
  }
}

export async function runReplugs(o: ReplugRunOptions): Promise<ReplugRunResult> {
  const scanEveryMs = o.scanEveryMs ?? 10;
  const upMs = o.upMs ?? 300;
  const downMs = o.downMs ?? 150;
  const graceMs = o.graceMs ?? 100;
  const baudRate = o.baudRate ?? 9600;
  const dir = mkdtempSync(join(tmpdir(), 'dangan-replug-'));
  const pty = await startPtyPair(join(dir, 'host'), join(dir, 'dev'));
  const hub = new HardwareHub(
    [
      parseDeviceConfig({
        id: 'scan',
        protocol: 'barcode',
        role: 'kiosk-scanner',
        identity: { path: pty.hostPath },
        framing: { baudRate },
        barcode: { debounceMs: 0, openGraceMs: graceMs },
      }),
    ],
    // No udev in containers: listing fails and the configured path is used.
    { lister: () => Promise.reject(new Error('no udevadm')) },
  );
  const received: string[] = [];
  hub.on('scan', (s) => received.push(s.code));
  let state: DeviceState | null = null;
  let connectedAt = 0;
  hub.on('status', (s) => {
    if (s.state === 'connected' && state !== 'connected') connectedAt = Date.now();
    state = s.state;
  });

  const written: Written[] = [];
  const fragments: string[] = [];
  const reconnects: number[] = [];
  /** The far end's side of the line; null while unplugged. Mutated by the run, read by the writer. */
  const line: { far: SerialPort | null } = { far: null };
  let epoch = 0;
  let seq = 0;
  let stop = false;

  // The scanner: one whole code per tick while it has a line, whatever the host side is doing.
  const writer = (async () => {
    while (!stop) {
      const port = line.far;
      if (port?.isOpen) {
        const code = `F${String(++seq).padStart(9, '0')}`;
        const inGrace = epoch > 0 && state === 'connected' && Date.now() - connectedAt < graceMs;
        written.push({ code, epoch, inGrace });
        port.write(Buffer.from(`${code}\r`, 'latin1'));
      }
      await sleep(scanEveryMs);
    }
  })();

  try {
    hub.start();
    await until(() => state === 'connected', 3000, 'first connect');
    await sleep(graceMs + 50); // the scanner is idle when the host first opens the port
    line.far = await openSimPort(pty.devicePath, baudRate);
    for (let k = 0; k < o.unplugs; k++) {
      await sleep(upMs);
      const cut = line.far;
      line.far = null;
      await pty.kill('SIGKILL');
      if (cut) await closeSimPort(cut);
      epoch++;
      await until(() => state !== 'connected', 5000, 'the unplug noticed');
      await sleep(downMs);
      const restartedAt = Date.now();
      await pty.restart();
      const port = await openSimPort(pty.devicePath, baudRate);
      const atOnce = o.replug === 'at-once';
      if (atOnce) line.far = port;
      await until(() => state === 'connected', 5000, 'reconnect');
      reconnects.push(connectedAt - restartedAt);
      if (!atOnce) {
        // The tail of a code the unplug cut, then scanning resumes on the next tick.
        const tail = String(seq).slice(-4);
        fragments.push(tail);
        port.write(Buffer.from(`${tail}\r`, 'latin1'));
        line.far = port;
      }
    }
    await sleep(upMs);
  } finally {
    stop = true;
    await writer;
    if (line.far) await closeSimPort(line.far);
  }
  await sleep(200); // let the last bytes through
  const hostReconnectAttempts = hub.statuses()[0]?.reconnects ?? 0;
  await hub.stop();
  await pty.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });

  const got = new Set(received);
  const lostPerUnplug = Array.from({ length: o.unplugs + 1 }, () => 0);
  let lost = 0;
  let inGraceWritten = 0;
  let inGraceLost = 0;
  for (const w of written) {
    const missing = !got.has(w.code);
    if (missing) {
      lost++;
      // A code lost around unplug k was written in epoch k (before it) or k - 1 (just after the replug).
      lostPerUnplug[w.epoch] = (lostPerUnplug[w.epoch] ?? 0) + 1;
    }
    if (w.inGrace) {
      inGraceWritten++;
      if (missing) inGraceLost++;
    }
  }
  const codes = new Set(written.map((w) => w.code));
  const fragmentSet = new Set(fragments);
  const sorted = [...reconnects].sort((a, b) => a - b);
  return {
    unplugs: o.unplugs,
    written: written.length,
    received: received.length,
    lost,
    lostPerUnplug,
    inGraceWritten,
    inGraceLost,
    fragments: fragments.length,
    fragmentsDelivered: received.filter((c) => fragmentSet.has(c)).length,
    unknownScans: received.filter((c) => !codes.has(c) && !fragmentSet.has(c)).length,
    hostReconnectAttempts,
    reconnectMs: { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted.at(-1) ?? NaN },
  };
}
