// Device health as the supervisors' board shows it: every scanner, RFID reader, gate and label printer in
// one shape (what it is, where it stands, whether it answers, since when, and the drivers' error counters),
// and a per-device throttle so a flapping port sends at most one update a second.
import type { DeviceConfig, DeviceHandler, DeviceStatus } from '../../hardware/index.js';
import type { PrinterStatus } from './printing-health.js';

export type DeviceKind = 'scanner' | 'rfid_reader' | 'gate' | 'printer';
/** ok: connected and answering; degraded: open but silent or failing; down: not connected. */
export type DeviceCondition = 'ok' | 'degraded' | 'down';

export interface DeviceHealth {
  id: string;
  kind: DeviceKind;
  name: string;
  /** The station or cabinet it serves; `name` as people read it where the route knows it. */
  place: { type: 'station' | 'cabinet'; id: string; name: string | null } | null;
  connected: boolean;
  condition: DeviceCondition;
  /** Why it is not ok (the port's or the probe's last error), null when ok. */
  reason: string | null;
  lastSeen: string | null;
  /** Since when it is in this condition. */
  since: string | null;
  counters: { framingErrors: number; reconnects: number; timeouts: number };
}

const KIND: Record<DeviceConfig['role'], DeviceKind> = {
  'kiosk-scanner': 'scanner',
  'handheld-dock': 'scanner',
  'cabinet-reader': 'rfid_reader',
  'gate-reader': 'gate',
  'label-printer': 'printer',
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function counters(s: DeviceStatus, handler: DeviceHandler | undefined): DeviceHealth['counters'] {
  let framing = s.checksumErrors;
  let timeouts = 0;
  if (handler && 'counters' in handler) {
    timeouts = handler.counters.timeouts;
    framing += handler.counters.malformed;
  } else if (handler && 'stats' in handler) {
    framing += handler.stats.overLength;
  }
  return { framingErrors: framing, reconnects: s.reconnects, timeouts };
}

/** A serial device's health from the port's status and its protocol handler's counters. */
export function serialHealth(
  s: DeviceStatus,
  config: DeviceConfig | undefined,
  handler: DeviceHandler | undefined,
): DeviceHealth {
  const b = config?.binding;
  const place = b?.cabinetId
    ? { type: 'cabinet' as const, id: b.cabinetId, name: null }
    : b?.stationId
      ? { type: 'station' as const, id: b.stationId, name: null }
      : null;
  const condition: DeviceCondition =
    s.state === 'connected' ? 'ok' : s.state === 'unhealthy' ? 'degraded' : 'down';
  return {
    id: s.id,
    kind: KIND[s.role] ?? 'scanner',
    name: s.id,
    place,
    connected: s.state !== 'disconnected',
    condition,
    reason:
      condition === 'ok' ? null : (s.lastError ?? (condition === 'degraded' ? 'no answer' : 'not connected')),
    lastSeen: iso(s.lastSeen),
    since: iso(s.since),
    counters: counters(s, handler),
  };
}

/** A configured label printer's health from its probe. */
export function printerHealth(p: PrinterStatus): DeviceHealth {
  const condition: DeviceCondition = p.state === 'ready' ? 'ok' : p.state === 'error' ? 'degraded' : 'down';
  return {
    id: `printer:${p.name}`,
    kind: 'printer',
    name: p.description ?? p.name,
    place: null,
    connected: p.state !== 'unreachable',
    condition,
    reason: condition === 'ok' ? null : p.detail,
    lastSeen: condition === 'ok' ? p.checkedAt : null,
    since: null,
    counters: { framingErrors: 0, reconnects: 0, timeouts: 0 },
  };
}

/** Not ok first (down, then degraded), then by kind and name. */
export function byUrgency(a: DeviceHealth, b: DeviceHealth): number {
  const rank = { down: 0, degraded: 1, ok: 2 } as const;
  return rank[a.condition] - rank[b.condition] || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);
}

/**
 * Passes at most one value per key per `intervalMs`: the first at once, later ones held and the latest sent
 * when the interval is over (so the last state always arrives).
 */
export class KeyedThrottle<T> {
  private readonly last = new Map<string, number>();
  private readonly held = new Map<string, { value: T; timer: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  push(key: string, value: T): void {
    const pending = this.held.get(key);
    if (pending) {
      pending.value = value;
      return;
    }
    const wait = (this.last.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.last.set(key, this.now());
      this.send(value);
      return;
    }
    const timer = setTimeout(() => {
      const h = this.held.get(key);
      this.held.delete(key);
      if (!h) return;
      this.last.set(key, this.now());
      this.send(h.value);
    }, wait);
    timer.unref();
    this.held.set(key, { value, timer });
  }

  stop(): void {
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
  }
}
