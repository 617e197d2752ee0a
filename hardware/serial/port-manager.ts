// Owns every configured serial device: one ManagedPort each, a protocol handler attached by the caller,
// one status stream for all. Injectable port factory, lister and path check make it run on in-process
// streams (simulators, demo, tests) exactly as on real devices.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import type { Clock } from '../common/types.js';
import { systemClock } from '../common/types.js';
import type { HardwareLogger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import type { DeviceConfig } from './config.js';
import type { ProtocolHandler } from './link.js';
import { ManagedPort } from './managed-port.js';
import type { DeviceStatus } from './managed-port.js';
import { serialPortFactory } from './port.js';
import type { PortFactory } from './port.js';
import type { PortLister } from './resolve.js';

export interface PortManagerOptions {
  factory?: PortFactory;
  lister?: PortLister;
  pathExists?: (path: string) => boolean;
  clock?: Clock;
  logger?: HardwareLogger;
  random?: () => number;
  /** Also emit every device's status at this period (counters change without state changes). */
  statusIntervalMs?: number;
}

export interface PortManagerEvents {
  status: [DeviceStatus];
}

export const systemLister: PortLister = () => SerialPort.list();

export class PortManager extends EventEmitter<PortManagerEvents> {
  private readonly ports = new Map<string, ManagedPort>();
  private started = false;
  private statusTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: PortManagerOptions = {}) {
    super();
  }

  add(config: DeviceConfig, handler: ProtocolHandler): ManagedPort {
    if (this.ports.has(config.id)) throw new Error(`device ${config.id} already added`);
    const port = new ManagedPort(config, handler, {
      factory: this.opts.factory ?? serialPortFactory,
      lister: this.opts.lister ?? systemLister,
      pathExists: this.opts.pathExists ?? existsSync,
      clock: this.opts.clock ?? systemClock,
      logger: this.opts.logger ?? silentLogger,
      ...(this.opts.random ? { random: this.opts.random } : {}),
    });
    port.on('status', (s) => this.emit('status', s));
    this.ports.set(config.id, port);
    if (this.started && config.enabled) port.start();
    return port;
  }

  start(): void {
    this.started = true;
    for (const p of this.ports.values()) if (p.config.enabled) p.start();
    const every = this.opts.statusIntervalMs;
    if (every && !this.statusTimer) {
      this.statusTimer = setInterval(() => {
        for (const s of this.statuses()) this.emit('status', s);
      }, every);
      this.statusTimer.unref?.();
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    await Promise.all([...this.ports.values()].map((p) => p.stop()));
  }

  get(id: string): ManagedPort | undefined {
    return this.ports.get(id);
  }

  statuses(): DeviceStatus[] {
    return [...this.ports.values()].map((p) => p.status);
  }

  /** Raw write (label printers on protocol `raw`, diagnostics). */
  write(id: string, data: Buffer): Promise<void> {
    const port = this.ports.get(id);
    return port ? port.write(data) : Promise.reject(new Error(`unknown device ${id}`));
  }
}
