// The lookups behind the search box that the other stores do not already answer: a room as people write
// it, and the items of several dossiers at once.
import type { Knex } from 'knex';
import type { RoomRef } from '../domain/room-ref.js';
import { itemQuery, toItem, type ItemRecord } from './items.js';

type Db = Knex | Knex.Transaction;

/**
 * Properties at building-unit-room, in every estate or in the one named (by code, `HY`, or by name, `华苑`).
 * The parts arrive normalised (NFKC, upper case), so codes are compared upper-cased.
 */
export async function propertyIdsByRoom(knex: Db, ref: RoomRef): Promise<number[]> {
  let q = knex('properties as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .join('estates as e', 'e.id', 'b.estate_id')
    .whereRaw('upper(b.code) = ?', [ref.building])
    .whereRaw('upper(u.code) = ?', [ref.unit])
    .whereRaw('upper(p.room) = ?', [ref.room]);
  if (ref.estate !== undefined) {
    const estate = ref.estate;
    q = q.where((w) => w.whereRaw('upper(e.code) = ?', [estate]).orWhere('e.name', estate));
  }
  const rows = (await q.orderBy('p.id').select('p.id')) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}

/** Every item of these dossiers, by dossier, volume and id. */
export async function itemsOfDossiers(knex: Db, dossierIds: number[]): Promise<ItemRecord[]> {
  if (dossierIds.length === 0) return [];
  const rows = (await itemQuery(knex)
    .whereIn('i.dossier_id', dossierIds)
    .orderBy('i.dossier_id')
    .orderBy('i.volume_no')
    .orderBy('i.id')) as Array<Record<string, unknown>>;
  return rows.map(toItem);
}
