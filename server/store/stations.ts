// Screens paired to kiosk stations (their tokens, stored only as hashes) and the idle screen's figures.
import type { Knex } from 'knex';
import type { Queryable } from './db.js';

export interface NewStationKey {
  stationId: string;
  tokenHash: string;
  pairedBy: number;
  createdAt: string;
  expiresAt: string;
}

export async function insertStationKey(q: Queryable, key: NewStationKey): Promise<void> {
  await q('station_keys').insert({
    station_id: key.stationId,
    token_hash: key.tokenHash,
    paired_by: key.pairedBy,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
  });
}

/** The station a token stands for if it is neither revoked nor expired (a key without expiry never is valid). */
export async function findLiveStationId(
  q: Queryable,
  tokenHash: string,
  now: string,
): Promise<string | null> {
  const row = (await q('station_keys')
    .where({ token_hash: tokenHash })
    .whereNull('revoked_at')
    .where('expires_at', '>', now)
    .first('station_id')) as { station_id: string } | undefined;
  return row?.station_id ?? null;
}

export async function revokeStationKeys(q: Queryable, stationId: string, at: string): Promise<number> {
  return q('station_keys')
    .where({ station_id: stationId })
    .whereNull('revoked_at')
    .update({ revoked_at: at });
}

export interface StationCounts {
  inPlace: number;
  out: number;
  overdue: number;
  /** 未登记取出: taken from a cabinet without check-out, not (yet) counted as missing. */
  removed: number;
  missing: number;
  openAlarms: number;
}

export async function stationCounts(q: Queryable, now: string): Promise<StationCounts> {
  const count = async (build: (b: Knex.QueryBuilder) => Knex.QueryBuilder, table = 'items') => {
    const row = (await build(q(table)).count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  };
  const [inPlace, out, overdue, removed, missing, openAlarms] = await Promise.all([
    count((b) => b.where({ state: 'in_place' })),
    count((b) => b.where({ state: 'out' })),
    count((b) => b.where({ state: 'out' }).where('due_at', '<', now)),
    count((b) => b.where({ state: 'removed' })),
    count((b) => b.where({ state: 'missing' })),
    count((b) => b.whereNull('resolved_at'), 'alarms'),
  ]);
  return { inPlace, out, overdue, removed, missing, openAlarms };
}

/** Stations with at least one live pairing (neither revoked nor expired) now. */
export async function pairedStationIds(q: Queryable, now: string): Promise<Set<string>> {
  const rows = (await q('station_keys')
    .whereNull('revoked_at')
    .where('expires_at', '>', now)
    .distinct('station_id')) as Array<{ station_id: string }>;
  return new Set(rows.map((r) => r.station_id));
}
