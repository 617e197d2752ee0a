// Masking of owner (party) data before it leaves the server: a client never receives a value its role may
// not see. The policy is the table below (DOMAIN.md "Confidentiality", from seed 002 §4.5.1): the complete
// owner summary belongs to the site manager alone; customer-service staff see name, phones and unit of the
// owners in their own area; property supervisors name and unit; a VIP owner's mobile is never shown to
// staff. Whether a viewer sees an owner at all (area, the level of the owner's dossiers, litigation) is
// decided by access.ts `can(…, 'party.read', …)`; this module decides field by field for one who does.
import type { IdType, PartyKind, Role } from './vocabulary.js';

export type SensitiveField = 'id_number' | 'mobile' | 'home_phone';
export const SENSITIVE_FIELDS: readonly SensitiveField[] = ['id_number', 'mobile', 'home_phone'];

/**
 * How one field reaches a viewer: `whole` inline (logged when sensitive); `masked` inline only; `reveal`
 * masked inline, and whole for one record on a reveal with a typed purpose (logged); `none` never.
 */
export type FieldAccess = 'whole' | 'masked' | 'reveal' | 'none';

export interface OwnerPolicy {
  /** Whose owners: those of the estates the person is granted, or every estate of the company. */
  area: 'own' | 'company';
  name: 'whole' | 'none';
  /** Mobile and home phone of an ordinary owner. */
  phones: FieldAccess;
  /** The unit (单元编号) an owner is tied to: the properties listed with them. */
  unit: 'whole' | 'none';
  idNumber: FieldAccess;
  /** The mobile of a VIP owner (重要业户的手机号码), never inline whole for anyone. */
  vipMobile: 'reveal' | 'none';
}

const NOTHING: OwnerPolicy = {
  area: 'company',
  name: 'none',
  phones: 'none',
  unit: 'none',
  idNumber: 'none',
  vipMobile: 'none',
};
const ABOVE: OwnerPolicy = {
  area: 'company',
  name: 'whole',
  phones: 'reveal',
  unit: 'whole',
  idNumber: 'reveal',
  vipMobile: 'reveal',
};

/**
 * The starting policy per role (configurable later; a constant for now). Staff outside their area, or
 * with no area, fall under `area: 'own'` and see nothing: access.ts refuses them the owner.
 */
export const OWNER_POLICY: Readonly<Record<Role, OwnerPolicy>> = {
  staff: {
    area: 'own',
    name: 'whole',
    phones: 'whole',
    unit: 'whole',
    idNumber: 'masked',
    vipMobile: 'none',
  },
  // Seed 002 §4.5.1.3: a property supervisor's owner summary is limited to name and unit (DOMAIN.md's
  // starting table offers masked phones and ID; the seed wins).
  supervisor: {
    area: 'own',
    name: 'whole',
    phones: 'none',
    unit: 'whole',
    idNumber: 'none',
    vipMobile: 'none',
  },
  archivist: {
    area: 'company',
    name: 'whole',
    phones: 'reveal',
    unit: 'whole',
    idNumber: 'reveal',
    vipMobile: 'none',
  },
  site_manager: {
    area: 'own',
    name: 'whole',
    phones: 'whole',
    unit: 'whole',
    idNumber: 'reveal',
    vipMobile: 'reveal',
  },
  gm: ABOVE,
  legal: ABOVE, // litigation files are theirs; customer files as the GM
  admin: NOTHING,
};

/** The row for a role; a role nobody has decided on yet sees nothing. */
export function ownerPolicy(role: Role): OwnerPolicy {
  return OWNER_POLICY[role] ?? NOTHING;
}

/** Whether a role sees owners only in the estates it is granted. */
export function ownerDataAreaBound(role: Role): boolean {
  return ownerPolicy(role).area === 'own';
}

/** How each sensitive field of this owner reaches the role (a VIP's mobile follows its own rule). */
export function fieldAccess(role: Role, field: SensitiveField, vip: boolean): FieldAccess {
  const policy = ownerPolicy(role);
  if (policy.name === 'none') return 'none';
  if (field === 'id_number') return policy.idNumber;
  if (field === 'mobile' && vip) return policy.vipMobile;
  return policy.phones;
}

