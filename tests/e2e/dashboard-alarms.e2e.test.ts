// Alarms on two live boards end to end: build, start the server as `npm start` does (demo archive,
// simulated devices), carry a folder through the simulated door gate (a gate alarm), and drive Debian's
// Chromium with playwright-core as two supervisors on two boards. One acknowledges with a note; the other
// shows who and when within a second, without a reload; then one resolves it with a cause and it leaves
// both lists. Screenshots of the alarm list with its dialog at the desk and wall sizes go to .tmp/ to look
// at; the 1920×1080 one is kept in docs/screenshots/.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';

// page.evaluate bodies run in the browser; the test program is compiled without DOM types.
declare const window: { __sameDocument?: boolean };

const BIN = path.resolve('bin/dangan.js');
const SHOTS = path.resolve('.tmp/screenshots');
const KEPT = path.resolve('docs/screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
];
/** Shelves the demo's simulated cabinets watch: folders there come and go by themselves. */
const SIMULATED_SHELVES = /^R1-C0[1-3]-/;

interface Item {
  barcode: string;
  state: string;
  epc: string | null;
  dossier: { archiveNo: string | null; confidentiality: string } | null;
  location: { code: string | null } | null;
}
interface AlarmView {
  id: number;
  kind: string;
  barcode: string | null;
  acknowledgedAt: string | null;
}

describe('alarms on two live boards (Chromium, real server)', () => {
  let dataDir = '';
  let server: ChildProcess | undefined;
  let output = '';
  let base = '';
  let browser: Browser | undefined;
  let first: Page;
  let second: Page;
  const tokens: Record<string, string> = {};
  let alarm: AlarmView;

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

  /**
   * A gate alarm both supervisors see: the second serves one estate only, so folders are carried through
   * the gate until one of its estate raises an alarm it lists.
   */
  async function gateAlarmForBoth(): Promise<AlarmView> {
    const candidates: Item[] = [];
    for (let from = 1; from < 1600 && candidates.length < 10; from += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api<Item>('GET', `/items/F${String(from + i).padStart(9, '0')}`, tokens.supervisor!).catch(
            () => null,
          ),
        ),
      );
      for (const item of batch) {
        if (
          item?.state === 'in_place' &&
          item.epc &&
          item.dossier?.confidentiality === 'C' &&
          !SIMULATED_SHELVES.test(item.location?.code ?? '')
        )
          candidates.push(item);
      }
    }
    for (const item of candidates) {
      await api('POST', '/demo/gate', tokens.supervisor!, { code: item.barcode });
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        const { alarms } = await api<{ alarms: AlarmView[] }>('GET', '/alarms', tokens.supervisor2!);
        const found = alarms.find((a) => a.kind === 'gate' && a.barcode === item.barcode);
        if (found) return found;
        const all = await api<{ alarms: AlarmView[] }>('GET', '/alarms', tokens.supervisor!);
        // Raised, but not in the second supervisor's estate: try another folder.
        if (all.alarms.some((a) => a.kind === 'gate' && a.barcode === item.barcode)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('no gate alarm both supervisors see');
  }

  async function signIn(page: Page, username: string) {
    await page.goto(`${base}/dashboard/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('dangan-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.live.on').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(KEPT, { recursive: true });
    await buildOnce();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-alarms-e2e-'));
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        DANGAN_DATA_DIR: dataDir,
        // A temp key file outside the data directory, never the real home's.
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
    for (const username of ['supervisor', 'supervisor2']) {
      tokens[username] = (
        await api<{ token: string }>('POST', '/auth/login', null, { username, password: 'dangan-demo' })
      ).token;
    }
    alarm = await gateAlarmForBoth();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // Two contexts: two separate browsers' worth of storage, as two people's screens.
    first = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    second = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  }, 240_000);

  afterAll(async () => {
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

  const rowOn = (page: Page) => page.locator(`.alarm-row[data-alarm="${alarm.id}"]`);

  it('shows an acknowledgement on one board on the other within a second, without a reload', async () => {
    await signIn(first, 'supervisor');
    await signIn(second, 'supervisor2');
    await rowOn(first).waitFor();
    await rowOn(second).waitFor();
    await second.evaluate(() => (window.__sameDocument = true));

    await rowOn(first).getByRole('button', { name: '确认' }).click();
    const dialog = first.getByRole('dialog', { name: '确认报警' });
    await dialog.getByLabel('说明').fill('已通知档案室，正在门口核查');
    const answered = first.waitForResponse((r) => r.url().endsWith(`/alarms/${alarm.id}/acknowledge`));
    await dialog.getByRole('button', { name: '确认报警' }).click();
    expect((await answered).status()).toBe(200);
    const done = Date.now();
    await rowOn(second).locator('.acked', { hasText: '王建华于' }).waitFor({ timeout: 1000 });
    expect(Date.now() - done).toBeLessThan(1000);
    expect(await second.evaluate(() => window.__sameDocument)).toBe(true); // no reload
    // The acknowledging board shows it too, and neither offers 确认 again.
    await rowOn(first).locator('.acked', { hasText: '王建华于' }).waitFor({ timeout: 1000 });
    expect(await rowOn(second).getByRole('button', { name: '确认' }).count()).toBe(0);
    const log = await api<{ actions: Array<{ action: string; note: string | null }> }>(
      'GET',
      `/alarms/${alarm.id}/log`,
      tokens.supervisor2!,
    );
    expect(log.actions).toEqual([
      expect.objectContaining({ action: 'acknowledge', note: '已通知档案室，正在门口核查' }),
    ]);
  });

  it('takes the screenshots of the alarm list with its dialog', async () => {
    for (const size of SIZES) {
      await second.setViewportSize(size);
      await second.waitForTimeout(200);
      await second.screenshot({
        path: path.join(SHOTS, `dashboard-alarm-list-${size.width}x${size.height}.png`),
      });
    }
    await rowOn(second).getByRole('button', { name: '处理' }).click();
    const dialog = second.getByRole('dialog', { name: '处理报警' });
    await dialog.getByLabel('已归还').check();
    await dialog.getByLabel('说明（选填）').fill('在门口追回，已放回原位');
    for (const size of SIZES) {
      await second.setViewportSize(size);
      await second.waitForTimeout(200);
      await second.screenshot({
        path: path.join(SHOTS, `dashboard-alarm-dialog-${size.width}x${size.height}.png`),
      });
    }
    copyFileSync(
      path.join(SHOTS, 'dashboard-alarm-dialog-1920x1080.png'),
      path.join(KEPT, 'dashboard-alarm-dialog-1920x1080.png'),
    );
    await second.setViewportSize({ width: 1920, height: 1080 });
  });

  it('resolves with a cause on one board: the alarm leaves both lists', async () => {
    const dialog = second.getByRole('dialog', { name: '处理报警' });
    const answered = second.waitForResponse((r) => r.url().endsWith(`/alarms/${alarm.id}/resolve`));
    await dialog.getByRole('button', { name: '完成处理' }).click();
    expect((await answered).status()).toBe(200);
    const done = Date.now();
    await rowOn(first).waitFor({ state: 'detached', timeout: 1000 });
    expect(Date.now() - done).toBeLessThan(1000);
    await rowOn(second).waitFor({ state: 'detached', timeout: 1000 });
    const log = await api<{ alarm: { resolutionCause: string; resolvedByName: string } }>(
      'GET',
      `/alarms/${alarm.id}/log`,
      tokens.supervisor!,
    );
    expect(log.alarm).toMatchObject({ resolutionCause: 'returned', resolvedByName: '刘海峰' });
  });
});
