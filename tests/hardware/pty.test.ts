// End-to-end over real pseudo-terminals (socat) with the real `serialport` package: what the unit tests
// cannot show, i.e. that the OS-level behaviour (hang-ups, vanished links, floods) is handled.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanEvent, TagRead } from '../../hardware/common/types.js';
import { itemIdToEpc } from '../../hardware/epc/mapping.js';
import { HardwareHub } from '../../hardware/hub.js';
import { parseDeviceConfig } from '../../hardware/serial/config.js';
import type { DeviceConfig } from '../../hardware/serial/config.js';
import { BarcodeScannerSim } from '../../hardware/sim/barcode-sim.js';
import { ChafonSimulator } from '../../hardware/sim/chafon-sim.js';
import { closeSimPort, openSimPort, startPtyPair } from '../../hardware/sim/pty.js';
import type { PtyPair } from '../../hardware/sim/pty.js';
import { R2000Simulator } from '../../hardware/sim/r2000-sim.js';
import { waitFor } from './helpers/wait.js';

let dir = '';
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangan-pty-'));
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

async function pty(name: string): Promise<PtyPair> {
  const p = await startPtyPair(join(dir, `${name}-host`), join(dir, `${name}-dev`));
  cleanups.push(() => p.kill('SIGKILL'));
  return p;
}

async function farEnd(path: string, baud: number): Promise<SerialPort> {
  const port = await openSimPort(path, baud);
  cleanups.push(() => closeSimPort(port));
  return port;
}

function startHub(devices: DeviceConfig[]): HardwareHub {
  // No udev in the container: listing fails, and the configured paths must still work.
  const hub = new HardwareHub(devices, { lister: () => Promise.reject(new Error('spawn udevadm ENOENT')) });
  cleanups.push(() => hub.stop());
  hub.start();
  return hub;
}

function scannerConfig(path: string): DeviceConfig {
  return parseDeviceConfig({
    id: 'kiosk-scan',
    protocol: 'barcode',
    role: 'kiosk-scanner',
    identity: { usb: { vendorId: '05e0', productId: '1200' }, path },
    framing: { baudRate: 9600 },
    binding: { stationId: 'door-1' },
    barcode: { openGraceMs: 50, maxLength: 256 },
  });
}

const connected = (hub: HardwareHub, id: string) => () =>
  hub.statuses().find((s) => s.id === id)?.state === 'connected';

