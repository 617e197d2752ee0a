// Two connected in-process streams, like the two ends of a serial cable: bytes written to one end come out
// of the other. Delivery is asynchronous (setImmediate, FIFO) as on a real line, so a simulator answering a
// command can never re-enter the driver that sent it. `unplug()` tears both ends down like a USB removal.
import { Duplex } from 'node:stream';

class End extends Duplex {
  peer: End | null = null;

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    setImmediate(() => {
      if (peer && !peer.destroyed) peer.push(chunk);
      cb();
    });
  }

  override _read(): void {}

  override _final(cb: (err?: Error | null) => void): void {
    setImmediate(() => {
      if (this.peer && !this.peer.destroyed) this.peer.push(null);
      cb();
    });
  }
}

export interface DuplexPair {
  /** The end the port manager opens (host side). */
  host: Duplex;
  /** The end the simulator drives (device side). */
  device: Duplex;
  /** Both ends go away, as when the cable is pulled. */
  unplug(): void;
}

export function createDuplexPair(): DuplexPair {
  const host = new End();
  const device = new End();
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    unplug() {
      host.destroy();
      device.destroy();
    },
  };
}
