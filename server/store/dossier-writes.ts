// What the catalogue writes about dossiers inside its transactions: new dossiers, catalogue-field edits,
// cross-references and checklist papers, and the lookups that guard them (一户一档, a free 档号).
import type { ConfidentialityLevel, DossierKind, RetentionClass } from '../domain/vocabulary.js';
import { insertReturningId, type DocumentRecord, type DossierRecord } from './catalogue.js';
import type { Queryable } from './db.js';

/** A dossier as first written: its catalogue fields, before status, holds and the derived estate exist. */
export type NewDossier = Pick<
  DossierRecord,
  | 'archiveNo'
  | 'siteId'
  | 'propertyId'
  | 'kind'
  | 'title'
  | 'year'
  | 'confidentiality'
  | 'retention'
  | 'departmentId'
  | 'createdAt'
>;

export function insertDossier(q: Queryable, d: NewDossier): Promise<number> {
  return insertReturningId(q, 'dossiers', {
    archive_no: d.archiveNo,
    site_id: d.siteId,
    property_id: d.propertyId,
    kind: d.kind,
    title: d.title,
    year: d.year,
    confidentiality: d.confidentiality,
    retention: d.retention,
    department_id: d.departmentId,
    created_at: d.createdAt,
  });
}

/** The 档号 of the property's dossier of this kind, if it has one. */
export async function archiveNoOfProperty(
  q: Queryable,
  propertyId: number,
  kind: DossierKind,
): Promise<string | null> {
  const row = (await q('dossiers').where({ property_id: propertyId, kind }).first('archive_no')) as
    { archive_no: string } | undefined;
  return row?.archive_no ?? null;
}

export async function archiveNoTaken(q: Queryable, archiveNo: string): Promise<boolean> {
  return (await q('dossiers').where({ archive_no: archiveNo }).first('id')) !== undefined;
}

export interface DossierPatch {
  title?: string;
  confidentiality?: ConfidentialityLevel;
  retention?: RetentionClass;
  departmentId?: number | null;
}

export async function updateDossier(q: Queryable, id: number, patch: DossierPatch): Promise<void> {
  const row = {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.confidentiality !== undefined ? { confidentiality: patch.confidentiality } : {}),
    ...(patch.retention !== undefined ? { retention: patch.retention } : {}),
    ...(patch.departmentId !== undefined ? { department_id: patch.departmentId } : {}),
  };
  if (Object.keys(row).length > 0) await q('dossiers').where({ id }).update(row);
}

/** Records the cross-reference from → to unless it is already there. */
export async function linkDossier(q: Queryable, from: number, to: number, reason: string): Promise<void> {
  if (await q('dossier_links').where({ dossier_id: from, linked_dossier_id: to }).first('id')) return;
  await q('dossier_links').insert({ dossier_id: from, linked_dossier_id: to, reason });
}

/** A checklist document as written: the stored record without its id. */
export type DocumentFields = Omit<DocumentRecord, 'id'>;

const documentRow = (d: DocumentFields) => ({
  dossier_id: d.dossierId,
  entry_id: d.entryId,
  title: d.title,
  present: d.present,
  form: d.form,
  copies: d.copies,
  pages: d.pages,
  note: d.note,
  updated_at: d.updatedAt,
});

export function insertDocument(q: Queryable, d: DocumentFields): Promise<number> {
  return insertReturningId(q, 'dossier_documents', documentRow(d));
}

export async function updateDocument(q: Queryable, id: number, d: DocumentFields): Promise<void> {
  await q('dossier_documents').where({ id }).update(documentRow(d));
}
