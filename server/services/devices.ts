// The archive room's devices inside the server: opens every configured serial device through the hardware
// hub, feeds cabinet readers into the presence engine and its events into the cabinet watch, sends scans
// from station-bound scanners to that station's screens, and publishes device health.
import {
  HardwareHub,
  PresenceEngine,
  cabinetLayouts,
  type DeviceConfig,
  type DeviceStatus,
  type PortManagerOptions,
  type InventoryRoundEvent,
  type TagRead,
} from '../../hardware/index.js';
import { assertCan, type Actor } from '../domain/access.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/db.js';
import type { AlarmService } from './alarms.js';
import { createCabinetMap, type ShelfSight } from './cabinet-map.js';
import { createCabinetWatch, type CabinetWatch } from './cabinet-watch.js';
import { KeyedThrottle, byUrgency, serialHealth, type DeviceHealth } from './device-health.js';
import type { CirculationService } from './circulation.js';
import { ItemPlaces } from './item-places.js';

export interface DeviceServiceOptions {
  db: Database;
  bus: EventBus;
  logger: Logger;
  hardware: Config['hardware'];
  devices: readonly DeviceConfig[];
  circulation: CirculationService;
  alarms: AlarmService;
  /** Port factory and friends: real serial ports by default, simulator cables in the demo and tests. */
  ports?: Pick<PortManagerOptions, 'factory' | 'lister' | 'pathExists'>;
}

const stationOf = (d: DeviceConfig | undefined) =>
  (d?.binding as { stationId?: string } | undefined)?.stationId ?? null;

