// Device health and alarms, for the dashboard and the engineer who installs the readers.
import { z } from 'zod';
import { assertCan } from '../../domain/access.js';
import { ALARM_LABELS, type Alarm, type AlarmService } from '../../services/alarms.js';
import type { DeviceService } from '../../services/devices.js';
import { defineRoute } from '../route.js';
import { IdParam, decimalInteger, multiLineText } from '../schemas.js';

const DeviceView = z
  .object({
    id: z.string(),
    protocol: z.string(),
    role: z.string(),
    state: z.string(),
    path: z.string().nullable(),
    bytesIn: z.number(),
    framesIn: z.number(),
    checksumErrors: z.number(),
    reconnects: z.number(),
    lastSeen: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .openapi('Device');

export const AlarmView = z
  .object({
    id: z.number().int(),
    raisedAt: z.string(),
    kind: z.string(),
    label: z.object({ zh: z.string(), en: z.string() }),
    barcode: z.string().nullable(),
    archiveNo: z.string().nullable(),
    epc: z.string().nullable(),
    deviceId: z.string(),
    place: z.string().nullable().openapi({ description: 'A shelf code (cabinets) or a station id (gate)' }),
    placeName: z.string().nullable().openapi({
      description: 'The place as people read it: the shelf’s label (1号档案柜 第2层) or the station’s name',
    }),
    detail: z.string().nullable(),
    custodySeq: z.number().int().nullable(),
    resolvedAt: z.string().nullable(),
    resolution: z.string().nullable(),
  })
  .openapi('Alarm');

export const toAlarmView = (a: Alarm): z.infer<typeof AlarmView> => ({
  id: a.id,
  raisedAt: a.raisedAt,
  kind: a.kind,
  label: ALARM_LABELS[a.kind],
  barcode: a.barcode,
  archiveNo: a.archiveNo,
  epc: a.epc,
  deviceId: a.deviceId,
  place: a.place,
  placeName: a.placeName,
  detail: a.detail,
  custodySeq: a.custodySeq,
  resolvedAt: a.resolvedAt,
  resolution: a.resolution,
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const PrinterHealth = z
  .object({
    name: z.string(),
    transport: z.string(),
    language: z.string(),
    state: z.string(),
    detail: z.string().nullable(),
    checkedAt: z.string(),
  })
  .openapi('PrinterHealth');

export function deviceRoutes(
  devices: DeviceService | null,
  alarms: AlarmService,
  printerHealth: () => Promise<Array<z.infer<typeof PrinterHealth>>>,
) {
  return [
    defineRoute({
      method: 'get',
      path: '/devices',
      summary:
        'Serial devices and label printers, and their health (connected, disconnected, unhealthy; ready, unreachable)',
      tag: 'devices',
      auth: 'session',
      response: z.object({ devices: z.array(DeviceView), printers: z.array(PrinterHealth) }),
      handler: async ({ actor }) => {
        assertCan(actor, 'device.read'); // before anything is probed
        const serial = devices?.status(actor) ?? [];
        const printers = await printerHealth();
        return {
          devices: serial.map((s) => ({
            id: s.id,
            protocol: s.protocol,
            role: s.role,
            state: s.state,
            path: s.path,
            bytesIn: s.bytesIn,
            framesIn: s.framesIn,
            checksumErrors: s.checksumErrors,
            reconnects: s.reconnects,
            lastSeen: iso(s.lastSeen),
            lastError: s.lastError,
          })),
          printers: printers.map((p) => ({
            name: p.name,
            transport: p.transport,
            language: p.language,
            state: p.state,
            detail: p.detail,
            checkedAt: p.checkedAt,
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/alarms',
      summary: 'Alarms from cabinets and the door gate, newest first',
      tag: 'devices',
      auth: 'session',
      query: z.object({
        open: z.enum(['true', 'false']).default('true'),
        limit: decimalInteger(1, 500).default(100),
      }),
      response: z.object({ alarms: z.array(AlarmView) }),
      handler: async ({ actor, query }) => ({
        alarms: (await alarms.list(actor, { open: query.open === 'true', limit: query.limit })).map(
          toAlarmView,
        ),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/alarms/:id/resolve',
      summary: 'Close an alarm with what was found',
      tag: 'devices',
      auth: 'session',
      params: IdParam,
      body: z.object({ resolution: multiLineText().trim().min(1).max(500) }).strict(),
      response: AlarmView,
      handler: async ({ actor, params, body }) =>
        toAlarmView(await alarms.resolve(params.id, actor, body.resolution)),
    }),
  ];
}
