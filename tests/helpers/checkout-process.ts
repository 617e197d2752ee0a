/* eslint-disable no-console -- its stdout is the result the test reads */
// Run as a separate OS process: opens the SQLite file on its own connection, waits for a shared start time,
// then tries to check one item out, and prints the outcome as one JSON line.
import { createCirculationService } from '../../server/services/circulation.js';
import { openDatabase } from '../../server/store/db.js';
import { systemClock } from '../../server/providers.js';

const [filename, barcode, userId, startAt] = process.argv.slice(2);
const db = openDatabase({ client: 'sqlite', filename: filename!, busyTimeoutMs: 10_000 });
await db.knex.raw('SELECT 1'); // open the connection before the race starts
const circulation = createCirculationService({
  db,
  bus: null,
  clock: systemClock,
  policy: {
    loanDays: { C: 7, B: 3, A: 1 },
    approvalFromLevel: 'B',
    blockLoansWhileOverdue: false,
    unrecordedRemovalHours: 24,
  },
});
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
try {
  const { entry } = await circulation.checkOut(
    {
      actor: { userId: Number(userId), role: 'archivist', departmentId: null, estateIds: 'all' },
      station: `pid-${process.pid}`,
    },
    { item: { barcode: barcode! }, purpose: 'race' },
  );
  console.log(JSON.stringify({ ok: true, seq: entry.seq }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, code: (e as { code?: string }).code ?? String(e) }));
} finally {
  await db.close();
}
