// Response shapes of the catalogue and search routes, with the mappers from service records to what leaves
// the server. Party values arrive already masked by the service; nothing here can widen them.
import { z } from 'zod';
import { LABELS } from '../../domain/vocabulary.js';
import type { ShownParty } from '../../services/catalogue-common.js';
import type { DocumentRecord, DossierRecord, LocationRecord, PropertyRecord } from '../../store/catalogue.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const PlaceRef = z
  .object({
    id: z.number().int(),
    ref: z.string().openapi({ example: 'HY-3-2-1502' }),
    name: z.string().openapi({ example: '华苑 3栋2单元1502' }),
  })
  .openapi('PlaceRef');

export const PropertyView = PlaceRef.extend({
  room: z.string(),
  usage: z.string(),
  areaM2: z.number().nullable(),
  estate: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  building: z.object({ id: z.number().int(), code: z.string() }),
  unit: z.object({ id: z.number().int(), code: z.string() }),
}).openapi('Property');

export function toPropertyView(p: PropertyRecord): z.infer<typeof PropertyView> {
  return {
    id: p.id,
    ref: p.ref,
    name: p.name,
    room: p.room,
    usage: p.usage,
    areaM2: p.areaM2,
    estate: { id: p.estateId, code: p.estateCode, name: p.estateName },
    building: { id: p.buildingId, code: p.buildingCode },
    unit: { id: p.unitId, code: p.unitCode },
  };
}

export const DossierSummary = z
  .object({
    id: z.number().int(),
    archiveNo: z.string().openapi({ example: 'HY-3-2-1502' }),
    kind: z.string(),
    kindLabel: Bilingual,
    title: z.string(),
    year: z.number().int(),
    confidentiality: z.string(),
    retention: z.string(),
    status: z.string(),
    legalHold: z.boolean(),
    departmentId: z.number().int().nullable(),
    createdAt: z.string(),
    property: PlaceRef.nullable(),
  })
  .openapi('DossierSummary');

export function toDossierSummary(d: DossierRecord): z.infer<typeof DossierSummary> {
  return {
    id: d.id,
    archiveNo: d.archiveNo,
    kind: d.kind,
    kindLabel: LABELS.dossierKind[d.kind],
    title: d.title,
    year: d.year,
    confidentiality: d.confidentiality,
    retention: d.retention,
    status: d.status,
    legalHold: d.legalHold,
    departmentId: d.departmentId,
    createdAt: d.createdAt,
    property:
      d.propertyId === null
        ? null
        : { id: d.propertyId, ref: d.propertyRef ?? '', name: d.propertyName ?? '' },
  };
}

export const PartyView = z
  .object({
    id: z.number().int(),
    role: z.string().nullable(),
    current: z.boolean(),
    name: z.string(),
    kind: z.string(),
    idType: z.string().nullable(),
    idNumber: z.string().nullable(),
    mobile: z.string().nullable(),
    homePhone: z.string().nullable(),
    vip: z.boolean().nullable(),
    masked: z.array(z.string()).openapi({ description: 'Fields returned in masked form' }),
    revealable: z
      .array(z.string())
      .openapi({ description: 'Fields you may ask for whole with a purpose (POST /parties/{id}/reveal)' }),
  })
  .openapi('Party', {
    description: 'Owner data as the viewer may see it: masked or withheld (null) by role',
  });

export const toPartyView = (p: ShownParty): z.infer<typeof PartyView> => ({
  id: p.id,
  role: p.role,
  current: p.current,
  name: p.name,
  kind: p.kind,
  idType: p.idType,
  idNumber: p.idNumber,
  mobile: p.mobile,
  homePhone: p.homePhone,
  vip: p.vip,
  masked: p.masked,
  revealable: p.revealable,
});

export const LocationView = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    kind: z.string(),
    code: z.string(),
    name: z.string(),
    capacity: z.number().int().nullable(),
    used: z.number().int().openapi({ description: 'Items on this location itself' }),
  })
  .openapi('Location');

export const toLocationView = (l: LocationRecord): z.infer<typeof LocationView> => ({
  id: l.id,
  parentId: l.parentId,
  kind: l.kind,
  code: l.code,
  name: l.name,
  capacity: l.capacity,
  used: l.used,
});

// The tree is four levels deep by rule (room > cabinet > shelf > position), so each level has its own
// shape instead of a recursive one.
const node = LocationView.extend({
  total: z.number().int().openapi({ description: 'Items here and below' }),
});
const PositionNode = node.extend({ children: z.array(node) });
const ShelfNode = node.extend({ children: z.array(PositionNode) });
const CabinetNode = node.extend({ children: z.array(ShelfNode) });
export const RoomNode = node.extend({ children: z.array(CabinetNode) }).openapi('LocationTree');

interface TreeNode extends LocationRecord {
  total: number;
  children: TreeNode[];
}
export function toTreeView(n: TreeNode): z.infer<typeof RoomNode> {
  return { ...toLocationView(n), total: n.total, children: n.children.map(toTreeView) };
}

export const DocumentView = z
  .object({
    id: z.number().int(),
    entryId: z.number().int().nullable(),
    title: z.string(),
    present: z.boolean(),
    form: z.string().nullable(),
    copies: z.number().int(),
    pages: z.number().int(),
    note: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('DossierDocument');

export const toDocumentView = (d: DocumentRecord): z.infer<typeof DocumentView> => ({
  id: d.id,
  entryId: d.entryId,
  title: d.title,
  present: d.present,
  form: d.form,
  copies: d.copies,
  pages: d.pages,
  note: d.note,
  updatedAt: d.updatedAt,
});

export const CompletenessView = z
  .object({
    complete: z.boolean(),
    missing: z.array(
      z.object({
        entryId: z.number().int(),
        code: z.string(),
        title: z.string(),
        folderGroup: z.string().nullable(),
        reason: z.enum(['absent', 'wrong_form', 'too_few_copies']),
        requiredForm: z.string().nullable(),
        requiredCopies: z.number().int(),
        countedCopies: z.number().int(),
      }),
    ),
    presentCount: z.number().int(),
    requiredCount: z.number().int(),
    satisfiedCount: z.number().int(),
    pages: z.number().int(),
  })
  .openapi('Completeness');
