// Kiosk stations: pairing a screen to a station (a station token with a lifetime, stored only as a hash),
// revoking it, and the idle screen's figures. A paired screen sees what any staff member could see, no more.
import { createHash } from 'node:crypto';
import { assertCan, type Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events.js';
import type { Clock, Random } from '../providers.js';
import type { Database } from '../store/db.js';
import { placeNamesByCode } from '../store/place-names.js';
import { endBadgeSessionsAt } from '../store/sessions.js';
import { findLiveStationId, insertStationKey, revokeStationKeys, stationCounts } from '../store/stations.js';
import { writeTransaction } from './unit-of-work.js';

export interface Station {
  id: string;
  name: string;
  room: string | null;
}

export interface StationSummary {
  station: Station;
  /** The name of the room the station guards (station.room is its code), null if none or unknown. */
  roomName: string | null;
  demo: boolean;
  counts: { inPlace: number; out: number; overdue: number; removed: number; missing: number };
  openAlarms: number;
}

/** Whose eyes a paired screen has: a staff member's who serves no estate, so it is shown no owner data. */
export const STATION_VIEWER: Actor = { userId: 0, role: 'staff', departmentId: null, estateIds: [] };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export function createStationService(deps: {
  db: Database;
  bus?: EventBus | null;
  clock: Clock;
  random: Random;
  stations: Config['stations'];
  /** How long a pairing lasts (security.stationTokenDays). */
  tokenDays: number;
}) {
  const { db, clock, random } = deps;
  const bus = deps.bus ?? null;
  const stations = new Map<string, Station>(
    deps.stations.map((s) => [s.id, { id: s.id, name: s.name, room: s.room ?? null }]),
  );

  function get(id: string): Station {
    const station = stations.get(id);
    if (!station) throw new DanganError('STATION_UNKNOWN', { station: id });
    return station;
  }

  return {
    list: (): Station[] => [...stations.values()],
    get,

    /** Binds the screen the actor is standing at to a station; returns the screen's token (shown once). */
    async pair(
      actor: Actor,
      stationId: string,
    ): Promise<{ token: string; station: Station; expiresAt: string }> {
      assertCan(actor, 'station.pair');
      const station = get(stationId);
      const token = random.token(32);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + deps.tokenDays * 86_400_000).toISOString();
      await insertStationKey(db.knex, {
        stationId: station.id,
        tokenHash: hash(token),
        pairedBy: actor.userId,
        createdAt: now.toISOString(),
        expiresAt,
      });
      return { token, station, expiresAt };
    },

    /** The station a screen's token stands for, or null (unknown, revoked, expired, or no longer configured). */
    async authenticate(token: string): Promise<Station | null> {
      const id = await findLiveStationId(db.knex, hash(token), clock.now().toISOString());
      return id ? (stations.get(id) ?? null) : null;
    },

    /**
     * Revokes every screen paired to a station and ends the badge sessions opened at it; once committed, its
     * sockets are told to close (`station_revoked`, and `session_ended` per session).
     */
    async revoke(actor: Actor, stationId: string): Promise<number> {
      assertCan(actor, 'station.pair');
      get(stationId);
      const at = clock.now().toISOString();
      const { revoked, sessions } = await writeTransaction(db, bus, async ({ trx }) => ({
        revoked: await revokeStationKeys(trx, stationId, at),
        sessions: await endBadgeSessionsAt(trx, stationId, at),
      }));
      bus?.publish('station_revoked', stationId);
      for (const id of sessions) bus?.publish('session_ended', id);
      return revoked;
    },

    async summary(station: Station, demo: boolean): Promise<StationSummary> {
      const { openAlarms, ...counts } = await stationCounts(db.knex, clock.now().toISOString());
      const room = station.room ? (await placeNamesByCode(db.knex, [station.room])).get(station.room) : null;
      return { station, roomName: room?.name ?? null, demo, counts, openAlarms };
    },
  };
}

export type StationService = ReturnType<typeof createStationService>;
