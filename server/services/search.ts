// The search box. One entry is routed by its shape (room-ref.ts): a barcode id or an EPC names one item;
// an 18-character ID number is matched exactly by its keyed digest, for roles that may reveal ID numbers
// only; an 档号 matches exactly or as a prefix; a room (`3-2-1502`, `华苑3栋2单元1502`) finds its property;
// anything else is a substring of an owner's name. Hits are what the viewer may read; owners appear only
// to a viewer who may see them (area, the level of their dossiers); staff get no hits outside their area.
import { can, roleMay, type Actor } from '../domain/access.js';
import { mayFindByIdNumber } from '../domain/masking.js';
import { isOverdue } from '../domain/custody.js';
import { DanganError } from '../domain/errors.js';
import { normalizeTyped, routeSearch } from '../domain/room-ref.js';
import type { PartyKind, PartyRole } from '../domain/vocabulary.js';
import { listDossiers, listProperties, type DossierRecord, type PropertyRecord } from '../store/catalogue.js';
import { findItem, type ItemRecord } from '../store/items.js';
import { partiesOfProperties, propertyIdsByIdDigest, propertyIdsByPartyName } from '../store/parties.js';
import { itemsOfDossiers, propertyIdsByRoom } from '../store/search.js';
import {
  areaOf,
  canReadDossier,
  canReadItem,
  ownerAreaOf,
  ownerRecords,
  pageVisible,
  shownName,
  type CatalogueDeps,
} from './catalogue-common.js';

export type SearchRoute = 'barcode' | 'epc' | 'id_number' | 'archive_no' | 'room' | 'owner_name';

export interface OwnerName {
  id: number;
  name: string;
  kind: PartyKind;
  role: PartyRole;
  current: boolean;
}
export interface ItemHit {
  type: 'item';
  item: ItemRecord;
  owners: OwnerName[];
}
export interface DossierHit {
  type: 'dossier';
  dossier: DossierRecord;
  owners: OwnerName[];
  items: ItemRecord[];
}
export interface PropertyHit {
  type: 'property';
  property: PropertyRecord;
  owners: OwnerName[];
  dossiers: Array<{ dossier: DossierRecord; items: ItemRecord[] }>;
}
export type SearchHit = ItemHit | DossierHit | PropertyHit;

export interface SearchResult {
  kind: 'item' | 'dossier' | 'property' | 'mixed';
  routes: SearchRoute[];
  query: string;
  hits: SearchHit[];
  more: boolean;
}

const ID_NUMBER = /^\d{17}[\dX]$/;
const ARCHIVE_NO = /^[A-Z0-9]+(?:-[A-Z0-9]+)*-?$/;

