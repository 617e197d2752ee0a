// The board's cabinet map over the demo archive: generate it into a fresh SQLite file, then time
// GET /dashboard/cabinets' work (the service: shelves and counts in SQL, the rules per group) for a
// supervisor, and weigh the answer as JSON and gzip. Prints one JSON line:
//   npx tsx bench/dashboard-cabinets.ts [--households 50000] [--runs 7]
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createCabinetMap } from '../server/services/cabinet-map.js';
import { demoSqliteFile } from './demo-archive.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '7' },
  },
});
const households = Number(values.households);
const runs = Number(values.runs);
const demo = await demoSqliteFile('dangan-cabinets-bench-', households);
const { db, summary } = demo;
try {
  const map = createCabinetMap({ db, sightings: () => new Map(), readers: () => new Map() });
  const supervisor = { userId: 1, role: 'supervisor' as const, departmentId: null, estateIds: [] };
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    body = JSON.stringify(await map.map(supervisor));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const parsed = JSON.parse(body) as { rooms: Array<{ cabinets: Array<{ shelves: unknown[] }> }> };
  const cabinets = parsed.rooms.flatMap((r) => r.cabinets);
  console.log(
    JSON.stringify({
      bench: 'dashboard-cabinets',
      households,
      items: summary.items.total,
      cabinets: cabinets.length,
      shelves: cabinets.reduce((n, c) => n + c.shelves.length, 0),
      medianMs: Math.round(times[Math.floor(times.length / 2)]!),
      maxMs: Math.round(times.at(-1)!),
      bytes: Buffer.byteLength(body),
      gzipBytes: gzipSync(body).length,
    }),
  );
} finally {
  await demo.dispose();
}
