// The place model's upper levels as the catalogue screens list them: sites, estates, and one estate's
// buildings with their units and how many properties each unit has.
import type { Queryable } from './db.js';

type Row = Record<string, unknown>;

export interface SiteRecord {
  id: number;
  code: string;
  name: string;
  archiveNoRule: string;
}

export interface EstateRecord {
  id: number;
  siteId: number;
  code: string;
  name: string;
}

export interface UnitSummary {
  id: number;
  buildingId: number;
  code: string;
  name: string;
  properties: number;
}

export interface BuildingRecord {
  id: number;
  code: string;
  name: string;
}

const toSite = (r: Row): SiteRecord => ({
  id: Number(r.id),
  code: String(r.code),
  name: String(r.name),
  archiveNoRule: String(r.archive_no_rule),
});

const toEstate = (r: Row): EstateRecord => ({
  id: Number(r.id),
  siteId: Number(r.site_id),
  code: String(r.code),
  name: String(r.name),
});

export async function listSites(q: Queryable): Promise<SiteRecord[]> {
  return ((await q('sites').orderBy('code')) as Row[]).map(toSite);
}

export async function listEstates(q: Queryable): Promise<EstateRecord[]> {
  return ((await q('estates').orderBy('site_id').orderBy('code')) as Row[]).map(toEstate);
}

export async function findEstate(q: Queryable, id: number): Promise<EstateRecord | null> {
  const row = (await q('estates').where({ id }).first()) as Row | undefined;
  return row ? toEstate(row) : null;
}

export async function buildingsOfEstate(q: Queryable, estateId: number): Promise<BuildingRecord[]> {
  const rows = (await q('buildings').where({ estate_id: estateId }).orderBy('id')) as Row[];
  return rows.map((b) => ({ id: Number(b.id), code: String(b.code), name: String(b.name) }));
}

/** The units of an estate's buildings, each with its number of properties. */
export async function unitsOfEstate(q: Queryable, estateId: number): Promise<UnitSummary[]> {
  const rows = (await q('units as u')
    .join('buildings as b', 'b.id', 'u.building_id')
    .where('b.estate_id', estateId)
    .leftJoin('properties as p', 'p.unit_id', 'u.id')
    .groupBy('u.id', 'u.building_id', 'u.code', 'u.name')
    .orderBy('u.id')
    .select('u.id', 'u.building_id', 'u.code', 'u.name')
    .count({ n: 'p.id' })) as Row[];
  return rows.map((u) => ({
    id: Number(u.id),
    buildingId: Number(u.building_id),
    code: String(u.code),
    name: String(u.name),
    properties: Number(u.n),
  }));
}

export async function unitExists(q: Queryable, id: number): Promise<boolean> {
  return (await q('units').where({ id }).first('id')) !== undefined;
}

export async function departmentExists(q: Queryable, id: number): Promise<boolean> {
  return (await q('departments').where({ id }).first('id')) !== undefined;
}
