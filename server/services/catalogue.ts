// The catalogue service: the place model (sites → estates → buildings → units → properties), storage
// locations, departments and users, owners (masked per viewer; whole values only through `revealParty`,
// with a typed purpose, logged), and — composed from catalogue-dossiers.ts and catalogue-register.ts — dossiers and items.
import { assertCan, can, type Actor, type RecordContext } from '../domain/access.js';
import { isOverdue } from '../domain/custody.js';
import { DanganError } from '../domain/errors.js';
import { mayReveal, ownerPolicy, type SensitiveField } from '../domain/masking.js';
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
  ownerRecords,
  pageVisible,
  partyPresenter,
  requireRole,
  seesOwner,
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

/** A party tied to no property is judged as an ordinary record with no estate. */
const NO_PROPERTY: RecordContext[] = [{ estateId: null, confidentiality: 'C' }];

/** Throws the reason the first record refuses (each refuses, or the caller would not be here). */
function refuseOwner(actor: Actor, action: 'party.read' | 'party.read_sensitive', records: RecordContext[]) {
  assertCan(actor, action, records[0] ?? NO_PROPERTY[0]);
  throw new DanganError('FORBIDDEN', { action });
}

export function createCatalogueService(deps: CatalogueDeps) {
  const { db, bus, clock, cipher } = deps;
  const knex = db.knex;
  const showParties = partyPresenter(deps);

  /** A party, its ties to properties, and the records (dossiers) each tie makes it belong to. */
  async function partyWithRecords(id: number) {
    const party = await parties.findParty(knex, id);
    if (!party) throw new DanganError('NOT_FOUND', { partyId: id });
    const ties = await parties.propertiesOfParty(knex, id);
    const dossiers = await store.listDossiers(knex, { propertyIds: ties.map((t) => t.propertyId) });
    const recordsOf = (t: { propertyId: number; estateId: number }) =>
      ownerRecords({ id: t.propertyId, estateId: t.estateId }, dossiers);
    return { party, ties, recordsOf };
  }

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
      const list = ties.map((pp) => inContext(pp, ownerRecords(property, dossiers)));
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
      requireRole(actor, 'user.read');
      return store.listUsers(knex);
    },

    /** A party, masked for the viewer, with the properties through which the viewer may see it. */
    async party(actor: Actor, id: number) {
      requireRole(actor, 'party.read');
      const { party, ties, recordsOf } = await partyWithRecords(id);
      const visible = ties.filter((t) => seesOwner(actor, recordsOf(t)));
      const records = ties.length > 0 ? ties.flatMap(recordsOf) : NO_PROPERTY;
      if (!seesOwner(actor, records)) refuseOwner(actor, 'party.read', records);
      const home = visible[0];
      const context = {
        party,
        role: home?.role ?? null,
        current: home?.current ?? false,
        records: home ? recordsOf(home) : NO_PROPERTY,
      };
      const [shown] = await showParties(actor, [context], `party ${id}`);
      const units = ownerPolicy(actor.role).unit === 'whole' ? visible : [];
      const properties = await store.listProperties(knex, { ids: units.map((t) => t.propertyId) });
      return {
        party: shown!,
        properties: units.flatMap((t) => {
          const p = properties.find((x) => x.id === t.propertyId);
          return p ? [{ ...p, role: t.role, current: t.current }] : [];
        }),
      };
    },

    /**
     * One whole value of one owner, for a role whose policy marks the field "reveal with a purpose", after
     * the same record checks as reading the owner; the view and the typed purpose are logged first.
     */
    async revealParty(actor: Actor, id: number, field: SensitiveField, purpose: string) {
      requireRole(actor, 'party.read_sensitive');
      const { party, ties, recordsOf } = await partyWithRecords(id);
      const records = ties.length > 0 ? ties.flatMap(recordsOf) : NO_PROPERTY;
      if (!records.some((r) => can(actor, 'party.read_sensitive', r).allowed)) {
        refuseOwner(actor, 'party.read_sensitive', records);
      }
      if (!mayReveal(actor.role, field, party.vip)) {
        throw new DanganError('FIELD_NOT_REVEALABLE', { field, role: actor.role });
      }
      const sealed = party.sealed[field];
      if (!sealed) return { partyId: id, field, value: null };
      const at = clock.now().toISOString();
      await parties.recordSensitiveViews(knex, at, [{ userId: actor.userId, partyId: id, field, purpose }]);
      return { partyId: id, field, value: cipher.decrypt(sealed) };
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