export function createSearchService({ db, clock, cipher }: Pick<CatalogueDeps, 'db' | 'clock' | 'cipher'>) {
  const knex = db.knex;

  /** Staff (area-bound roles) see nothing of a property outside the estates they serve. */
  const outOfArea = (actor: Actor, estateId: number | null) => {
    const d = can(actor, 'party.read', { estateId });
    return !d.allowed && d.reason === 'OUTSIDE_AREA';
  };

  /** The owners of some properties as the viewer may see them, judged by each property's dossiers. */
  async function ownersOf(actor: Actor, properties: Array<{ id: number; estateId: number | null }>) {
    const ids = properties.map((p) => p.id);
    const [ties, dossiers] = await Promise.all([
      partiesOfProperties(knex, ids),
      ids.length === 0 ? [] : listDossiers(knex, { propertyIds: ids }),
    ]);
    const byProperty = new Map<number, OwnerName[]>();
    for (const t of ties) {
      const property = properties.find((p) => p.id === t.propertyId);
      if (!property) continue;
      const name = shownName(actor, t.party, ownerRecords(property, dossiers));
      if (name === null) continue;
      const list = byProperty.get(t.propertyId) ?? [];
      list.push({ id: t.party.id, name, kind: t.party.kind, role: t.role, current: t.until === null });
      byProperty.set(t.propertyId, list);
    }
    return (id: number | null) => (id === null ? [] : (byProperty.get(id) ?? []));
  }

  async function itemHits(actor: Actor, found: ItemRecord | null): Promise<ItemHit[]> {
    if (!found || !canReadItem(actor)(found)) return [];
    const [dossier] = found.dossierId === null ? [] : await listDossiers(knex, { ids: [found.dossierId] });
    const owners = await ownersOf(
      actor,
      dossier?.propertyId ? [{ id: dossier.propertyId, estateId: dossier.estateId }] : [],
    );
    return [{ type: 'item', item: found, owners: owners(dossier?.propertyId ?? null) }];
  }

  async function dossierHits(actor: Actor, dossiers: DossierRecord[]): Promise<DossierHit[]> {
    const items = (
      await itemsOfDossiers(
        knex,
        dossiers.map((d) => d.id),
      )
    ).filter(canReadItem(actor));
    const owners = await ownersOf(
      actor,
      dossiers.flatMap((d) => (d.propertyId === null ? [] : [{ id: d.propertyId, estateId: d.estateId }])),
    );
    return dossiers.map((dossier) => ({
      type: 'dossier',
      dossier,
      owners: owners(dossier.propertyId),
      items: items.filter((i) => i.dossierId === dossier.id),
    }));
  }

  /** Property hits; `byOwner` keeps only those with an owner the viewer may see (it was found through one). */
  async function propertyHits(actor: Actor, ids: number[], byOwner = false): Promise<PropertyHit[]> {
    const properties = (await listProperties(knex, { ids })).filter((p) => !outOfArea(actor, p.estateId));
    const dossiers = (await listDossiers(knex, { propertyIds: properties.map((p) => p.id) })).filter(
      canReadDossier(actor),
    );
    const items = (
      await itemsOfDossiers(
        knex,
        dossiers.map((d) => d.id),
      )
    ).filter(canReadItem(actor));
    const owners = await ownersOf(actor, properties);
    const order = new Map(ids.map((id, i) => [id, i]));
    return properties
      .filter((p) => !byOwner || owners(p.id).length > 0)
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map((property) => ({
        type: 'property',
        property,
        owners: owners(property.id),
        dossiers: dossiers
          .filter((d) => d.propertyId === property.id)
          .map((dossier) => ({ dossier, items: items.filter((i) => i.dossierId === dossier.id) })),
      }));
  }

  /** Dossiers by 档号 prefix, as many readable ones as the page needs. */
  async function byArchivePrefix(actor: Actor, prefix: string, want: number): Promise<DossierRecord[]> {
    const { rows } = await pageVisible(
      (limit, offset) =>
        listDossiers(knex, { archiveNoPrefix: prefix, area: areaOf(actor) }, { limit, offset }),
      canReadDossier(actor),
      0,
      want,
    );
    return rows;
  }

  async function route(actor: Actor, text: string, want: number) {
    const routed = routeSearch(text);
    if (routed.kind === 'barcode')
      return {
        routes: ['barcode'] as SearchRoute[],
        hits: await itemHits(actor, await findItem(knex, { barcode: text })),
      };
    if (routed.kind === 'epc')
      return {
        routes: ['epc'] as SearchRoute[],
        hits: await itemHits(actor, await findItem(knex, { epc: text })),
      };
    const compact = text.replace(/\s+/g, '');
    if (ID_NUMBER.test(compact)) {
      // Others get no hits rather than an error: the search box must not confirm that a number exists.
      if (!roleMay(actor.role, 'party.read') || !mayFindByIdNumber(actor.role))
        return { routes: ['id_number'] as SearchRoute[], hits: [] };
      const ids = await propertyIdsByIdDigest(knex, cipher.digest(compact));
      return {
        routes: ['id_number'] as SearchRoute[],
        hits: await propertyHits(actor, ids.slice(0, want), true),
      };
    }
    const routes: SearchRoute[] = [];
    const hits: SearchHit[] = [];
    if (ARCHIVE_NO.test(text)) {
      routes.push('archive_no');
      const exact = (await listDossiers(knex, { archiveNo: text })).filter(canReadDossier(actor));
      if (exact.length > 0) return { routes, hits: await dossierHits(actor, exact) };
    }
    if (routed.kind === 'room') {
      routes.push('room');
      hits.push(...(await propertyHits(actor, await propertyIdsByRoom(knex, routed.room))));
    }
    if (ARCHIVE_NO.test(text))
      hits.push(...(await dossierHits(actor, await byArchivePrefix(actor, text, want))));
    if (hits.length === 0 && routed.kind === 'text' && roleMay(actor.role, 'party.read')) {
      routes.push('owner_name');
      const ids = await propertyIdsByPartyName(knex, text, ownerAreaOf(actor), { limit: want, offset: 0 });
      hits.push(...(await propertyHits(actor, ids, true)));
    }
    return { routes, hits };
  }

  return {
    overdue: (item: ItemRecord) => item.state === 'out' && isOverdue(item.dueAt, clock.now()),

    async search(actor: Actor, q: string, page: { limit: number; offset: number }): Promise<SearchResult> {
      const text = normalizeTyped(q).replace(/\s+/g, ' ');
      if (!text)
        throw new DanganError('VALIDATION_FAILED', {
          in: 'query',
          issues: [{ path: 'q', message: 'empty' }],
        });
      const want = page.offset + page.limit + 1;
      const { routes, hits } = await route(actor, text, want);
      const types = new Set(hits.map((h) => h.type));
      const primary: SearchResult['kind'] =
        routes[0] === 'barcode' || routes[0] === 'epc'
          ? 'item'
          : routes.includes('archive_no') && !routes.includes('room')
            ? 'dossier'
            : 'property';
      return {
        kind: types.size > 1 ? 'mixed' : ([...types][0] ?? primary),
        routes,
        query: text,
        hits: hits.slice(page.offset, page.offset + page.limit),
        more: hits.length > page.offset + page.limit,
      };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
