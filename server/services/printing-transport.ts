// Sending: how a print job reaches each configured printer (raw TCP, a serial device of the hardware layer,
// a spool directory, or the operator's browser).
import {
  BrowserTransport,
  SerialTransport,
  SpoolTransport,
  TcpTransport,
  type BrowserPage,
  type PrinterTransport,
  type WritableLike,
} from '../../labels/index.js';
import type { Clock } from '../providers.js';
import type { PrinterConfig, PrinterLanguage } from './printing-config.js';

/** What the hardware layer reports for a serial device (DeviceStatus has more; these are enough). */
export interface SerialDeviceStatus {
  state: string;
  path?: string | null;
  lastError?: string | null;
}

export interface TransportDeps {
  clock: Clock;
  /** Current status of a serial device by id, null when there is no such device (hardware port manager). */
  serialStatus?: (deviceId: string) => SerialDeviceStatus | null;
  /** Raw write to a serial device (PortManager.write); without it serial printers are unreachable. */
  serialWrite?: (deviceId: string, bytes: Buffer) => Promise<void>;
  /** Hands a browser printer's page to the operator's browser (e.g. over the real-time channel). */
  browserDeliver?: (page: BrowserPage, to: { printer: string; actorUserId: number | null }) => Promise<void>;
}

const SPOOL_EXTENSIONS: Record<PrinterLanguage, string> = {
  zpl: '.zpl',
  tspl: '.tspl',
  pdf: '.pdf',
  html: '.html',
};

/** Builds each job's transport; a browser printer without a sink keeps one queue, shared by its jobs. */
export function printerTransports(deps: TransportDeps) {
  const { clock } = deps;
  const browsers = new Map<string, BrowserTransport>();

  function serialPort(deviceId: string): WritableLike | undefined {
    const write = deps.serialWrite;
    if (!write) return undefined;
    const status = deps.serialStatus?.(deviceId);
    if (status === null || (status && status.state !== 'connected')) return undefined;
    return {
      write(chunk, cb) {
        write(deviceId, Buffer.from(chunk)).then(
          () => cb?.(),
          (e: unknown) => cb?.(e instanceof Error ? e : new Error(String(e))),
        );
        return true;
      },
    };
  }

  function transportOf(p: PrinterConfig, actorUserId: number | null): PrinterTransport {
    const t = p.transport;
    switch (t.type) {
      case 'tcp':
        return new TcpTransport({
          host: t.host,
          port: t.port,
          connectTimeoutMs: t.connectTimeoutMs,
          writeTimeoutMs: t.writeTimeoutMs,
        });
      case 'serial':
        return new SerialTransport({
          name: `serial device ${t.deviceId}`,
          writeTimeoutMs: t.writeTimeoutMs,
          port: () => serialPort(t.deviceId),
        });
      case 'spool':
        return new SpoolTransport({
          dir: t.dir,
          extension: t.extension ?? SPOOL_EXTENSIONS[p.language],
          prefix: p.name,
          now: () => clock.now(),
        });
      case 'browser': {
        const deliver = deps.browserDeliver;
        if (deliver) {
          return new BrowserTransport({
            deliver: (page) => deliver(page, { printer: p.name, actorUserId }),
            now: () => clock.now(),
          });
        }
        // Without a sink the page goes back in the print result; the queue only keeps the latest few.
        let queue = browsers.get(p.name);
        if (!queue) browsers.set(p.name, (queue = new BrowserTransport({ maxQueued: 5 })));
        return queue;
      }
    }
  }

  return transportOf;
}