export function createDeviceService(o: DeviceServiceOptions) {
  const { bus, logger } = o;
  const places = new ItemPlaces(o.db.knex, { companyPrefix: o.hardware.epcCompanyPrefix });
  const hub = new HardwareHub(o.devices, {
    ...o.ports,
    logger: {
      debug: () => undefined,
      info: (msg, meta) => logger.info(meta ?? {}, msg),
      warn: (msg, meta) => logger.warn(meta ?? {}, msg),
      error: (msg, meta) => logger.error(meta ?? {}, msg),
    },
  });
  const watch: CabinetWatch = createCabinetWatch({
    places,
    circulation: o.circulation,
    alarms: o.alarms,
    logger,
    removalGraceMs: o.hardware.removalGraceSeconds * 1000,
    autoCheckIn: o.hardware.autoCheckInOnReturn,
  });
  const layouts = cabinetLayouts(o.devices);
  // The board hears of a device at most once a second, and of a cabinet at most twice a second.
  const healthOut = new KeyedThrottle<DeviceHealth>(1000, (h) => bus.publish('device_health', h));
  const cabinetChanged = new KeyedThrottle<{ cabinetId: string | null }>(500, (c) =>
    bus.publish('cabinet_changed', c),
  );
  const healthOf = (s: DeviceStatus) => serialHealth(s, hub.config(s.id), hub.handler(s.id));
  const readerOfCabinet = new Map(layouts.map((l) => [l.cabinetId, l.deviceId]));
  const engine = new PresenceEngine({
    cabinets: layouts,
    absentRounds: o.hardware.presence.absentRounds,
    absentMs: o.hardware.presence.absentMs,
    resolveItem: (epc) => places.resolveEpc(epc)?.barcode ?? null,
    expectedLocation: (barcode) => {
      const p = places.get(barcode);
      return p && p.state === 'in_place' && p.cabinetCode
        ? { cabinetId: p.cabinetCode, shelfId: p.shelfCode }
        : null;
    },
    onEvent: (e) => {
      cabinetChanged.push(e.cabinetId, { cabinetId: e.cabinetId });
      void watch.onPresence(e, readerOfCabinet.get(e.cabinetId) ?? e.cabinetId);
    },
  });
  const gates = new Set(o.devices.filter((d) => d.role === 'gate-reader').map((d) => d.id));
  const detach: Array<() => void> = [];

  /** What each shelf's antenna sees now, from the presence engine. */
  function sightings(): Map<string, ShelfSight> {
    const out = new Map<string, ShelfSight>();
    for (const l of layouts)
      for (const shelf of Object.values(l.shelves)) out.set(shelf, { seen: 0, foreign: 0, unknown: 0 });
    for (const tag of engine.snapshot()) {
      const expected = tag.itemId === null ? null : places.get(tag.itemId);
      for (const loc of tag.locations) {
        const sight = out.get(loc.shelfId);
        if (!sight) continue;
        sight.seen += 1;
        if (tag.itemId === null || !expected) sight.unknown += 1;
        else if (expected.shelfCode !== loc.shelfId) sight.foreign += 1;
      }
    }
    return out;
  }

  /** The cabinet map (counts per shelf in SQL, the readers' view from memory). */
  const cabinetMap = createCabinetMap({
    db: o.db,
    sightings,
    readers: () => {
      const states = new Map(hub.statuses().map((s) => [s.id, s.state]));
      return new Map(
        layouts.map((l) => [
          l.cabinetId,
          { deviceId: l.deviceId, state: states.get(l.deviceId) ?? 'disconnected' },
        ]),
      );
    },
  });

  return {
    places,
    hub,
    watch,
    engine,

    async start(): Promise<void> {
      await places.load();
      // Folders the database says are on monitored shelves are taken as present: only changes make events.
      const shelves = new Set(layouts.flatMap((l) => Object.values(l.shelves)));
      engine.seed(
        places
          .inPlaceOn(shelves)
          .flatMap((p) =>
            p.epc && p.cabinetCode && p.shelfCode
              ? [{ epc: p.epc, cabinetId: p.cabinetCode, shelfId: p.shelfCode }]
              : [],
          ),
      );
      // Cabinet readers feed the presence engine; gate readers go straight to the watch.
      const onTag = (r: TagRead) => {
        if (gates.has(r.deviceId)) void watch.onGateRead(r, stationOf(hub.config(r.deviceId)));
        else engine.tagRead(r);
      };
      const onRound = (r: InventoryRoundEvent) => engine.roundEnd(r);
      hub.on('tag', onTag);
      hub.on('round', onRound);
      detach.push(() => {
        hub.off('tag', onTag);
        hub.off('round', onRound);
      });
      hub.on('scan', (scan) => {
        const stationId = stationOf(hub.config(scan.deviceId));
        if (stationId) bus.publish('station_scan', { stationId, scan });
      });
      hub.on('status', (s) => {
        bus.publish('device_status', s);
        healthOut.push(s.id, healthOf(s));
      });
      // Keep the in-memory places in step with the custody log, and tell the board which cabinet changed
      // (a move changes two: the map is reloaded whole).
      // A failed reload is logged by the bus; the next entry for that item reloads it again.
      detach.push(
        bus.subscribe('custody', async (entry) => {
          const place = await places.reload(entry.itemId);
          const moved = entry.fromLocationId !== null && entry.fromLocationId !== entry.toLocationId;
          const cabinetId = moved || entry.action === 'move' ? null : (place?.cabinetCode ?? null);
          cabinetChanged.push(cabinetId ?? '*', { cabinetId });
        }),
      );
      detach.push(bus.subscribe('custody', (entry) => watch.onCustody(entry)));
      hub.start();
    },

    status(actor: Actor): DeviceStatus[] {
      assertCan(actor, 'device.read');
      return hub.statuses();
    },

    /** Every serial device as the board shows it, the ones that need a look first. */
    health(actor: Actor): DeviceHealth[] {
      assertCan(actor, 'device.read');
      return hub.statuses().map(healthOf).sort(byUrgency);
    },

    sightings,

    cabinetMap,

    async stop(): Promise<void> {
      for (const d of detach.splice(0)) d();
      healthOut.stop();
      cabinetChanged.stop();
      watch.stop();
      await hub.stop();
      await watch.settled();
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
