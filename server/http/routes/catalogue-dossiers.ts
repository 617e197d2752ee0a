// Dossiers (one household, one file) and item registration. There is deliberately no route that changes a
// 档号: PATCH /dossiers/:id refuses `archiveNo` with ARCHIVE_NO_IMMUTABLE.
import { z } from 'zod';
import { barcodeKind } from '../../domain/room-ref.js';
import {
  CONFIDENTIALITY_LEVELS,
  DOCUMENT_FORMS,
  DOSSIER_KINDS,
  FOLDER_GROUPS,
  ITEM_KINDS,
  RETENTION_CLASSES,
} from '../../domain/vocabulary.js';
import type { CatalogueService } from '../../services/catalogue.js';
import { defineRoute } from '../route.js';
import { IdParam, IdValue, ItemView, Paging, multiLineText, singleLineText, toItemView } from '../schemas.js';
import {
  CompletenessView,
  DocumentView,
  DossierSummary,
  PartyView,
  toDocumentView,
  toDossierSummary,
  toPartyView,
} from './catalogue-schemas.js';

const id = z.number().int().positive();
const LinkedDossier = DossierSummary.extend({ reason: z.string() });
const DocumentFields = {
  title: singleLineText().trim().min(1).max(300).optional(),
  present: z.boolean(),
  form: z.enum(DOCUMENT_FORMS).nullable().optional(),
  copies: z.number().int().min(0).max(99).optional(),
  pages: z.number().int().min(0).max(100_000).optional(),
  note: multiLineText().trim().max(500).nullable().optional(),
};
const DocumentSaved = z.object({ document: DocumentView, completeness: CompletenessView });

