// Response shapes shared by several routers, with the mappers from records to what leaves the server.
import { z } from 'zod';
import { LABELS } from '../domain/vocabulary.js';
import { maskName } from '../domain/masking.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { ItemRecord } from '../store/items.js';
import type { ItemKey } from '../store/items.js';

export const Bilingual = z.object({ zh: z.string(), en: z.string() });

// C0 controls and DEL, and C1 controls (U+0080–U+009F): never part of a name, a title or a search entry;
// a NUL or an escape sequence in one ends up in logs, labels and exports.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Multi-line text (notes, reasons) may hold tabs and line breaks, nothing else of the kind.
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** A one-line text (a name, a title, a search entry): no control characters at all. */
export function singleLineText() {
  return z.string().refine((v) => !CONTROL.test(v), 'control characters are not allowed');
}

/** A free text that may run over several lines (a note, a reason): tabs and line breaks only. */
export function multiLineText() {
  return z
    .string()
    .refine(
      (v) => !CONTROL_EXCEPT_LINES.test(v),
      'control characters other than line breaks are not allowed',
    );
}

// Canonical decimal: no sign, no spaces, no fraction or exponent, no leading zeros, ASCII digits only (a
// full-width ４ or `1409.0` is not an id), and no more digits than a safe integer has.
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;

/** An integer written in canonical decimal, as path and query parameters carry them. */
export function decimalInteger(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(DECIMAL, 'a decimal integer (ASCII digits, no sign, fraction or leading zeros)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max });
}

/** A record id in a path (`/dossiers/:id`). */
export const IdValue = decimalInteger(1);
export const IdParam = z.object({ id: IdValue });

/** Printed ids: one letter for what the label is on, then nine digits (room-ref.ts BARCODE_PREFIXES). */
const BARCODE = /^[A-Za-z]\d{9}$/;
/** An EPC-96 as readers report it. */
const EPC = /^[0-9A-Fa-f]{24}$/;

/** An item is named by its numeric id, its barcode id (`F000000123`) or its RFID EPC (24 hex digits). */
export const ItemRef = z
  .union([
    z.number().int().positive(),
    z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/, 'a barcode or EPC has only letters, digits and dashes'),
  ])
  .openapi({ description: 'Item id, barcode id or EPC', example: 'F000000123' });

/** The same three forms in a path (`/items/:ref`): canonical decimal id, barcode id or EPC, nothing else. */
export const ItemRefParam = z.union([
  IdValue,
  z
    .string()
    .refine(
      (v) => BARCODE.test(v) || EPC.test(v),
      'an item id, a barcode id (F000000123) or a 24-hex-digit EPC',
    )
    .openapi({ example: 'F000000123' }),
]);

export function itemKey(ref: z.infer<typeof ItemRef>): ItemKey {
  if (typeof ref === 'number') return { id: ref };
  if (/^[0-9A-Fa-f]{24}$/.test(ref)) return { epc: ref.toUpperCase() };
  return { barcode: ref.toUpperCase() };
}

export const Paging = {
  limit: decimalInteger(1, 500).default(50),
  offset: decimalInteger(0).default(0),
};

export const ItemView = z
  .object({
    id: z.number().int(),
    barcode: z.string(),
    epc: z.string().nullable(),
    kind: z.string(),
    title: z.string(),
    folderGroup: z.string().nullable(),
    volumeNo: z.number().int(),
    state: z.string(),
    stateLabel: Bilingual,
    location: z
      .object({
        id: z.number().int(),
        code: z.string().nullable(),
        name: z.string().nullable().openapi({ description: 'The location’s own name, e.g. 第2层' }),
        label: z.string().nullable().openapi({
          description: 'What a screen shows: the names from the cabinet down, e.g. 1号档案柜 第2层',
        }),
      })
      .nullable(),
    holder: z.object({ userId: z.number().int(), name: z.string().nullable() }).nullable(),
    outAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    removedAt: z.string().nullable().openapi({
      description:
        'State `removed` (未登记取出): when a cabinet saw it leave without check-out; it becomes `missing` (遗失) policy.unrecordedRemovalHours later unless it is back or checked out',
    }),
    dueIfCheckedOut: z.string().nullable().openapi({
      description: 'For an item in place: when it would be due if checked out now (policy by level)',
    }),
    overdue: z.boolean(),
    purpose: z.string().nullable(),
    dossier: z
      .object({
        id: z.number().int(),
        archiveNo: z.string().nullable(),
        kind: z.string().nullable(),
        confidentiality: z.string(),
      })
      .nullable(),
    property: z.object({ ref: z.string(), name: z.string().nullable() }).nullable(),
    owner: z.string().nullable().openapi({ description: 'The owner’s name, always masked (e.g. 张*明)' }),
  })
  .openapi('Item');

