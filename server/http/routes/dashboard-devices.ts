// The supervisors' board, device side: the health of every scanner, RFID reader, gate and label printer,
// and the cabinet map (each cabinet's shelves, fill against capacity, what its reader sees now).
import { z } from 'zod';
import { assertCan } from '../../domain/access.js';
import { byUrgency, printerHealth } from '../../services/device-health.js';
import type { DeviceService } from '../../services/devices.js';
import type { PrinterStatus } from '../../services/printing-health.js';
import { defineRoute } from '../route.js';

export const DeviceHealthView = z
  .object({
    id: z.string(),
    kind: z.enum(['scanner', 'rfid_reader', 'gate', 'printer']),
    name: z.string(),
    place: z
      .object({ type: z.enum(['station', 'cabinet']), id: z.string(), name: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The station or cabinet (location code) the device serves' }),
    connected: z.boolean(),
    condition: z.enum(['ok', 'degraded', 'down']).openapi({
      description: 'ok: connected and answering; degraded: open but silent or failing; down: not connected',
    }),
    reason: z.string().nullable(),
    lastSeen: z
      .string()
      .nullable()
      .openapi({ description: 'Last byte received (printers: last good probe)' }),
    since: z.string().nullable().openapi({ description: 'Since when it is in this condition' }),
    counters: z.object({
      framingErrors: z.number().int(),
      reconnects: z.number().int(),
      timeouts: z.number().int(),
    }),
  })
  .openapi('DeviceHealth');

export const DeviceHealthList = z
  .object({ devices: z.array(DeviceHealthView), at: z.string() })
  .openapi('DeviceHealthList');

const Sight = z
  .object({
    seen: z.number().int().openapi({ description: 'Tags the antenna sees on the shelf now' }),
    foreign: z.number().int().openapi({ description: 'Of them, our folders that belong on another shelf' }),
    unknown: z.number().int().openapi({ description: 'Of them, tags that are not ours' }),
  })
  .nullable()
  .openapi({ description: 'null: no reader antenna on this shelf' });

export const CabinetMapView = z
  .object({
    at: z.string(),
    rooms: z.array(
      z.object({
        code: z.string().nullable(),
        name: z.string().nullable(),
        cabinets: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            reader: z.object({ deviceId: z.string(), state: z.string() }).nullable(),
            shelves: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                capacity: z.number().int().nullable(),
                home: z.number().int().openapi({ description: 'Items that call this shelf home' }),
                inPlace: z.number().int(),
                out: z.number().int(),
                away: z.number().int().openapi({ description: '未登记取出, in transfer or missing' }),
                reader: Sight,
              }),
            ),
          }),
        ),
      }),
    ),
  })
  .openapi('CabinetMap', {
    description:
      'Counts cover only the folders the caller may have on the board (readable, and of their own estates); the reader figures are the antenna’s.',
  });

export function dashboardDeviceRoutes(
  devices: DeviceService,
  printers: () => Promise<PrinterStatus[]>,
  now: () => Date,
  stationNames: ReadonlyMap<string, string> = new Map(),
) {
  return [
    defineRoute({
      method: 'get',
      path: '/dashboard/devices',
      summary:
        'Every scanner, RFID reader, gate and label printer: connected, healthy, last seen, error counters (the ones needing a look first)',
      tag: 'devices',
      auth: 'session',
      response: DeviceHealthList,
      handler: async ({ actor }) => {
        assertCan(actor, 'device.read'); // before any printer is probed
        const serial = devices
          .health(actor)
          .map((d) =>
            d.place?.type === 'station'
              ? { ...d, place: { ...d.place, name: stationNames.get(d.place.id) ?? null } }
              : d,
          );
        const probed = (await printers()).map(printerHealth);
        return { devices: [...serial, ...probed].sort(byUrgency), at: now().toISOString() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dashboard/cabinets',
      summary:
        'The cabinet map: per room and cabinet, each shelf’s capacity, home, in place, out and away counts over the folders the caller may see, and what its reader sees now',
      tag: 'devices',
      auth: 'session',
      query: z.object({ cabinet: z.string().trim().min(1).max(64).optional() }),
      response: CabinetMapView,
      handler: async ({ actor, query }) => {
        assertCan(actor, 'device.read');
        return devices.cabinetMap.map(actor, query.cabinet);
      },
    }),
  ];
}
