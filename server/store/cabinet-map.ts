// The cabinet map's figures: every shelf of every cabinet (with its room), and how many items call each
// shelf home, counted in SQL by shelf, state and the few columns the access rules look at (estate,
// department, level, dossier kind). The service applies the rules to each group, so the board never loads
// the items themselves: a few hundred groups stand for the whole archive.
import type { ConfidentialityLevel, DossierKind, ItemState } from '../domain/vocabulary.js';
import type { Queryable } from './db.js';

type Row = Record<string, unknown>;

export interface MapShelf {
  shelfId: number;
  shelfCode: string;
  shelfName: string;
  capacity: number | null;
  cabinetId: number;
  cabinetCode: string;
  cabinetName: string;
  roomId: number | null;
  roomCode: string | null;
  roomName: string | null;
}

/** Shelves in cabinets, ordered by room, cabinet and shelf code; one cabinet when `cabinetCode` is given. */
export async function mapShelves(q: Queryable, cabinetCode?: string): Promise<MapShelf[]> {
  const query = q('locations as s')
    .join('locations as c', 'c.id', 's.parent_id')
    .leftJoin('locations as r', 'r.id', 'c.parent_id')
    .where('s.kind', 'shelf')
    .where('c.kind', 'cabinet')
    .orderBy([{ column: 'r.code' }, { column: 'c.code' }, { column: 's.code' }])
    .select(
      's.id as shelf_id',
      's.code as shelf_code',
      's.name as shelf_name',
      's.capacity',
      'c.id as cabinet_id',
      'c.code as cabinet_code',
      'c.name as cabinet_name',
      'r.id as room_id',
      'r.code as room_code',
      'r.name as room_name',
    );
  if (cabinetCode !== undefined) void query.where('c.code', cabinetCode);
  return ((await query) as Row[]).map((r) => ({
    shelfId: Number(r.shelf_id),
    shelfCode: String(r.shelf_code),
    shelfName: String(r.shelf_name),
    capacity: r.capacity === null || r.capacity === undefined ? null : Number(r.capacity),
    cabinetId: Number(r.cabinet_id),
    cabinetCode: String(r.cabinet_code),
    cabinetName: String(r.cabinet_name),
    roomId: r.room_id === null ? null : Number(r.room_id),
    roomCode: (r.room_code as string | null) ?? null,
    roomName: (r.room_name as string | null) ?? null,
  }));
}

/** How many items of one kind of record (as the access rules see it) call a shelf home, in one state. */
export interface ShelfGroup {
  shelfId: number;
  state: ItemState;
  estateId: number | null;
  departmentId: number | null;
  confidentiality: ConfidentialityLevel;
  dossierKind: DossierKind | null;
  count: number;
}

/** Items grouped by home shelf and what the rules need; destroyed items are gone from every shelf. */
export async function shelfGroups(q: Queryable, shelfIds: readonly number[]): Promise<ShelfGroup[]> {
  if (shelfIds.length === 0) return [];
  const rows = (await q('items as i')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('properties as p', 'p.id', 'd.property_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .whereIn('i.location_id', [...shelfIds])
    .whereNot('i.state', 'destroyed')
    .groupBy('i.location_id', 'i.state', 'b.estate_id', 'd.department_id', 'd.confidentiality', 'd.kind')
    .select(
      'i.location_id',
      'i.state',
      'b.estate_id',
      'd.department_id',
      'd.confidentiality',
      'd.kind as dossier_kind',
    )
    .count({ n: '*' })) as Row[];
  return rows.map((r) => ({
    shelfId: Number(r.location_id),
    state: r.state as ItemState,
    estateId: r.estate_id === null || r.estate_id === undefined ? null : Number(r.estate_id),
    departmentId: r.department_id === null || r.department_id === undefined ? null : Number(r.department_id),
    confidentiality: ((r.confidentiality as ConfidentialityLevel | null) ?? 'C') as ConfidentialityLevel,
    dossierKind: (r.dossier_kind as DossierKind | null) ?? null,
    count: Number(r.n),
  }));
}
