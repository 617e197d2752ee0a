// Records → label data: the queries that pick what a print job covers (ids, a building, a dossier, folders
// never labelled, locations, badges), the mapping onto the labels layer's plain input objects, and the
// label_prints table (which labels were printed, first print or reprint).
import type { Knex } from 'knex';
import type {
  BadgeLabel,
  BoxLabel,
  FolderLabel,
  LocationLabel,
  SpineLabel,
  TemplateName,
} from '../../labels/index.js';
import {
  LABELS,
  type ConfidentialityLevel,
  type ItemKind,
  type LocationKind,
  type RetentionClass,
  type Role,
} from '../domain/vocabulary.js';
import { itemQuery, toItem, type ItemKey, type ItemRecord } from './items.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

// ---- items ---------------------------------------------------------------------------------------------

export interface ItemLabelRecord extends ItemRecord {
  dossierTitle: string | null;
  dossierYear: number | null;
  retention: RetentionClass | null;
  /** Highest volume number among the dossier's folders that are not destroyed (for `1/3` on spines). */
  dossierVolumes: number | null;
  /** Folders of the dossier that are not destroyed (for box labels). */
  dossierFolders: number | null;
}

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
  for (let i = 0; i < dossierIds.length; i += 500) {
    const part = (await knex('items')
      .whereIn('dossier_id', dossierIds.slice(i, i + 500))
      .where('kind', 'folder')
      .whereNot('state', 'destroyed')
      .groupBy('dossier_id')
      .select('dossier_id')
      .max({ volumes: 'volume_no' })
      .count({ folders: '*' })) as Array<{ dossier_id: number; volumes: unknown; folders: unknown }>;
    for (const c of part) {
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
    for (let i = 0; i < values.length; i += 500) {
      rows.push(...((await labelItemQuery(knex).whereIn(column, values.slice(i, i + 500))) as Row[]));
    }
  }
  const found = await withDossierCounts(knex, rows);
  return keys.map(
    (k) =>
      found.find((item) =>
        'id' in k
          ? item.id === k.id
          : 'barcode' in k
            ? item.barcode === k.barcode
            : item.epc === k.epc.toUpperCase(),
      ) ?? null,
  );
}

const live = (q: Knex.QueryBuilder, kind: ItemKind) =>
  q.where('i.kind', kind).whereNot('i.state', 'destroyed');

/**
 * Items of `kind` in the dossiers of one building (estate by id or code, building by code), in 档号 and
 * volume order; null when there is no such building.
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
    .orderBy('d.archive_no')
    .orderBy('i.volume_no')
    .orderBy('i.barcode')
    .limit(limit)) as Row[];
  return withDossierCounts(knex, rows);
}

/** Items of `kind` of one dossier (by id or 档号), in volume order; null when there is no such dossier. */
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
    .orderBy('i.volume_no')
    .orderBy('i.barcode')
    .limit(limit)) as Row[];
  return withDossierCounts(knex, rows);
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

// ---- locations -----------------------------------------------------------------------------------------

export interface LocationLabelRecord {
  id: number;
  kind: LocationKind;
  code: string;
  name: string;
  parent: { kind: LocationKind; code: string; name: string } | null;
  /** The room the location is in (itself for a room), or null. */
  room: { code: string; name: string } | null;
}

/** Locations by id or code, in the same order; null where none matches. Walks up to the room. */
export async function findLabelLocations(
  knex: Db,
  refs: Array<number | string>,
): Promise<Array<LocationLabelRecord | null>> {
  // A site has hundreds of locations, not millions: one read of the table answers every ancestor question.
  const rows = (await knex('locations').select('id', 'parent_id', 'kind', 'code', 'name')) as Array<{
    id: number;
    parent_id: number | null;
    kind: LocationKind;
    code: string;
    name: string;
  }>;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return refs.map((ref) => {
    const row = typeof ref === 'number' ? byId.get(ref) : byCode.get(ref);
    if (!row) return null;
    const parentRow = row.parent_id == null ? undefined : byId.get(Number(row.parent_id));
    let room: (typeof rows)[number] | undefined = row;
    for (let depth = 0; room && room.kind !== 'room' && depth < 10; depth++) {
      room = room.parent_id == null ? undefined : byId.get(Number(room.parent_id));
    }
    return {
      id: Number(row.id),
      kind: row.kind,
      code: row.code,
      name: row.name,
      parent: parentRow ? { kind: parentRow.kind, code: parentRow.code, name: parentRow.name } : null,
      room: room?.kind === 'room' ? { code: room.code, name: room.name } : null,
    };
  });
}

