// Items (folders, boxes, keys): lookups with what access rules and screens need, and state updates.
import type { Knex } from 'knex';
import type {
  ConfidentialityLevel,
  DossierKind,
  FolderGroup,
  ItemKind,
  ItemState,
  PartyKind,
} from '../domain/vocabulary.js';
import { insertReturningId, whereInArea, type DossierArea } from './catalogue.js';
import type { Queryable } from './db.js';
import { ancestorColumns, labelFrom, withAncestors } from './place-names.js';

export interface ItemRecord {
  id: number;
  barcode: string;
  epc: string | null;
  kind: ItemKind;
  title: string;
  folderGroup: FolderGroup | null;
  volumeNo: number;
  state: ItemState;
  locationId: number | null;
  locationCode: string | null;
  /** The location's own name (e.g. 第2层) and its label for screens (e.g. 1号档案柜 第2层). */
  locationName: string | null;
  locationLabel: string | null;
  holderUserId: number | null;
  holderName: string | null;
  outAt: string | null;
  dueAt: string | null;
  outPurpose: string | null;
  version: number;
  dossierId: number | null;
  archiveNo: string | null;
  dossierKind: DossierKind | null;
  confidentiality: ConfidentialityLevel;
  estateId: number | null;
  /** The department that owns the dossier (decides access to files without an estate). */
  departmentId: number | null;
  /** estate-building-unit-room, e.g. `HY-3-2-1502`, for property dossiers. */
  propertyRef: string | null;
  propertyName: string | null;
  /** The property's current owner, whole: mask before it leaves the server. */
  owner: { name: string; kind: PartyKind } | null;
}

const COLUMNS = [
  'i.id',
  'i.barcode',
  'i.epc',
  'i.kind',
  'i.title',
  'i.folder_group',
  'i.volume_no',
  'i.state',
  'i.location_id',
  'l.code as location_code',
  'i.holder_user_id',
  'hu.display_name as holder_name',
  'i.out_at',
  'i.due_at',
  'i.out_purpose',
  'i.version',
  'i.dossier_id',
  'd.archive_no',
  'd.kind as dossier_kind',
  'd.confidentiality',
  'd.department_id',
  'e.id as estate_id',
  'e.code as estate_code',
  'e.name as estate_name',
  'b.code as building_code',
  'u.code as unit_code',
  'p.room',
];

type Row = Record<string, unknown>;

// The current owner of the folder's property (the first owner or co-owner still holding it).
const OWNER = (column: 'name' | 'kind') =>
  `(select pa.${column} from property_parties pp join parties pa on pa.id = pp.party_id
    where pp.property_id = p.id and pp.role in ('owner', 'co_owner') and pp.until is null
    order by pp.id limit 1) as owner_${column}`;

