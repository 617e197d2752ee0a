// What a print job covers: which records a template labels and who may print them, and the selection (items
// by id, barcode or EPC; a building; a dossier; the never labelled; locations; badges) read from the database
// and checked record by record (kind, state, rights) into label inputs for the labels layer.
import { LabelError, TEMPLATE_NAMES, type LabelInput, type TemplateName } from '../../labels/index.js';
import { assertCan, can, roleMay, type Action, type Actor } from '../domain/access.js';
import { isAllowed } from '../domain/custody.js';
import { DanganError, type ErrorCode } from '../domain/errors.js';
import type { ItemKind, LocationKind } from '../domain/vocabulary.js';
import type { Database } from '../store/db.js';
import type { ItemKey } from '../store/items.js';
import {
  badgeLabelData,
  boxLabelData,
  buildingItems,
  dossierItems,
  findLabelBadges,
  findLabelItems,
  findLabelLocations,
  folderLabelData,
  locationLabelData,
  organisationName,
  spineLabelData,
  unlabelledItems,
  type ItemLabelRecord,
  type LabelSubject,
} from '../store/labels.js';
import { recordOf } from './items.js';
import { fromLabelError } from './printing-render.js';

/**
 * More labels than this in one job are refused with LABEL_SELECTION_TOO_LARGE (details: max, count): a
 * building of 1,000 folders is one job, a larger one prints in batches (by dossier, or ids).
 */
export const MAX_LABELS_PER_JOB = 2000;

/** What a job covers. Item templates (folder, spine, box) take the first four; shelf/cabinet take locations. */
export type LabelSelection =
  /** Items by numeric id, barcode id (`F000000123`) or EPC (24 hex digits). */
  | { kind: 'items'; items: Array<number | string> }
  /** Registered items never labelled with this template, oldest first. */
  | { kind: 'new'; limit?: number }
  /** All folders (or boxes) of the dossiers in one building: estate by id or code, building by code. */
  | { kind: 'building'; estate: number | string; building: string }
  /** All folders (or boxes) of one dossier, by id or 档号. */
  | { kind: 'dossier'; dossier: number | string }
  /** Locations by id or code (`R1-C01-S2`). */
  | { kind: 'locations'; locations: Array<number | string> }
  /** Badges by badge number (`U000000001`) or user id. */
  | { kind: 'badges'; badges: Array<number | string> };

/**
 * Who asks. HTTP requests carry the signed-in actor, whose rights are checked per record. `actor: null` is
 * the local operator running the `dangan` CLI against the database it already holds: no rights are
 * checked and the log names the station (`cli:<os user>`) instead of a person.
 */
export type Requester = { actor: Actor; station?: string | null } | { actor: null; station: string };

const ITEM_TEMPLATE_KIND: Partial<Record<TemplateName, ItemKind>> = {
  folder: 'folder',
  spine: 'folder',
  box: 'box',
};
const LOCATION_TEMPLATE_KINDS: Partial<Record<TemplateName, readonly LocationKind[]>> = {
  shelf: ['shelf', 'position'],
  cabinet: ['cabinet'],
};

export function subjectOf(template: TemplateName): LabelSubject {
  if (ITEM_TEMPLATE_KIND[template]) return 'item';
  return template === 'badge' ? 'badge' : 'location';
}

export function assertTemplate(template: string): asserts template is TemplateName {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(template)) {
    throw fromLabelError(
      new LabelError('LABEL_TEMPLATE_UNKNOWN', `${template} (use ${TEMPLATE_NAMES.join(', ')})`, {
        template,
      }),
    );
  }
}

/** A not-found error whose message names what was asked for (the CLI prints only the message). */
function notFound(code: ErrorCode, ref: unknown, details: Record<string, unknown>): DanganError {
  const base = new DanganError(code);
  return new DanganError(code, details, {
    zh: `${base.messages.zh}：${String(ref)}`,
    en: `${base.messages.en}: ${String(ref)}`,
  });
}

