// The folder timeline (GET /items/:id/timeline) on the 50,000-household demo: how long one folder's
// timeline takes when the chain is verified from genesis through its last row, for a folder whose last row
// is near the head of the log (the worst case) and one registered early (but verified through its last row
// all the same), and four folders asked for at once (they share one walk). Prints one JSON object.
//   tsx bench/timeline.ts [--households 50000] [--file an existing demo sqlite] [--runs 5]
import { parseArgs } from 'node:util';
import { createTimelineService, verifyThrough } from '../server/services/timeline.js';
import { openDatabase } from '../server/store/db.js';
import { demoSqliteFile } from './demo-archive.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '50000' },
    file: { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});
const RUNS = Number(values.runs);
const round = (n: number) => Math.round(n * 10) / 10;

const demo = values.file ? null : await demoSqliteFile('dangan-timeline-bench-', Number(values.households));
const db = demo?.db ?? openDatabase({ client: 'sqlite', filename: values.file! });
try {
  const head = (await db.knex('custody_log').orderBy('seq', 'desc').first('seq', 'item_id')) as {
    seq: number;
    item_id: number;
  };
  const first = (await db.knex('custody_log').orderBy('seq').first('item_id')) as { item_id: number };
  const gm = { userId: 0, role: 'gm' as const, departmentId: null, estateIds: 'all' as const };
  const service = createTimelineService({ db });

  async function measure(itemId: number) {
    const ms: number[] = [];
    let result = await service.timeline(gm, { id: itemId });
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      result = await service.timeline(gm, { id: itemId });
      ms.push(performance.now() - started);
    }
    ms.sort((a, b) => a - b);
    return {
      itemId,
      rows: result.rows.length,
      lastSeq: result.lastSeq,
      verification: result.verification,
      msMedian: round(ms[Math.floor(ms.length / 2)]!),
      msMax: round(ms[ms.length - 1]!),
    };
  }

  const latest = await measure(head.item_id);
  // Four auditors at once, four different folders: the walks under way are shared.
  const others = (await db.knex('items').orderBy('id').limit(4).select('id')) as Array<{ id: number }>;
  const startedTogether = performance.now();
  await Promise.all(others.map((o) => service.timeline(gm, { id: o.id })));
  const fourAtOnceMs = round(performance.now() - startedTogether);
  const earliest = await measure(first.item_id);
  // The walk alone, a page size at a time: what the verification costs on its own.
  const pages: Record<string, number> = {};
  for (const size of [1000, 5000, 20000]) {
    const started = performance.now();
    await verifyThrough(db, Number(head.seq), size);
    pages[size] = round(performance.now() - started);
  }
  console.log(
    JSON.stringify({
      logRows: Number(head.seq),
      runs: RUNS,
      latestFolder: latest,
      earliestFolder: earliest,
      fourFoldersAtOnceMs: fourAtOnceMs,
      verifyWholeLogMsByPageSize: pages,
      rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  );
} finally {
  if (demo) await demo.dispose();
  else await db.close();
}