// ---- badges --------------------------------------------------------------------------------------------

export interface BadgeLabelRecord {
  badgeId: number;
  number: string;
  userId: number;
  displayName: string;
  role: Role;
  department: string | null;
}

/** Active badges of active users by badge number or user id (a user's newest active badge). */
export async function findLabelBadges(
  knex: Db,
  refs: Array<number | string>,
): Promise<Array<BadgeLabelRecord | null>> {
  const numbers = refs.filter((r): r is string => typeof r === 'string');
  const userIds = refs.filter((r): r is number => typeof r === 'number');
  const rows = (await knex('badges as bg')
    .join('users as u', 'u.id', 'bg.user_id')
    .leftJoin('departments as dp', 'dp.id', 'u.department_id')
    .where('bg.active', true)
    .where('u.active', true)
    .where((w) => {
      w.whereIn('bg.number', numbers.length ? numbers : ['']);
      if (userIds.length) w.orWhereIn('u.id', userIds);
    })
    .orderBy('bg.id', 'desc')
    .select(
      'bg.id as badge_id',
      'bg.number',
      'u.id as user_id',
      'u.display_name',
      'u.role',
      'dp.name as department',
    )) as Row[];
  const records = rows.map((r): BadgeLabelRecord => ({
    badgeId: Number(r.badge_id),
    number: String(r.number),
    userId: Number(r.user_id),
    displayName: String(r.display_name),
    role: r.role as Role,
    department: (r.department as string | null) ?? null,
  }));
  return refs.map(
    (ref) => records.find((b) => (typeof ref === 'number' ? b.userId === ref : b.number === ref)) ?? null,
  );
}

/** The organisation printed on badges: the site's name when the archive has exactly one site. */
export async function organisationName(knex: Db): Promise<string | undefined> {
  const sites = (await knex('sites').select('name').limit(2)) as Array<{ name: string }>;
  return sites.length === 1 ? sites[0]!.name : undefined;
}

// ---- records → label inputs ----------------------------------------------------------------------------

/** Words printed after the level letter (the labels README's `C 秘密`). */
export const CONFIDENTIALITY_WORDS: Readonly<Record<ConfidentialityLevel, string>> = {
  C: '秘密',
  B: '机密',
  A: '绝密',
};

export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  staff: '职员',
  archivist: '档案管理员',
  supervisor: '主管',
  gm: '总经理',
  legal: '法律室',
  admin: '系统管理员',
};

