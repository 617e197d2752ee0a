// The layer's front door: give it validated device configs, get one typed event stream (scans, tag reads,
// inventory rounds, reader errors, device status) for every device family. No server needed: the port
// factory, lister, path check and clock are injectable, so simulators can stand in for hardware.
import { EventEmitter } from 'node:events';
import { BarcodeScanner } from './barcode/scanner.js';
import type { Clock, InventoryRoundEvent, ReaderErrorEvent, ScanEvent, TagRead } from './common/types.js';
import { systemClock } from './common/types.js';
import type { HardwareLogger } from './common/logger.js';
import { silentLogger } from './common/logger.js';
import { ChafonDriver } from './rfid/chafon/driver.js';
import { R2000Driver } from './rfid/r2000/driver.js';
import type { DeviceConfig } from './serial/config.js';
import type { PortLink, ProtocolHandler } from './serial/link.js';
import type { DeviceStatus } from './serial/managed-port.js';
import { PortManager } from './serial/port-manager.js';
import { parseItemId } from './epc/item-id.js';
import type { PortManagerOptions } from './serial/port-manager.js';

export interface HubEvents {
  scan: [ScanEvent];
  tag: [TagRead];
  round: [InventoryRoundEvent];
  readerError: [ReaderErrorEvent];
  status: [DeviceStatus];
}

/** Write-only devices (label printers): bytes in are only counted by the port manager. */
export class RawHandler implements ProtocolHandler {
  onOpen(_link: PortLink): void {}
  onData(_chunk: Buffer): void {}
  onClose(): void {}
  dispose(): void {}
}

export type DeviceHandler = BarcodeScanner | R2000Driver | ChafonDriver | RawHandler;

export class HardwareHub extends EventEmitter<HubEvents> {
  readonly ports: PortManager;
  private readonly handlers = new Map<string, DeviceHandler>();
  private readonly configs = new Map<string, DeviceConfig>();

  constructor(devices: readonly DeviceConfig[], opts: PortManagerOptions = {}) {
    super();
    this.ports = new PortManager(opts);
    this.ports.on('status', (s) => this.emit('status', s));
    const clock = opts.clock ?? systemClock;
    const logger = opts.logger ?? silentLogger;
    for (const d of devices) {
      const handler = this.createHandler(d, clock, logger);
      this.handlers.set(d.id, handler);
      this.configs.set(d.id, d);
      this.ports.add(d, handler);
    }
  }

  start(): void {
    this.ports.start();
  }

  stop(): Promise<void> {
    return this.ports.stop();
  }

  statuses(): DeviceStatus[] {
    return this.ports.statuses();
  }

  config(id: string): DeviceConfig | undefined {
    return this.configs.get(id);
  }

  /** The protocol handler of a device (scanner stats, driver counters, firmware query...). */
  handler(id: string): DeviceHandler | undefined {
    return this.handlers.get(id);
  }

  write(id: string, data: Buffer): Promise<void> {
    return this.ports.write(id, data);
  }

  private createHandler(d: DeviceConfig, clock: Clock, logger: HardwareLogger): DeviceHandler {
    switch (d.protocol) {
      case 'barcode': {
        const { probe: _probe, ...barcode } = d.barcode;
        // A Dangan item id is never the tail of another code: kept even right after a (re)open.
        const wholeCode = (code: string) => parseItemId(code) !== null;
        const scanner = new BarcodeScanner({ ...barcode, wholeCode, deviceId: d.id, clock });
        scanner.on('scan', (e) => this.emit('scan', e));
        return scanner;
      }
      case 'r2000': {
        const driver = new R2000Driver({ ...d.r2000, deviceId: d.id, clock, logger });
        this.forwardRfid(driver);
        return driver;
      }
      case 'chafon': {
        const driver = new ChafonDriver({ ...d.chafon, deviceId: d.id, clock, logger });
        this.forwardRfid(driver);
        return driver;
      }
      case 'raw':
        return new RawHandler();
    }
  }

  private forwardRfid(driver: R2000Driver | ChafonDriver): void {
    driver.on('tag', (e) => this.emit('tag', e));
    driver.on('round', (e) => this.emit('round', e));
    driver.on('readerError', (e) => this.emit('readerError', e));
  }
}
