// In-process stand-in for /dev: named cables (`sim://cab-1`) between the port manager and simulators.
// Plug and unplug them to exercise reconnects without any operating-system device.
import type { PortManagerOptions } from '../serial/port-manager.js';
import { streamPortFactory } from '../serial/port.js';
import { createDuplexPair } from './duplex-pair.js';
import type { DuplexPair } from './duplex-pair.js';

export class SimBus {
  private readonly cables = new Map<string, DuplexPair>();

  /** Connects a new cable at `path` (replacing a previous one) and returns it; attach a simulator to `.device`. */
  plug(path: string): DuplexPair {
    this.cables.get(path)?.unplug();
    const pair = createDuplexPair();
    this.cables.set(path, pair);
    return pair;
  }

  unplug(path: string): void {
    this.cables.get(path)?.unplug();
    this.cables.delete(path);
  }

  has(path: string): boolean {
    const c = this.cables.get(path);
    return !!c && !c.host.destroyed;
  }

  /** Options for PortManager / HardwareHub so that they open these cables instead of devices. */
  portOptions(): Pick<PortManagerOptions, 'factory' | 'lister' | 'pathExists'> {
    return {
      factory: streamPortFactory((p) => (this.has(p) ? this.cables.get(p)?.host : undefined)),
      lister: async () => [],
      pathExists: (p) => this.has(p),
    };
  }

  unplugAll(): void {
    for (const path of [...this.cables.keys()]) this.unplug(path);
  }
}
