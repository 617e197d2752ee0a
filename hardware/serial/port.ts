// What the manager needs from a port, and two factories: the real `serialport` and an in-process Duplex
// (simulators, demo) so that everything above this file runs without an operating-system device.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';
import type { DeviceFraming } from './config.js';

type Cb = (err: Error | null) => void;

export interface PortLike {
  readonly isOpen: boolean;
  open(cb: Cb): void;
  close(cb: Cb): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (err?: Error | null) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  removeAllListeners(event?: string): this;
}

export interface PortOpenOptions extends DeviceFraming {
  path: string;
}

export type PortFactory = (o: PortOpenOptions) => PortLike;

/** The real thing; `autoOpen: false` so the manager owns the open call and its error. */
export const serialPortFactory: PortFactory = (o) =>
  new SerialPort({
    path: o.path,
    baudRate: o.baudRate,
    dataBits: o.dataBits,
    parity: o.parity,
    stopBits: o.stopBits,
    autoOpen: false,
  });

/**
 * A PortLike over one end of a Duplex. Closing detaches without destroying the stream, like closing a tty
 * leaves the device alone; the stream ending or being destroyed looks like an unplug.
 */
export class StreamPort extends EventEmitter implements PortLike {
  private opened = false;
  private readonly onData = (chunk: Buffer): void => {
    this.emit('data', chunk);
  };
  private readonly onGone = (): void => {
    if (!this.opened) return;
    this.detach();
    this.emit('close', Object.assign(new Error('stream ended'), { disconnected: true }));
  };

  constructor(private readonly stream: Duplex) {
    super();
  }

  get isOpen(): boolean {
    return this.opened;
  }

  open(cb: Cb): void {
    if (this.opened) return queueMicrotask(() => cb(new Error('Port is already open')));
    if (this.stream.destroyed || this.stream.writableEnded) {
      return queueMicrotask(() => cb(new Error('stream is gone')));
    }
    this.opened = true;
    this.stream.on('data', this.onData);
    this.stream.once('end', this.onGone);
    this.stream.once('close', this.onGone);
    this.stream.resume();
    queueMicrotask(() => cb(null));
  }

  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean {
    if (!this.opened) {
      queueMicrotask(() => cb(new Error('Port is not open')));
      return false;
    }
    return this.stream.write(data, cb);
  }

  close(cb: Cb): void {
    if (!this.opened) return queueMicrotask(() => cb(new Error('Port is not open')));
    this.detach();
    queueMicrotask(() => {
      this.emit('close', null);
      cb(null);
    });
  }

  private detach(): void {
    this.opened = false;
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onGone);
    this.stream.off('close', this.onGone);
  }
}

/** Factory over a registry of in-process streams keyed by a made-up path such as `sim://cabinet-1`. */
export function streamPortFactory(lookup: (path: string) => Duplex | undefined): PortFactory {
  return (o) => {
    const stream = lookup(o.path);
    if (!stream) throw new Error(`no in-process stream at ${o.path}`);
    return new StreamPort(stream);
  };
}
