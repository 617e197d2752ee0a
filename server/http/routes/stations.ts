// Kiosk stations: list, pair a screen, revoke its pairing, and the idle screen's summary (for the paired
// screen itself, which proves it with `Authorization: Station <token>`).
import type { Request } from 'express';
import { z } from 'zod';
import { assertCan } from '../../domain/access.js';
import { DanganError } from '../../domain/errors.js';
import type { StationService } from '../../services/stations.js';
import { defineRoute } from '../route.js';

const StationView = z
  .object({ id: z.string(), name: z.string(), room: z.string().nullable() })
  .openapi('Station');
const StationParam = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) });

export function stationToken(req: Request): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Station ') ? header.slice(8).trim() || null : null;
}

export function stationRoutes(stations: StationService, isDemo: () => Promise<boolean>) {
  return [
    defineRoute({
      method: 'get',
      path: '/stations',
      summary: 'Kiosk stations configured on this server',
      tag: 'stations',
      auth: 'session',
      response: z.object({ stations: z.array(StationView) }),
      handler: async ({ actor }) => {
        assertCan(actor, 'archive.read');
        return { stations: stations.list() };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/stations/:id/pair',
      summary: 'Pair the screen you are at to a station; returns its station token once',
      tag: 'stations',
      auth: 'session',
      params: StationParam,
      body: z.object({}).strict(),
      response: z.object({ token: z.string(), station: StationView }),
      status: 201,
      handler: async ({ actor, params }) => stations.pair(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/stations/:id/revoke',
      summary: 'Revoke every screen paired to a station',
      tag: 'stations',
      auth: 'session',
      params: StationParam,
      body: z.object({}).strict(),
      response: z.object({ revoked: z.number().int() }),
      handler: async ({ actor, params }) => ({ revoked: await stations.revoke(actor, params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/stations/:id/summary',
      summary:
        'The idle screen: counts and open alarms (for the paired screen: Authorization: Station <token>)',
      tag: 'stations',
      auth: 'public',
      params: StationParam,
      response: z
        .object({
          station: StationView,
          roomName: z
            .string()
            .nullable()
            .openapi({ description: 'The name of the room (station.room is its code)' }),
          demo: z.boolean(),
          counts: z.object({
            inPlace: z.number().int(),
            out: z.number().int(),
            overdue: z.number().int(),
            removed: z.number().int().openapi({
              description: '未登记取出: taken from a cabinet without check-out, not yet counted as missing',
            }),
            missing: z.number().int().openapi({ description: '遗失: recorded missing' }),
          }),
          openAlarms: z.number().int(),
        })
        .openapi('StationSummary'),
      handler: async ({ params, req }) => {
        const token = stationToken(req);
        const station = token ? await stations.authenticate(token) : null;
        if (!station || station.id !== params.id) throw new DanganError('STATION_UNPAIRED');
        return stations.summary(station, await isDemo());
      },
    }),
  ];
}
