// The supervisors' board on the 50,000-household demo archive (a real SQLite file, the server in its own
// process), next to the machine's own limits measured in the same run. Prints one JSON object.
//   (a) first load in headless Chromium: every byte until the board is interactive (as sent, and as gzip
//       would send it), the time from navigation and sign-in until counts and lists are shown, each API call;
//   (b) 50 dashboards as socket.io clients (audience 'dashboard'), check-outs made through HTTP: the time until
//       each dashboard has the custody event; beside it the bare check-out call, and a bare socket.io server
//       (no Dangan) broadcasting to 50 clients on an HTTP call, and one client's round trip; then again with
//       every dashboard reloading its counts and overdue list after each event, as the board does.
// Usage: tsx bench/dashboard.ts [--households 50000] [--checkouts 200] [--dashboards 50] [--loads 3]
//        [--pace 500] [--no-build]  (the kiosk bundle is built first, as `npm run build` does, unless told not to)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_PASSWORD } from '../server/demo/people.js';
import { openDatabase } from '../server/store/db.js';
import { api, demoSqliteFile, login, serveBench, signInRates } from './demo-archive.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '50000' },
    checkouts: { type: 'string', default: '200' },
    dashboards: { type: 'string', default: '50' },
    loads: { type: 'string', default: '3' },
    pace: { type: 'string', default: '500' },
    'no-build': { type: 'boolean', default: false },
    // Internal: run as the server process (Dangan over a file, or a bare socket.io server).
    serve: { type: 'string' },
    bare: { type: 'boolean', default: false },
  },
});
const DATA_KEY = 'ab'.repeat(32);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50), 2),
    p99: round(percentile(s, 99), 2),
    max: round(s.at(-1) ?? NaN, 2),
  };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ——— the server processes ———

async function serveDangan(filename: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-bench-srv-'));
  const db = openDatabase({ client: 'sqlite', filename });
  const { origin } = await serveBench(db, {
    dataDir,
    dataKey: DATA_KEY,
    keyFile: 'bench.key',
    signInRate: signInRates(1_000_000),
    // No simulated cabinets: their events would mix with the ones measured.
    overrides: { hardware: { simulate: false } },
  });
  console.log(`listening ${origin}`);
}

