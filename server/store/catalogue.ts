// The catalogue's tables: places (sites → estates → buildings → units → properties), dossiers with their
// documents, checklists and cross-references, storage locations, departments and users. Reads and the
// plain inserts and updates the catalogue service runs inside its transactions.
import type { Knex } from 'knex';
import type { ChecklistEntry } from '../domain/completeness.js';
import type {
  ConfidentialityLevel,
  DocumentForm,
  DossierKind,
  DossierStatus,
  FolderGroup,
  LocationKind,
  RetentionClass,
  Role,
} from '../domain/vocabulary.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v == null ? null : String(v));
const num = (v: unknown): number | null => (v == null ? null : Number(v));

/** `id` of an inserted row: PostgreSQL and better-sqlite3 both answer `returning('id')`, in two shapes. */
export async function insertReturningId(trx: Db, table: string, row: Row): Promise<number> {
  const [out] = (await trx(table).insert(row).returning('id')) as Array<{ id: number } | number>;
  return typeof out === 'object' ? Number(out.id) : Number(out);
}

/** Which unique constraint a driver error names (`items.barcode`, `items_barcode_unique`), or null. */
export function uniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err.code === '23505') return err.constraint ?? err.message ?? '';
  if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') return err.message ?? '';
  return null;
}

/** A LIKE pattern matching `text` literally (`%`, `_` and `\` escaped; use with ESCAPE '\'). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---- places --------------------------------------------------------------------------------------------

export interface PropertyRecord {
  id: number;
  room: string;
  usage: string;
  areaM2: number | null;
  unitId: number;
  unitCode: string;
  buildingId: number;
  buildingCode: string;
  estateId: number;
  estateCode: string;
  estateName: string;
  siteId: number;
  /** `HY-3-2-1502` */
  ref: string;
  /** `华苑 3栋2单元1502` */
  name: string;
}

export function placeRef(estateCode: unknown, building: unknown, unit: unknown, room: unknown): string {
  return `${String(estateCode)}-${String(building)}-${String(unit)}-${String(room)}`;
}

export function placeName(estateName: unknown, building: unknown, unit: unknown, room: unknown): string {
  return `${String(estateName)} ${String(building)}栋${String(unit)}单元${String(room)}`;
}

