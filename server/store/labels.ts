// Records → label data: the queries that pick what a print job covers (ids, a building, a dossier, folders
// never labelled, locations, badges), the mapping onto the labels layer's plain input objects, and the
// label_prints table (which labels were printed, first print or reprint).
//
// The queries and the mapping are in labels-items.ts, labels-locations-badges.ts and labels-data.ts; this
// module is their one entry point and owns label_prints.
import type { Knex } from 'knex';
import type { TemplateName } from '../../labels/index.js';
import { chunks } from './labels-items.js';

export {
  buildingItems,
  dossierItems,
  findLabelItems,
  unlabelledItems,
  type ItemLabelRecord,
} from './labels-items.js';
export {
  findLabelBadges,
  findLabelLocations,
  organisationName,
  type BadgeLabelRecord,
  type LocationLabelRecord,
} from './labels-locations-badges.js';
export {
  badgeLabelData,
  boxLabelData,
  clip,
  CONFIDENTIALITY_WORDS,
  folderLabelData,
  locationLabelData,
  ROLE_TITLES,
  spineLabelData,
} from './labels-data.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

// ---- label_prints --------------------------------------------------------------------------------------

export type LabelSubject = 'item' | 'location' | 'badge';
const SUBJECT_COLUMN: Record<LabelSubject, string> = {
  item: 'item_id',
  location: 'location_id',
  badge: 'badge_id',
};

/** Which of `ids` had a `template` label printed before (or are assumed to carry one). */
export async function printedBefore(
  knex: Db,
  subject: LabelSubject,
  ids: number[],
  template: TemplateName,
): Promise<Set<number>> {
  const column = SUBJECT_COLUMN[subject];
  const out = new Set<number>();
  for (const part of chunks(ids)) {
    const rows = (await knex('label_prints')
      .where('template', template)
      .whereIn(column, part)
      .distinct(column)) as Row[];
    for (const r of rows) out.add(Number(r[column]));
  }
  return out;
}

export interface LabelPrintRow {
  job: string;
  at: string;
  actorUserId: number | null;
  station: string | null;
  template: TemplateName;
  subject: LabelSubject;
  code: string;
  subjectId: number;
  kind: 'first' | 'reprint';
  printer: string;
  language: string;
  custodySeq: number | null;
  reason: string | null;
}

export async function insertLabelPrints(trx: Knex.Transaction, rows: LabelPrintRow[]): Promise<void> {
  const records = rows.map((r) => ({
    job: r.job,
    at: r.at,
    actor_user_id: r.actorUserId,
    station: r.station,
    template: r.template,
    subject: r.subject,
    code: r.code,
    item_id: r.subject === 'item' ? r.subjectId : null,
    location_id: r.subject === 'location' ? r.subjectId : null,
    badge_id: r.subject === 'badge' ? r.subjectId : null,
    kind: r.kind,
    printer: r.printer,
    language: r.language,
    custody_seq: r.custodySeq,
    reason: r.reason,
  }));
  // 15 columns × 500 rows = 7,500 bound variables per insert: below SQLite's 32,766 and PostgreSQL's 65,535.
  for (const part of chunks(records)) await trx('label_prints').insert(part);
}
