// Runs every benchmark in this folder, one after another (they share two cores with nothing else of ours),
// and prints one JSON object: { "<bench>": <its JSON output> }. Usage: npm run bench [-- name ...]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BENCHES: Record<string, string[]> = {
  circulation: ['bench/circulation.ts'],
  'dashboard-cabinets': ['bench/dashboard-cabinets.ts', '--households', '50000'],
  dashboard: ['bench/dashboard.ts'],
  'dashboard-people': ['bench/dashboard-people.ts', '--households', '50000'],
  reports: ['bench/reports.ts', '--households', '50000'],
  timeline: ['bench/timeline.ts', '--households', '50000'],
  'demo-generate': ['bench/demo-generate.ts', '--households', '50000'],
  'hardware-fuzz': ['bench/hardware-fuzz.ts'],
  'hardware-replug': ['bench/hardware-replug.ts'],
  'hardware-rfid': ['bench/hardware-rfid.ts'],
  'hardware-scan-latency': ['bench/hardware-scan-latency.ts'],
  'labels-render': ['bench/labels-render.ts'],
};

const wanted = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const [name, args] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`bench: ${name} …`);
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', ...args], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    results[name] = JSON.parse(stdout) as unknown; // each benchmark prints exactly one JSON document
  } catch (e) {
    results[name] = { error: (e as Error).message.split('\n')[0] };
  }
}
console.log(JSON.stringify(results, null, 2));