/** Whether the role may ask for this field whole with a purpose. */
export function mayReveal(role: Role, field: SensitiveField, vip: boolean): boolean {
  return fieldAccess(role, field, vip) === 'reveal';
}

/** Whether the role may look an owner up by a whole ID number (the match itself discloses it). */
export function mayFindByIdNumber(role: Role): boolean {
  const access = ownerPolicy(role).idNumber;
  return access === 'reveal' || access === 'whole';
}

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

/** What a viewer receives: only allowed values, null where withheld or not loaded. */
export interface MaskedParty {
  name: string;
  kind: PartyKind;
  idType: IdType | null;
  idNumber: string | null;
  mobile: string | null;
  homePhone: string | null;
  vip: boolean;
  /** Fields returned in masked form. */
  masked: SensitiveField[];
  /** Fields the viewer may ask for whole with a purpose. */
  revealable: SensitiveField[];
  /** Fields returned whole that the caller must log as a sensitive view. */
  sensitiveFieldsShown: SensitiveField[];
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

/**
 * An owner as a role sees it inline, for a viewer already allowed to see this owner (access.ts). Only
 * `whole` fields come back whole; `reveal` fields are masked here and opened by a reveal alone.
 */
export function maskParty(party: PartyView, role: Role): MaskedParty {
  const masked: SensitiveField[] = [];
  const revealable: SensitiveField[] = [];
  const sensitiveFieldsShown: SensitiveField[] = [];

  function apply(field: SensitiveField, value: string | undefined, mask: (v: string) => string) {
    const access = fieldAccess(role, field, party.vip);
    if (access === 'none' || value === undefined || value === '') return null;
    if (access === 'reveal') revealable.push(field);
    if (access === 'whole') {
      sensitiveFieldsShown.push(field);
      return value;
    }
    masked.push(field);
    return mask(value);
  }

  const idNumber = apply('id_number', party.idNumber, (v) => maskIdNumber(v, party.idType));
  return {
    // Callers show owners only to roles that see names; a masked name is the defence if one slips through.
    name: ownerPolicy(role).name === 'whole' ? party.name : maskName(party.name, party.kind),
    kind: party.kind,
    idType: idNumber === null ? null : party.idType,
    idNumber,
    mobile: apply('mobile', party.mobile, maskPhone),
    homePhone: apply('home_phone', party.homePhone, maskPhone),
    vip: party.vip,
    masked,
    revealable,
    sensitiveFieldsShown,
  };
}

/**
 * A colleague's work contact (users.phone, users.extension), shown with a folder they hold: the board's
 * overdue list says whom to call. The desk extension is the company's own number, whole for everyone who
 * watches the board; the phone is often a personal mobile: whole for the site manager and the general
 * manager, who chase overdue files across the company, masked (`139****1001`) for the rest; staff and
 * admin see neither (they have no board).
 */
export type ContactAccess = 'whole' | 'masked' | 'none';
export const HOLDER_CONTACT_POLICY: Readonly<
  Record<Role, { phone: ContactAccess; extension: ContactAccess }>
> = {
  staff: { phone: 'none', extension: 'none' },
  archivist: { phone: 'masked', extension: 'whole' },
  supervisor: { phone: 'masked', extension: 'whole' },
  site_manager: { phone: 'whole', extension: 'whole' },
  gm: { phone: 'whole', extension: 'whole' },
  legal: { phone: 'masked', extension: 'whole' },
  admin: { phone: 'none', extension: 'none' },
};

export interface HolderContact {
  phone: string | null;
  extension: string | null;
}

/** A holder's contact as the viewer's role may see it (a role nobody has decided on sees nothing). */
export function maskHolderContact(role: Role, contact: HolderContact): HolderContact {
  const policy = HOLDER_CONTACT_POLICY[role] ?? { phone: 'none', extension: 'none' };
  const apply = (access: ContactAccess, value: string | null) =>
    !value || access === 'none' ? null : access === 'whole' ? value : maskPhone(value);
  return { phone: apply(policy.phone, contact.phone), extension: apply(policy.extension, contact.extension) };
}