function itemKeyOf(ref: number | string): ItemKey {
  if (typeof ref === 'number') return { id: ref };
  const text = ref.trim();
  if (/^[0-9A-Fa-f]{24}$/.test(text)) return { epc: text.toUpperCase() };
  return { barcode: text.toUpperCase() };
}

/** The actions that let a role print a template's labels (any one of them). */
function labelActions(template: TemplateName): Action[] {
  const subject = subjectOf(template);
  if (subject === 'item') return ['item.label'];
  return subject === 'location' ? ['item.label', 'location.write'] : ['item.label', 'user.manage'];
}

/** A role that cannot print labels at all is refused before anything is read. */
export function assertRoleMayLabel(actor: Actor | null, template: TemplateName): void {
  if (actor && !labelActions(template).some((a) => roleMay(actor.role, a))) {
    throw new DanganError('FORBIDDEN', { action: labelActions(template)[0], role: actor.role });
  }
}

/** May this person see printers and print labels of some kind (for menus and GET /printers)? */
export const mayPrint = (actor: Actor): boolean =>
  TEMPLATE_NAMES.some((t) => labelActions(t).some((a) => roleMay(actor.role, a)));

/** A record a job labels, as label_prints names it. */
export interface Subject {
  subject: LabelSubject;
  id: number;
  code: string;
}

interface Collected {
  inputs: LabelInput[];
  subjects: Subject[];
}

function mismatch(template: TemplateName, selection: string): DanganError {
  return new DanganError(
    'LABEL_SELECTION_MISMATCH',
    { template, selection },
    {
      zh: `${template} 模板不能用于 ${selection} 选择`,
      en: `The ${template} template does not take a ${selection} selection`,
    },
  );
}

function limitJob(count: number): void {
  if (count === 0) throw new DanganError('LABEL_SELECTION_EMPTY');
  if (count > MAX_LABELS_PER_JOB) {
    throw new DanganError('LABEL_SELECTION_TOO_LARGE', { max: MAX_LABELS_PER_JOB, count });
  }
}

function assertMay(actor: Actor | null, template: TemplateName): void {
  if (actor && !labelActions(template).some((a) => can(actor, a).allowed)) {
    assertCan(actor, labelActions(template)[0]!);
  }
}

