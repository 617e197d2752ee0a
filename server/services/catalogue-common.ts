// What the catalogue and search services share: their dependencies, the per-record access helpers, paging
// over what a viewer may see, and the one place owner data is opened, masked and its whole values logged.
import { can, roleMay, type Action, type Actor, type RecordContext } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import { fieldAccess, maskParty, type MaskedParty, type SensitiveField } from '../domain/masking.js';
import type { PartyRole } from '../domain/vocabulary.js';
import type { EventBus } from '../events.js';
import type { Clock } from '../providers.js';
import type { DossierArea, DossierRecord } from '../store/catalogue.js';
import type { Database } from '../store/db.js';
import type { ItemRecord } from '../store/items.js';
import {
  recordSensitiveViews,
  type PartyRecord,
  type PropertyParty,
  type SensitiveView,
} from '../store/parties.js';
import type { FieldCipher } from '../store/secrets.js';
import { recordOf } from './items.js';

export interface CatalogueDeps {
  db: Database;
  bus: EventBus | null;
  clock: Clock;
  cipher: FieldCipher;
}

/** A party as a viewer may see it, tied to a property by `role`. */
export type ShownParty = Omit<MaskedParty, 'sensitiveFieldsShown'> & {
  id: number;
  role: PartyRole | null;
  current: boolean;
};

/**
 * A party to show, with the records whose rules decide whether this viewer sees it here: the dossiers of
 * the property it is tied to in this view. An owner's data carries the level of the dossiers it belongs to.
 */
export interface PartyInContext {
  party: PartyRecord;
  role: PartyRole | null;
  current: boolean;
  records: RecordContext[];
}

export const dossierRecord = (d: DossierRecord): RecordContext => ({
  estateId: d.estateId,
  departmentId: d.departmentId,
  confidentiality: d.confidentiality,
  dossierKind: d.kind,
});

export const canReadDossier = (actor: Actor) => (d: DossierRecord) =>
  can(actor, 'dossier.read', dossierRecord(d)).allowed;

export const canReadItem = (actor: Actor) => (i: ItemRecord) => can(actor, 'item.read', recordOf(i)).allowed;

/**
 * The area an area-bound viewer (staff) is limited to, for narrowing queries in SQL before `can` decides
 * row by row; undefined when no area limit applies. Asked of `can` with an estate nobody serves.
 */
export function areaOf(actor: Actor): DossierArea | undefined {
  const d = can(actor, 'dossier.read', { estateId: -1 });
  if (d.allowed || d.reason !== 'OUTSIDE_AREA' || actor.estateIds === 'all') return undefined;
  return { estateIds: actor.estateIds, departmentId: actor.departmentId };
}

/** The estates whose owners the viewer may see, for narrowing owner queries; 'all' when not area-bound. */
export function ownerAreaOf(actor: Actor): readonly number[] | 'all' {
  const d = can(actor, 'party.read', { estateId: -1 });
  if (d.allowed || d.reason !== 'OUTSIDE_AREA') return 'all';
  return actor.estateIds;
}

/** The role check alone, before a record is loaded (so a forbidden caller learns nothing about ids). */
export function requireRole(actor: Actor, action: Action): void {
  if (!roleMay(actor.role, action)) throw new DanganError('FORBIDDEN', { action, role: actor.role });
}

/** Skips `offset` visible rows and returns up to `limit`, reading in batches; `more` if any are left. */
export async function pageVisible<T>(
  fetch: (limit: number, offset: number) => Promise<T[]>,
  visible: (row: T) => boolean,
  offset: number,
  limit: number,
): Promise<{ rows: T[]; more: boolean }> {
  const batch = Math.max(100, (offset + limit) * 2);
  const rows: T[] = [];
  let skipped = 0;
  for (let at = 0; ; at += batch) {
    const got = await fetch(batch, at);
    for (const row of got) {
      if (!visible(row)) continue;
      if (skipped < offset) skipped++;
      else if (rows.length === limit) return { rows, more: true };
      else rows.push(row);
    }
    if (got.length < batch) return { rows, more: false };
  }
}

/**
 * The records an owner of this property belongs to: its dossiers, or — for a property with none yet — the
 * property itself as an ordinary customer record (level C) of its estate.
 */
export function ownerRecords(
  property: { id: number; estateId: number | null },
  dossiers: readonly DossierRecord[],
): RecordContext[] {
  const own = dossiers.filter((d) => d.propertyId === property.id);
  return own.length > 0 ? own.map(dossierRecord) : [{ estateId: property.estateId, confidentiality: 'C' }];
}

/** Whether the viewer sees this owner at all: it may read owner data of at least one of its records. */
export const seesOwner = (actor: Actor, records: readonly RecordContext[]) =>
  records.some((r) => can(actor, 'party.read', r).allowed);

export const inContext = (pp: PropertyParty, records: RecordContext[]): PartyInContext => ({
  party: pp.party,
  role: pp.role,
  current: pp.until === null,
  records,
});

/**
 * Shows parties to a viewer: drops those the viewer may not see here, decrypts only the fields the role's
 * policy shows in some form, masks them with `maskParty`, and records each whole ID number or phone in
 * sensitive_views before returning it. A role without 'party.read' gets no parties at all.
 */
export function partyPresenter({ db, clock, cipher }: Pick<CatalogueDeps, 'db' | 'clock' | 'cipher'>) {
  return async function show(actor: Actor, list: PartyInContext[], purpose: string): Promise<ShownParty[]> {
    const views = new Map<string, SensitiveView>();
    const shown = list
      .filter(({ records }) => seesOwner(actor, records))
      .map(({ party, role, current }) => {
        const open = (field: SensitiveField) => {
          const sealed = party.sealed[field];
          return fieldAccess(actor.role, field, party.vip) === 'none' || !sealed
            ? undefined
            : cipher.decrypt(sealed);
        };
        const { sensitiveFieldsShown, ...masked } = maskParty(
          {
            name: party.name,
            kind: party.kind,
            idType: party.idType,
            vip: party.vip,
            idNumber: open('id_number'),
            mobile: open('mobile'),
            homePhone: open('home_phone'),
          },
          actor.role,
        );
        for (const field of sensitiveFieldsShown) {
          views.set(`${party.id}:${field}`, { userId: actor.userId, partyId: party.id, field, purpose });
        }
        return { id: party.id, role, current, ...masked };
      });
    await recordSensitiveViews(db.knex, clock.now().toISOString(), [...views.values()]);
    return shown;
  };
}

/** Only the name, for a viewer who sees this owner (no value is decrypted, so nothing needs logging). */
export function shownName(
  actor: Actor,
  party: PartyRecord,
  records: readonly RecordContext[],
): string | null {
  return seesOwner(actor, records) ? party.name : null;
}

/** A request that passed its schema but breaks a rule only the service can check. */
export function invalid(path: string, message: string, details: Record<string, unknown> = {}): DanganError {
  return new DanganError('VALIDATION_FAILED', { in: 'body', issues: [{ path, message }], ...details });
}