/** A person's loans past due: how many, and the first few (soonest due first). */
export const OverdueLoans = z
  .object({
    count: z.number().int(),
    items: z.array(
      z.object({ itemId: z.number().int(), barcode: z.string(), title: z.string(), dueAt: z.string() }),
    ),
    blocksNewLoans: z.boolean().openapi({
      description:
        'policy.blockLoansWhileOverdue is on and count > 0: a check-out is refused (BORROWER_OVERDUE) until they are back',
    }),
  })
  .openapi('OverdueLoans');

/** A page of loans: `total` counts every match, `items` is the page, soonest due first. */
export const Holdings = z.object({ total: z.number().int(), items: z.array(ItemView) }).openapi('Holdings');

export function toItemView(
  item: ItemRecord,
  overdue: boolean,
  dueIfCheckedOut: string | null = null,
): z.infer<typeof ItemView> {
  return {
    id: item.id,
    barcode: item.barcode,
    epc: item.epc,
    kind: item.kind,
    title: item.title,
    folderGroup: item.folderGroup,
    volumeNo: item.volumeNo,
    state: item.state,
    stateLabel: LABELS.itemState[item.state],
    location:
      item.locationId === null
        ? null
        : {
            id: item.locationId,
            code: item.locationCode,
            name: item.locationName,
            label: item.locationLabel,
          },
    holder: item.holderUserId === null ? null : { userId: item.holderUserId, name: item.holderName },
    // out_at holds a loan's start, or for an unrecorded removal the moment the folder left its shelf.
    outAt: item.state === 'out' ? item.outAt : null,
    dueAt: item.dueAt,
    removedAt: item.state === 'removed' ? item.outAt : null,
    dueIfCheckedOut,
    overdue,
    purpose: item.outPurpose,
    dossier:
      item.dossierId === null
        ? null
        : {
            id: item.dossierId,
            archiveNo: item.archiveNo,
            kind: item.dossierKind,
            confidentiality: item.confidentiality,
          },
    property: item.propertyRef === null ? null : { ref: item.propertyRef, name: item.propertyName },
    owner: item.owner ? maskName(item.owner.name, item.owner.kind) : null,
  };
}

export const CustodyView = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    action: z.string(),
    actorUserId: z.number().int().nullable(),
    station: z.string().nullable(),
    itemId: z.number().int(),
    fromState: z.string().nullable(),
    toState: z.string(),
    fromLocationId: z.number().int().nullable(),
    toLocationId: z.number().int().nullable(),
    fromHolderId: z.number().int().nullable(),
    toHolderId: z.number().int().nullable(),
    reason: z.string().nullable(),
    approvalRef: z.string().nullable(),
    hash: z.string(),
  })
  .openapi('CustodyEntry');

export function toCustodyView(e: CustodyEntry): z.infer<typeof CustodyView> {
  const { prevHash: _prev, ...rest } = e;
  return rest;
}

export const StationView = z
  .object({ id: z.string(), name: z.string(), room: z.string().nullable() })
  .openapi('Station');

/** What a paired kiosk's idle screen shows (GET /stations/:id/summary). */
export const StationSummary = z
  .object({
    station: StationView,
    roomName: z
      .string()
      .nullable()
      .openapi({ description: 'The name of the room (station.room is its code)' }),
    demo: z.boolean(),
    counts: z.object({
      inPlace: z.number().int(),
      out: z.number().int(),
      overdue: z.number().int(),
      removed: z.number().int().openapi({
        description: '未登记取出: taken from a cabinet without check-out, not yet counted as missing',
      }),
      missing: z.number().int().openapi({ description: '遗失: recorded missing' }),
    }),
    openAlarms: z.number().int(),
  })
  .openapi('StationSummary');
