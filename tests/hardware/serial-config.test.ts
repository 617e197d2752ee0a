import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../hardware/serial/backoff.js';
import { parseDeviceConfig, validateDeviceConfigs } from '../../hardware/serial/config.js';
import { resolveDevicePath } from '../../hardware/serial/resolve.js';

const scanner = {
  id: 'kiosk-scan',
  protocol: 'barcode',
  role: 'kiosk-scanner',
  identity: { path: '/dev/ttyACM0' },
  framing: { baudRate: 9600 },
  binding: { stationId: 'door-1' },
};
const cabinet = {
  id: 'cab-1',
  protocol: 'r2000',
  role: 'cabinet-reader',
  identity: { byId: '/dev/serial/by-id/usb-FTDI_FT232R_A10K-if00-port0', path: '/dev/ttyUSB0' },
  framing: { baudRate: 115200 },
  binding: { cabinetId: 'C1', shelves: { '1': 'C1-S1', '2': 'C1-S2' } },
  r2000: { antennas: [1, 2], powerDbm: 26 },
};

describe('device config validation', () => {
  it('accepts good configs and fills defaults', () => {
    const r = validateDeviceConfigs([scanner, cabinet]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [s, c] = r.devices;
    expect(s).toMatchObject({
      framing: { dataBits: 8, parity: 'none', stopBits: 1 },
      watchdog: { silenceMs: null },
    });
    expect(s?.protocol === 'barcode' && s.barcode).toMatchObject({
      encoding: 'utf8',
      debounceMs: 1000,
      maxLength: 512,
    });
    expect(c).toMatchObject({
      watchdog: { silenceMs: 5000 },
      reconnect: { initialMs: 100, maxMs: 1000, factor: 2 },
    });
  });

  it('returns every problem with the device and field it concerns', () => {
    const r = validateDeviceConfigs([
      { ...cabinet, id: 'cab 1', framing: { baudRate: -1 }, binding: { stationId: 'x' } },
      { ...scanner, role: 'gate-reader' },
      { ...scanner, identity: {} },
      { ...scanner, protocol: 'modbus' },
      { ...cabinet, r2000: { antennas: [1, 6] } },
      { ...scanner, id: 'cab-1' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^devices\[0\] \(cab 1\)\.id: /),
        expect.stringMatching(/^devices\[0\] \(cab 1\)\.framing\.baudRate: /),
        'devices[1] (kiosk-scan).protocol: gate-reader needs protocol r2000 or chafon',
        'devices[2] (kiosk-scan).identity: give at least one of path, byId, usb',
        expect.stringMatching(/^devices\[3\] \(kiosk-scan\)\.protocol: /),
        'devices[4] (cab-1).r2000.antennas: R2000 antennas are 1..4',
        'devices[2] (kiosk-scan).id: duplicate device id kiosk-scan',
        'devices[5] (cab-1).id: duplicate device id cab-1',
      ]),
    );
  });

  it('requires the antenna -> shelf map for a cabinet reader', () => {
    expect(() => parseDeviceConfig({ ...cabinet, binding: { cabinetId: 'C1' } } as never)).toThrow(
      /cabinetId and shelves/,
    );
  });

  it('rejects a non-array input', () => {
    expect(validateDeviceConfigs({})).toEqual({ ok: false, errors: ['devices: expected an array'] });
  });

  it('lets an autonomous Chafon run without a silence limit unless configured', () => {
    const base = {
      id: 'gate',
      protocol: 'chafon',
      role: 'gate-reader',
      identity: { path: '/x' },
      framing: { baudRate: 57600 },
    };
    expect(
      parseDeviceConfig({ ...base, chafon: { family: 'uhfreader288', mode: 'autonomous' } } as never).watchdog
        .silenceMs,
    ).toBeNull();
    expect(
      parseDeviceConfig({ ...base, chafon: { family: 'uhfreader288' } } as never).watchdog.silenceMs,
    ).toBe(5000);
    expect(
      parseDeviceConfig({
        ...base,
        chafon: { family: 'uhfreader18', mode: 'autonomous' },
        watchdog: { silenceMs: 3000 },
      } as never).watchdog.silenceMs,
    ).toBe(3000);
  });
});

describe('device resolution', () => {
  const identity = {
    byId: '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0',
    usb: { vendorId: '1A86', productId: '7523', serialNumber: 'A1' },
    path: '/dev/ttyUSB7',
  };

  it('prefers the by-id link when it exists', async () => {
    const r = await resolveDevicePath(
      identity,
      async () => [],
      (p) => p === identity.byId,
    );
    expect(r).toMatchObject({ path: identity.byId, via: 'by-id' });
  });

  it('matches vendor/product/serial from the port list, case-insensitively', async () => {
    const lister = async () => [
      { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', serialNumber: 'OTHER' },
      { path: '/dev/ttyUSB3', vendorId: '1a86', productId: '7523', serialNumber: 'A1' },
    ];
    expect(await resolveDevicePath(identity, lister, () => false)).toMatchObject({
      path: '/dev/ttyUSB3',
      via: 'usb',
    });
  });

  it('falls back to the configured path when listing fails (no udevadm in containers)', async () => {
    const lister = () => Promise.reject(new Error('spawn udevadm ENOENT'));
    const r = await resolveDevicePath(identity, lister, (p) => p === '/dev/ttyUSB7');
    expect(r).toMatchObject({ path: '/dev/ttyUSB7', via: 'path' });
    expect(r.note).toMatch(/udevadm ENOENT/);
  });

  it('reports absence instead of guessing', async () => {
    expect(
      await resolveDevicePath(
        identity,
        async () => [],
        () => false,
      ),
    ).toMatchObject({ path: null, via: null });
  });
});

describe('backoff', () => {
  it('doubles from the initial delay up to the cap, with bounded jitter', () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, o))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
    expect(backoffDelay(3, o, () => 0.999)).toBeGreaterThanOrEqual(640);
    expect(backoffDelay(3, o, () => 0)).toBe(800);
  });
});
