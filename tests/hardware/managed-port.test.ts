import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../hardware/common/types.js';
import { HardwareHub } from '../../hardware/hub.js';
import { parseDeviceConfig } from '../../hardware/serial/config.js';
import type { DeviceConfigInput } from '../../hardware/serial/config.js';
import type { PortLink, ProtocolHandler } from '../../hardware/serial/link.js';
import type { DeviceStatus } from '../../hardware/serial/managed-port.js';
import { PortManager } from '../../hardware/serial/port-manager.js';
import { BarcodeScannerSim } from '../../hardware/sim/barcode-sim.js';
import { R2000Simulator } from '../../hardware/sim/r2000-sim.js';
import { SimBus } from '../../hardware/sim/sim-bus.js';
import { FakePort } from './helpers/fake-port.js';
import { delay, waitFor } from './helpers/wait.js';

const fast = { watchdog: { intervalMs: 20 }, reconnect: { initialMs: 20, maxMs: 80, factor: 2 } };

function scannerCfg(path: string, extra: Partial<DeviceConfigInput> = {}) {
  return parseDeviceConfig({
    id: 'scan-1',
    protocol: 'barcode',
    role: 'kiosk-scanner',
    identity: { path },
    framing: { baudRate: 9600 },
    barcode: { openGraceMs: 0, debounceMs: 0 },
    ...fast,
    ...extra,
  } as DeviceConfigInput);
}

/** A handler that records what the manager tells it. */
class Recorder implements ProtocolHandler {
  opens = 0;
  closes = 0;
  data: Buffer[] = [];
  link: PortLink | null = null;
  throwOnData = false;
  onOpen(link: PortLink): void {
    this.opens++;
    this.link = link;
  }
  onData(chunk: Buffer): void {
    this.data.push(chunk);
    if (this.throwOnData) throw new Error('handler bug');
  }
  onClose(): void {
    this.closes++;
  }
  dispose(): void {}
}

let stops: (() => Promise<void>)[] = [];
beforeEach(() => {
  FakePort.instances = [];
  stops = [];
});
afterEach(async () => {
  for (const s of stops) await s();
});

describe('port manager over in-process cables', () => {
  it('reconnects after an unplug and scans flow again', async () => {
    const bus = new SimBus();
    let scanner = new BarcodeScannerSim(bus.plug('sim://scan').device, { suffix: 'CRLF' });
    const hub = new HardwareHub([scannerCfg('sim://scan')], bus.portOptions());
    stops.push(() => hub.stop());
    const scans: ScanEvent[] = [];
    const states: string[] = [];
    hub.on('scan', (s) => scans.push(s));
    hub.on('status', (s) => states.push(s.state));
    hub.start();
    await waitFor(() => hub.statuses()[0]?.state === 'connected', 1000, 'connected');
    scanner.scan('F000000001');
    await waitFor(() => scans.length === 1, 1000, 'first scan');

    bus.unplug('sim://scan');
    await waitFor(() => hub.statuses()[0]?.state === 'disconnected', 1000, 'disconnected');
    await delay(100); // a few failed attempts while unplugged
    scanner = new BarcodeScannerSim(bus.plug('sim://scan').device, { suffix: 'CRLF' });
    await waitFor(() => hub.statuses()[0]?.state === 'connected', 1000, 'reconnected');
    scanner.scan('F000000002');
    await waitFor(() => scans.length === 2, 1000, 'second scan');
    expect(scans.map((s) => s.code)).toEqual(['F000000001', 'F000000002']);
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    expect(hub.statuses()[0]).toMatchObject({ bytesIn: 24, framesIn: 2 });
    expect(hub.statuses()[0]?.reconnects).toBeGreaterThanOrEqual(2);
  });
});