describe('barcode scanner on a pseudo-terminal', () => {
  it('turns a scan typed on the far end into a scan event', async () => {
    const p = await pty('scan');
    const hub = startHub([scannerConfig(p.hostPath)]);
    const scans: ScanEvent[] = [];
    hub.on('scan', (s) => scans.push(s));
    await waitFor(connected(hub, 'kiosk-scan'), 2000, 'scanner port open');
    await new Promise((r) => setTimeout(r, 80)); // past the open grace window
    const scanner = new BarcodeScannerSim(await farEnd(p.devicePath, 9600), { suffix: 'CRLF', aim: ']C0' });
    scanner.scan('F000001234');
    scanner.scan('档案F000000007', { encoding: 'utf8', aim: ']Q1' });
    await waitFor(() => scans.length === 2, 2000, 'two scans');
    expect(scans[0]).toMatchObject({
      deviceId: 'kiosk-scan',
      code: 'F000001234',
      symbology: { id: ']C0', name: 'Code 128' },
    });
    expect(scans[1]).toMatchObject({ code: '档案F000000007', symbology: { name: 'QR Code' } });
  });

  it('reconnects within 2 s after the far end is killed and restarted, and later scans flow', async () => {
    const p = await pty('replug');
    const hub = startHub([scannerConfig(p.hostPath)]);
    const scans: ScanEvent[] = [];
    hub.on('scan', (s) => scans.push(s));
    await waitFor(connected(hub, 'kiosk-scan'), 2000, 'scanner port open');
    let far = await farEnd(p.devicePath, 9600);
    await new Promise((r) => setTimeout(r, 80));
    new BarcodeScannerSim(far, { suffix: 'CR' }).scan('F000000001');
    await waitFor(() => scans.length === 1, 2000, 'scan before the unplug');

    await p.kill('SIGKILL'); // the "unplug": socat dies without cleaning up
    await waitFor(() => hub.statuses()[0]?.state === 'disconnected', 3000, 'loss noticed');
    await closeSimPort(far);
    await p.restart();
    const tookMs = await waitFor(connected(hub, 'kiosk-scan'), 2000, 'reconnected within 2 s');
    expect(tookMs).toBeLessThanOrEqual(2000);

    far = await farEnd(p.devicePath, 9600);
    await new Promise((r) => setTimeout(r, 80));
    new BarcodeScannerSim(far, { suffix: 'CR' }).scan('F000000002');
    await waitFor(() => scans.length === 2, 2000, 'scan after the replug');
    expect(scans.map((s) => s.code)).toEqual(['F000000001', 'F000000002']);
    expect(hub.statuses()[0]?.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('right after a reconnect drops only the torn tail, not whole scans arriving in the grace window', async () => {
    const p = await pty('grace');
    const hub = startHub([scannerConfig(p.hostPath)]);
    const scans: ScanEvent[] = [];
    hub.on('scan', (s) => scans.push(s));
    await waitFor(connected(hub, 'kiosk-scan'), 2000, 'scanner port open');
    await p.kill('SIGKILL');
    await waitFor(() => hub.statuses()[0]?.state === 'disconnected', 3000, 'loss noticed');
    await p.restart();
    await waitFor(connected(hub, 'kiosk-scan'), 2000, 'reconnected');
    // No pause: the tail of a code cut by the unplug, then two whole scans, all within the 50 ms grace.
    const far = await farEnd(p.devicePath, 9600);
    far.write(Buffer.from('000009\r', 'latin1'));
    const sim = new BarcodeScannerSim(far, { suffix: 'CR' });
    sim.scan('F000000010');
    sim.scan('F000000011');
    await waitFor(() => scans.length === 2, 2000, 'the two whole scans');
    await new Promise((r) => setTimeout(r, 50));
    expect(scans.map((s) => s.code)).toEqual(['F000000010', 'F000000011']);
  });

  it('survives a garbage flood and still reads the next real scan', async () => {
    const p = await pty('flood');
    const hub = startHub([scannerConfig(p.hostPath)]);
    const scans: ScanEvent[] = [];
    hub.on('scan', (s) => scans.push(s));
    await waitFor(connected(hub, 'kiosk-scan'), 2000, 'scanner port open');
    const far = await farEnd(p.devicePath, 9600);
    await new Promise((r) => setTimeout(r, 80));
    const flood = randomBytes(1 << 20); // 1 MiB of noise, long runs without any CR/LF
    for (let i = 0; i < flood.length; i += 64 * 1024) far.write(flood.subarray(i, i + 64 * 1024));
    far.write(Buffer.from('\r\n'));
    await waitFor(() => (hub.statuses()[0]?.bytesIn ?? 0) >= flood.length, 10_000, 'flood received');
    new BarcodeScannerSim(far, { suffix: 'CRLF' }).scan('F000000042');
    await waitFor(() => scans.some((s) => s.code === 'F000000042'), 3000, 'real scan after the flood');
    expect(hub.statuses()[0]?.state).toBe('connected');
    expect(scans.every((s) => s.code.length > 0 && s.raw.length <= 256)).toBe(true);
    expect(hub.statuses()[0]?.checksumErrors).toBeGreaterThan(0); // over-long noise records were rejected
  });
});

describe('RFID readers on pseudo-terminals', () => {
  it('polls a simulated R2000 cabinet reader and a Chafon gate through real serial ports', async () => {
    const cab = await pty('cab');
    const gate = await pty('gate');
    const r2000 = new R2000Simulator();
    r2000.attach(await farEnd(cab.devicePath, 115200));
    const chafon = new ChafonSimulator({ family: 'uhfreader288' });
    chafon.attach(await farEnd(gate.devicePath, 57600));
    const folder = itemIdToEpc('F000001234', { companyPrefix: '9521234' });
    r2000.addTag(2, folder);
    chafon.addTag(1, folder);

    const hub = startHub([
      parseDeviceConfig({
        id: 'cab-1',
        protocol: 'r2000',
        role: 'cabinet-reader',
        identity: { path: cab.hostPath },
        framing: { baudRate: 115200 },
        binding: { cabinetId: 'C1', shelves: { '1': 'S1', '2': 'S2' } },
        r2000: { antennas: [1, 2], powerDbm: 26, cyclePauseMs: 10 },
      }),
      parseDeviceConfig({
        id: 'gate-1',
        protocol: 'chafon',
        role: 'gate-reader',
        identity: { path: gate.hostPath },
        framing: { baudRate: 57600 },
        binding: { stationId: 'door-1' },
        chafon: { family: 'uhfreader288', antennas: [1], cyclePauseMs: 10 },
      }),
    ]);
    const tags: TagRead[] = [];
    hub.on('tag', (t) => tags.push(t));
    await waitFor(
      () => tags.some((t) => t.deviceId === 'cab-1') && tags.some((t) => t.deviceId === 'gate-1'),
      3000,
      'tags from both',
    );
    expect(tags.find((t) => t.deviceId === 'cab-1')).toMatchObject({ antenna: 2, epc: folder });
    expect(tags.find((t) => t.deviceId === 'gate-1')).toMatchObject({ antenna: 1, epc: folder });
    expect(r2000.settings.powerDbm).toEqual([26]);
    expect(hub.statuses().map((s) => s.state)).toEqual(['connected', 'connected']);
  });

  it('keeps reading tags while random garbage is injected into the reader line', async () => {
    const cab = await pty('noisy');
    let n = 0;
    const r2000 = new R2000Simulator({ noise: () => (n++ % 3 === 0 ? randomBytes(40) : null) });
    r2000.attach(await farEnd(cab.devicePath, 115200));
    for (let i = 1; i <= 20; i++)
      r2000.addTag(1, itemIdToEpc(`F${String(i).padStart(9, '0')}`, { companyPrefix: '9521234' }));
    const hub = startHub([
      parseDeviceConfig({
        id: 'cab-n',
        protocol: 'r2000',
        role: 'gate-reader',
        identity: { path: cab.hostPath },
        framing: { baudRate: 115200 },
        r2000: { antennas: [1], cyclePauseMs: 5, replyTimeoutMs: 300 },
      }),
    ]);
    const seen = new Set<string>();
    hub.on('tag', (t) => seen.add(t.epc));
    await waitFor(
      () => seen.size === 20 && (hub.statuses()[0]?.checksumErrors ?? 0) > 0,
      5000,
      'all tags despite noise',
    );
    expect(hub.statuses()[0]?.state).toBe('connected');
  });
});
