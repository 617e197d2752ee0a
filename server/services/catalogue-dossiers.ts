// Dossiers after they exist: the full view (items, checklist and completeness, cross-references, masked
// parties), listing by 档号 prefix, editing catalogue fields (never the 档号), cross-references and
// checklist ticks. Opening a new dossier is in catalogue-register.ts.
import { assertCan, type Actor } from '../domain/access.js';
import { checkCompleteness } from '../domain/completeness.js';
import { DanganError } from '../domain/errors.js';
import type { ConfidentialityLevel, DocumentForm, RetentionClass } from '../domain/vocabulary.js';
import * as store from '../store/catalogue.js';
import { insertDocument, linkDossier, updateDocument, updateDossier } from '../store/dossier-writes.js';
import { departmentExists } from '../store/places.js';
import { itemsOfDossiers } from '../store/search.js';
import { partiesOfProperties } from '../store/parties.js';
import {
  areaOf,
  canReadDossier,
  canReadItem,
  dossierRecord,
  inContext,
  invalid,
  ownerRecords,
  pageVisible,
  partyPresenter,
  type CatalogueDeps,
} from './catalogue-common.js';
import { writeTransaction } from './unit-of-work.js';

export interface UpdateDossierInput {
  /** Never accepted: present only so that an attempt is refused with ARCHIVE_NO_IMMUTABLE. */
  archiveNo?: unknown;
  title?: string;
  confidentiality?: ConfidentialityLevel;
  retention?: RetentionClass;
  departmentId?: number | null;
}

export interface DocumentInput {
  entryId?: number;
  title?: string;
  present: boolean;
  form?: DocumentForm | null;
  copies?: number;
  pages?: number;
  note?: string | null;
}

