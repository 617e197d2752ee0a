// Finds the device node to open. USB serial nodes (/dev/ttyUSB0, /dev/ttyACM1) are renumbered on every
// replug, so a stable identity is tried first: the udev by-id link, then vendor/product/serial from
// SerialPort.list(). list() rejects with `spawn udevadm ENOENT` in containers without udev: we note it and
// fall back to the configured path instead of failing.
import type { DeviceIdentity } from './config.js';

export interface PortInfoLike {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  serialNumber?: string | undefined;
}

export type PortLister = () => Promise<PortInfoLike[]>;

export interface Resolution {
  path: string | null;
  via: 'by-id' | 'usb' | 'path' | null;
  /** Why a stable identity was skipped (e.g. the lister failed), for logs and status. */
  note: string | null;
}

export async function resolveDevicePath(
  identity: DeviceIdentity,
  lister: PortLister,
  exists: (path: string) => boolean,
): Promise<Resolution> {
  let note: string | null = null;
  if (identity.byId && exists(identity.byId)) return { path: identity.byId, via: 'by-id', note };
  if (identity.usb) {
    const want = identity.usb;
    try {
      const ports = await lister();
      const hit = ports.find(
        (p) =>
          eqHex(p.vendorId, want.vendorId) &&
          eqHex(p.productId, want.productId) &&
          (!want.serialNumber || p.serialNumber === want.serialNumber),
      );
      if (hit) return { path: hit.path, via: 'usb', note };
      note = `no port matches usb ${want.vendorId}:${want.productId}`;
    } catch (err) {
      note = `port listing failed (${err instanceof Error ? err.message : String(err)}); using configured path`;
    }
  }
  if (identity.path && exists(identity.path)) return { path: identity.path, via: 'path', note };
  return { path: null, via: null, note: note ?? 'device not present' };
}

function eqHex(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
