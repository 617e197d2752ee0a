// The search box: one entry, routed by its shape to items, dossiers or properties (see services/search.ts).
import { z } from 'zod';
import { LABELS } from '../../domain/vocabulary.js';
import type { SearchHit, SearchService } from '../../services/search.js';
import type { ItemRecord } from '../../store/items.js';
import { defineRoute } from '../route.js';
import { ItemView, decimalInteger, singleLineText, toItemView } from '../schemas.js';
import { DossierSummary, PropertyView, toDossierSummary, toPropertyView } from './catalogue-schemas.js';

const OwnerName = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ description: 'As the viewer may see it (masked outside their rights)' }),
    kind: z.string(),
    role: z.string(),
    current: z.boolean(),
  })
  .openapi('OwnerName');

const ItemBrief = z
  .object({
    id: z.number().int(),
    barcode: z.string(),
    kind: z.string(),
    title: z.string(),
    volumeNo: z.number().int(),
    folderGroup: z.string().nullable(),
    state: z.string(),
    stateLabel: z.object({ zh: z.string(), en: z.string() }),
    location: z.object({ id: z.number().int(), code: z.string().nullable() }).nullable(),
    holder: z.object({ userId: z.number().int(), name: z.string().nullable() }).nullable(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
  })
  .openapi('ItemBrief');

const ItemHit = z
  .object({ type: z.literal('item'), item: ItemView, owners: z.array(OwnerName) })
  .openapi('ItemHit');
const DossierHit = z
  .object({
    type: z.literal('dossier'),
    dossier: DossierSummary,
    owners: z.array(OwnerName),
    items: z.array(ItemBrief),
  })
  .openapi('DossierHit');
const PropertyHit = z
  .object({
    type: z.literal('property'),
    property: PropertyView,
    owners: z.array(OwnerName),
    dossiers: z.array(z.object({ dossier: DossierSummary, items: z.array(ItemBrief) })),
  })
  .openapi('PropertyHit');

export const SearchResponse = z
  .object({
    kind: z.enum(['item', 'dossier', 'property', 'mixed']),
    routes: z.array(z.enum(['barcode', 'epc', 'id_number', 'archive_no', 'room', 'owner_name'])),
    query: z.string().openapi({ description: 'The entry as it was read (full-width folded, upper case)' }),
    hits: z.array(z.discriminatedUnion('type', [ItemHit, DossierHit, PropertyHit])),
    more: z.boolean(),
  })
  .openapi('SearchResult');

export function searchRoutes(search: SearchService) {
  const overdue = (i: ItemRecord) => search.overdue(i);
  const brief = (i: ItemRecord): z.infer<typeof ItemBrief> => ({
    id: i.id,
    barcode: i.barcode,
    kind: i.kind,
    title: i.title,
    volumeNo: i.volumeNo,
    folderGroup: i.folderGroup,
    state: i.state,
    stateLabel: LABELS.itemState[i.state],
    location: i.locationId === null ? null : { id: i.locationId, code: i.locationCode },
    holder: i.holderUserId === null ? null : { userId: i.holderUserId, name: i.holderName },
    dueAt: i.dueAt,
    overdue: overdue(i),
  });
  const view = (h: SearchHit): z.infer<typeof SearchResponse>['hits'][number] => {
    switch (h.type) {
      case 'item':
        return { type: 'item', item: toItemView(h.item, overdue(h.item)), owners: h.owners };
      case 'dossier':
        return {
          type: 'dossier',
          dossier: toDossierSummary(h.dossier),
          owners: h.owners,
          items: h.items.map(brief),
        };
      case 'property':
        return {
          type: 'property',
          property: toPropertyView(h.property),
          owners: h.owners,
          dossiers: h.dossiers.map((d) => ({
            dossier: toDossierSummary(d.dossier),
            items: d.items.map(brief),
          })),
        };
    }
  };
  return [
    defineRoute({
      method: 'get',
      path: '/search',
      summary: 'Search by barcode id, EPC, 档号 (or prefix), room, owner name or ID number',
      tag: 'search',
      auth: 'session',
      query: z.object({
        q: singleLineText().trim().min(1).max(100).openapi({ example: '3栋2单元1502' }),
        limit: decimalInteger(1, 100).default(20),
        offset: decimalInteger(0, 10_000).default(0),
      }),
      response: SearchResponse,
      handler: async ({ actor, query }) => {
        const r = await search.search(actor, query.q, { limit: query.limit, offset: query.offset });
        return { ...r, hits: r.hits.map(view) };
      },
    }),
  ];
}
