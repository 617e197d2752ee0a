// The catalogue service: the place model (sites → estates → buildings → units → properties), storage
// locations, departments and users, owners (masked per viewer; whole values only through `partySensitive`,
// logged), and — composed from catalogue-dossiers.ts and catalogue-register.ts — dossiers and items.
import { assertCan, can, type Actor } from '../domain/access.js';
import { isOverdue } from '../domain/custody.js';
import { DanganError } from '../domain/errors.js';
import type { SensitiveField } from '../domain/masking.js';
import type { LocationKind } from '../domain/vocabulary.js';
import * as store from '../store/catalogue.js';
import { itemsAtLocations, type ItemRecord } from '../store/items.js';
import { findLocationRef, insertLocation } from '../store/locations.js';
import * as parties from '../store/parties.js';
import {
  buildingsOfEstate,
  findEstate,
  listEstates,
  listSites,
  unitExists,
  unitsOfEstate,
} from '../store/places.js';
import {
  areaOf,
  canReadDossier,
  canReadItem,
  inContext,
  invalid,
  pageVisible,
  partyPresenter,
  requireRole,
  type CatalogueDeps,
} from './catalogue-common.js';
import { dossierOperations } from './catalogue-dossiers.js';
import { registrationOperations } from './catalogue-register.js';
import { writeTransaction } from './unit-of-work.js';

export type { CatalogueDeps } from './catalogue-common.js';

export interface LocationNode extends store.LocationRecord {
  /** Items at this location and everywhere below it. */
  total: number;
  children: LocationNode[];
}

export interface CreateLocationInput {
  kind: LocationKind;
  parentId?: number;
  code: string;
  name: string;
  capacity?: number | null;
}

/** Where each kind of location hangs: room > cabinet > shelf > position. */
const PARENT_KIND: Record<LocationKind, LocationKind | null> = {
  room: null,
  cabinet: 'room',
  shelf: 'cabinet',
  position: 'shelf',
};