describe('port manager failure handling (fake ports)', () => {
  function manager(pathOk: { value: boolean }) {
    const m = new PortManager({
      factory: (o) => new FakePort(o),
      lister: async () => [],
      pathExists: () => pathOk.value,
    });
    stops.push(() => m.stop());
    return m;
  }

  it('closes a port that died silently (path gone, no event) once, and reopens when it is back', async () => {
    const present = { value: true };
    const m = manager(present);
    const rec = new Recorder();
    m.add(scannerCfg('/dev/fake0'), rec);
    m.start();
    await waitFor(() => rec.opens === 1, 1000, 'open');
    const first = FakePort.instances[0];
    present.value = false; // like socat killed: nothing emitted, the link is gone
    await waitFor(() => m.statuses()[0]?.state === 'disconnected', 1000, 'watchdog notices');
    expect(rec.closes).toBe(1);
    expect(first?.closeCalls).toBe(1);
    // The abandoned port now emits the late duplicate events serialport is known for: ignored, no crash.
    first?.emit('close', Object.assign(new Error('bad fd'), { disconnected: true }));
    first?.emit('close');
    first?.emit('error', new Error('EIO'));
    await delay(60);
    expect(FakePort.instances).toHaveLength(1); // not reopened while the path is missing
    present.value = true;
    await waitFor(() => rec.opens === 2, 1000, 'reopen');
    expect(m.statuses()[0]?.state).toBe('connected');
    expect(first?.closeCalls).toBe(1);
    FakePort.instances[1]?.feed('x');
    expect(rec.data.map(String)).toEqual(['x']);
  });

  it('treats a write that never completes as a dead port, without awaiting drain', async () => {
    const m = manager({ value: true });
    const rec = new Recorder();
    m.add(scannerCfg('/dev/fake0', { writeTimeoutMs: 50 }), rec);
    m.start();
    await waitFor(() => rec.opens === 1, 1000, 'open');
    const port = FakePort.instances[0];
    if (port) port.writeHangs = true;
    await expect(rec.link?.write(Buffer.from('probe'))).rejects.toThrow(/write timed out/);
    await waitFor(() => rec.opens === 2, 1000, 'reopened after the write timeout');
    expect(rec.closes).toBe(1);
  });

  it('keeps retrying an open that fails, and reports the reason', async () => {
    const m = manager({ value: true });
    const rec = new Recorder();
    m.add(scannerCfg('/dev/fake0'), rec);
    const original = FakePort.prototype.open;
    let failing = true;
    FakePort.prototype.open = function (cb) {
      if (failing) this.openError = new Error('EBUSY: resource busy');
      original.call(this, cb);
    };
    try {
      m.start();
      await waitFor(() => FakePort.instances.length >= 3, 1000, 'retries');
      expect(m.statuses()[0]).toMatchObject({
        state: 'disconnected',
        lastError: expect.stringMatching(/EBUSY/),
      });
      failing = false;
      await waitFor(() => rec.opens === 1, 1000, 'open after retries');
    } finally {
      FakePort.prototype.open = original;
    }
  });

  it('survives a protocol handler that throws', async () => {
    const m = manager({ value: true });
    const rec = new Recorder();
    rec.throwOnData = true;
    m.add(scannerCfg('/dev/fake0'), rec);
    m.start();
    await waitFor(() => rec.opens === 1, 1000, 'open');
    FakePort.instances[0]?.feed('boom');
    FakePort.instances[0]?.feed('again');
    expect(rec.data).toHaveLength(2);
    expect(m.statuses()[0]).toMatchObject({ state: 'connected', bytesIn: 9 });
  });

  it('falls back to the configured path when the port listing fails', async () => {
    const m = new PortManager({
      factory: (o) => new FakePort(o),
      lister: () => Promise.reject(new Error('spawn udevadm ENOENT')),
      pathExists: (p) => p === '/dev/ttyUSB9',
    });
    stops.push(() => m.stop());
    const rec = new Recorder();
    m.add(
      scannerCfg('/dev/ttyUSB9', {
        identity: { usb: { vendorId: '0403', productId: '6001' }, path: '/dev/ttyUSB9' },
      }),
      rec,
    );
    m.start();
    await waitFor(() => rec.opens === 1, 1000, 'open via fallback');
    expect(FakePort.instances[0]?.options.path).toBe('/dev/ttyUSB9');
  });

  it('publishes status snapshots periodically when asked to', async () => {
    const m = new PortManager({
      factory: (o) => new FakePort(o),
      lister: async () => [],
      pathExists: () => true,
      statusIntervalMs: 20,
    });
    stops.push(() => m.stop());
    const seen: DeviceStatus[] = [];
    m.on('status', (s) => seen.push(s));
    m.add(scannerCfg('/dev/fake0'), new Recorder());
    m.start();
    await waitFor(() => seen.length >= 4, 1000, 'periodic statuses');
    FakePort.instances[0]?.feed('abc');
    await waitFor(() => seen.some((s) => s.bytesIn === 3), 1000, 'counters in a snapshot');
    expect(seen.at(-1)).toMatchObject({ id: 'scan-1', state: 'connected', bytesIn: 3 });
  });

  it('stops cleanly: no reopen after stop', async () => {
    const m = manager({ value: true });
    const rec = new Recorder();
    m.add(scannerCfg('/dev/fake0'), rec);
    m.start();
    await waitFor(() => rec.opens === 1, 1000, 'open');
    await m.stop();
    await delay(150);
    expect(FakePort.instances).toHaveLength(1);
    expect(FakePort.instances[0]?.isOpen).toBe(false);
    expect(m.statuses()[0]?.state).toBe('disconnected');
  });
});

describe('reader silence watchdog', () => {
  it('marks a reader that stops answering unhealthy, recycles the port, and recovers', async () => {
    const bus = new SimBus();
    const sim = new R2000Simulator();
    sim.attach(bus.plug('sim://cab').device);
    sim.addTag(1, '34164521480000003B9ACED2');
    const cfg = parseDeviceConfig({
      id: 'cab-1',
      protocol: 'r2000',
      role: 'gate-reader',
      identity: { path: 'sim://cab' },
      framing: { baudRate: 115200 },
      r2000: { replyTimeoutMs: 100, cyclePauseMs: 5 },
      watchdog: { intervalMs: 20, silenceMs: 200 },
      reconnect: { initialMs: 20, maxMs: 80, factor: 2 },
    });
    const hub = new HardwareHub([cfg], bus.portOptions());
    stops.push(() => hub.stop());
    const seen: DeviceStatus[] = [];
    hub.on('status', (s) => seen.push(s));
    hub.start();
    await waitFor(() => (hub.statuses()[0]?.framesIn ?? 0) > 5, 1000, 'answers');
    sim.silent = true;
    await waitFor(() => hub.statuses()[0]?.state === 'unhealthy', 2000, 'unhealthy');
    const reconnects = hub.statuses()[0]?.reconnects ?? 0;
    await waitFor(() => (hub.statuses()[0]?.reconnects ?? 0) > reconnects, 1000, 'port recycled');
    expect(hub.statuses()[0]?.state).toBe('unhealthy'); // open again, but still not answering
    sim.silent = false;
    await waitFor(() => hub.statuses()[0]?.state === 'connected', 2000, 'healthy again');
    expect(seen.map((s) => s.state)).toEqual(['connected', 'unhealthy', 'connected']);
    expect(seen[1]?.lastError).toMatch(/no answer for 200 ms/);
  });
});