export function dossierRoutes(catalogue: CatalogueService) {
  const item = (i: Parameters<typeof toItemView>[0]) => toItemView(i, catalogue.overdue(i));
  return [
    defineRoute({
      method: 'get',
      path: '/dossiers/:id',
      summary: 'A dossier: its items, checklist and completeness, cross-references and parties (masked)',
      tag: 'dossiers',
      auth: 'session',
      params: IdParam,
      response: z
        .object({
          dossier: DossierSummary,
          items: z.array(ItemView),
          documents: z.array(DocumentView),
          completeness: CompletenessView,
          links: z.array(LinkedDossier),
          parties: z.array(PartyView),
        })
        .openapi('Dossier'),
      handler: async ({ actor, params }) => {
        const r = await catalogue.dossier(actor, params.id);
        return {
          dossier: toDossierSummary(r.dossier),
          items: r.items.map(item),
          documents: r.documents.map(toDocumentView),
          completeness: r.completeness,
          links: r.links.map((l) => ({ ...toDossierSummary(l), reason: l.reason })),
          parties: r.parties.map(toPartyView),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dossiers',
      summary: 'Dossiers in 档号 order, optionally those whose 档号 starts with a prefix',
      tag: 'dossiers',
      auth: 'session',
      query: z.object({ archiveNo: singleLineText().trim().min(1).max(64).optional(), ...Paging }),
      response: z.object({ dossiers: z.array(DossierSummary), more: z.boolean() }),
      handler: async ({ actor, query }) => {
        const page = { archiveNoPrefix: query.archiveNo, limit: query.limit, offset: query.offset };
        const { rows, more } = await catalogue.dossiers(actor, page);
        return { dossiers: rows.map(toDossierSummary), more };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dossiers',
      summary: 'Open a dossier; its 档号 comes from the site rule (property kinds) or the next sequence',
      tag: 'dossiers',
      auth: 'session',
      status: 201,
      body: z
        .object({
          kind: z.enum(DOSSIER_KINDS),
          propertyId: id.optional(),
          siteId: id.optional(),
          title: singleLineText().trim().min(1).max(300).optional(),
          year: z.number().int().min(1900).max(2999).optional(),
          confidentiality: z.enum(CONFIDENTIALITY_LEVELS).optional(),
          retention: z.enum(RETENTION_CLASSES).optional(),
          departmentId: id.optional(),
        })
        .strict(),
      response: DossierSummary,
      handler: async ({ actor, body }) => toDossierSummary(await catalogue.createDossier(actor, body)),
    }),
    defineRoute({
      method: 'patch',
      path: '/dossiers/:id',
      summary: 'Edit a dossier’s title, level, retention or department (never its 档号)',
      tag: 'dossiers',
      auth: 'session',
      params: IdParam,
      body: z
        .object({
          archiveNo: z.unknown().optional().openapi({
            description: 'Never accepted: an archive number never changes (ARCHIVE_NO_IMMUTABLE)',
          }),
          title: singleLineText().trim().min(1).max(300).optional(),
          confidentiality: z.enum(CONFIDENTIALITY_LEVELS).optional(),
          retention: z.enum(RETENTION_CLASSES).optional(),
          departmentId: id.nullable().optional(),
        })
        .strict(),
      response: DossierSummary,
      handler: async ({ actor, params, body }) =>
        toDossierSummary(await catalogue.updateDossier(actor, params.id, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/dossiers/:id/links',
      summary: 'Cross-reference another dossier (both directions)',
      tag: 'dossiers',
      auth: 'session',
      params: IdParam,
      body: z.object({ dossierId: id, reason: singleLineText().trim().min(1).max(200) }).strict(),
      response: z.object({ links: z.array(LinkedDossier) }),
      handler: async ({ actor, params, body }) => {
        const links = await catalogue.link(actor, params.id, body.dossierId, body.reason);
        return { links: links.map((l) => ({ ...toDossierSummary(l), reason: l.reason })) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dossiers/:id/documents',
      summary: 'Record a paper of the dossier: a checklist entry ticked present or missing, or a loose paper',
      tag: 'dossiers',
      auth: 'session',
      status: 201,
      params: IdParam,
      body: z.object({ entryId: id.optional(), ...DocumentFields }).strict(),
      response: DocumentSaved,
      handler: async ({ actor, params, body }) => {
        const r = await catalogue.saveDocument(actor, params.id, null, body);
        return { document: toDocumentView(r.document), completeness: r.completeness };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/dossiers/:id/documents/:documentId',
      summary: 'Re-tick a paper: present or missing, original or copy, copies, pages, note',
      tag: 'dossiers',
      auth: 'session',
      params: z.object({
        id: IdValue,
        documentId: IdValue,
      }),
      body: z.object(DocumentFields).strict(),
      response: DocumentSaved,
      handler: async ({ actor, params, body }) => {
        const r = await catalogue.saveDocument(actor, params.id, params.documentId, body);
        return { document: toDocumentView(r.document), completeness: r.completeness };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/items',
      summary: 'Register a folder, box or key on a shelf or position (writes its first custody entry)',
      tag: 'items',
      auth: 'session',
      status: 201,
      body: z
        .object({
          barcode: z
            .string()
            .trim()
            .regex(/^[A-Za-z]\d{9}$/, 'a barcode id is one letter and nine digits')
            .openapi({ example: 'F000000123' }),
          epc: z
            .string()
            .trim()
            .regex(/^[0-9A-Fa-f]{24}$/, 'an EPC is 24 hexadecimal digits')
            .optional(),
          kind: z.enum(ITEM_KINDS),
          dossierId: id.optional(),
          folderGroup: z.enum(FOLDER_GROUPS).optional(),
          volumeNo: z.number().int().min(1).max(999).optional(),
          title: singleLineText().trim().min(1).max(300).optional(),
          locationId: id,
        })
        .strict()
        .refine((b) => barcodeKind(b.barcode) === b.kind, {
          message: 'the barcode’s letter must match the kind (F folder, B box, K key)',
          path: ['barcode'],
        })
        .refine((b) => b.kind === 'folder' || b.folderGroup === undefined, {
          message: 'only folders belong to a group a–e',
          path: ['folderGroup'],
        }),
      response: ItemView,
      handler: async ({ actor, body }) =>
        item(await catalogue.registerItem(actor, { ...body, station: actor.station ?? 'web' })),
    }),
  ];
}
