// `dangan devices` and `dangan listen`: open configured devices through the hardware hub (the same code the
// server runs), report what the ports see, and stream live events.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { HardwareHub, epcToItemId, scannedCodeToItemId } from '../../hardware/index.js';
import type { DeviceConfig, DeviceStatus } from '../../hardware/index.js';
import { toHex } from '../../hardware/common/hex.js';
import type { PortInfoLike, PortLister } from '../../hardware/serial/resolve.js';

// ---- detected ports ---------------------------------------------------------------------------------

export interface DetectedPort {
  path: string;
  manufacturer: string | null;
  vendorId: string | null;
  productId: string | null;
  serialNumber: string | null;
  /** Configured device whose identity points at this port. */
  configuredAs: string | null;
}

export interface DetectedPorts {
  /** `serialport`: SerialPort.list(); `dev-scan`: list() failed, /dev was read instead (no USB ids). */
  source: 'serialport' | 'dev-scan';
  /** Why SerialPort.list() failed (e.g. `spawn udevadm ENOENT` in a container without udev). */
  listError: string | null;
  ports: DetectedPort[];
  /** What the hub should use to match usb identities. */
  lister: PortLister;
}

type RawPortInfo = PortInfoLike & { manufacturer?: string | undefined };

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref?.();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** USB and platform serial nodes under /dev, plus the stable /dev/serial/by-id links. */
function scanDev(): RawPortInfo[] {
  const found: RawPortInfo[] = [];
  const read = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const name of read('/dev/serial/by-id')) found.push({ path: path.join('/dev/serial/by-id', name) });
  for (const name of read('/dev')) {
    if (/^tty(USB|ACM|AMA|XRUSB)\d+$/.test(name) || /^rfcomm\d+$/.test(name)) {
      found.push({ path: path.join('/dev', name) });
    }
  }
  return found;
}

function matchConfigured(p: RawPortInfo, devices: readonly DeviceConfig[]): string | null {
  const eq = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  const hit = devices.find(
    (d) =>
      d.identity.path === p.path ||
      d.identity.byId === p.path ||
      (d.identity.usb &&
        eq(p.vendorId, d.identity.usb.vendorId) &&
        eq(p.productId, d.identity.usb.productId) &&
        (!d.identity.usb.serialNumber || p.serialNumber === d.identity.usb.serialNumber)),
  );
  return hit?.id ?? null;
}

export async function detectPorts(
  devices: readonly DeviceConfig[],
  list: () => Promise<RawPortInfo[]> = () => SerialPort.list(),
): Promise<DetectedPorts> {
  let raw: RawPortInfo[];
  let listError: string | null = null;
  try {
    raw = await withTimeout(list(), 3000, 'SerialPort.list()');
  } catch (err) {
    listError = err instanceof Error ? err.message : String(err);
    raw = scanDev();
  }
  const ports = raw.map((p) => ({
    path: p.path,
    manufacturer: p.manufacturer ?? null,
    vendorId: p.vendorId ?? null,
    productId: p.productId ?? null,
    serialNumber: p.serialNumber ?? null,
    configuredAs: matchConfigured(p, devices),
  }));
  const lister: PortLister =
    listError === null
      ? () => Promise.resolve(raw)
      : () => Promise.reject(new Error(listError ?? 'port listing failed'));
  return { source: listError === null ? 'serialport' : 'dev-scan', listError, ports, lister };
}

// ---- probing ----------------------------------------------------------------------------------------

export type Health = 'connected' | 'disconnected' | 'unhealthy' | 'disabled';