export function createCatalogueService(deps: CatalogueDeps) {
  const { db, bus, clock, cipher } = deps;
  const knex = db.knex;
  const showParties = partyPresenter(deps);

  return {
    ...dossierOperations(deps),
    ...registrationOperations(deps),

    overdue: (item: ItemRecord) => item.state === 'out' && isOverdue(item.dueAt, clock.now()),

    // ---- the place model -------------------------------------------------------------------------------
    async sites(actor: Actor) {
      assertCan(actor, 'archive.read');
      return listSites(knex);
    },

    async estates(actor: Actor) {
      assertCan(actor, 'archive.read');
      return listEstates(knex);
    },

    /** One estate with its buildings, their units, and how many properties each unit has. */
    async estate(actor: Actor, id: number) {
      assertCan(actor, 'archive.read');
      const estate = await findEstate(knex, id);
      if (!estate) throw new DanganError('NOT_FOUND', { estateId: id });
      const [buildings, units] = await Promise.all([buildingsOfEstate(knex, id), unitsOfEstate(knex, id)]);
      return {
        ...estate,
        buildings: buildings.map((b) => ({
          ...b,
          units: units
            .filter((u) => u.buildingId === b.id)
            .map((u) => ({ id: u.id, code: u.code, name: u.name, properties: u.properties })),
        })),
      };
    },

    /** The rooms of a unit, each with the dossiers the viewer may read. */
    async unitProperties(actor: Actor, unitId: number) {
      assertCan(actor, 'archive.read');
      if (!(await unitExists(knex, unitId))) throw new DanganError('NOT_FOUND', { unitId });
      const properties = await store.listProperties(knex, { unitId });
      const dossiers = await store.listDossiers(knex, { propertyIds: properties.map((p) => p.id) });
      const visible = dossiers.filter(canReadDossier(actor));
      return properties.map((p) => ({ ...p, dossiers: visible.filter((d) => d.propertyId === p.id) }));
    },

    /** A property, its parties (masked for the viewer, whole values logged) and its readable dossiers. */
    async property(actor: Actor, id: number) {
      assertCan(actor, 'archive.read');
      const property = await store.findProperty(knex, id);
      if (!property) throw new DanganError('PROPERTY_NOT_FOUND', { propertyId: id });
      const [ties, dossiers] = await Promise.all([
        parties.partiesOfProperties(knex, [id]),
        store.listDossiers(knex, { propertyIds: [id] }),
      ]);
      const list = ties.map((pp) => inContext(pp, property.estateId));
      const shown = await showParties(actor, list, `property ${property.ref}`);
      return { property, parties: shown, dossiers: dossiers.filter(canReadDossier(actor)) };
    },

    // ---- locations -------------------------------------------------------------------------------------
    /** Every location as a tree, each with its capacity, the items on it and the items below it. */
    async locations(actor: Actor): Promise<LocationNode[]> {
      assertCan(actor, 'archive.read');
      const nodes = new Map<number, LocationNode>();
      for (const l of await store.allLocations(knex)) nodes.set(l.id, { ...l, total: l.used, children: [] });
      const roots: LocationNode[] = [];
      for (const node of nodes.values()) {
        const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
        (parent ? parent.children : roots).push(node);
      }
      const sum = (n: LocationNode): number =>
        (n.total = n.used + n.children.reduce((s, c) => s + sum(c), 0));
      roots.forEach(sum);
      return roots;
    },

    /** One location, the path down to it, and a page of the items on it or below it the viewer may see. */
    async location(actor: Actor, id: number, page: { limit: number; offset: number }) {
      assertCan(actor, 'archive.read');
      const all = await store.allLocations(knex);
      const byId = new Map(all.map((l) => [l.id, l]));
      const location = byId.get(id);
      if (!location) throw new DanganError('LOCATION_NOT_FOUND', { locationId: id });
      const path: store.LocationRecord[] = [];
      for (let at: store.LocationRecord | undefined = location; at;) {
        path.unshift(at);
        at = at.parentId === null ? undefined : byId.get(at.parentId);
      }
      const below = new Set([id]);
      for (let size = 0; size !== below.size;) {
        size = below.size;
        for (const l of all) if (l.parentId !== null && below.has(l.parentId)) below.add(l.id);
      }
      const area = areaOf(actor);
      const { rows, more } = await pageVisible(
        (limit, offset) => itemsAtLocations(knex, [...below], area ?? null, { limit, offset }),
        canReadItem(actor),
        page.offset,
        page.limit,
      );
      return { location, path, items: rows, more };
    },

    /** Adds a room, cabinet, shelf or position; each kind nests only in the one above it. */
    async createLocation(actor: Actor, input: CreateLocationInput): Promise<store.LocationRecord> {
      assertCan(actor, 'location.write');
      const code = input.code.normalize('NFKC').trim().toUpperCase();
      const capacity = input.capacity ?? null;
      try {
        return await writeTransaction(db, bus, async ({ trx }) => {
          const parent = input.parentId === undefined ? null : await findLocationRef(trx, input.parentId);
          if (input.parentId !== undefined && !parent) {
            throw new DanganError('LOCATION_NOT_FOUND', { locationId: input.parentId });
          }
          const expected = PARENT_KIND[input.kind];
          if ((parent?.kind ?? null) !== expected) {
            const where = expected ? `inside a ${expected}` : 'at the top, without a parent';
            throw invalid('parentId', `a ${input.kind} belongs ${where}`, {
              parentKind: parent?.kind ?? null,
            });
          }
          const parentId = parent?.id ?? null;
          const id = await insertLocation(trx, {
            parentId,
            kind: input.kind,
            code,
            name: input.name,
            capacity,
          });
          return { id, parentId, kind: input.kind, code, name: input.name, capacity, used: 0 };
        });
      } catch (e) {
        if (store.uniqueViolation(e) === null) throw e;
        throw new DanganError(
          'CONFLICT',
          { code },
          { zh: '该位置编码已被使用', en: 'This location code is already in use' },
        );
      }
    },

    // ---- people ----------------------------------------------------------------------------------------
    async departments(actor: Actor) {
      assertCan(actor, 'archive.read');
      return store.listDepartments(knex);
    },

    /** Users for those who manage them and for supervisors; never a hash or a lock-out counter. */
    async users(actor: Actor) {
      if (actor.role !== 'supervisor') requireRole(actor, 'user.manage');
      return store.listUsers(knex);
    },

    /** A party, masked as in the viewer's area when any of its properties is there, and its properties. */
    async party(actor: Actor, id: number) {
      requireRole(actor, 'party.read');
      const party = await parties.findParty(knex, id);
      if (!party) throw new DanganError('NOT_FOUND', { partyId: id });
      const ties = await parties.propertiesOfParty(knex, id);
      const visible = ties.filter((t) => can(actor, 'party.read', { estateId: t.estateId }).allowed);
      const home = visible[0] ?? ties[0];
      const context = {
        party,
        role: home?.role ?? null,
        current: home?.current ?? false,
        estateId: home?.estateId ?? null,
      };
      const [shown] = await showParties(actor, [context], `party ${id}`);
      const properties = await store.listProperties(knex, { ids: visible.map((t) => t.propertyId) });
      return {
        party: shown!,
        properties: visible.flatMap((t) => {
          const p = properties.find((x) => x.id === t.propertyId);
          return p ? [{ ...p, role: t.role, current: t.current }] : [];
        }),
      };
    },

    /** One whole sensitive value for 'party.read_sensitive'; the view is logged before it is returned. */
    async partySensitive(actor: Actor, id: number, field: SensitiveField, purpose: string) {
      requireRole(actor, 'party.read_sensitive');
      const party = await parties.findParty(knex, id);
      if (!party) throw new DanganError('NOT_FOUND', { partyId: id });
      const ties = await parties.propertiesOfParty(knex, id);
      const allowed = ties.map((t) => can(actor, 'party.read_sensitive', { estateId: t.estateId }));
      if (ties.length > 0 && !allowed.some((d) => d.allowed)) {
        assertCan(actor, 'party.read_sensitive', { estateId: ties[0]!.estateId });
      }
      const sealed = party.sealed[field];
      const at = clock.now().toISOString();
      await parties.recordSensitiveViews(knex, at, [{ userId: actor.userId, partyId: id, field, purpose }]);
      return { partyId: id, field, value: sealed ? cipher.decrypt(sealed) : null };
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
