// The board's device side: every device's health and the cabinet map, loaded over HTTP and kept current
// by the socket's `device` events (one device's new health, applied in place) and `cabinet` events (the map
// is loaded again, at most once per `mapDelayMs`: a batch check-out or a reader's round reloads it once).
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { CabinetEvent, DeviceEvent } from '../../shared/api/events';
import type { CabinetMap, DeviceHealthList } from '../../shared/api/types';
import type { DashboardApi } from '../api';

export type Device = DeviceHealthList['devices'][number];
export type DevicesTab = 'devices' | 'cabinets';

const RANK = { down: 0, degraded: 1, ok: 2 } as const;
/** Not ok first (down, then degraded), then by kind and id: the server's order, kept after live changes. */
export const byUrgency = (a: Device, b: Device) =>
  RANK[a.condition] - RANK[b.condition] || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);

export interface DevicesDeps {
  api: DashboardApi;
  token: () => string | null;
  mapDelayMs?: number;
}

export class DevicesState {
  readonly devices = signal<Device[] | null>(null);
  readonly map = signal<CabinetMap | null>(null);
  readonly tab = signal<DevicesTab>('devices');
  readonly error = signal<ApiError | null>(null);
  private mapTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: DevicesDeps) {}

  /** Both lists, after a (re)subscription. */
  async reload(): Promise<void> {
    await Promise.all([this.loadDevices(), this.loadMap()]);
  }

  /** A live device event: that device's row is replaced (or added), the order kept. */
  applyDevice(d: DeviceEvent): void {
    const list = this.devices.value;
    if (!list) return;
    // A live event names no place (the route does): keep the name the list had.
    const before = list.find((x) => x.id === d.id);
    const place =
      d.place && !d.place.name && before?.place ? { ...d.place, name: before.place.name } : d.place;
    this.devices.value = [...list.filter((x) => x.id !== d.id), { ...d, place }].sort(byUrgency);
  }

  /** A live cabinet event: the map is loaded again soon, once for a burst. */
  cabinetChanged(_e: CabinetEvent): void {
    if (this.mapTimer) return;
    this.mapTimer = setTimeout(() => {
      this.mapTimer = null;
      void this.loadMap();
    }, this.deps.mapDelayMs ?? 250);
  }

  clear(): void {
    if (this.mapTimer) clearTimeout(this.mapTimer);
    this.mapTimer = null;
    this.devices.value = null;
    this.map.value = null;
    this.error.value = null;
  }

  /** How many devices need a look (not ok). */
  get troubled(): number {
    return (this.devices.value ?? []).filter((d) => d.condition !== 'ok').length;
  }

  /** How many shelves a reader sees something wrong on (a folder that belongs elsewhere, a foreign tag). */
  get wrongShelves(): number {
    let n = 0;
    for (const room of this.map.value?.rooms ?? [])
      for (const cabinet of room.cabinets)
        for (const shelf of cabinet.shelves)
          if (shelf.reader && (shelf.reader.foreign || shelf.reader.unknown)) n++;
    return n;
  }

  /** A cabinet's name by its code (from the map), for the device list's places. */
  cabinetName(code: string): string | null {
    for (const room of this.map.value?.rooms ?? [])
      for (const cabinet of room.cabinets) if (cabinet.code === code) return cabinet.name;
    return null;
  }

  loadDevices(): Promise<void> {
    return this.guarded(async (token) => {
      this.devices.value = (await this.deps.api.devices(token)).devices;
    });
  }

  loadMap(): Promise<void> {
    return this.guarded(async (token) => {
      this.map.value = await this.deps.api.cabinets(token);
    });
  }

  private async guarded(load: (token: string) => Promise<void>): Promise<void> {
    const token = this.deps.token();
    if (!token) return;
    try {
      await load(token);
      this.error.value = null;
    } catch (e) {
      this.error.value = asApiError(e);
    }
  }
}