export interface DeviceHealth {
  health: Health;
  /** The port manager's own state at the end of the probe window. */
  state: DeviceStatus['state'] | null;
  path: string | null;
  bytesIn: number;
  framesIn: number;
  checksumErrors: number;
  lastSeen: string | null;
  lastError: string | null;
  events: { scans: number; tags: number; rounds: number; readerErrors: number };
  note: string | null;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

function isPolledReader(d: DeviceConfig): boolean {
  return d.protocol === 'r2000' || (d.protocol === 'chafon' && d.chafon.mode === 'poll');
}

/** Turns the port manager's status after `probeMs` into a verdict a person can act on. */
export function judge(
  d: DeviceConfig,
  s: DeviceStatus,
  events: DeviceHealth['events'],
  probeMs: number,
  pathExists: (path: string) => boolean = existsSync,
): DeviceHealth {
  const base = {
    state: s.state,
    path: s.path,
    bytesIn: s.bytesIn,
    framesIn: s.framesIn,
    checksumErrors: s.checksumErrors,
    lastSeen: iso(s.lastSeen),
    lastError: s.lastError,
    events,
  };
  if (s.state === 'disconnected') {
    const locked = /lock|busy|resource temporarily unavailable/i.test(s.lastError ?? '');
    const candidates = [d.identity.byId, d.identity.path].filter((p): p is string => !!p);
    const note = locked
      ? `in use by another process (a running dangan server?): ${s.lastError}`
      : s.path === null && !candidates.some((p) => pathExists(p))
        ? `not found: ${candidates.length ? `${candidates.join(', ')} does not exist; ` : ''}check the identity and the cable`
        : null;
    return { health: 'disconnected', ...base, note };
  }
  if (s.state === 'unhealthy') return { health: 'unhealthy', ...base, note: 'the reader stopped answering' };
  if (isPolledReader(d) && s.framesIn === 0) {
    const note =
      s.bytesIn > 0
        ? `${s.bytesIn} bytes but no verified frame in ${probeMs} ms: wrong baud rate, protocol or family?`
        : `port open but no answer in ${probeMs} ms: wrong baud rate or address, reader off, or RX/TX swapped?`;
    return { health: 'unhealthy', ...base, note };
  }
  let note: string | null = null;
  if (d.protocol === 'barcode' && s.framesIn === 0)
    note = 'port open; a scanner is silent until something is scanned';
  if (d.protocol === 'chafon' && d.chafon.mode === 'autonomous' && s.framesIn === 0) {
    note = 'port open; an autonomous reader may stay silent with no tag in the field and heartbeats off';
  }
  return { health: 'connected', ...base, note };
}

export async function probeDevices(
  devices: readonly DeviceConfig[],
  probeMs: number,
  lister: PortLister,
): Promise<Map<string, DeviceHealth>> {
  const result = new Map<string, DeviceHealth>();
  const enabled = devices.filter((d) => d.enabled);
  for (const d of devices) {
    if (d.enabled) continue;
    result.set(d.id, {
      health: 'disabled',
      state: null,
      path: null,
      bytesIn: 0,
      framesIn: 0,
      checksumErrors: 0,
      lastSeen: null,
      lastError: null,
      events: { scans: 0, tags: 0, rounds: 0, readerErrors: 0 },
      note: 'enabled: false in the configuration; not opened',
    });
  }
  if (enabled.length === 0 || probeMs <= 0) return result;
  const hub = new HardwareHub(enabled, { lister });
  const events = new Map(enabled.map((d) => [d.id, { scans: 0, tags: 0, rounds: 0, readerErrors: 0 }]));
  hub.on('scan', (e) => events.get(e.deviceId)!.scans++);
  hub.on('tag', (e) => events.get(e.deviceId)!.tags++);
  hub.on('round', (e) => events.get(e.deviceId)!.rounds++);
  hub.on('readerError', (e) => events.get(e.deviceId)!.readerErrors++);
  hub.start();
  try {
    await new Promise((r) => setTimeout(r, probeMs));
  } finally {
    const statuses = hub.statuses();
    await hub.stop();
    for (const s of statuses) {
      const d = enabled.find((x) => x.id === s.id)!;
      result.set(s.id, judge(d, s, events.get(s.id)!, probeMs));
    }
  }
  return result;
}

// ---- listening --------------------------------------------------------------------------------------

export const LISTEN_EVENTS = ['scan', 'tag', 'round', 'readerError', 'status'] as const;
export type ListenEvent = (typeof LISTEN_EVENTS)[number];

export interface ListenOptions {
  /** Stop after this long; null: until `stop` resolves (Ctrl-C). */
  seconds: number | null;
  events: ReadonlySet<ListenEvent>;
  companyPrefix: string;
  /** Also print the device's status (counters) this often; 0: only on state changes. */
  statusEveryMs: number;
  lister: PortLister;
  /** Resolves when the user asks to stop (SIGINT). */
  interrupted: Promise<void>;
  out: (line: string) => void;
  err: (line: string) => void;
}

function statusLine(s: DeviceStatus): Record<string, unknown> {
  return {
    type: 'status',
    at: new Date().toISOString(),
    deviceId: s.id,
    state: s.state,
    path: s.path,
    bytesIn: s.bytesIn,
    framesIn: s.framesIn,
    checksumErrors: s.checksumErrors,
    lastSeen: iso(s.lastSeen),
    reconnects: s.reconnects,
    lastError: s.lastError,
  };
}

/** Streams one device's events as JSON lines; resolves when the time is up or the user interrupts. */
export async function listen(device: DeviceConfig, o: ListenOptions): Promise<void> {
  const hub = new HardwareHub([{ ...device, enabled: true }], {
    lister: o.lister,
    ...(o.statusEveryMs > 0 ? { statusIntervalMs: o.statusEveryMs } : {}),
  });
  const print = (type: ListenEvent, record: Record<string, unknown>): void => {
    if (o.events.has(type)) o.out(JSON.stringify(record));
  };
  const prefix = { companyPrefix: o.companyPrefix };
  const shelves = (device.binding as { shelves?: Record<string, string> } | undefined)?.shelves;
  hub.on('scan', (e) =>
    print('scan', {
      type: 'scan',
      at: iso(e.at),
      deviceId: e.deviceId,
      code: e.code,
      symbology: e.symbology,
      raw: toHex(e.raw, ' '),
      itemId: scannedCodeToItemId(e.code, prefix),
    }),
  );
  hub.on('tag', (e) =>
    print('tag', {
      type: 'tag',
      at: iso(e.at),
      deviceId: e.deviceId,
      antenna: e.antenna,
      ...(shelves ? { shelf: shelves[String(e.antenna)] ?? null } : {}),
      epc: e.epc,
      rssi: e.rssi,
      itemId: epcToItemId(e.epc, prefix),
    }),
  );
  hub.on('round', (e) => print('round', { type: 'round', ...e, at: iso(e.at) }));
  hub.on('readerError', (e) => print('readerError', { type: 'readerError', ...e, at: iso(e.at) }));
  hub.on('status', (s) => print('status', statusLine(s)));

  hub.start();
  // A missing device never changes state (it stays disconnected), so say so once.
  const notice = setTimeout(() => {
    const s = hub.statuses()[0];
    if (s && s.state !== 'connected') {
      o.err(`dangan listen: ${device.id} is ${s.state} (${s.lastError ?? 'not open yet'}); still trying`);
    }
  }, 1500);
  notice.unref?.();
  let timer: NodeJS.Timeout | null = null;
  const timeUp =
    o.seconds === null
      ? new Promise<void>(() => undefined)
      : new Promise<void>((resolve) => {
          timer = setTimeout(resolve, o.seconds! * 1000);
        });
  try {
    await Promise.race([timeUp, o.interrupted]);
  } finally {
    clearTimeout(notice);
    if (timer) clearTimeout(timer);
    const final = hub.statuses()[0];
    hub.removeAllListeners();
    if (final) print('status', { ...statusLine(final), final: true });
    await hub.stop();
  }
}