export function propertyQuery(knex: Db): Knex.QueryBuilder {
  return knex('properties as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .join('estates as e', 'e.id', 'b.estate_id')
    .select(
      'p.id',
      'p.room',
      'p.usage',
      'p.area_m2',
      'p.unit_id',
      'u.code as unit_code',
      'b.id as building_id',
      'b.code as building_code',
      'e.id as estate_id',
      'e.code as estate_code',
      'e.name as estate_name',
      'e.site_id',
    );
}

export function toProperty(r: Row): PropertyRecord {
  return {
    id: Number(r.id),
    room: String(r.room),
    usage: String(r.usage),
    areaM2: num(r.area_m2),
    unitId: Number(r.unit_id),
    unitCode: String(r.unit_code),
    buildingId: Number(r.building_id),
    buildingCode: String(r.building_code),
    estateId: Number(r.estate_id),
    estateCode: String(r.estate_code),
    estateName: String(r.estate_name),
    siteId: Number(r.site_id),
    ref: placeRef(r.estate_code, r.building_code, r.unit_code, r.room),
    name: placeName(r.estate_name, r.building_code, r.unit_code, r.room),
  };
}

export async function findProperty(knex: Db, id: number): Promise<PropertyRecord | null> {
  const row = (await propertyQuery(knex).where('p.id', id).first()) as Row | undefined;
  return row ? toProperty(row) : null;
}

export async function listProperties(knex: Db, where: { unitId?: number; ids?: number[] }) {
  let q = propertyQuery(knex);
  if (where.unitId !== undefined) q = q.where('p.unit_id', where.unitId);
  if (where.ids) q = q.whereIn('p.id', where.ids);
  const rows = (await q.orderBy('p.room').orderBy('p.id')) as Row[];
  return rows.map(toProperty);
}

// ---- dossiers ------------------------------------------------------------------------------------------

export interface DossierRecord {
  id: number;
  archiveNo: string;
  siteId: number;
  propertyId: number | null;
  kind: DossierKind;
  title: string;
  year: number;
  confidentiality: ConfidentialityLevel;
  retention: RetentionClass;
  status: DossierStatus;
  legalHold: boolean;
  departmentId: number | null;
  createdAt: string;
  estateId: number | null;
  propertyRef: string | null;
  propertyName: string | null;
}

export interface DossierArea {
  estateIds: readonly number[];
  departmentId: number | null;
}

/** Narrows a query joined as `e` (estates) and `d` (dossiers) to an area: its estates, or its department. */
export function whereInArea(q: Knex.QueryBuilder, area: DossierArea): Knex.QueryBuilder {
  return q.where((w) => {
    w.whereIn('e.id', [...area.estateIds]);
    if (area.departmentId !== null)
      w.orWhere((o) => o.whereNull('e.id').where('d.department_id', area.departmentId));
  });
}

export function dossierQuery(knex: Db): Knex.QueryBuilder {
  return knex('dossiers as d')
    .leftJoin('properties as p', 'p.id', 'd.property_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('estates as e', 'e.id', 'b.estate_id')
    .select(
      'd.*',
      'p.room',
      'u.code as unit_code',
      'b.code as building_code',
      'e.id as estate_id',
      'e.code as estate_code',
      'e.name as estate_name',
    );
}

export function toDossier(r: Row): DossierRecord {
  const placed = r.room != null;
  return {
    id: Number(r.id),
    archiveNo: String(r.archive_no),
    siteId: Number(r.site_id),
    propertyId: num(r.property_id),
    kind: r.kind as DossierKind,
    title: String(r.title),
    year: Number(r.year),
    confidentiality: r.confidentiality as ConfidentialityLevel,
    retention: r.retention as RetentionClass,
    status: r.status as DossierStatus,
    legalHold: Boolean(r.legal_hold),
    departmentId: num(r.department_id),
    createdAt: String(r.created_at),
    estateId: num(r.estate_id),
    propertyRef: placed ? placeRef(r.estate_code, r.building_code, r.unit_code, r.room) : null,
    propertyName: placed ? placeName(r.estate_name, r.building_code, r.unit_code, r.room) : null,
  };
}

export async function findDossier(knex: Db, id: number): Promise<DossierRecord | null> {
  const row = (await dossierQuery(knex).where('d.id', id).first()) as Row | undefined;
  return row ? toDossier(row) : null;
}

export async function listDossiers(
  knex: Db,
  where: {
    propertyIds?: number[];
    ids?: number[];
    archiveNoPrefix?: string;
    archiveNo?: string;
    /** Only dossiers in these estates, or estate-less ones of this department (a pre-filter for staff). */
    area?: DossierArea;
  },
  page: { limit: number; offset: number } = { limit: 10_000, offset: 0 },
): Promise<DossierRecord[]> {
  let q = dossierQuery(knex);
  if (where.area) q = whereInArea(q, where.area);
  if (where.propertyIds) q = q.whereIn('d.property_id', where.propertyIds);
  if (where.ids) q = q.whereIn('d.id', where.ids);
  if (where.archiveNo !== undefined) q = q.where('d.archive_no', where.archiveNo);
  if (where.archiveNoPrefix !== undefined) {
    q = q.whereRaw(`d.archive_no like ? escape '\\'`, [`${likeLiteral(where.archiveNoPrefix)}%`]);
  }
  const rows = (await q.orderBy('d.archive_no').limit(page.limit).offset(page.offset)) as Row[];
  return rows.map(toDossier);
}

/** Archive numbers in one sequence scope (`GC-2026-` … ``), to find the next free sequence number. */
export async function archiveNosLike(trx: Db, prefix: string, suffix: string): Promise<string[]> {
  const rows = (await trx('dossiers')
    .whereRaw(`archive_no like ? escape '\\'`, [`${likeLiteral(prefix)}%${likeLiteral(suffix)}`])
    .select('archive_no')) as Array<{ archive_no: string }>;
  return rows.map((r) => r.archive_no);
}

export interface DocumentRecord {
  id: number;
  dossierId: number;
  entryId: number | null;
  title: string;
  present: boolean;
  form: DocumentForm | null;
  copies: number;
  pages: number;
  note: string | null;
  updatedAt: string;
}

const toDocument = (r: Row): DocumentRecord => ({
  id: Number(r.id),
  dossierId: Number(r.dossier_id),
  entryId: num(r.entry_id),
  title: String(r.title),
  present: Boolean(r.present),
  form: (r.form as DocumentForm | null) ?? null,
  copies: Number(r.copies),
  pages: Number(r.pages),
  note: str(r.note),
  updatedAt: String(r.updated_at),
});

export async function dossierDocuments(knex: Db, dossierId: number): Promise<DocumentRecord[]> {
  const rows = (await knex('dossier_documents').where({ dossier_id: dossierId }).orderBy('id')) as Row[];
  return rows.map(toDocument);
}

export async function findDocument(knex: Db, id: number): Promise<DocumentRecord | null> {
  const row = (await knex('dossier_documents').where({ id }).first()) as Row | undefined;
  return row ? toDocument(row) : null;
}

/** Every checklist entry of every template for a dossier kind, in template and position order. */
export async function checklistFor(knex: Db, kind: DossierKind): Promise<ChecklistEntry[]> {
  const rows = (await knex('checklist_entries as c')
    .join('checklist_templates as t', 't.id', 'c.template_id')
    .where('t.dossier_kind', kind)
    .orderBy('t.id')
    .orderBy('c.position')
    .select('c.*')) as Row[];
  return rows.map((r) => ({
    id: Number(r.id),
    code: String(r.code),
    title: String(r.title),
    folderGroup: (r.folder_group as FolderGroup | null) ?? null,
    required: Boolean(r.required),
    form: (r.form as DocumentForm | null) ?? null,
    copies: Number(r.copies),
  }));
}

export async function dossierLinks(knex: Db, dossierId: number) {
  const rows = (await knex('dossier_links')
    .where({ dossier_id: dossierId })
    .select('linked_dossier_id', 'reason')
    .orderBy('id')) as Array<{ linked_dossier_id: number; reason: string }>;
  return rows.map((r) => ({ dossierId: Number(r.linked_dossier_id), reason: r.reason }));
}

// ---- locations -----------------------------------------------------------------------------------------

export interface LocationRecord {
  id: number;
  parentId: number | null;
  kind: LocationKind;
  code: string;
  name: string;
  capacity: number | null;
  /** Items (not destroyed) whose place is this location itself. */
  used: number;
}

/** The whole location table with item counts: a site has hundreds of locations, not millions. */
export async function allLocations(knex: Db): Promise<LocationRecord[]> {
  const counts = (await knex('items')
    .whereNotNull('location_id')
    .whereNot({ state: 'destroyed' })
    .groupBy('location_id')
    .select('location_id')
    .count({ n: '*' })) as Array<{ location_id: number; n: number | string }>;
  const used = new Map(counts.map((c) => [Number(c.location_id), Number(c.n)]));
  const rows = (await knex('locations').orderBy('code')) as Row[];
  return rows.map((r) => ({
    id: Number(r.id),
    parentId: num(r.parent_id),
    kind: r.kind as LocationKind,
    code: String(r.code),
    name: String(r.name),
    capacity: num(r.capacity),
    used: used.get(Number(r.id)) ?? 0,
  }));
}

// ---- people --------------------------------------------------------------------------------------------

export async function listDepartments(knex: Db) {
  const rows = (await knex('departments').orderBy('code')) as Row[];
  return rows.map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name) }));
}

/** Users without any secret column (no password hash, no lock-out counters). */
export async function listUsers(knex: Db) {
  const rows = (await knex('users')
    .orderBy('username')
    .select('id', 'username', 'display_name', 'role', 'department_id', 'active', 'all_estates')) as Row[];
  const areas = (await knex('user_estates').select('user_id', 'estate_id')) as Array<{
    user_id: number;
    estate_id: number;
  }>;
  return rows.map((r) => {
    const estates = areas.filter((a) => Number(a.user_id) === Number(r.id)).map((a) => Number(a.estate_id));
    return {
      id: Number(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      role: r.role as Role,
      departmentId: num(r.department_id),
      active: Boolean(r.active),
      estateIds: r.all_estates ? ('all' as const) : estates,
    };
  });
}
