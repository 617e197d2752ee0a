// Recording a job the printer took: in ONE write transaction, a label_prints row per label and, for each
// item label printed before, a 'relabel' custody row (reason `reprint: <why>`), because the old label may
// still be on a shelf. Whether a label was printed before is decided again here, under the write lock.
import type { TemplateName } from '../../labels/index.js';
import { nextState } from '../domain/custody.js';
import { DanganError } from '../domain/errors.js';
import type { CustodyEntry, CustodyFields } from '../domain/ledger.js';
import type { EventBus } from '../events.js';
import { systemRandom, type Clock, type Random } from '../providers.js';
import { appendCustody } from '../store/custody-log.js';
import type { Database } from '../store/db.js';
import { findItemsByIds, type ItemRecord } from '../store/items.js';
import { insertLabelPrints, printedBefore, type LabelPrintRow } from '../store/labels.js';
import type { PrinterConfig } from './printing-config.js';
import { subjectOf, type Requester, type Subject } from './printing-selection.js';
import { writeTransaction } from './unit-of-work.js';

export interface PrintedLabel {
  /** What the label encodes: barcode id, location code or badge number. */
  id: string;
  kind: 'first' | 'reprint';
  /** The 'relabel' custody row of a reprinted item label. */
  custodySeq: number | null;
}

export interface RecordDeps {
  db: Database;
  bus: EventBus | null;
  clock: Clock;
  random?: Random;
}

/** Records jobs in `deps.db`, publishing the relabel custody rows on `deps.bus`. */
export function printRecorder(deps: RecordDeps) {
  const { db, bus, clock } = deps;
  const random = deps.random ?? systemRandom;

  async function record(
    requester: Requester,
    printer: PrinterConfig,
    template: TemplateName,
    subjects: Subject[],
    reason: string | null,
  ): Promise<{ job: string; labels: PrintedLabel[] }> {
    const subject = subjectOf(template);
    const actorUserId = requester.actor?.userId ?? null;
    const station = requester.station ?? null;
    return writeTransaction(db, bus, async ({ trx, published }) => {
      const job = `job-${random.token(12)}`;
      const at = clock.now().toISOString();
      const ids = subjects.map((s) => s.id);
      const items = new Map<number, ItemRecord>(
        subject === 'item' ? (await findItemsByIds(trx, ids)).map((i) => [i.id, i]) : [],
      );
      // Decided again under the write lock: another job may have printed the same label meanwhile.
      const before = await printedBefore(trx, subject, ids, template);
      const relabels: Array<Omit<CustodyFields, 'seq'>> = [];
      if (subject === 'item') {
        for (const s of subjects) {
          if (!before.has(s.id)) continue;
          const item = items.get(s.id);
          if (!item) throw new DanganError('ITEM_NOT_FOUND', { item: s.code });
          const state = nextState(item.state, 'relabel');
          const place = item.state === 'in_place' ? item.locationId : null;
          relabels.push({
            at,
            actorUserId,
            station,
            action: 'relabel',
            itemId: item.id,
            fromState: item.state,
            toState: state,
            fromLocationId: place,
            toLocationId: place,
            fromHolderId: item.holderUserId,
            toHolderId: item.holderUserId,
            reason: `reprint: ${reason ?? 'printed again'}`.slice(0, 500),
            approvalRef: null,
          });
        }
      }
      const entries: CustodyEntry[] = await appendCustody(trx, relabels);
      published.push(...entries);
      const seqOf = new Map(entries.map((e) => [e.itemId, e.seq]));
      const rows: LabelPrintRow[] = subjects.map((s) => ({
        job,
        at,
        actorUserId,
        station,
        template,
        subject,
        code: s.code,
        subjectId: s.id,
        kind: before.has(s.id) ? 'reprint' : 'first',
        printer: printer.name,
        language: printer.language,
        custodySeq: subject === 'item' ? (seqOf.get(s.id) ?? null) : null,
        reason: before.has(s.id) ? reason : null,
      }));
      await insertLabelPrints(trx, rows);
      return {
        job,
        labels: rows.map((r) => ({ id: r.code, kind: r.kind, custodySeq: r.custodySeq })),
      };
    });
  }

  return record;
}
