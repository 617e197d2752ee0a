// What the clerk found when an item came back, tied to the check-in's custody row.
import type { InspectionResult } from '../domain/vocabulary.js';
import type { Queryable } from './db.js';

export interface InspectionRow {
  itemId: number;
  custodySeq: number;
  result: InspectionResult;
  note: string | null;
  inspectorUserId: number | null;
  at: string;
}

export async function insertInspection(q: Queryable, i: InspectionRow): Promise<void> {
  await q('inspections').insert({
    item_id: i.itemId,
    custody_seq: i.custodySeq,
    result: i.result,
    note: i.note,
    inspector_user_id: i.inspectorUserId,
    at: i.at,
  });
}