/** The machine's own limit: socket.io without Dangan, a broadcast on each POST /fire, an echo on 'ping'. */
async function serveBare(): Promise<void> {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  io.on('connection', (socket) => socket.on('ping', (x: unknown, ack: (y: unknown) => void) => ack(x)));
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io')) return;
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      io.to('dashboard').emit('custody', JSON.parse(body) as unknown);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  io.on('connection', (socket) => void socket.join('dashboard'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`listening http://127.0.0.1:${(server.address() as { port: number }).port}`);
}

function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/dashboard.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening (http:\/\/\S+)/.exec(output);
      if (m) resolve({ child, url: m[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

// ——— the measurements ———

interface RequestSeen {
  url: string;
  method: string;
  status: number;
  ms: number;
  wireBytes: number;
  gzipBytes: number;
}

/** One cold first load (a fresh browser context: empty cache), signed in as the supervisor. */
async function firstLoad(page: Page, base: string) {
  const seen: RequestSeen[] = [];
  const pending: Array<Promise<void>> = [];
  let wsBytes = 0;
  let recording = true;
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      if (recording) wsBytes += Buffer.byteLength(f.payload);
    });
    ws.on('framesent', (f) => {
      if (recording) wsBytes += Buffer.byteLength(f.payload);
    });
  });
  page.on('requestfinished', (request) => {
    if (!recording) return;
    pending.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
        const headers = sizes.responseHeadersSize + sizes.requestHeadersSize + sizes.requestBodySize;
        const timing = request.timing();
        seen.push({
          url: request.url().replace(base, ''),
          method: request.method(),
          status: response?.status() ?? 0,
          ms: round(timing.responseEnd),
          wireBytes: headers + sizes.responseBodySize,
          gzipBytes: headers + (body.length > 0 ? gzipSync(body).length : 0),
        });
      })(),
    );
  });
  const t0 = performance.now();
  await page.goto(`${base}/dashboard/`);
  await page.getByLabel('用户名').waitFor();
  const formMs = performance.now() - t0;
  await page.getByLabel('用户名').fill('supervisor');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  const t1 = performance.now();
  await page.getByRole('button', { name: '登录' }).click();
  // Interactive: the counts filled in, the overdue list and the alarms listed, the live feed connected.
  // Each awaited at once, and each one's time since the click recorded, to see which comes last.
  const shown = async (selector: string, text?: RegExp) => {
    const l = page.locator(selector);
    await (text ? l.filter({ hasText: text }) : l).first().waitFor();
    return round(performance.now() - t1);
  };
  const [countsMs, overdueMs, alarmsMs, liveMs] = await Promise.all([
    shown('[data-count="inPlace"]', /\d/),
    shown('.overdue-panel .rows > li'),
    shown('.alarm-panel .rows > li'),
    shown('.live.on'),
  ]);
  const t2 = performance.now();
  await sleep(300); // let the last responses' bodies be read
  recording = false;
  await Promise.all(pending);
  const total = seen.reduce((s, r) => s + r.gzipBytes, 0) + wsBytes;
  return {
    navigationToSignInFormMs: round(formMs),
    signInToBoardMs: round(t2 - t1),
    sinceSignIn: { countsMs, overdueMs, alarmsMs, liveMs },
    navigationToBoardMs: round(t2 - t0),
    requests: seen.length,
    gzipBytes: total,
    wireBytes: seen.reduce((s, r) => s + r.wireBytes, 0) + wsBytes,
    socketFrameBytes: wsBytes,
    apiCalls: seen
      .filter((r) => r.url.startsWith('/api/'))
      .map(({ method, url, status, ms, gzipBytes }) => ({ call: `${method} ${url}`, status, ms, gzipBytes })),
    largest: [...seen]
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .slice(0, 5)
      .map(({ url, gzipBytes, wireBytes }) => ({ url, gzipBytes, wireBytes })),
  };
}