export function dossierOperations(deps: CatalogueDeps) {
  const { db, bus, clock } = deps;
  const knex = db.knex;
  const showParties = partyPresenter(deps);

  async function load(actor: Actor, id: number, action: 'dossier.read' | 'dossier.write') {
    const dossier = await store.findDossier(knex, id);
    if (!dossier) throw new DanganError('DOSSIER_NOT_FOUND', { dossierId: id });
    assertCan(actor, action, dossierRecord(dossier));
    return dossier;
  }

  async function completenessOf(dossier: store.DossierRecord) {
    const [entries, documents] = await Promise.all([
      store.checklistFor(knex, dossier.kind),
      store.dossierDocuments(knex, dossier.id),
    ]);
    return { entries, documents, completeness: checkCompleteness(entries, documents) };
  }

  /** The dossiers cross-referenced from `id` that the viewer may read, each with the link's reason. */
  async function linksOf(actor: Actor, id: number) {
    const links = await store.dossierLinks(knex, id);
    const linked = await store.listDossiers(knex, { ids: links.map((l) => l.dossierId) });
    return linked
      .filter(canReadDossier(actor))
      .map((d) => ({ ...d, reason: links.find((l) => l.dossierId === d.id)?.reason ?? '' }));
  }

  return {
    /** The dossier with its items, checklist, completeness, cross-references and (masked) parties. */
    async dossier(actor: Actor, id: number) {
      const dossier = await load(actor, id, 'dossier.read');
      const propertyIds = dossier.propertyId === null ? [] : [dossier.propertyId];
      const [items, { documents, completeness }, links, ties, siblings] = await Promise.all([
        itemsOfDossiers(knex, [id]),
        completenessOf(dossier),
        linksOf(actor, id),
        partiesOfProperties(knex, propertyIds),
        store.listDossiers(knex, { propertyIds }),
      ]);
      // The owners are judged by their property's dossiers, as on the property's own page.
      const records = ownerRecords({ id: dossier.propertyId ?? -1, estateId: dossier.estateId }, siblings);
      return {
        dossier,
        items: items.filter(canReadItem(actor)),
        documents,
        completeness,
        links,
        parties: await showParties(
          actor,
          ties.map((pp) => inContext(pp, records)),
          `dossier ${dossier.archiveNo}`,
        ),
      };
    },

    /** Dossiers in 档号 order, optionally by prefix; only those the viewer may read are counted. */
    async dossiers(actor: Actor, query: { archiveNoPrefix?: string; limit: number; offset: number }) {
      const prefix = query.archiveNoPrefix?.normalize('NFKC').trim().toUpperCase();
      return pageVisible(
        (limit, offset) =>
          store.listDossiers(
            knex,
            { archiveNoPrefix: prefix || undefined, area: areaOf(actor) },
            { limit, offset },
          ),
        canReadDossier(actor),
        query.offset,
        query.limit,
      );
    },

    /** Edits the catalogue fields; the 档号 is not one of them, and an attempt to send it is refused. */
    async updateDossier(actor: Actor, id: number, input: UpdateDossierInput): Promise<store.DossierRecord> {
      const dossier = await load(actor, id, 'dossier.write');
      if (input.archiveNo !== undefined) {
        throw new DanganError('ARCHIVE_NO_IMMUTABLE', {
          current: dossier.archiveNo,
          proposed: input.archiveNo,
        });
      }
      // Whoever raises the level must be cleared for the new one too.
      assertCan(actor, 'dossier.write', {
        ...dossierRecord(dossier),
        confidentiality: input.confidentiality ?? dossier.confidentiality,
        departmentId: input.departmentId === undefined ? dossier.departmentId : input.departmentId,
      });
      const { title, confidentiality, retention, departmentId } = input;
      return writeTransaction(db, bus, async ({ trx }) => {
        if (departmentId != null && !(await departmentExists(trx, departmentId))) {
          throw new DanganError('NOT_FOUND', { departmentId });
        }
        await updateDossier(trx, id, { title, confidentiality, retention, departmentId });
        return (await store.findDossier(trx, id))!;
      });
    },

    /** Cross-references two dossiers (the same owner's other properties, a case file) in both directions. */
    async link(actor: Actor, id: number, otherId: number, reason: string) {
      if (id === otherId) throw invalid('dossierId', 'a dossier cannot refer to itself');
      await load(actor, id, 'dossier.write');
      await load(actor, otherId, 'dossier.write');
      await writeTransaction(db, bus, async ({ trx }) => {
        const pairs: Array<[number, number]> = [
          [id, otherId],
          [otherId, id],
        ];
        for (const [from, to] of pairs) await linkDossier(trx, from, to, reason);
      });
      return linksOf(actor, id);
    },

    /** Ticks a checklist paper (or records a loose one): present or missing, original or copy, pages. */
    async saveDocument(actor: Actor, dossierId: number, documentId: number | null, input: DocumentInput) {
      const dossier = await load(actor, dossierId, 'dossier.write');
      const existing = documentId === null ? null : await store.findDocument(knex, documentId);
      if (documentId !== null && existing?.dossierId !== dossierId) {
        throw new DanganError('NOT_FOUND', { dossierId, documentId });
      }
      const entryId = input.entryId ?? existing?.entryId ?? null;
      const checklist = entryId === null ? [] : await store.checklistFor(knex, dossier.kind);
      const entry = checklist.find((e) => e.id === entryId);
      if (entryId !== null && !entry) throw invalid('entryId', `not on the ${dossier.kind} checklist`);
      const title = input.title ?? existing?.title ?? entry?.title;
      if (!title) throw invalid('title', 'a paper that is not on the checklist needs a title');
      const fields = {
        dossierId,
        entryId,
        title,
        present: input.present,
        form: input.form ?? null,
        copies: input.copies ?? (input.present ? 1 : 0),
        pages: input.pages ?? 0,
        note: input.note ?? null,
        updatedAt: clock.now().toISOString(),
      };
      const id = await writeTransaction(db, bus, async ({ trx }) => {
        if (!existing) return insertDocument(trx, fields);
        await updateDocument(trx, existing.id, fields);
        return existing.id;
      });
      const document = (await store.findDocument(knex, id))!;
      return { document, completeness: (await completenessOf(dossier)).completeness };
    },
  };
}