/** Resolves selections against `deps.db`; badges name `deps.organisation`, else the site's name. */
export function labelCollector(deps: { db: Database; organisation?: string }) {
  const { db } = deps;

  async function collectItems(
    requester: Requester,
    template: TemplateName,
    selection: LabelSelection,
  ): Promise<Collected> {
    const kind = ITEM_TEMPLATE_KIND[template]!;
    const cap = MAX_LABELS_PER_JOB + 1;
    let items: ItemLabelRecord[];
    switch (selection.kind) {
      case 'items': {
        const refs = selection.items;
        // Refused before a query reads thousands of rows.
        if (refs.length > MAX_LABELS_PER_JOB) limitJob(new Set(refs).size);
        const keys = refs.map(itemKeyOf);
        const found = await findLabelItems(db.knex, keys);
        items = found.map((item, i) => {
          if (!item) throw notFound('ITEM_NOT_FOUND', refs[i], { item: keys[i] });
          return item;
        });
        break;
      }
      case 'new':
        items = await unlabelledItems(
          db.knex,
          template,
          kind,
          Math.min(selection.limit ?? 100, MAX_LABELS_PER_JOB),
        );
        break;
      case 'building': {
        const found = await buildingItems(db.knex, selection.estate, selection.building, kind, cap);
        if (!found) {
          throw notFound('BUILDING_NOT_FOUND', `${selection.estate} ${selection.building}`, {
            estate: selection.estate,
            building: selection.building,
          });
        }
        items = found;
        break;
      }
      case 'dossier': {
        const found = await dossierItems(db.knex, selection.dossier, kind, cap);
        if (!found) throw notFound('DOSSIER_NOT_FOUND', selection.dossier, { dossier: selection.dossier });
        items = found;
        break;
      }
      default:
        throw mismatch(template, selection.kind);
    }
    const unique = [...new Map(items.map((i) => [i.id, i])).values()];
    limitJob(unique.length);
    for (const item of unique) {
      if (item.kind !== kind) {
        throw new DanganError(
          'LABEL_SELECTION_MISMATCH',
          { item: item.barcode, kind: item.kind, template },
          {
            zh: `${item.barcode} 是${item.kind === 'box' ? '档案盒' : item.kind === 'key' ? '钥匙' : '卷夹'}，不能用 ${template} 模板`,
            en: `${item.barcode} is a ${item.kind}; the ${template} template is for ${kind}s`,
          },
        );
      }
      if (!isAllowed(item.state, 'relabel')) {
        throw new DanganError('ITEM_DESTROYED', { item: item.barcode, state: item.state });
      }
      if (requester.actor) assertCan(requester.actor, 'item.label', recordOf(item));
    }
    const toInput = (item: ItemLabelRecord): LabelInput =>
      template === 'spine'
        ? { template: 'spine', data: spineLabelData(item) }
        : template === 'box'
          ? { template: 'box', data: boxLabelData(item) }
          : { template: 'folder', data: folderLabelData(item) };
    return {
      inputs: unique.map(toInput),
      subjects: unique.map((i) => ({ subject: 'item' as const, id: i.id, code: i.barcode })),
    };
  }

  async function collect(
    requester: Requester,
    template: TemplateName,
    selection: LabelSelection,
  ): Promise<Collected> {
    const subject = subjectOf(template);
    if (subject === 'item') return collectItems(requester, template, selection);
    if (subject === 'location') {
      if (selection.kind !== 'locations') throw mismatch(template, selection.kind);
      const refs = [...new Set(selection.locations)];
      limitJob(refs.length);
      assertMay(requester.actor, template);
      const found = await findLabelLocations(db.knex, refs);
      const kinds = LOCATION_TEMPLATE_KINDS[template]!;
      const locations = found.map((loc, i) => {
        if (!loc) throw notFound('LOCATION_NOT_FOUND', refs[i], { location: refs[i] });
        if (!kinds.includes(loc.kind)) {
          throw new DanganError(
            'LABEL_SELECTION_MISMATCH',
            { location: loc.code, kind: loc.kind, template },
            {
              zh: `${loc.code} 不是${template === 'cabinet' ? '档案柜' : '架位'}（${loc.kind}）`,
              en: `${loc.code} is a ${loc.kind}; the ${template} template is for ${kinds.join(' or ')}`,
            },
          );
        }
        return loc;
      });
      const unique = [...new Map(locations.map((l) => [l.id, l])).values()];
      const kind = template === 'cabinet' ? 'cabinet' : 'shelf';
      return {
        inputs: unique.map((l) => ({ template, data: locationLabelData(l, kind) }) as LabelInput),
        subjects: unique.map((l) => ({ subject: 'location' as const, id: l.id, code: l.code })),
      };
    }
    if (selection.kind !== 'badges') throw mismatch(template, selection.kind);
    const refs = [...new Set(selection.badges)];
    limitJob(refs.length);
    assertMay(requester.actor, template);
    const found = await findLabelBadges(db.knex, refs);
    const badges = found.map((b, i) => {
      if (!b) throw notFound('BADGE_NOT_FOUND', refs[i], { badge: refs[i] });
      return b;
    });
    const unique = [...new Map(badges.map((b) => [b.badgeId, b])).values()];
    const organisation = deps.organisation ?? (await organisationName(db.knex));
    return {
      inputs: unique.map((b) => ({ template: 'badge' as const, data: badgeLabelData(b, organisation) })),
      subjects: unique.map((b) => ({ subject: 'badge' as const, id: b.badgeId, code: b.number })),
    };
  }

  return collect;
}
