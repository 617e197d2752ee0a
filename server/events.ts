// In-process event bus. Services publish only after their transaction has committed, so a listener (the
// real-time channel, the dashboard) never sees a change that could still roll back. By then the change is
// durable and the caller is owed its answer: each listener runs in isolation, and one that throws (or
// returns a promise that rejects) is logged and changes nothing for the publisher or the other listeners.
import type { Alarm } from './domain/alarms.js';
import type { CustodyEntry } from './domain/ledger.js';
import type { DeviceStatus, ScanEvent } from '../hardware/index.js';
import { createLogger, type Logger } from './logger.js';
import type { DeviceHealth } from './services/device-health.js';

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
  /** A device's health as the board shows it, at most about once a second per device. */
  device_health: [DeviceHealth];
  /** What a cabinet holds or its reader sees changed (null: several or not known which), throttled. */
  cabinet_changed: [{ cabinetId: string | null }];
  /** A code scanned on a serial scanner bound to a station. */
  station_scan: [{ stationId: string; scan: ScanEvent }];
}

export type Listener<K extends keyof DanganEvents> = (...args: DanganEvents[K]) => unknown;

type AnyListener = (...args: unknown[]) => unknown;

export class EventBus {
  private readonly listeners = new Map<keyof DanganEvents, Set<AnyListener>>();

  /** The default logger writes errors only: a failing listener is never silent, the rest stays quiet. */
  constructor(private readonly logger: Logger = createLogger('error')) {}

  publish<K extends keyof DanganEvents>(name: K, ...args: DanganEvents[K]): void {
    // A copy: a listener may unsubscribe (itself or another) while the event is delivered.
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        const returned = listener(...args);
        if (isThenable(returned)) returned.then(undefined, (e: unknown) => this.failed(name, e));
      } catch (e) {
        this.failed(name, e);
      }
    }
  }

  subscribe<K extends keyof DanganEvents>(name: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(name) ?? new Set<AnyListener>();
    this.listeners.set(name, set);
    // A fresh function per subscription, so the same listener subscribed twice is called twice.
    const entry: AnyListener = (...args) => listener(...(args as DanganEvents[K]));
    set.add(entry);
    return () => void set.delete(entry);
  }

  private failed(name: keyof DanganEvents, e: unknown): void {
    this.logger.error({ err: e, event: name }, 'event listener failed');
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
