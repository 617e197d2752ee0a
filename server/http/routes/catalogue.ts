// The catalogue: the place model, storage locations, departments, users and owners; dossiers and item
// registration are in catalogue-dossiers.ts and mounted with these.
import { z } from 'zod';
import { SENSITIVE_FIELDS, type SensitiveField } from '../../domain/masking.js';
import { LOCATION_KINDS } from '../../domain/vocabulary.js';
import type { CatalogueService } from '../../services/catalogue.js';
import { defineRoute } from '../route.js';
import { IdParam, ItemView, Paging, singleLineText, toItemView } from '../schemas.js';
import {
  DossierSummary,
  LocationView,
  PartyView,
  PlaceRef,
  PropertyView,
  RoomNode,
  toDossierSummary,
  toLocationView,
  toPartyView,
  toPropertyView,
  toTreeView,
} from './catalogue-schemas.js';
import { dossierRoutes } from './catalogue-dossiers.js';

const Named = { id: z.number().int(), code: z.string(), name: z.string() };

export function catalogueRoutes(catalogue: CatalogueService) {
  return [
    defineRoute({
      method: 'get',
      path: '/sites',
      summary: 'Sites (companies) and their 档号 rule',
      tag: 'catalogue',
      auth: 'session',
      response: z.object({ sites: z.array(z.object({ ...Named, archiveNoRule: z.string() })) }),
      handler: async ({ actor }) => ({ sites: await catalogue.sites(actor) }),
    }),
    defineRoute({
      method: 'get',
      path: '/estates',
      summary: 'Estates (苑) of every site',
      tag: 'catalogue',
      auth: 'session',
      response: z.object({ estates: z.array(z.object({ ...Named, siteId: z.number().int() })) }),
      handler: async ({ actor }) => ({ estates: await catalogue.estates(actor) }),
    }),
    defineRoute({
      method: 'get',
      path: '/estates/:id',
      summary: 'One estate with its buildings (栋) and their units (单元)',
      tag: 'catalogue',
      auth: 'session',
      params: IdParam,
      response: z
        .object({
          ...Named,
          siteId: z.number().int(),
          buildings: z.array(
            z.object({ ...Named, units: z.array(z.object({ ...Named, properties: z.number().int() })) }),
          ),
        })
        .openapi('Estate'),
      handler: async ({ actor, params }) => catalogue.estate(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/units/:id/properties',
      summary: 'The rooms of a unit with their dossier numbers',
      tag: 'catalogue',
      auth: 'session',
      params: IdParam,
      response: z.object({
        properties: z.array(
          PropertyView.extend({
            dossiers: z.array(z.object({ id: z.number().int(), archiveNo: z.string(), kind: z.string() })),
          }),
        ),
      }),
      handler: async ({ actor, params }) => ({
        properties: (await catalogue.unitProperties(actor, params.id)).map((p) => ({
          ...toPropertyView(p),
          dossiers: p.dossiers.map((d) => ({ id: d.id, archiveNo: d.archiveNo, kind: d.kind })),
        })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/properties/:id',
      summary: 'A property, its parties (masked for you) and its dossiers',
      tag: 'catalogue',
      auth: 'session',
      params: IdParam,
      response: z.object({
        property: PropertyView,
        parties: z.array(PartyView),
        dossiers: z.array(DossierSummary),
      }),
      handler: async ({ actor, params }) => {
        const r = await catalogue.property(actor, params.id);
        return {
          property: toPropertyView(r.property),
          parties: r.parties.map(toPartyView),
          dossiers: r.dossiers.map(toDossierSummary),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/locations',
      summary: 'Storage locations as a tree (room → cabinet → shelf → position) with capacity and use',
      tag: 'locations',
      auth: 'session',
      response: z.object({ rooms: z.array(RoomNode) }),
      handler: async ({ actor }) => ({ rooms: (await catalogue.locations(actor)).map(toTreeView) }),
    }),
    defineRoute({
      method: 'get',
      path: '/locations/:id',
      summary: 'One location, the path to it, and the items on it or below it (paged)',
      tag: 'locations',
      auth: 'session',
      params: IdParam,
      query: z.object(Paging),
      response: z.object({
        location: LocationView,
        path: z.array(LocationView),
        items: z.array(ItemView),
        more: z.boolean(),
      }),
      handler: async ({ actor, params, query }) => {
        const r = await catalogue.location(actor, params.id, query);
        return {
          location: toLocationView(r.location),
          path: r.path.map(toLocationView),
          items: r.items.map((i) => toItemView(i, catalogue.overdue(i))),
          more: r.more,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/locations',
      summary: 'Add a room, cabinet, shelf or position (each nests in the kind above it)',
      tag: 'locations',
      auth: 'session',
      status: 201,
      body: z
        .object({
          kind: z.enum(LOCATION_KINDS),
          parentId: z.number().int().positive().optional(),
          code: z
            .string()
            .trim()
            .min(1)
            .max(64)
            .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes'),
          name: singleLineText().trim().min(1).max(200),
          capacity: z.number().int().min(0).max(100_000).nullable().optional(),
        })
        .strict(),
      response: LocationView,
      handler: async ({ actor, body }) => toLocationView(await catalogue.createLocation(actor, body)),
    }),
    defineRoute({
      method: 'get',
      path: '/departments',
      summary: 'Departments',
      tag: 'people',
      auth: 'session',
      response: z.object({ departments: z.array(z.object(Named)) }),
      handler: async ({ actor }) => ({ departments: await catalogue.departments(actor) }),
    }),
    defineRoute({
      method: 'get',
      path: '/users',
      summary: 'People who use the archive (for user managers and supervisors; never any secret)',
      tag: 'people',
      auth: 'session',
      response: z.object({
        users: z.array(
          z.object({
            id: z.number().int(),
            username: z.string(),
            displayName: z.string(),
            role: z.string(),
            departmentId: z.number().int().nullable(),
            active: z.boolean(),
            estateIds: z.union([z.literal('all'), z.array(z.number().int())]),
          }),
        ),
      }),
      handler: async ({ actor }) => ({ users: await catalogue.users(actor) }),
    }),
    defineRoute({
      method: 'get',
      path: '/parties/:id',
      summary: 'An owner or tenant, masked for you, with the properties you may see',
      tag: 'parties',
      auth: 'session',
      params: IdParam,
      response: z.object({
        party: PartyView,
        properties: z.array(PlaceRef.extend({ role: z.string(), current: z.boolean() })),
      }),
      handler: async ({ actor, params }) => {
        const r = await catalogue.party(actor, params.id);
        return {
          party: toPartyView(r.party),
          properties: r.properties.map((p) => ({
            id: p.id,
            ref: p.ref,
            name: p.name,
            role: p.role,
            current: p.current,
          })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/parties/:id/reveal',
      summary: 'One whole ID number or phone of one owner, for a purpose you type (logged with your name)',
      tag: 'parties',
      auth: 'session',
      params: IdParam,
      body: z
        .object({
          field: z.enum(SENSITIVE_FIELDS as [SensitiveField, ...SensitiveField[]]),
          purpose: singleLineText()
            .trim()
            .min(4)
            .max(200)
            .openapi({ description: 'Why you need the whole value, e.g. 法院协查函核对身份' }),
        })
        .strict(),
      response: z.object({ partyId: z.number().int(), field: z.string(), value: z.string().nullable() }),
      handler: async ({ actor, params, body }) =>
        catalogue.revealParty(actor, params.id, body.field, body.purpose),
    }),
    ...dossierRoutes(catalogue),
  ];
}
