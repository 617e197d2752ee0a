// New records: a dossier under its 档号 (property-bound kinds by the site's rule, the others by
// `{kind}-{year}-{seq:4}` and the next free sequence) and an item on a shelf with its 'registered'
// custody row, in one transaction whose custody entry is published after COMMIT.
import type { Knex } from 'knex';
import { assertCan, type Actor } from '../domain/access.js';
import { archiveNoFor, isPropertyKind, makeRuleSet, sequenceScope } from '../domain/archive-number.js';
import { DanganError } from '../domain/errors.js';
import {
  LABELS,
  type ConfidentialityLevel,
  type DossierKind,
  type FolderGroup,
  type ItemKind,
  type RetentionClass,
} from '../domain/vocabulary.js';
import * as store from '../store/catalogue.js';
import { appendCustody } from '../store/custody-log.js';
import { archiveNoOfProperty, archiveNoTaken, insertDossier } from '../store/dossier-writes.js';
import { findItem, insertItem, itemExists, type ItemRecord } from '../store/items.js';
import { departmentExists, listSites } from '../store/places.js';
import { dossierRecord, invalid, requireRole, type CatalogueDeps } from './catalogue-common.js';
import { shelfWithRoom } from './shelving.js';
import { writeTransaction } from './unit-of-work.js';

export interface CreateDossierInput {
  kind: DossierKind;
  /** Required for property-bound kinds (一户一档); optional context for the others. */
  propertyId?: number;
  /** Needed only when there is more than one site and no property. */
  siteId?: number;
  title?: string;
  year?: number;
  confidentiality?: ConfidentialityLevel;
  retention?: RetentionClass;
  departmentId?: number;
}

export interface RegisterItemInput {
  barcode: string;
  epc?: string;
  kind: ItemKind;
  dossierId?: number;
  folderGroup?: FolderGroup;
  volumeNo?: number;
  title?: string;
  locationId: number;
  station?: string | null;
}

