// Device health and alarms, for the dashboard and the engineer who installs the readers.
import { z } from 'zod';
import { assertCan } from '../../domain/access.js';
import {
  ALARM_CAUSES,
  ALARM_CAUSE_LABELS,
  ALARM_LABELS,
  ESCALATION_LEVEL_LABELS,
  type Alarm,
  type AlarmAction,
  type AlarmService,
} from '../../services/alarms.js';
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
    acknowledgedAt: z.string().nullable(),
    acknowledgedByName: z.string().nullable().openapi({ description: 'Who acknowledged it first' }),
    escalationLevel: z.number().int().min(0).openapi({
      description: '0: with the supervisors as raised; 1: site manager; 2: general manager',
    }),
    escalationLabel: z.object({ zh: z.string(), en: z.string() }),
    escalatedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedByName: z.string().nullable().openapi({ description: 'Null when a device saw the problem end' }),
    resolutionCause: z.enum(ALARM_CAUSES).nullable(),
    causeLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
    resolution: z.string().nullable().openapi({ description: 'The resolver’s note' }),
  })
  .openapi('Alarm');

const levelLabel = (level: number) =>
  ESCALATION_LEVEL_LABELS[Math.min(level, ESCALATION_LEVEL_LABELS.length - 1)]!;

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
  acknowledgedAt: a.acknowledgedAt,
  acknowledgedByName: a.acknowledgedByName,
  escalationLevel: a.escalationLevel,
  escalationLabel: levelLabel(a.escalationLevel),
  escalatedAt: a.escalatedAt,
  resolvedAt: a.resolvedAt,
  resolvedByName: a.resolvedByName,
  resolutionCause: a.resolutionCause,
  causeLabel: a.resolutionCause === null ? null : ALARM_CAUSE_LABELS[a.resolutionCause],
  resolution: a.resolution,
});

export const AlarmActionView = z
  .object({
    id: z.number().int(),
    action: z.enum(['acknowledge', 'resolve', 'escalate']),
    at: z.string(),
    byName: z.string().nullable().openapi({ description: 'Null: the system (a device, the escalation job)' }),
    note: z.string().nullable(),
    cause: z.enum(ALARM_CAUSES).nullable(),
    causeLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
    escalationLevel: z.number().int().nullable(),
    escalationLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
  })
  .openapi('AlarmAction');

const toActionView = (x: AlarmAction): z.infer<typeof AlarmActionView> => ({
  id: x.id,
  action: x.action,
  at: x.at,
  byName: x.byName,
  note: x.note,
  cause: x.cause,
  causeLabel: x.cause === null ? null : ALARM_CAUSE_LABELS[x.cause],
  escalationLevel: x.escalationLevel,
  escalationLabel: x.escalationLevel === null ? null : levelLabel(x.escalationLevel),
});

/** POST /alarms/:id/acknowledge */
export const AcknowledgeAlarmBody = z
  .object({ note: multiLineText().trim().min(1).max(500).openapi({ description: 'What is being done' }) })
  .strict();

/** POST /alarms/:id/resolve: the cause is checked by the service, which names the allowed ones. */
export const ResolveAlarmBody = z
  .object({
    cause: z
      .string()
      .max(32)
      .openapi({ description: `What was found: ${ALARM_CAUSES.join(', ')}`, enum: [...ALARM_CAUSES] }),
    note: multiLineText().trim().max(500).optional(),
  })
  .strict();

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
      path: '/alarms/:id/acknowledge',
      summary: 'Take an alarm on, with a note: it stops escalating',
      tag: 'devices',
      auth: 'session',
      params: IdParam,
      body: AcknowledgeAlarmBody,
      response: AlarmView,
      handler: async ({ actor, params, body }) =>
        toAlarmView(await alarms.acknowledge(params.id, actor, body.note)),
    }),
    defineRoute({
      method: 'post',
      path: '/alarms/:id/resolve',
      summary: 'Close an alarm with what was found (returned, explained, lost, false_read) and a note',
      tag: 'devices',
      auth: 'session',
      params: IdParam,
      body: ResolveAlarmBody,
      response: AlarmView,
      handler: async ({ actor, params, body }) =>
        toAlarmView(await alarms.resolve(params.id, actor, { cause: body.cause, note: body.note ?? null })),
    }),
    defineRoute({
      method: 'get',
      path: '/alarms/:id/log',
      summary: 'An alarm and its log: acknowledged, escalated, resolved (append-only), oldest first',
      tag: 'devices',
      auth: 'session',
      params: IdParam,
      response: z.object({ alarm: AlarmView, actions: z.array(AlarmActionView) }),
      handler: async ({ actor, params }) => {
        const { alarm, actions } = await alarms.log(params.id, actor);
        return { alarm: toAlarmView(alarm), actions: actions.map(toActionView) };
      },
    }),
  ];
}
