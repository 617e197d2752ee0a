// Kiosk stations: pairing a screen to a station (a long-lived station token, stored only as a hash), and
// the idle screen's figures. A paired screen sees what any staff member could see, no more.
import { createHash } from 'node:crypto';
import { assertCan, type Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import type { Config } from '../config.js';
import type { Clock, Random } from '../providers.js';
import type { Database } from '../store/db.js';

export interface Station {
  id: string;
  name: string;
  room: string | null;
}

export interface StationSummary {
  station: Station;
  demo: boolean;
  counts: { inPlace: number; out: number; overdue: number; missing: number };
  openAlarms: number;
}

/** Whose eyes a paired screen has: a staff member's, without an area limit. */
export const STATION_VIEWER: Actor = { userId: 0, role: 'staff', departmentId: null, estateIds: [] };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export function createStationService(deps: {
  db: Database;
  clock: Clock;
  random: Random;
  stations: Config['stations'];
}) {
  const { db, clock, random } = deps;
  const knex = db.knex;
  const stations = new Map<string, Station>(
    deps.stations.map((s) => [s.id, { id: s.id, name: s.name, room: s.room ?? null }]),
  );

  function get(id: string): Station {
    const station = stations.get(id);
    if (!station) throw new DanganError('STATION_UNKNOWN', { station: id });
    return station;
  }

  async function count(q: (b: ReturnType<typeof knex>) => unknown): Promise<number> {
    const b = knex('items');
    q(b);
    const row = (await b.count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  return {
    list: (): Station[] => [...stations.values()],
    get,

    /** Binds the screen the actor is standing at to a station; returns the screen's token (shown once). */
    async pair(actor: Actor, stationId: string): Promise<{ token: string; station: Station }> {
      assertCan(actor, 'station.pair');
      const station = get(stationId);
      const token = random.token(32);
      await knex('station_keys').insert({
        station_id: station.id,
        token_hash: hash(token),
        paired_by: actor.userId,
        created_at: clock.now().toISOString(),
      });
      return { token, station };
    },

    /** The station a screen's token stands for, or null (unknown, revoked, or a station no longer configured). */
    async authenticate(token: string): Promise<Station | null> {
      const row = (await knex('station_keys')
        .where({ token_hash: hash(token) })
        .whereNull('revoked_at')
        .first('station_id')) as { station_id: string } | undefined;
      return row ? (stations.get(row.station_id) ?? null) : null;
    },

    async revoke(actor: Actor, stationId: string): Promise<number> {
      assertCan(actor, 'station.pair');
      get(stationId);
      return knex('station_keys')
        .where({ station_id: stationId })
        .whereNull('revoked_at')
        .update({ revoked_at: clock.now().toISOString() });
    },

    async summary(station: Station, demo: boolean): Promise<StationSummary> {
      const now = clock.now().toISOString();
      const [inPlace, out, overdue, missing, alarms] = await Promise.all([
        count((b) => b.where({ state: 'in_place' })),
        count((b) => b.where({ state: 'out' })),
        count((b) => b.where({ state: 'out' }).where('due_at', '<', now)),
        count((b) => b.where({ state: 'missing' })),
        knex('alarms').whereNull('resolved_at').count({ n: '*' }).first() as Promise<
          { n: number | string } | undefined
        >,
      ]);
      return {
        station,
        demo,
        counts: { inPlace, out, overdue, missing },
        openAlarms: Number(alarms?.n ?? 0),
      };
    },
  };
}

export type StationService = ReturnType<typeof createStationService>;
