// Each report through HTTP on the 50,000-household demo archive: a real server (createDanganApp) over a
// fresh SQLite file (and PostgreSQL with --pg), signed in as the supervisor and as the general manager, each
// report asked for with its default period (the last 12 months) a few times, and the exports (CSV, XLSX,
// PDF) of each once. Prints one JSON object. Floor: every report ≤ 2 s.
//   tsx bench/reports.ts [--households 50000] [--runs 5] [--pg postgres://postgres@127.0.0.1:5432/test]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { REPORTS, REPORT_FORMATS } from '../server/domain/reports.js';
import { openDatabase, type Database } from '../server/store/db.js';
import { generateInto, login, serveBench, signInRates } from './demo-archive.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '5' },
    pg: { type: 'string' },
  },
});
const HOUSEHOLDS = Number(values.households);
const RUNS = Number(values.runs);
const FLOOR_MS = 2000;
const KEY = 'ab'.repeat(32);
const round = (n: number) => Math.round(n * 10) / 10;

async function timed(url: string, token: string): Promise<{ ms: number; bytes: number; status: number }> {
  const start = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { ms: performance.now() - start, bytes, status: res.status };
}

async function benchOn(db: Database, label: string) {
  const { summary, generateMs } = await generateInto(db, HOUSEHOLDS, KEY);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-bench-reports-srv-'));
  const { app, origin } = await serveBench(db, {
    dataDir,
    dataKey: KEY,
    keyFile: 'k.key',
    signInRate: signInRates(1000),
  });
  const base = `${origin}/api/v1`;
  try {
    const callers = { supervisor: await login(origin, 'supervisor'), gm: await login(origin, 'gm') };
    const reports: Record<string, unknown> = {};
    let worst = 0;
    for (const report of REPORTS) {
      const perCaller: Record<string, unknown> = {};
      for (const [who, token] of Object.entries(callers)) {
        const times: number[] = [];
        let rows = 0;
        let bytes = 0;
        for (let i = 0; i < RUNS + 1; i += 1) {
          const r = await timed(`${base}/reports/${report}`, token);
          if (r.status !== 200) throw new Error(`${report} as ${who}: ${r.status}`);
          bytes = r.bytes;
          if (i > 0) times.push(r.ms); // the first call warms the statement caches
        }
        const body = (await (
          await fetch(`${base}/reports/${report}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { rows: unknown[] };
        rows = body.rows.length;
        times.sort((a, b) => a - b);
        worst = Math.max(worst, times[times.length - 1]!);
        perCaller[who] = {
          medianMs: round(times[Math.floor(times.length / 2)]!),
          maxMs: round(times[times.length - 1]!),
          rows,
          jsonBytes: bytes,
        };
      }
      const exports: Record<string, unknown> = {};
      for (const format of REPORT_FORMATS) {
        const r = await timed(`${base}/reports/${report}/export?format=${format}`, callers.supervisor);
        if (r.status !== 200) throw new Error(`${report}.${format}: ${r.status}`);
        worst = Math.max(worst, r.ms);
        exports[format] = { ms: round(r.ms), bytes: r.bytes };
      }
      reports[report] = { ...perCaller, export: exports };
    }
    return {
      database: label,
      households: HOUSEHOLDS,
      items: summary.items.total,
      custodyRows: summary.custodyRows,
      generateMs,
      runs: RUNS,
      reports,
      worstMs: round(worst),
      floorMs: FLOOR_MS,
      withinFloor: worst <= FLOOR_MS,
    };
  } finally {
    await app.closeHttp();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: unknown[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-bench-reports-'));
try {
  const db = openDatabase({ client: 'sqlite', filename: path.join(dir, 'dangan.sqlite') });
  try {
    results.push(await benchOn(db, 'sqlite'));
  } finally {
    await db.close();
  }
  if (values.pg) {
    const name = `dangan_bench_reports_${process.pid}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(values.pg);
    url.pathname = `/${name}`;
    const pdb = openDatabase({ client: 'pg', url: url.toString(), poolMax: 5 });
    try {
      results.push(await benchOn(pdb, 'pg'));
    } finally {
      await pdb.close();
      const a = new pg.Client({ connectionString: values.pg });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
