// Owners, co-owners, previous owners and tenants of the demo properties. ID numbers and phones are stored
// encrypted, with a keyed digest for lookup and a masked form for display.
import { maskIdNumber, maskPhone } from '../domain/masking.js';
import type { FieldCipher } from '../store/secrets.js';
import {
  companyName,
  homePhone,
  mobileNumber,
  personName,
  residentId,
  socialCreditCode,
} from './identity.js';
import type { PlannedProperty } from './places.js';
import type { Random } from './random.js';

export const SAME_OWNER = '同一业主';

export interface PartyRow {
  id: number;
  kind: 'person' | 'company';
  name: string;
  id_type: 'resident_id' | 'business_licence';
  id_number_enc: string;
  id_number_digest: string;
  id_number_masked: string;
  mobile_enc: string | null;
  mobile_masked: string | null;
  home_phone_enc: string | null;
  home_phone_masked: string | null;
  vip: boolean;
  created_at: string;
}

export interface PropertyPartyRow {
  id: number;
  property_id: number;
  party_id: number;
  role: 'owner' | 'co_owner' | 'tenant' | 'previous_owner';
  since: string | null;
  until: string | null;
}

/** What the dossier and item plans need to know about each home's current ownership. */
export interface HomeOwnership {
  ownerId: number;
  company: boolean;
  vip: boolean;
  /** The year the home was first sold: the dossier's year. */
  year: number;
  /** The home changed hands (房屋变更): a previous_owner row exists. */
  changed: boolean;
  /** Index (into homes) of the other home of the same owner, for the 同一业主 cross-reference. */
  sameOwnerAs: number | null;
}

export interface OwnersPlan {
  parties: PartyRow[];
  propertyParties: PropertyPartyRow[];
  homes: HomeOwnership[];
  /** Home indexes with a tenant, in order. */
  tenantHomes: number[];
}

const day = (year: number, month: number, d: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}T02:00:00.000Z`;

export function planOwners(
  homes: readonly PlannedProperty[],
  shops: readonly PlannedProperty[],
  opts: { rng: Random; cipher: FieldCipher; createdAt: string; nowYear: number; tenants: number },
): OwnersPlan {
  const { rng, cipher, createdAt, nowYear } = opts;
  const plan: OwnersPlan = { parties: [], propertyParties: [], homes: [], tenantHomes: [] };

  const sealed = (value: string) => cipher.encrypt(value);
  const addParty = (company: boolean, opts2: { vip?: boolean; male?: boolean; landline?: number } = {}) => {
    const person = company ? null : personName(rng);
    const male = opts2.male ?? person?.male ?? true;
    const idNumber = company ? socialCreditCode(rng) : residentId(rng, male);
    const mobile = mobileNumber(rng);
    const landline = rng.chance(opts2.landline ?? (company ? 0.6 : 0.2)) ? homePhone(rng) : null;
    const row: PartyRow = {
      id: plan.parties.length + 1,
      kind: company ? 'company' : 'person',
      name: company ? companyName(rng) : (person as { name: string }).name,
      id_type: company ? 'business_licence' : 'resident_id',
      id_number_enc: sealed(idNumber),
      id_number_digest: cipher.digest(idNumber),
      id_number_masked: maskIdNumber(idNumber, company ? 'business_licence' : 'resident_id'),
      mobile_enc: sealed(mobile),
      mobile_masked: maskPhone(mobile),
      home_phone_enc: landline ? sealed(landline) : null,
      home_phone_masked: landline ? maskPhone(landline) : null,
      vip: opts2.vip ?? false,
      created_at: createdAt,
    };
    plan.parties.push(row);
    return row;
  };
  const link = (
    property: PlannedProperty,
    partyId: number,
    role: PropertyPartyRow['role'],
    since: string | null,
    until: string | null = null,
  ) => {
    plan.propertyParties.push({
      id: plan.propertyParties.length + 1,
      property_id: property.row.id,
      party_id: partyId,
      role,
      since,
      until,
    });
  };

  // Individual owners of one home so far, who may still buy a second one (recent ones only).
  const singleOwners: Array<{ partyId: number; home: number; vip: boolean }> = [];
  homes.forEach((home, index) => {
    const year = rng.int(2016, nowYear - 1);
    const sold = day(year, rng.int(1, 12), rng.int(1, 28));
    const changed = year < nowYear - 2 && rng.chance(0.02);
    const changeDay = changed ? day(rng.int(year + 1, nowYear - 1), rng.int(1, 12), rng.int(1, 28)) : null;
    let ownership: HomeOwnership;
    if (singleOwners.length > 20 && rng.chance(0.04)) {
      const at = rng.int(0, singleOwners.length - 1);
      const other = singleOwners.splice(at, 1)[0] as (typeof singleOwners)[number];
      const first = plan.homes[other.home] as HomeOwnership;
      first.sameOwnerAs = index;
      ownership = {
        ownerId: other.partyId,
        company: false,
        vip: other.vip,
        year,
        changed,
        sameOwnerAs: other.home,
      };
    } else {
      const company = rng.chance(0.05);
      const vip = !company && rng.chance(0.03);
      const owner = addParty(company, { vip });
      ownership = { ownerId: owner.id, company, vip, year, changed, sameOwnerAs: null };
      if (!company && !changed) {
        singleOwners.push({ partyId: owner.id, home: index, vip });
        if (singleOwners.length > 200) singleOwners.shift();
      }
      if (!company && rng.chance(0.12)) {
        const spouse = addParty(false, { vip, landline: 0 });
        link(home, spouse.id, 'co_owner', changeDay ?? sold);
      }
    }
    if (changed) {
      const previous = addParty(false, { landline: 0.1 });
      link(home, previous.id, 'previous_owner', sold, changeDay);
    }
    link(home, ownership.ownerId, 'owner', changeDay ?? sold);
    plan.homes.push(ownership);
  });

  // Homes let to tenants (each gets a tenant file), spread over the estate.
  const tenantHomes = rng.sampleIndexes(homes.length, opts.tenants);
  for (const index of tenantHomes) {
    const tenant = addParty(false, { landline: 0 });
    link(
      homes[index] as PlannedProperty,
      tenant.id,
      'tenant',
      day(nowYear - 1, rng.int(1, 12), rng.int(1, 28)),
    );
  }
  plan.tenantHomes = tenantHomes;
  for (const shop of shops) {
    const tenant = addParty(rng.chance(0.7));
    link(shop, tenant.id, 'tenant', day(rng.int(nowYear - 4, nowYear - 1), rng.int(1, 12), 1));
  }
  return plan;
}
