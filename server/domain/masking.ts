// Masking of owner (party) data before it leaves the server: a client never receives a value its role may
// not see. Seed 002 §4.5.1: the complete owner summary only for the site's management (supervisor; gm and
// legal above them); customer-service staff see name, mobile and home phone of owners in their own area,
// never a VIP owner's mobile (§4.5.1.2); everyone else sees less. Whole ID numbers and phones are
// "sensitive": the caller logs each view of them (sensitive_views), listed in `sensitiveFieldsShown`.
import type { IdType, PartyKind, Role } from './vocabulary.js';

export type SensitiveField = 'id_number' | 'mobile' | 'home_phone';
export type MaskableField = 'name' | SensitiveField;
export type Visibility = 'full' | 'masked' | 'hidden';

/** A party as loaded; a value left undefined was not loaded (not decrypted) and comes back null. */
export interface PartyView {
  name: string;
  kind: PartyKind;
  idType: IdType | null;
  idNumber?: string;
  mobile?: string;
  homePhone?: string;
  vip: boolean;
}

export interface Viewer {
  role: Role;
  estateIds: readonly number[] | 'all';
}

export interface PartyPolicy {
  name: Exclude<Visibility, 'hidden'>;
  idNumber: Visibility;
  mobile: Visibility;
  homePhone: Visibility;
  /** Whether the VIP flag itself is shown (it marks an owner as important). */
  vip: boolean;
}

/** What a viewer receives: only allowed values, null where withheld or not loaded. */
export interface MaskedParty {
  name: string;
  kind: PartyKind;
  idType: IdType | null;
  idNumber: string | null;
  mobile: string | null;
  homePhone: string | null;
  vip: boolean | null;
  /** Fields returned in masked form. */
  masked: MaskableField[];
  /** Fields returned whole that the caller must log as a sensitive view. */
  sensitiveFieldsShown: SensitiveField[];
}

const FULL: PartyPolicy = { name: 'full', idNumber: 'full', mobile: 'full', homePhone: 'full', vip: true };
const ARCHIVIST: PartyPolicy = {
  name: 'full',
  idNumber: 'masked',
  mobile: 'masked',
  homePhone: 'masked',
  vip: true,
};
const NAME_ONLY: PartyPolicy = {
  name: 'masked',
  idNumber: 'hidden',
  mobile: 'hidden',
  homePhone: 'hidden',
  vip: false,
};

/** Decides per field; the store can use it to decrypt only what will be shown. */
export function partyPolicy(
  viewer: Viewer,
  recordEstateId: number | null | undefined,
  vip: boolean,
): PartyPolicy {
  switch (viewer.role) {
    case 'supervisor':
    case 'gm':
    case 'legal':
      return FULL;
    case 'archivist':
      return ARCHIVIST;
    case 'staff': {
      const inArea =
        viewer.estateIds === 'all' || (recordEstateId != null && viewer.estateIds.includes(recordEstateId));
      if (!inArea) return NAME_ONLY;
      return {
        name: 'full',
        idNumber: 'hidden',
        mobile: vip ? 'masked' : 'full',
        homePhone: 'full',
        vip: true,
      };
    }
    default:
      // admin, and any role added later until someone decides otherwise.
      return NAME_ONLY;
  }
}

function keepEnds(chars: readonly string[], head: number, tail: number): string {
  const hidden = chars.length - head - tail;
  if (hidden <= 0) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('');
}

/** `张三明` → `张*明`, `王五` → `王*`; companies keep 2 + 2 around a fixed `****` (`深圳****公司`). */
export function maskName(name: string, kind: PartyKind = 'person'): string {
  const chars = Array.from(name.trim());
  const n = chars.length;
  if (kind === 'company' && n >= 6) return `${chars.slice(0, 2).join('')}****${chars.slice(n - 2).join('')}`;
  if (n <= 1) return '*'.repeat(n);
  if (n === 2) return `${chars[0]}*`;
  return keepEnds(chars, 1, 1);
}

/** `13812345678` → `138****5678`; hides at least 4 characters and about a third, the rest split head/tail. */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.replace(/\s+/g, ''));
  const hidden = Math.max(4, Math.ceil(chars.length * 0.35));
  const shown = Math.max(0, chars.length - hidden);
  const tail = Math.min(4, Math.ceil(shown / 2));
  return keepEnds(chars, shown - tail, tail);
}

/** Resident IDs keep the first 3 and last 4 (`440***********1234`); other documents the same share, 7/18. */
export function maskIdNumber(idNumber: string, idType: IdType | null = 'resident_id'): string {
  const chars = Array.from(idNumber.replace(/\s+/g, ''));
  if (idType === 'resident_id' && chars.length >= 15) return keepEnds(chars, 3, 4);
  const shown = Math.floor((chars.length * 7) / 18);
  const tail = Math.ceil(shown / 2);
  return keepEnds(chars, shown - tail, tail);
}

export function maskParty(
  party: PartyView,
  viewer: Viewer,
  recordEstateId: number | null | undefined,
): MaskedParty {
  const policy = partyPolicy(viewer, recordEstateId, party.vip);
  const masked: MaskableField[] = [];
  const sensitiveFieldsShown: SensitiveField[] = [];

  function apply(
    field: SensitiveField,
    visibility: Visibility,
    value: string | undefined,
    mask: (v: string) => string,
  ) {
    if (visibility === 'hidden' || value === undefined || value === '') return null;
    if (visibility === 'masked') {
      masked.push(field);
      return mask(value);
    }
    sensitiveFieldsShown.push(field);
    return value;
  }

  const name = policy.name === 'full' ? party.name : maskName(party.name, party.kind);
  if (policy.name === 'masked') masked.push('name');
  const idNumber = apply('id_number', policy.idNumber, party.idNumber, (v) => maskIdNumber(v, party.idType));
  return {
    name,
    kind: party.kind,
    idType: policy.idNumber === 'hidden' ? null : party.idType,
    idNumber,
    mobile: apply('mobile', policy.mobile, party.mobile, maskPhone),
    homePhone: apply('home_phone', policy.homePhone, party.homePhone, maskPhone),
    vip: policy.vip ? party.vip : null,
    masked,
    sensitiveFieldsShown,
  };
}
