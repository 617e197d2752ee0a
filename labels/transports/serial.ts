// Serial / USB-serial printers. The hardware port manager owns the port (open, reconnect, backoff);
// this transport only writes to whatever writable it currently hands out, with a timeout, because a
// dead port may never call back (STACK.md: never await drain on a dead port).
import { LabelError } from '../errors.js';
import type { PrinterHealth, PrinterTransport } from './types.js';

/** What a serialport SerialPort (or any Node Writable) offers that we need. */
export interface WritableLike {
  write(chunk: Uint8Array, cb?: (err?: Error | null) => void): boolean;
  readonly destroyed?: boolean;
  readonly writable?: boolean;
}

export interface SerialTransportOptions {
  /** The port, or a function returning the current one (undefined while the manager reconnects). */
  port: WritableLike | (() => WritableLike | undefined);
  /** Default 15000 ms: a 9600-baud port moves ~1 KB/s, and a label job is a few KB. */
  writeTimeoutMs?: number;
  name?: string;
}

export class SerialTransport implements PrinterTransport {
  readonly kind = 'serial' as const;

  constructor(private readonly o: SerialTransportOptions) {}

  private current(): WritableLike | undefined {
    const p = typeof this.o.port === 'function' ? this.o.port() : this.o.port;
    return p && !p.destroyed && p.writable !== false ? p : undefined;
  }

  send(bytes: Uint8Array): Promise<void> {
    const port = this.current();
    if (!port)
      return Promise.reject(
        new LabelError('PRINTER_UNREACHABLE', `${this.o.name ?? 'serial port'} not open`),
      );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new LabelError('PRINTER_TIMEOUT', `${this.o.name ?? 'serial port'} write`, {
              bytes: bytes.length,
            }),
          ),
        this.o.writeTimeoutMs ?? 15_000,
      );
      try {
        port.write(bytes, (err) => {
          clearTimeout(timer);
          if (err) reject(new LabelError('PRINTER_WRITE_FAILED', err.message, {}, err));
          else resolve();
        });
      } catch (err) {
        clearTimeout(timer);
        reject(new LabelError('PRINTER_WRITE_FAILED', (err as Error).message, {}, err));
      }
    });
  }

  async health(): Promise<PrinterHealth> {
    return this.current()
      ? { ok: true }
      : { ok: false, code: 'PRINTER_UNREACHABLE', message: `${this.o.name ?? 'serial port'} not open` };
  }
}
