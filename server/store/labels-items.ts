// The items a print job covers: by id, barcode or EPC, every folder (or box) of a building or a dossier, or
// those never labelled with a template, each with what its labels print of the dossier (title, year,
// retention, how many volumes and folders it has).
import type { Knex } from 'knex';
import type { TemplateName } from '../../labels/index.js';
import { inLabelOrder, type LabelOrderKey } from '../domain/label-order.js';
import type { ItemKind, RetentionClass } from '../domain/vocabulary.js';
import { itemQuery, toItem, type ItemKey, type ItemRecord } from './items.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export interface ItemLabelRecord extends ItemRecord {
  dossierTitle: string | null;
  dossierYear: number | null;
  retention: RetentionClass | null;
  /** Highest volume number among the dossier's folders that are not destroyed (for `1/3` on spines). */
  dossierVolumes: number | null;
  /** Folders of the dossier that are not destroyed (for box labels). */
  dossierFolders: number | null;
  /** Where the dossier's property is (codes as stored), for the order labels print in; null without one. */
  place: { estate: string; building: string; unit: string; room: string } | null;
}

/** Ids, barcodes or EPCs per `whereIn`: far below SQLite's bound-variable limit and PostgreSQL's 65,535. */
export const IN_CHUNK = 500;

/** `values` in slices of at most IN_CHUNK. */
export function chunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const orderKey = (item: ItemLabelRecord): LabelOrderKey => ({
  estate: item.place?.estate ?? null,
  building: item.place?.building ?? null,
  unit: item.place?.unit ?? null,
  room: item.place?.room ?? null,
  archiveNo: item.archiveNo,
  group: item.folderGroup,
  volume: item.volumeNo,
  barcode: item.barcode,
});

function labelItemQuery(knex: Db): Knex.QueryBuilder {
  return itemQuery(knex).select(
    'd.title as dossier_title',
    'd.year as dossier_year',
    'd.retention as dossier_retention',
  );
}

async function withDossierCounts(knex: Db, rows: Row[]): Promise<ItemLabelRecord[]> {
  const items = rows.map(toItem);
  const dossierIds = [...new Set(items.map((i) => i.dossierId).filter((d): d is number => d !== null))];
  const counts = new Map<number, { volumes: number; folders: number }>();
  for (const part of chunks(dossierIds)) {
    const found = (await knex('items')
      .whereIn('dossier_id', part)
      .where('kind', 'folder')
      .whereNot('state', 'destroyed')
      .groupBy('dossier_id')
      .select('dossier_id')
      .max({ volumes: 'volume_no' })
      .count({ folders: '*' })) as Array<{ dossier_id: number; volumes: unknown; folders: unknown }>;
    for (const c of found) {
      counts.set(Number(c.dossier_id), { volumes: Number(c.volumes), folders: Number(c.folders) });
    }
  }
  return items.map((item, i) => {
    const r = rows[i]!;
    const c = item.dossierId === null ? undefined : counts.get(item.dossierId);
    return {
      ...item,
      dossierTitle: (r.dossier_title as string | null) ?? null,
      dossierYear: r.dossier_year == null ? null : Number(r.dossier_year),
      retention: (r.dossier_retention as RetentionClass | null) ?? null,
      dossierVolumes: c?.volumes ?? null,
      dossierFolders: c?.folders ?? null,
      place:
        r.room == null
          ? null
          : {
              estate: String(r.estate_code),
              building: String(r.building_code),
              unit: String(r.unit_code),
              room: String(r.room),
            },
    };
  });
}

/** The items named by `keys`, in the same order; null where no item has that id, barcode or EPC. */
export async function findLabelItems(knex: Db, keys: ItemKey[]): Promise<Array<ItemLabelRecord | null>> {
  const ids = keys.flatMap((k) => ('id' in k ? [k.id] : []));
  const barcodes = keys.flatMap((k) => ('barcode' in k ? [k.barcode] : []));
  const epcs = keys.flatMap((k) => ('epc' in k ? [k.epc.toUpperCase()] : []));
  const rows: Row[] = [];
  for (const [column, values] of [
    ['i.id', ids],
    ['i.barcode', barcodes],
    ['i.epc', epcs],
  ] as const) {
    for (const part of chunks([...new Set<string | number>(values)])) {
      rows.push(...((await labelItemQuery(knex).whereIn(column, part)) as Row[]));
    }
  }
  const found = await withDossierCounts(knex, rows);
  const byId = new Map(found.map((item) => [item.id, item]));
  const byBarcode = new Map(found.map((item) => [item.barcode, item]));
  const byEpc = new Map(found.flatMap((item) => (item.epc ? [[item.epc, item] as const] : [])));
  return keys.map(
    (k) =>
      ('id' in k
        ? byId.get(k.id)
        : 'barcode' in k
          ? byBarcode.get(k.barcode)
          : byEpc.get(k.epc.toUpperCase())) ?? null,
  );
}

const live = (q: Knex.QueryBuilder, kind: ItemKind) =>
  q.where('i.kind', kind).whereNot('i.state', 'destroyed');

/**
 * Items of `kind` in the dossiers of one building (estate by id or code, building by code), at most `limit`,
 * in label order (unit, room numerically, 档号, group, volume: domain/label-order.ts); null when there is no
 * such building.
 */
export async function buildingItems(
  knex: Db,
  estate: number | string,
  building: string,
  kind: ItemKind,
  limit: number,
): Promise<ItemLabelRecord[] | null> {
  const buildings = (await knex('buildings as b')
    .join('estates as e', 'e.id', 'b.estate_id')
    .where('b.code', building)
    .where(typeof estate === 'number' ? { 'e.id': estate } : { 'e.code': estate })
    .select('b.id')) as Array<{ id: number }>;
  if (buildings.length === 0) return null;
  const rows = (await live(labelItemQuery(knex), kind)
    .whereIn(
      'b.id',
      buildings.map((b) => b.id),
    )
    .orderBy('i.id')
    .limit(limit)) as Row[];
  return inLabelOrder(await withDossierCounts(knex, rows), orderKey);
}

/** Items of `kind` of one dossier (by id or 档号), in group and volume order; null when there is no such dossier. */
export async function dossierItems(
  knex: Db,
  dossier: number | string,
  kind: ItemKind,
  limit: number,
): Promise<ItemLabelRecord[] | null> {
  const found = (await knex('dossiers')
    .where(typeof dossier === 'number' ? { id: dossier } : { archive_no: dossier })
    .first('id')) as { id: number } | undefined;
  if (!found) return null;
  const rows = (await live(labelItemQuery(knex), kind)
    .where('i.dossier_id', found.id)
    .orderBy('i.id')
    .limit(limit)) as Row[];
  return inLabelOrder(await withDossierCounts(knex, rows), orderKey);
}

/** Registered items of `kind` that never had a `template` label printed (or assumed), oldest first. */
export async function unlabelledItems(
  knex: Db,
  template: TemplateName,
  kind: ItemKind,
  limit: number,
): Promise<ItemLabelRecord[]> {
  const rows = (await live(labelItemQuery(knex), kind)
    .whereNotExists((q) =>
      q
        .select(knex.raw('1'))
        .from('label_prints as lp')
        .whereRaw('lp.item_id = i.id')
        .where('lp.template', template),
    )
    .orderBy('i.id')
    .limit(limit)) as Row[];
  return withDossierCounts(knex, rows);
}
