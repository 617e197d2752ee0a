// Parties (owners, co-owners, tenants, companies) and their ties to properties. ID numbers and phones are
// stored sealed (secrets.ts); this module returns them sealed and the services decide what to open.
// Every whole value a service shows is written to sensitive_views here.
import type { Knex } from 'knex';
import type { SensitiveField } from '../domain/masking.js';
import type { IdType, PartyKind, PartyRole } from '../domain/vocabulary.js';
import { likeLiteral } from './catalogue.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export interface PartyRecord {
  id: number;
  kind: PartyKind;
  name: string;
  idType: IdType | null;
  vip: boolean;
  /** Sealed values, opened only for fields the viewer may see. */
  sealed: Record<SensitiveField, string | null>;
}

export interface PropertyParty {
  propertyId: number;
  role: PartyRole;
  since: string | null;
  until: string | null;
  party: PartyRecord;
}

const PARTY_COLUMNS = [
  'pa.id',
  'pa.kind',
  'pa.name',
  'pa.id_type',
  'pa.vip',
  'pa.id_number_enc',
  'pa.mobile_enc',
  'pa.home_phone_enc',
];

function toParty(r: Row): PartyRecord {
  return {
    id: Number(r.id),
    kind: r.kind as PartyKind,
    name: String(r.name),
    idType: (r.id_type as IdType | null) ?? null,
    vip: Boolean(r.vip),
    sealed: {
      id_number: (r.id_number_enc as string | null) ?? null,
      mobile: (r.mobile_enc as string | null) ?? null,
      home_phone: (r.home_phone_enc as string | null) ?? null,
    },
  };
}

export async function findParty(knex: Db, id: number): Promise<PartyRecord | null> {
  const row = (await knex('parties as pa').where('pa.id', id).first(PARTY_COLUMNS)) as Row | undefined;
  return row ? toParty(row) : null;
}

/** The parties of some properties, current ones first, then by role. */
export async function partiesOfProperties(knex: Db, propertyIds: number[]): Promise<PropertyParty[]> {
  if (propertyIds.length === 0) return [];
  const rows = (await knex('property_parties as pp')
    .join('parties as pa', 'pa.id', 'pp.party_id')
    .whereIn('pp.property_id', propertyIds)
    .orderBy('pp.property_id')
    .orderByRaw('case when pp.until is null then 0 else 1 end')
    .orderBy('pp.id')
    .select([...PARTY_COLUMNS, 'pp.property_id', 'pp.role', 'pp.since', 'pp.until'])) as Row[];
  return rows.map((r) => ({
    propertyId: Number(r.property_id),
    role: r.role as PartyRole,
    since: (r.since as string | null) ?? null,
    until: (r.until as string | null) ?? null,
    party: toParty(r),
  }));
}

/** The properties a party is tied to, with each one's estate (for area rules and masking). */
export async function propertiesOfParty(knex: Db, partyId: number) {
  const rows = (await knex('property_parties as pp')
    .join('properties as p', 'p.id', 'pp.property_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .where('pp.party_id', partyId)
    .orderBy('pp.id')
    .select('pp.property_id', 'pp.role', 'pp.until', 'b.estate_id')) as Row[];
  return rows.map((r) => ({
    propertyId: Number(r.property_id),
    role: r.role as PartyRole,
    current: r.until == null,
    estateId: Number(r.estate_id),
  }));
}

/** Properties tied to a party whose name contains `text` (case-insensitive), optionally within estates. */
export async function propertyIdsByPartyName(
  knex: Db,
  text: string,
  estateIds: readonly number[] | 'all',
  page: { limit: number; offset: number },
): Promise<number[]> {
  let q = knex('property_parties as pp')
    .join('parties as pa', 'pa.id', 'pp.party_id')
    .join('properties as p', 'p.id', 'pp.property_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .whereRaw(`lower(pa.name) like ? escape '\\'`, [`%${likeLiteral(text.toLowerCase())}%`]);
  if (estateIds !== 'all') q = q.whereIn('b.estate_id', [...estateIds]);
  const rows = (await q
    .distinct('pp.property_id')
    .orderBy('pp.property_id')
    .limit(page.limit)
    .offset(page.offset)) as Array<{ property_id: number }>;
  return rows.map((r) => Number(r.property_id));
}

/** Properties tied to a party with this ID-number digest (exact match, no decryption). */
export async function propertyIdsByIdDigest(knex: Db, digest: string): Promise<number[]> {
  const rows = (await knex('property_parties as pp')
    .join('parties as pa', 'pa.id', 'pp.party_id')
    .where('pa.id_number_digest', digest)
    .distinct('pp.property_id')
    .orderBy('pp.property_id')) as Array<{ property_id: number }>;
  return rows.map((r) => Number(r.property_id));
}

export interface SensitiveView {
  userId: number;
  partyId: number;
  field: SensitiveField;
  purpose: string | null;
}

export async function recordSensitiveViews(knex: Db, at: string, views: SensitiveView[]): Promise<void> {
  if (views.length === 0) return;
  await knex('sensitive_views').insert(
    views.map((v) => ({
      at,
      user_id: v.userId,
      party_id: v.partyId,
      field: v.field,
      purpose: v.purpose?.slice(0, 300) ?? null,
    })),
  );
}