export function itemQuery(knex: Queryable): Knex.QueryBuilder {
  const located = withAncestors(
    knex('items as i').leftJoin('locations as l', 'l.id', 'i.location_id'),
    'l',
    'loc',
  );
  return located
    .leftJoin('users as hu', 'hu.id', 'i.holder_user_id')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('properties as p', 'p.id', 'd.property_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('estates as e', 'e.id', 'b.estate_id')
    .select([...COLUMNS, ...ancestorColumns('l', 'loc'), knex.raw(OWNER('name')), knex.raw(OWNER('kind'))]);
}

export function toItem(r: Row): ItemRecord {
  const hasProperty = r.room != null;
  return {
    id: r.id as number,
    barcode: r.barcode as string,
    epc: (r.epc as string | null) ?? null,
    kind: r.kind as ItemKind,
    title: r.title as string,
    folderGroup: (r.folder_group as FolderGroup | null) ?? null,
    volumeNo: r.volume_no as number,
    state: r.state as ItemState,
    locationId: (r.location_id as number | null) ?? null,
    locationCode: (r.location_code as string | null) ?? null,
    locationName: (r.loc_l_name as string | null) ?? null,
    locationLabel: labelFrom(r, 'loc'),
    holderUserId: (r.holder_user_id as number | null) ?? null,
    holderName: (r.holder_name as string | null) ?? null,
    outAt: (r.out_at as string | null) ?? null,
    dueAt: (r.due_at as string | null) ?? null,
    outPurpose: (r.out_purpose as string | null) ?? null,
    version: r.version as number,
    dossierId: (r.dossier_id as number | null) ?? null,
    archiveNo: (r.archive_no as string | null) ?? null,
    dossierKind: (r.dossier_kind as DossierKind | null) ?? null,
    confidentiality: ((r.confidentiality as ConfidentialityLevel | null) ?? 'C') as ConfidentialityLevel,
    estateId: (r.estate_id as number | null) ?? null,
    departmentId: (r.department_id as number | null) ?? null,
    propertyRef: hasProperty
      ? `${String(r.estate_code)}-${String(r.building_code)}-${String(r.unit_code)}-${String(r.room)}`
      : null,
    owner: r.owner_name ? { name: r.owner_name as string, kind: r.owner_kind as PartyKind } : null,
    propertyName: hasProperty
      ? `${String(r.estate_name)} ${String(r.building_code)}栋${String(r.unit_code)}单元${String(r.room)}`
      : null,
  };
}

export type ItemKey = { id: number } | { barcode: string } | { epc: string };

function whereKey(q: Knex.QueryBuilder, key: ItemKey): Knex.QueryBuilder {
  if ('id' in key) return q.where('i.id', key.id);
  if ('barcode' in key) return q.where('i.barcode', key.barcode);
  return q.where('i.epc', key.epc.toUpperCase());
}

export async function findItem(knex: Queryable, key: ItemKey): Promise<ItemRecord | null> {
  const row = (await whereKey(itemQuery(knex), key).first()) as Row | undefined;
  return row ? toItem(row) : null;
}

/** Items by id, in id order (a write transaction reads them under the write lock). */
export async function findItemsByIds(q: Queryable, ids: number[]): Promise<ItemRecord[]> {
  const out: ItemRecord[] = [];
  const sorted = [...ids].sort((x, y) => x - y);
  // Bound variables per statement stay far below SQLite's limit.
  for (let i = 0; i < sorted.length; i += 500) {
    const rows = (await itemQuery(q)
      .whereIn('i.id', sorted.slice(i, i + 500))
      .orderBy('i.id')) as Row[];
    out.push(...rows.map(toItem));
  }
  return out;
}

/** Whether any item already has this barcode or EPC (both stored upper-case). */
export async function itemExists(q: Queryable, key: { barcode: string } | { epc: string }): Promise<boolean> {
  return (await q('items').where(key).first('id')) !== undefined;
}

/** Items in any of these states (the board counts them record by record, as the caller may read them). */
export async function itemsInStates(q: Queryable, states: readonly ItemState[]): Promise<ItemRecord[]> {
  const rows = (await itemQuery(q)
    .whereIn('i.state', [...states])
    .orderBy('i.id')) as Row[];
  return rows.map(toItem);
}

export interface OutFilter {
  holderUserId?: number;
  /** Only items due before this instant. */
  dueBefore?: string;
}

/** Items checked out, soonest due first. */
export async function itemsOut(q: Queryable, filter: OutFilter): Promise<ItemRecord[]> {
  let query = itemQuery(q).where('i.state', 'out');
  if (filter.holderUserId !== undefined) query = query.where('i.holder_user_id', filter.holderUserId);
  if (filter.dueBefore !== undefined) query = query.where('i.due_at', '<', filter.dueBefore);
  const rows = (await query.orderBy('i.due_at', 'asc').orderBy('i.id', 'asc')) as Row[];
  return rows.map(toItem);
}

/** Ids of items removed without check-out (state `removed`) before `cutoff`; out_at holds the removal time. */
export async function itemsRemovedBefore(q: Queryable, cutoff: string): Promise<number[]> {
  const rows = (await q('items')
    .where({ state: 'removed' })
    .where('out_at', '<', cutoff)
    .orderBy('id')
    .select('id')) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}

export interface OverdueLoan {
  itemId: number;
  barcode: string;
  title: string;
  dueAt: string;
}

/** A person's loans past due: how many, and the `first` that fell due soonest. */
export async function overdueLoans(
  q: Queryable,
  holderUserId: number,
  now: Date,
  first = 5,
): Promise<{ count: number; first: OverdueLoan[] }> {
  const overdue = () =>
    q('items').where({ state: 'out', holder_user_id: holderUserId }).where('due_at', '<', now.toISOString());
  const counted = (await overdue().count({ n: '*' }).first()) as { n: number | string } | undefined;
  const rows = (await overdue()
    .select('id', 'barcode', 'title', 'due_at')
    .orderBy('due_at', 'asc')
    .orderBy('id', 'asc')
    .limit(first)) as Array<{ id: number; barcode: string; title: string; due_at: string }>;
  return {
    count: Number(counted?.n ?? 0),
    first: rows.map((r) => ({ itemId: r.id, barcode: r.barcode, title: r.title, dueAt: r.due_at })),
  };
}

/** A page of the items at any of these locations (within the viewer's area, if bound), by barcode. */
export async function itemsAtLocations(
  q: Queryable,
  locationIds: number[],
  area: DossierArea | null,
  page: { limit: number; offset: number },
): Promise<ItemRecord[]> {
  let query = itemQuery(q).whereIn('i.location_id', locationIds);
  if (area) query = whereInArea(query, area);
  const rows = (await query.orderBy('i.barcode').limit(page.limit).offset(page.offset)) as Row[];
  return rows.map(toItem);
}

export interface ItemStatePatch {
  state: ItemState;
  locationId: number | null;
  holderUserId: number | null;
  outAt: string | null;
  dueAt: string | null;
  outPurpose: string | null;
}

/** Writes the new state if nobody changed the item since it was read (version check). */
export async function updateItemState(
  trx: Knex.Transaction,
  item: Pick<ItemRecord, 'id' | 'version'>,
  patch: ItemStatePatch,
): Promise<boolean> {
  const changed = await trx('items')
    .where({ id: item.id, version: item.version })
    .update({
      state: patch.state,
      location_id: patch.locationId,
      holder_user_id: patch.holderUserId,
      out_at: patch.outAt,
      due_at: patch.dueAt,
      out_purpose: patch.outPurpose,
      version: item.version + 1,
    });
  return changed === 1;
}

export async function countItemsAt(trx: Queryable, locationId: number): Promise<number> {
  const row = (await trx('items')
    .where({ location_id: locationId })
    .whereNot({ state: 'destroyed' })
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

export interface NewItem {
  barcode: string;
  epc: string | null;
  kind: ItemKind;
  dossierId: number | null;
  folderGroup: FolderGroup | null;
  volumeNo: number;
  title: string;
  locationId: number;
  createdAt: string;
}

/** A newly registered item, in place on its shelf. */
export function insertItem(q: Queryable, item: NewItem): Promise<number> {
  return insertReturningId(q, 'items', {
    barcode: item.barcode,
    epc: item.epc,
    kind: item.kind,
    dossier_id: item.dossierId,
    folder_group: item.folderGroup,
    volume_no: item.volumeNo,
    title: item.title,
    state: 'in_place',
    location_id: item.locationId,
    created_at: item.createdAt,
  });
}
