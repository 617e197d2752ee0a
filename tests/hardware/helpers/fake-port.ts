// A PortLike whose failure modes tests switch on: refuse to open, writes that never call back, and the
// silent death seen on ptys (no event at all) followed by late duplicate `close` events.
import { EventEmitter } from 'node:events';
import type { PortLike, PortOpenOptions } from '../../../hardware/serial/port.js';

export class FakePort extends EventEmitter implements PortLike {
  static instances: FakePort[] = [];
  openError: Error | null = null;
  writeHangs = false;
  closeCalls = 0;
  written: Buffer[] = [];
  private opened = false;

  constructor(readonly options: PortOpenOptions) {
    super();
    FakePort.instances.push(this);
  }

  get isOpen(): boolean {
    return this.opened;
  }

  open(cb: (err: Error | null) => void): void {
    setImmediate(() => {
      if (this.openError) return cb(this.openError);
      this.opened = true;
      cb(null);
    });
  }

  close(cb: (err: Error | null) => void): void {
    this.closeCalls++;
    const was = this.opened;
    this.opened = false;
    setImmediate(() => cb(was ? null : new Error('Port is not open')));
  }

  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean {
    this.written.push(data);
    if (!this.writeHangs) setImmediate(() => cb(null));
    return true;
  }

  /** Bytes from the device. */
  feed(data: Buffer | string): void {
    this.emit('data', Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'));
  }
}
