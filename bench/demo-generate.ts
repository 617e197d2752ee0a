// Generates the demo archive into a fresh temporary SQLite file and prints one JSON line:
//   npx tsx bench/demo-generate.ts [--households 50000] [--seed 1] [--keep]
// `--keep` leaves the database file in place (its path is printed) instead of deleting it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../server/demo/index.js';
import { systemClock } from '../server/providers.js';
import { migrate, openDatabase } from '../server/store/db.js';
import { createFieldCipher } from '../server/store/secrets.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const households = Number(values.households);
const seed = Number(values.seed);

const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-demo-bench-'));
const filename = path.join(dir, 'dangan.sqlite');
const db = openDatabase({ client: 'sqlite', filename });
let open = true;
try {
  await migrate(db);
  const started = performance.now();
  const summary = await generateDemo(db, {
    households,
    seed,
    clock: systemClock,
    cipher: createFieldCipher(randomBytes(32).toString('hex')),
    onProgress: values.verbose
      ? (m) => console.error(`${((performance.now() - started) / 1000).toFixed(1)}s ${m}`)
      : undefined,
  });
  const ms = Math.round(performance.now() - started);
  const rowsWritten =
    summary.properties +
    summary.parties +
    summary.dossiers +
    summary.dossierLinks +
    summary.documents +
    summary.locations +
    summary.items.total +
    summary.custodyRows +
    summary.inspections;
  await db.close();
  open = false;
  console.log(
    JSON.stringify({
      households,
      items: summary.items.total,
      custodyRows: summary.custodyRows,
      ms,
      rowsPerSecond: Math.round((rowsWritten / ms) * 1000),
      rowsWritten,
      dbBytes: statSync(filename).size,
      ...(values.keep ? { file: filename } : {}),
    }),
  );
} finally {
  if (open) await db.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
