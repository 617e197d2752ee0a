// A PortLink over an in-process stream, so drivers can be tested without the port manager.
import type { Duplex } from 'node:stream';
import type { PortLink } from '../../../hardware/serial/link.js';

export interface TestLink extends PortLink {
  frames: number;
  checksumErrors: number;
  written: Buffer[];
}

export function streamLink(deviceId: string, out: Duplex): TestLink {
  const link: TestLink = {
    deviceId,
    frames: 0,
    checksumErrors: 0,
    written: [],
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        link.written.push(data);
        out.write(data, (err) => (err ? reject(err) : resolve()));
      }),
    frameIn: () => {
      link.frames++;
    },
    checksumError: (n = 1) => {
      link.checksumErrors += n;
    },
  };
  return link;
}