/** Cuts text to the labels layer's field limits (it refuses longer text) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const NONE = '—';

function groupOf(item: ItemLabelRecord): Pick<FolderLabel, 'group' | 'groupName'> {
  if (item.folderGroup) return { group: item.folderGroup };
  // Files other than customer dossiers have no a–e group: print their kind under "other".
  return { group: 'c', groupName: item.dossierKind ? LABELS.dossierKind[item.dossierKind].zh : undefined };
}

function propertyOf(item: ItemLabelRecord): string {
  return clip(item.propertyName ?? item.dossierTitle ?? item.title, 40);
}

export function folderLabelData(item: ItemLabelRecord): FolderLabel {
  return {
    id: item.barcode,
    archiveNo: clip(item.archiveNo ?? NONE, 40),
    property: propertyOf(item),
    ...groupOf(item),
    confidentiality: `${item.confidentiality} ${CONFIDENTIALITY_WORDS[item.confidentiality]}`,
    retention: item.retention ? LABELS.retention[item.retention].zh : NONE,
    ...(item.epc ? { epc: item.epc } : {}),
  };
}

export function spineLabelData(item: ItemLabelRecord): SpineLabel {
  const of = Math.max(item.dossierVolumes ?? 0, item.volumeNo);
  return {
    id: item.barcode,
    archiveNo: clip(item.archiveNo ?? NONE, 40),
    property: propertyOf(item),
    ...groupOf(item),
    volume: `${item.volumeNo}/${of}`,
    ...(item.dossierYear ? { year: String(item.dossierYear) } : {}),
  };
}

export function boxLabelData(item: ItemLabelRecord): BoxLabel {
  return {
    id: item.barcode,
    title: clip(item.title, 40),
    ...(item.archiveNo ? { archiveNoFrom: clip(item.archiveNo, 40) } : {}),
    ...(item.dossierYear ? { year: String(item.dossierYear) } : {}),
    ...(item.dossierFolders ? { folderCount: item.dossierFolders } : {}),
    ...(item.retention ? { retention: LABELS.retention[item.retention].zh } : {}),
    ...(item.dossierId !== null
      ? { confidentiality: `${item.confidentiality} ${CONFIDENTIALITY_WORDS[item.confidentiality]}` }
      : {}),
    ...(item.epc ? { epc: item.epc } : {}),
  };
}

/** The position's name, prefixed with its cabinet's when the name alone (`第2层`) would not say which. */
export function locationLabelData(loc: LocationLabelRecord, kind: LocationLabel['kind']): LocationLabel {
  const p = loc.parent;
  const name =
    p && p.kind !== 'room' && !loc.name.includes(p.code) && !loc.name.includes(p.name)
      ? `${p.name} ${loc.name}`
      : loc.name;
  return {
    kind,
    id: loc.code,
    name: clip(name, 30),
    room: loc.room ? clip(`${loc.room.name} ${loc.room.code}`, 30) : NONE,
  };
}

export function badgeLabelData(badge: BadgeLabelRecord, organisation?: string): BadgeLabel {
  return {
    id: badge.number,
    name: clip(badge.displayName, 16),
    department: clip(badge.department ?? ROLE_TITLES[badge.role], 24),
    title: clip(ROLE_TITLES[badge.role], 16),
    ...(organisation ? { organisation: clip(organisation, 30) } : {}),
  };
}

// ---- label_prints --------------------------------------------------------------------------------------

export type LabelSubject = 'item' | 'location' | 'badge';
const SUBJECT_COLUMN: Record<LabelSubject, string> = {
  item: 'item_id',
  location: 'location_id',
  badge: 'badge_id',
};

/** Which of `ids` had a `template` label printed before (or are assumed to carry one). */
export async function printedBefore(
  knex: Db,
  subject: LabelSubject,
  ids: number[],
  template: TemplateName,
): Promise<Set<number>> {
  const column = SUBJECT_COLUMN[subject];
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await knex('label_prints')
      .where('template', template)
      .whereIn(column, ids.slice(i, i + 500))
      .distinct(column)) as Row[];
    for (const r of rows) out.add(Number(r[column]));
  }
  return out;
}

export interface LabelPrintRow {
  job: string;
  at: string;
  actorUserId: number | null;
  station: string | null;
  template: TemplateName;
  subject: LabelSubject;
  code: string;
  subjectId: number;
  kind: 'first' | 'reprint';
  printer: string;
  language: string;
  custodySeq: number | null;
  reason: string | null;
}

export async function insertLabelPrints(trx: Knex.Transaction, rows: LabelPrintRow[]): Promise<void> {
  const records = rows.map((r) => ({
    job: r.job,
    at: r.at,
    actor_user_id: r.actorUserId,
    station: r.station,
    template: r.template,
    subject: r.subject,
    code: r.code,
    item_id: r.subject === 'item' ? r.subjectId : null,
    location_id: r.subject === 'location' ? r.subjectId : null,
    badge_id: r.subject === 'badge' ? r.subjectId : null,
    kind: r.kind,
    printer: r.printer,
    language: r.language,
    custody_seq: r.custodySeq,
    reason: r.reason,
  }));
  // 15 columns: 500 rows stay far below SQLite's 32766 bound variables.
  for (let i = 0; i < records.length; i += 500) await trx('label_prints').insert(records.slice(i, i + 500));
}
