// Exporting the custody log for a company's log platform: a snapshot up to the head at the start (rows
// appended meanwhile wait for the next export), paged through the database, formatted a line at a time.
import { DanganError } from '../domain/errors.js';
import { GENESIS_HASH } from '../domain/ledger.js';
import {
  jsonlHead,
  jsonlRow,
  syslogHead,
  syslogRow,
  type ExportFormat,
  type ExportHead,
} from '../domain/ledger-export.js';
import type { Clock } from '../providers.js';
import { custodyHashAt, custodyHead, custodyPages } from '../store/custody-log.js';
import type { Queryable } from '../store/db.js';

export interface ExportPlan {
  from: number;
  upTo: number;
  fromPrevHash: string;
}

/**
 * Fixes what an export covers: rows from `from` through the head as it is now. Refused when `from` lies
 * beyond the row after the head (there is nothing there to chain on).
 */
export async function planCustodyExport(q: Queryable, from = 1): Promise<ExportPlan> {
  const head = await custodyHead(q);
  const last = head?.seq ?? 0;
  if (!Number.isSafeInteger(from) || from < 1 || from > last + 1) {
    throw new DanganError('LOG_EXPORT_FROM_INVALID', { from, lastSeq: last });
  }
  const fromPrevHash = from === 1 ? GENESIS_HASH : await custodyHashAt(q, from - 1);
  if (fromPrevHash === null) throw new DanganError('LOG_EXPORT_FROM_INVALID', { from, lastSeq: last });
  return { from, upTo: last, fromPrevHash };
}

/** The export's lines, each ending in a newline, the head trailer last. */
export async function* custodyExportLines(
  q: Queryable,
  plan: ExportPlan,
  options: { format: ExportFormat; hostname: string; clock: Clock; pageSize?: number },
): AsyncGenerator<string> {
  const { format, hostname } = options;
  let rows = 0;
  let last = { seq: plan.from - 1, hash: plan.fromPrevHash };
  for await (const page of custodyPages(q, plan, options.pageSize)) {
    let chunk = '';
    for (const e of page) {
      chunk += (format === 'jsonl' ? jsonlRow(e) : syslogRow(e, hostname)) + '\n';
      last = { seq: e.seq, hash: e.hash };
      rows += 1;
    }
    yield chunk;
  }
  const head: ExportHead = {
    seq: last.seq,
    hash: last.hash,
    exportedAt: options.clock.now().toISOString(),
    rows,
    from: plan.from,
    fromPrevHash: plan.fromPrevHash,
  };
  yield (format === 'jsonl' ? jsonlHead(head) : syslogHead(head, hostname)) + '\n';
}