function openSockets(url: string, tokens: Array<string | undefined>): Promise<Socket[]> {
  return Promise.all(
    tokens.map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(url, {
            transports: ['websocket'],
            reconnection: false,
            auth: token ? { token } : {},
            extraHeaders: { origin: url },
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
}

/** Waits until every socket has an event for which `match` holds; returns each one's arrival time. */
function arrivals(sockets: Socket[], match: (e: { item?: { barcode?: string } }) => boolean) {
  return Promise.all(
    sockets.map(
      (s) =>
        new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no event within 10 s')), 10_000);
          const on = (e: { item?: { barcode?: string } }) => {
            if (!match(e)) return;
            clearTimeout(timer);
            s.off('custody', on);
            resolve(performance.now());
          };
          s.on('custody', on);
        }),
    ),
  );
}

/**
 * As the board does (kiosk/src/dashboard/controller.ts): 300 ms after a custody event (a burst once), it
 * loads its counts and the first page of the overdue list again. Returns each reload's time.
 */
function reloadLikeTheBoard(base: string, sockets: Socket[], tokens: string[]) {
  const times: number[] = [];
  const failures: string[] = [];
  const state = { waiting: 0 }; // reloads scheduled or under way
  sockets.forEach((s, i) => {
    let timer: NodeJS.Timeout | null = null;
    s.on('custody', () => {
      if (timer) return;
      state.waiting += 1;
      timer = setTimeout(() => {
        timer = null;
        const t0 = performance.now();
        void Promise.all([
          api(base, 'GET', '/dashboard/summary', tokens[i]!),
          api(base, 'GET', '/holdings/all?overdue=true&limit=8&offset=0', tokens[i]!),
        ])
          .then(
            () => times.push(performance.now() - t0),
            (e: unknown) => failures.push(String((e as Error).cause ?? e)),
          )
          .finally(() => (state.waiting -= 1));
      }, 300);
    });
  });
  return { times, failures, state };
}

async function fanOut(base: string, dashboards: number, checkouts: number, paceMs: number) {
  // Viewers who serve every estate (the demo's supervisor2 serves one: its board shows that estate only).
  const users = ['supervisor', 'gm', 'sitemanager'];
  // One after another: sign-ins at once would count as guesses reserved together (the lock-out rule).
  const tokens: string[] = [];
  for (let i = 0; i < dashboards; i++) tokens.push(await login(base, users[i % users.length]!));
  const sockets = await openSockets(base, tokens);
  for (const s of sockets) {
    const reply = (await s.timeout(10_000).emitWithAck('subscribe', { audience: 'dashboard' })) as {
      ok: boolean;
    };
    if (!reply.ok) throw new Error(`subscribe refused: ${JSON.stringify(reply)}`);
  }
  const reloads = paceMs > 0 ? reloadLikeTheBoard(base, sockets, tokens) : null;
  const archivist = await login(base, 'archivist');
  // Level-C household folders in place, each taken out and brought back once.
  const folders: string[] = [];
  for (let n = 1; folders.length < checkouts && n < 20_000; n += 100) {
    const batch = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api<{
          barcode: string;
          state: string;
          dossier: { confidentiality: string; kind: string } | null;
          property: unknown;
        }>(base, 'GET', `/items/F${String(n + i).padStart(9, '0')}`, archivist).catch(() => null),
      ),
    );
    for (const item of batch)
      if (
        item?.state === 'in_place' &&
        item.dossier?.confidentiality === 'C' &&
        item.dossier.kind !== 'litigation' &&
        // A household's folder: a department's own files (no estate) are on its own people's boards only.
        item.property != null
      )
        folders.push(item.barcode);
  }
  // A real event's payload, for the bare server to send the same bytes.
  let sample: unknown = null;
  sockets[0]!.once('custody', (e: unknown) => (sample = e));
  const delivery: number[] = [];
  const perCheckOutMax: number[] = [];
  const call: number[] = [];
  const sinceReturn: number[] = [];
  for (const barcode of folders.slice(0, checkouts)) {
    const got = arrivals(sockets, (e) => e.item?.barcode === barcode);
    const t0 = performance.now();
    await api(base, 'POST', '/circulation/check-out', archivist, { items: [barcode], purpose: '性能测试' });
    const returned = performance.now();
    call.push(returned - t0);
    const arrived = await got;
    const times = arrived.map((t) => t - t0);
    delivery.push(...times);
    // The fan-out alone: arrival after the check-out call returned (negative when the event came first).
    sinceReturn.push(...arrived.map((t) => t - returned));
    perCheckOutMax.push(Math.max(...times));
    if (paceMs > 0) await sleep(paceMs);
    const back = arrivals(sockets, (e) => e.item?.barcode === barcode);
    await api(base, 'POST', '/circulation/check-in', archivist, { item: barcode, inspection: 'intact' });
    await back;
    if (paceMs > 0) await sleep(paceMs);
  }
  // The last reloads: wait until every board has had its answers.
  for (let i = 0; reloads && i < 600 && reloads.state.waiting > 0; i++) await sleep(100);
  for (const s of sockets) s.disconnect();
  return {
    dashboards,
    checkOuts: call.length,
    deliveryMs: stats(delivery),
    afterCallReturnedMs: stats(sinceReturn),
    slowestDashboardPerCheckOutMs: stats(perCheckOutMax),
    checkOutCallMs: stats(call),
    ...(reloads
      ? { boardReloadMs: stats(reloads.times), reloadFailures: reloads.failures.slice(0, 5), paceMs }
      : {}),
    sample,
  };
}

