// In-process event bus. Services publish only after their transaction has committed, so a listener (the
// real-time channel, the dashboard) never sees a change that could still roll back.
import { EventEmitter } from 'node:events';
import type { CustodyEntry } from './domain/ledger.js';
import type { DeviceStatus, ScanEvent } from '../hardware/index.js';
import type { Alarm } from './services/alarms.js';

export interface DanganEvents {
  custody: [CustodyEntry];
  /** A session was signed out: its sockets close. */
  session_ended: [number];
  /** A station's pairings were revoked: its screens' sockets close. */
  station_revoked: [string];
  /** An alarm was raised or resolved. */
  alarm: [Alarm];
  /** A device's health changed. */
  device_status: [DeviceStatus];
  /** A code scanned on a serial scanner bound to a station. */
  station_scan: [{ stationId: string; scan: ScanEvent }];
}

export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends keyof DanganEvents>(name: K, ...args: DanganEvents[K]): void {
    this.emitter.emit(name, ...args);
  }

  subscribe<K extends keyof DanganEvents>(name: K, listener: (...args: DanganEvents[K]) => void): () => void {
    this.emitter.on(name, listener as (...a: unknown[]) => void);
    return () => this.emitter.off(name, listener as (...a: unknown[]) => void);
  }
}
