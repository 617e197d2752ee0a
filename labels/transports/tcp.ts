// Raw TCP "port 9100" (JetDirect / RAW) printing: connect with a timeout, write the job, half-close,
// and wait briefly for the printer to close its side. Errors map to stable codes.
import net from 'node:net';
import { LabelError, type LabelErrorCode } from '../errors.js';
import type { PrinterHealth, PrinterTransport } from './types.js';

export interface TcpTransportOptions {
  host: string;
  port?: number;
  /** Give up connecting after this long (PRINTER_TIMEOUT). Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Give up when the job has not been flushed after this long (a stalled printer). Default 30000 ms. */
  writeTimeoutMs?: number;
  /** After flushing, how long to wait for the printer to close before we do. Default 1000 ms. */
  lingerMs?: number;
  /** Opens the socket (default net.connect); tests and proxies replace it. */
  connect?: (opts: { host: string; port: number }) => net.Socket;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

function classify(err: NodeJS.ErrnoException, connected: boolean): LabelErrorCode {
  if (err.code === 'ETIMEDOUT') return 'PRINTER_TIMEOUT';
  if (!connected && err.code && UNREACHABLE.has(err.code)) return 'PRINTER_UNREACHABLE';
  return connected ? 'PRINTER_WRITE_FAILED' : 'PRINTER_UNREACHABLE';
}

export class TcpTransport implements PrinterTransport {
  readonly kind = 'tcp' as const;
  private readonly o: Required<TcpTransportOptions>;

  constructor(opts: TcpTransportOptions) {
    this.o = {
      port: 9100,
      connectTimeoutMs: 3000,
      writeTimeoutMs: 30_000,
      lingerMs: 1000,
      connect: (o) => net.connect(o),
      ...opts,
    };
  }

  private get where(): string {
    return `${this.o.host}:${this.o.port}`;
  }

  /** Opens a connection or rejects with PRINTER_UNREACHABLE / PRINTER_TIMEOUT. */
  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = this.o.connect({ host: this.o.host, port: this.o.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new LabelError('PRINTER_TIMEOUT', `connect ${this.where}`, {
            host: this.o.host,
            port: this.o.port,
          }),
        );
      }, this.o.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new LabelError(
            classify(err, false),
            `${this.where} ${err.code ?? err.message}`,
            { host: this.o.host, port: this.o.port, errno: err.code },
            err,
          ),
        );
      });
    });
  }

  async send(bytes: Uint8Array): Promise<void> {
    const socket = await this.connect();
    await new Promise<void>((resolve, reject) => {
      let flushed = false;
      let settled = false;
      const done = (err?: LabelError) => {
        if (settled) return;
        settled = true;
        clearTimeout(writeTimer);
        clearTimeout(lingerTimer);
        socket.destroy();
        if (err) reject(err);
        else resolve();
      };
      const writeTimer = setTimeout(
        () =>
          done(
            new LabelError('PRINTER_TIMEOUT', `${this.where} did not accept the job`, {
              bytes: bytes.length,
            }),
          ),
        this.o.writeTimeoutMs,
      );
      let lingerTimer: NodeJS.Timeout | undefined;
      socket.once('error', (err: NodeJS.ErrnoException) => {
        // A reset after everything was flushed is how some printers hang up: the job is delivered.
        if (flushed && err.code === 'ECONNRESET') return done();
        done(
          new LabelError(
            classify(err, true),
            `${this.where} ${err.code ?? err.message}`,
            { errno: err.code },
            err,
          ),
        );
      });
      socket.once('close', () =>
        done(flushed ? undefined : new LabelError('PRINTER_WRITE_FAILED', `${this.where} closed early`)),
      );
      // end() writes the job and half-closes: the printer sees end-of-job, we see 'finish' once flushed.
      socket.end(bytes, () => {
        flushed = true;
        lingerTimer = setTimeout(() => done(), this.o.lingerMs);
      });
    });
  }

  async health(): Promise<PrinterHealth> {
    const started = Date.now();
    try {
      const socket = await this.connect();
      socket.destroy();
      return { ok: true, latencyMs: Date.now() - started };
    } catch (e) {
      const err = e as LabelError;
      return { ok: false, code: err.code, message: err.message };
    }
  }
}