async function bareFanOut(url: string, dashboards: number, n: number, payload: unknown) {
  const sockets = await openSockets(
    url,
    Array.from({ length: dashboards }, () => undefined),
  );
  await sleep(200);
  const delivery: number[] = [];
  const sinceReturn: number[] = [];
  const post: number[] = [];
  for (let i = 0; i < n; i++) {
    const got = arrivals(sockets, (e) => e.item?.barcode === `B${i}`);
    const t0 = performance.now();
    const res = await fetch(`${url}/fire`, {
      method: 'POST',
      body: JSON.stringify({ ...(payload as object), item: { barcode: `B${i}` } }),
    });
    await res.text();
    const returned = performance.now();
    post.push(returned - t0);
    const arrived = await got;
    delivery.push(...arrived.map((t) => t - t0));
    sinceReturn.push(...arrived.map((t) => t - returned));
  }
  const rtt: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await sockets[0]!.emitWithAck('ping', i);
    rtt.push(performance.now() - t0);
  }
  for (const s of sockets) s.disconnect();
  return {
    deliveryMs: stats(delivery),
    afterCallReturnedMs: stats(sinceReturn),
    httpCallMs: stats(post),
    oneClientRoundTripMs: stats(rtt),
  };
}

// ——— the run ———

async function main() {
  const households = Number(values.households);
  const results: Record<string, unknown> = {
    benchmark: 'dashboard',
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
    },
    households,
  };
  if (!values['no-build']) {
    const t = performance.now();
    await promisify(execFile)('npm', ['run', 'build'], {
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
    results.buildMs = Math.round(performance.now() - t);
  }
  const demo = await demoSqliteFile('dangan-bench-dashboard-', households, DATA_KEY);
  await demo.db.close();
  let server: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    results.items = demo.summary.items.total;

    const started = await startChild(['--serve', demo.filename]);
    server = started.child;
    const base = started.url;

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const loads = [];
    try {
      for (let i = 0; i < Number(values.loads); i++) {
        const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
        loads.push(await firstLoad(await context.newPage(), base));
        await context.close();
      }
    } finally {
      await browser.close();
    }
    const sorted = [...loads].sort((a, b) => a.navigationToBoardMs - b.navigationToBoardMs);
    results.firstLoad = {
      floor: { gzipBytes: 200 * 1024, navigationToBoardMs: 1500 },
      runs: loads.map(({ navigationToSignInFormMs, signInToBoardMs, navigationToBoardMs, gzipBytes }) => ({
        navigationToSignInFormMs,
        signInToBoardMs,
        navigationToBoardMs,
        gzipBytes,
      })),
      median: sorted[Math.floor(sorted.length / 2)],
    };

    const dashboards = Number(values.dashboards);
    const checkouts = Number(values.checkouts);
    const { sample, ...fan } = await fanOut(base, dashboards, checkouts, 0);
    results.checkOutToDashboards = { floor: { p99Ms: 50 }, ...fan };
    // The same with every board reloading its counts and overdue list after each event, as the board does,
    // a check-out or check-in every `pace` ms (a busy archive room; the board batches bursts in 300 ms).
    const paced = await fanOut(base, dashboards, Math.ceil(checkouts / 4), Number(values.pace));
    delete (paced as { sample?: unknown }).sample;
    results.checkOutToReloadingDashboards = { floor: { p99Ms: 50 }, ...paced };
    await stopChild(server);
    server = undefined;

    const b = await startChild(['--bare']);
    bare = b.child;
    results.machineLimit = {
      what: `bare socket.io server (no Dangan, no database) in its own process: an HTTP POST broadcasts to ${dashboards} clients`,
      ...(await bareFanOut(b.url, dashboards, checkouts, sample)),
    };
  } finally {
    if (server) await stopChild(server);
    if (bare) await stopChild(bare);
    rmSync(demo.dir, { recursive: true, force: true });
  }
  results.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
  console.log(JSON.stringify(results, null, 2));
}

if (values.serve) await serveDangan(values.serve);
else if (values.bare) await serveBare();
else await main();
