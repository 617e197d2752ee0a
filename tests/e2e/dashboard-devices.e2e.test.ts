// The board's device side end to end: the server as `npm start` runs it (demo archive, simulated cabinet
// readers, gate and door scanner) and Debian's Chromium. The 设备状态 panel lists the simulated devices;
// the 档案柜 map draws the watched cabinets; when a simulated cabinet changes (its reader stops seeing a
// folder, or one comes back), the `cabinet` event reaches the open board and the map shows the server's new
// figures within a second (issue 15 §9). Screenshots at the board's three sizes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';

declare const document: {
  documentElement: { scrollWidth: number; scrollHeight: number };
  querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }>;
};
declare const innerHeight: number;
declare const innerWidth: number;

const BIN = path.resolve('bin/dangan.js');
const SHOTS = path.resolve('docs/screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
];

interface Shelf {
  code: string;
  inPlace: number;
  reader: { seen: number } | null;
}
interface CabinetMap {
  rooms: Array<{ cabinets: Array<{ code: string; shelves: Shelf[] }> }>;
}
interface Device {
  id: string;
  kind: string;
  condition: string;
}

describe('the board’s devices and cabinets end to end (Chromium, real server, simulated devices)', () => {
  let dataDir = '';
  let server: ChildProcess | undefined;
  let output = '';
  let base = '';
  let browser: Browser | undefined;
  let page: Page;
  let token = '';
  let socket: Socket | undefined;

  async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { code?: string };
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${json.code}`);
    return json;
  }

  /** One cabinet's figures as "shelf:inPlace:seen" strings, from the server or from the board's DOM. */
  const fromServer = async (cabinet: string) => {
    const map = await api<CabinetMap>('GET', `/dashboard/cabinets?cabinet=${encodeURIComponent(cabinet)}`);
    return map.rooms
      .flatMap((r) => r.cabinets)
      .flatMap((c) => c.shelves)
      .map((s) => `${s.code}:${s.inPlace}:${s.reader?.seen ?? ''}`)
      .join(' ');
  };
  const fromBoard = (cabinet: string) =>
    page.evaluate((code) => {
      const rows = document.querySelectorAll(`[data-cabinet="${code}"] [data-shelf]`);
      return Array.from(rows)
        .map(
          (r) =>
            `${r.getAttribute('data-shelf')}:${r.getAttribute('data-in-place')}:${r.getAttribute('data-seen')}`,
        )
        .join(' ');
    }, cabinet);

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-devices-e2e-'));
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        DANGAN_DATA_DIR: dataDir,
        DANGAN_KEY_FILE: `${dataDir}.key`,
        DANGAN_PORT: '0',
        DANGAN_HOST: '127.0.0.1',
        DANGAN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const listening = /listening on (http:\/\/\S+?)\/ /;
    const deadline = Date.now() + 60_000;
    while (!listening.test(output)) {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    base = listening.exec(output)![1]!.replace('localhost', '127.0.0.1');
    token = (
      await api<{ token: string }>('POST', '/auth/login', { username: 'supervisor', password: 'dangan-demo' })
    ).token;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 240_000);

  afterAll(async () => {
    socket?.close();
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (dataDir) rmSync(`${dataDir}.key`, { force: true });
  });

  it('lists the simulated devices with their health and draws the watched cabinets', async () => {
    await page.goto(`${base}/dashboard/`);
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码').fill('dangan-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.live.on').waitFor();
    const { devices } = await api<{ devices: Device[] }>('GET', '/dashboard/devices');
    expect(devices.map((d) => d.kind)).toEqual(expect.arrayContaining(['rfid_reader', 'gate', 'scanner']));
    const panel = page.getByRole('region', { name: '设备与档案柜' });
    for (const d of devices) await panel.locator(`[data-device="${d.id}"]`).waitFor();
    expect(await panel.locator('.device-row .dot-ok').count()).toBeGreaterThan(0);
    await panel.getByRole('tab', { name: /档案柜/ }).click();
    await panel.locator('[data-cabinet="R1-C01"] [data-shelf]').first().waitFor();
  });

  it('shows a simulated cabinet’s change on the open board within a second', async () => {
    // A client of our own hears the same `cabinet` events the board does.
    socket = connect(base, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
      extraHeaders: { origin: base },
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });
    await socket.timeout(5000).emitWithAck('subscribe', { audience: 'dashboard' });
    const changes: Array<{ cabinetId: string | null; heard: number }> = [];
    socket.on('cabinet', (e: { cabinetId: string | null }) => changes.push({ ...e, heard: Date.now() }));
    // The demo's readers see folders come and go by themselves; wait for a change on a watched cabinet.
    let measured = 0;
    const deadline = Date.now() + 90_000;
    while (measured < 2 && Date.now() < deadline) {
      const change = changes.shift();
      if (!change) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (!change.cabinetId) continue;
      // The board has caught up when its figures are the server's now: within a second of the event.
      let agreed = false;
      while (Date.now() - change.heard < 1000) {
        const [server, board] = await Promise.all([
          fromServer(change.cabinetId),
          fromBoard(change.cabinetId),
        ]);
        if (server !== '' && server === board) {
          agreed = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(agreed, `the board shows ${change.cabinetId} as the server does within 1 s`).toBe(true);
      measured++;
      changes.length = 0;
    }
    expect(measured, 'simulated cabinet changes seen').toBeGreaterThan(0);
  }, 120_000);

  it('fits every size without scrolling the page, and takes the screenshots', async () => {
    for (const tab of ['设备状态', '档案柜'] as const) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.getByRole('tab', { name: new RegExp(tab) }).click();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        const fits = await page.evaluate(() => ({
          width: document.documentElement.scrollWidth <= innerWidth,
          height: document.documentElement.scrollHeight <= innerHeight,
        }));
        expect(fits, `${size.width}x${size.height}`).toEqual({ width: true, height: true });
        // A wall screen (1080 lines and up) shows both at once: one picture there.
        if (tab === '设备状态' || size.height < 1000)
          await shot(`dashboard-devices-${tab === '设备状态' ? 'list' : 'map'}-${size.width}x${size.height}`);
      }
    }
  });
});
