// The live board's people routes on the demo archive (SQLite file): who holds what by person and by
// department, the overdue list with contacts, a holder's folders, the stations' activity and the latest
// events, each timed over HTTP on loopback (median and p90 of `--runs`) with its gzip size, as the
// supervisor (every estate) and as a supervisor of one estate. Prints one JSON line:
//   npx tsx bench/dashboard-people.ts [--households 50000] [--runs 20]
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { api, demoSqliteFile, login, serveBench } from './demo-archive.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '20' },
  },
});
const households = Number(values.households);
const runs = Number(values.runs);

const demo = await demoSqliteFile('dangan-board-bench-', households);
const { summary } = demo;
try {
  const { app, origin } = await serveBench(demo.db, {
    dataDir: demo.dir,
    dataKey: demo.dataKey,
    keyFile: 'k.key',
  });
  const base = `${origin}/api/v1`;
  const time = async (token: string, url: string) => {
    const ms: number[] = [];
    let bytes = 0;
    let gzip = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      ms.push(performance.now() - started);
      if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
      bytes = Buffer.byteLength(text);
      gzip = gzipSync(text).length;
    }
    ms.sort((x, y) => x - y);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 10) / 10;
    return { medianMs: at(0.5), p90Ms: at(0.9), bytes, gzipBytes: gzip };
  };
  const results: Record<string, Record<string, unknown>> = {};
  for (const username of ['supervisor', 'supervisor2']) {
    const token = await login(origin, username);
    const first = await api<{ people: Array<{ userId: number }> }>(
      origin,
      'GET',
      '/dashboard/holders?by=person&limit=1',
      token,
    );
    const holder = first.people[0]?.userId ?? 1;
    results[username] = {
      holdersByPerson: await time(token, '/dashboard/holders?by=person&limit=20'),
      holdersByDepartment: await time(token, '/dashboard/holders?by=department'),
      overdue: await time(token, '/dashboard/loans?overdue=true&limit=20'),
      holderFolders: await time(token, `/dashboard/loans?userId=${holder}&limit=50`),
      stations: await time(
        token,
        `/dashboard/stations?since=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`,
      ),
      recent: await time(token, '/dashboard/recent?limit=50'),
    };
  }
  await app.closeHttp();
  console.log(
    JSON.stringify({
      households,
      items: summary.items.total,
      custodyRows: summary.custodyRows,
      runs,
      ...results,
    }),
  );
} finally {
  await demo.dispose();
}
