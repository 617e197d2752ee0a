// The Dangan server started as `npm start` starts it (built bundle, demo archive on first start, simulated
// devices) in a temp data directory, on a free port, and a headless Debian Chromium driven by
// playwright-core: the setup the Chromium tests share (tests/e2e/*.e2e.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const BIN = path.resolve('bin/dangan.js');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A desk screen, the wall screen, a large monitor (UI.md). */
export const DASHBOARD_SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
];
/** Every demo account's password. */
export const DEMO_PASSWORD = 'dangan-demo';

export interface ServedDemo {
  /** http://127.0.0.1:PORT */
  base: string;
  /** The server's data directory (its SQLite file is dangan.sqlite there). */
  dataDir: string;
  /** What the server printed so far. */
  output(): string;
  /** A JSON call to /api/v1; a refusal throws with the server's code. */
  api<T>(method: string, url: string, token: string | null, body?: unknown): Promise<T>;
  /** A bearer token for a demo account. */
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** A config file's content: written next to the data directory and given as DANGAN_CONFIG. */
  config?: unknown;
  /** The server's log level (DANGAN_LOG_LEVEL); warn unless said. */
  logLevel?: string;
  /** How long the server may take to listen; a minute unless said. */
  startTimeoutMs?: number;
}

export async function serveDemo(prefix: string, options: ServeOptions = {}): Promise<ServedDemo> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const configFile = `${dataDir}.config.json`;
  if (options.config !== undefined) writeFileSync(configFile, JSON.stringify(options.config));
  let output = '';
  const server: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      ...(options.config === undefined ? {} : { DANGAN_CONFIG: configFile }),
      DANGAN_DATA_DIR: dataDir,
      // A temp key file outside the data directory, never the real home's.
      DANGAN_KEY_FILE: `${dataDir}.key`,
      DANGAN_PORT: '0',
      DANGAN_HOST: '127.0.0.1',
      DANGAN_LOG_LEVEL: options.logLevel ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  async function close() {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.key`, { force: true });
    rmSync(configFile, { force: true });
  }
  const listening = /listening on (http:\/\/\S+?)\/ /;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!listening.test(output)) {
    if (Date.now() > deadline || server.exitCode !== null) {
      await close();
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = listening.exec(output)![1]!.replace('localhost', '127.0.0.1');
  async function api<T>(method: string, url: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { code?: string };
    if (!res.ok) throw Object.assign(new Error(`${method} ${url}: ${res.status} ${json.code}`), { json });
    return json;
  }
  return {
    base,
    dataDir,
    output: () => output,
    api,
    login: async (username) =>
      (await api<{ token: string }>('POST', '/auth/login', null, { username, password: DEMO_PASSWORD }))
        .token,
    close,
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Signs in on the sign-in form the page shows (the dashboard's or the kiosk's) with a demo account. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Opens the live board at `base` and signs in as `username`: resolves once its socket is live. */
export async function openBoard(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/dashboard/`);
  await signIn(page, username);
  await page.locator('.live.on').waitFor();
}

/**
 * Screenshots of what the page shows at each of the dashboard's sizes, to `${pathPrefix}-WxH.png`, each
 * `settleMs` after the resize (the layout redrawn).
 */
export async function screenshotAtSizes(page: Page, pathPrefix: string, settleMs: number): Promise<void> {
  for (const size of DASHBOARD_SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(settleMs);
    await page.screenshot({ path: `${pathPrefix}-${size.width}x${size.height}.png` });
  }
}

// page.evaluate bodies run in the browser; the test program is compiled without DOM types.
declare const document: { documentElement: { scrollWidth: number; scrollHeight: number } };
declare const innerHeight: number;
declare const innerWidth: number;

/** Whether the page's content fits the viewport across and down (no scrolling of the page). */
export function fitsViewport(page: Page): Promise<{ width: boolean; height: boolean }> {
  return page.evaluate(() => ({
    width: document.documentElement.scrollWidth <= innerWidth,
    height: document.documentElement.scrollHeight <= innerHeight,
  }));
}

/**
 * The demo archive's folders F000000001…F000001649 as the account behind `token` sees them, 50 asked at
 * once: each batch in barcode order, null where the server refuses or has none. Stop early with `break`.
 */
export async function* itemBatches<T>(demo: ServedDemo, token: string): AsyncGenerator<Array<T | null>> {
  for (let start = 1; start < 1600; start += 50) {
    yield await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        demo.api<T>('GET', `/items/F${String(start + i).padStart(9, '0')}`, token).catch(() => null),
      ),
    );
  }
}