/** The year in China Standard Time, which is when the archive's year turns. */
const cstYear = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The next `{seq}` in the rule's scope: GC-2026-0007 after GC-2026-0006 (each kind and year restarts). */
async function nextArchiveNo(trx: Knex.Transaction, rule: string, kind: DossierKind, year: number) {
  const set = makeRuleSet({ property: rule });
  const [prefix = '', suffix = ''] = sequenceScope(set, { kind, year }).split('#');
  const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d+)${escapeRegExp(suffix)}$`);
  const used = await store.archiveNosLike(trx, prefix, suffix);
  const highest = used.reduce((max, n) => Math.max(max, Number(pattern.exec(n)?.[1] ?? 0)), 0);
  return archiveNoFor(set, { kind, year, seq: highest + 1 });
}

export function registrationOperations({ db, bus, clock }: CatalogueDeps) {
  return {
    /** Opens a dossier under its 档号; at most one per (property, kind): 一户一档 → DOSSIER_EXISTS. */
    async createDossier(actor: Actor, input: CreateDossierInput): Promise<store.DossierRecord> {
      requireRole(actor, 'dossier.write');
      try {
        return await writeTransaction(db, bus, async ({ trx }) => {
          if (isPropertyKind(input.kind) && input.propertyId === undefined) {
            throw invalid('propertyId', `a ${input.kind} dossier belongs to a property`);
          }
          const property =
            input.propertyId === undefined ? null : await store.findProperty(trx, input.propertyId);
          if (input.propertyId !== undefined && !property) {
            throw new DanganError('PROPERTY_NOT_FOUND', { propertyId: input.propertyId });
          }
          if (property && input.siteId !== undefined && input.siteId !== property.siteId) {
            throw invalid('siteId', 'the property belongs to another site');
          }
          const sites = await listSites(trx);
          const siteId = property?.siteId ?? input.siteId ?? (sites.length === 1 ? sites[0]?.id : undefined);
          if (siteId === undefined) throw invalid('siteId', 'name the site this dossier belongs to');
          const site = sites.find((s) => s.id === siteId);
          if (!site) throw new DanganError('NOT_FOUND', { siteId });
          if (input.departmentId !== undefined && !(await departmentExists(trx, input.departmentId))) {
            throw new DanganError('NOT_FOUND', { departmentId: input.departmentId });
          }
          const confidentiality = input.confidentiality ?? 'C';
          assertCan(actor, 'dossier.write', {
            estateId: property?.estateId ?? null,
            departmentId: input.departmentId ?? null,
            confidentiality,
            dossierKind: input.kind,
          });
          if (property) {
            const existing = await archiveNoOfProperty(trx, property.id, input.kind);
            if (existing) throw new DanganError('DOSSIER_EXISTS', { archiveNo: existing });
          }
          const year = input.year ?? cstYear(clock.now());
          // The next free number is read under the write lock, so two writers never take the same one.
          const archiveNo = property
            ? archiveNoFor(makeRuleSet({ property: site.archiveNoRule }), {
                kind: input.kind,
                estate: property.estateCode,
                building: property.buildingCode,
                unit: property.unitCode,
                room: property.room,
                year,
              })
            : await nextArchiveNo(trx, site.archiveNoRule, input.kind, year);
          if (await archiveNoTaken(trx, archiveNo)) throw new DanganError('DOSSIER_EXISTS', { archiveNo });
          const id = await insertDossier(trx, {
            archiveNo,
            siteId: site.id,
            propertyId: property?.id ?? null,
            kind: input.kind,
            title:
              input.title ?? `${property ? `${property.name} ` : ''}${LABELS.dossierKind[input.kind].zh}`,
            year,
            confidentiality,
            retention: input.retention ?? 'permanent',
            departmentId: input.departmentId ?? null,
            createdAt: clock.now().toISOString(),
          });
          return (await store.findDossier(trx, id))!;
        });
      } catch (e) {
        // A unique index caught what the checks above could not see (a concurrent writer).
        if (store.uniqueViolation(e) !== null) throw new DanganError('DOSSIER_EXISTS', { kind: input.kind });
        throw e;
      }
    },

    /** Registers a folder, box or key on a shelf or position; the item and its custody row commit together. */
    async registerItem(actor: Actor, input: RegisterItemInput): Promise<ItemRecord> {
      requireRole(actor, 'item.register');
      const barcode = input.barcode.trim().toUpperCase();
      const epc = input.epc?.trim().toUpperCase() ?? null;
      try {
        return await writeTransaction(db, bus, async ({ trx, published }) => {
          const dossier =
            input.dossierId === undefined ? null : await store.findDossier(trx, input.dossierId);
          if (input.dossierId !== undefined && !dossier) {
            throw new DanganError('DOSSIER_NOT_FOUND', { dossierId: input.dossierId });
          }
          assertCan(actor, 'item.register', dossier ? dossierRecord(dossier) : {});
          if (await itemExists(trx, { barcode })) throw new DanganError('BARCODE_TAKEN', { barcode });
          if (epc && (await itemExists(trx, { epc }))) throw new DanganError('EPC_TAKEN', { epc });
          const to = await shelfWithRoom(trx, input.locationId);
          const volumeNo = input.volumeNo ?? 1;
          const now = clock.now().toISOString();
          const id = await insertItem(trx, {
            barcode,
            epc,
            kind: input.kind,
            dossierId: dossier?.id ?? null,
            folderGroup: input.folderGroup ?? null,
            volumeNo,
            title: input.title ?? (dossier ? `${dossier.title} 第${volumeNo}卷` : barcode),
            locationId: to.id,
            createdAt: now,
          });
          const entries = await appendCustody(trx, [
            {
              at: now,
              actorUserId: actor.userId,
              station: input.station ?? null,
              action: 'registered',
              itemId: id,
              fromState: null,
              toState: 'in_place',
              fromLocationId: null,
              toLocationId: to.id,
              fromHolderId: null,
              toHolderId: null,
              reason: null,
              approvalRef: null,
            },
          ]);
          published.push(...entries);
          return (await findItem(trx, { id }))!;
        });
      } catch (e) {
        const which = store.uniqueViolation(e);
        if (which === null) throw e;
        throw new DanganError(which.includes('epc') ? 'EPC_TAKEN' : 'BARCODE_TAKEN', { barcode, epc });
      }
    },
  };
}
