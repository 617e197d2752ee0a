// The 通知 page end to end: the server started as `npm start` does (demo archive) with notifications
// configured to local stand-ins (a robot server answering WeCom's "ok" and DingTalk's refusal, a plain
// webhook, an SMTP port nobody listens on) and the overdue digest due at once. In
// Debian's Chromium with playwright-core: the general manager sees the counts and notices, sends a dead
// one again, a supervisor sees the page read-only; screenshots docs/screenshots/dashboard-notices-*.png.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';

declare const document: { documentElement: { scrollWidth: number; scrollHeight: number } };
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
const KEPT = new Set(['1366x768', '1920x1080']);

interface Outbox {
  counts: Array<{ channel: string; status: string; count: number }>;
  notices: Array<{ id: number; status: string; channel: string }>;
  total: number;
}

describe('the notifications page end to end (Chromium, real server)', () => {
  let dataDir = '';
  let server: ChildProcess | undefined;
  let robots: http.Server | undefined;
  let output = '';
  let base = '';
  let browser: Browser | undefined;
  let page: Page;
  let gm = '';

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
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${json.code}`);
    return json;
  }
  const login = async (username: string) =>
    (await api<{ token: string }>('POST', '/auth/login', null, { username, password: 'dangan-demo' })).token;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    expect(existsSync('kiosk/dist/dashboard/index.html')).toBe(true);
    robots = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const refused = (req.url ?? '').startsWith('/ding');
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(refused ? '{"errcode":310000,"errmsg":"sign not match"}' : '{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((resolve) => robots!.listen(0, '127.0.0.1', resolve));
    const robotBase = `http://127.0.0.1:${(robots.address() as AddressInfo).port}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-notices-e2e-'));
    const configFile = `${dataDir}.config.json`;
    writeFileSync(
      configFile,
      JSON.stringify({
        notifications: {
          channels: [
            { id: 'hq-room', kind: 'wecom', url: `${robotBase}/wecom/send?key=E2EKEY0001` },
            {
              id: 'ding-room',
              kind: 'dingtalk',
              url: `${robotBase}/ding/send?access_token=T0001`,
              secret: 'SEC0001',
            },
            { id: 'ops-hook', kind: 'webhook', url: `${robotBase}/hook`, ratePerMinute: 3 },
            {
              id: 'mail',
              kind: 'email',
              smtp: { host: '127.0.0.1', port: 9, requireTLS: false, connectTimeoutMs: 500 },
              from: '档案室 <archive@example.org>',
            },
          ],
          recipients: [{ name: '客服主管', role: 'supervisor', email: 'sup@example.org' }],
          dispatch: { everyMs: 300, maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 2000 },
          overdueDigest: { enabled: true, at: '00:00' },
        },
      }),
    );
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        DANGAN_CONFIG: configFile,
        DANGAN_DATA_DIR: dataDir,
        DANGAN_KEY_FILE: `${dataDir}.key`,
        DANGAN_PORT: '0',
        DANGAN_HOST: '127.0.0.1',
        DANGAN_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const listening = /listening on (http:\/\/\S+?)\/ /;
    const deadline = Date.now() + 90_000;
    while (!listening.test(output)) {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    base = listening.exec(output)![1]!.replace('localhost', '127.0.0.1');
    gm = await login('gm');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await new Promise<void>((resolve) => (robots ? robots.close(() => resolve()) : resolve()));
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.key`, { force: true });
      rmSync(`${dataDir}.config.json`, { force: true });
    }
  });

  it('the digest reaches the outbox and the dispatcher sends, retries and gives up', async () => {
    const deadline = Date.now() + 30_000;
    let box: Outbox;
    for (;;) {
      box = await api<Outbox>('GET', '/notifications/outbox?limit=100', gm);
      const has = (status: string) => box.counts.some((c) => c.status === status && c.count > 0);
      if (has('sent') && has('dead')) break;
      if (Date.now() > deadline) throw new Error(`outbox: ${JSON.stringify(box.counts)}\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(box.counts.find((c) => c.channel === 'hq-room' && c.status === 'sent')?.count).toBeGreaterThan(0);
    expect(box.counts.find((c) => c.channel === 'ding-room' && c.status === 'dead')?.count).toBeGreaterThan(
      0,
    );
    expect(JSON.stringify(box)).not.toContain('E2EKEY0001');
  }, 60_000);

  it('shows the general manager the counts and the notices, and sends a dead one again', async () => {
    await page.goto(`${base}/dashboard/#/notices`);
    await page.getByLabel('用户名').fill('gm');
    await page.getByLabel('密码').fill('dangan-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('region', { name: '最近的通知' }).waitFor();
    await page.locator('.notice-row').first().waitFor();
    const dead = page.getByRole('button', { name: /已放弃/ });
    await dead.click();
    // The filtered list replaces the whole one: no row of another status stays.
    await page.locator('.notice-row:not(.status-dead)').first().waitFor({ state: 'detached' });
    await page.locator('.notice-row.status-dead').first().waitFor();
    expect(await page.locator('.notice-row:not(.status-dead)').count()).toBe(0);
    const row = page.locator('.notice-row.status-dead').first();
    const id = Number(await row.getAttribute('data-notice'));
    await row.getByRole('button', { name: '重新发送' }).click();
    // Revived: pending, then tried again by the dispatcher (and refused again by DingTalk's stand-in).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const box = await api<Outbox>('GET', '/notifications/outbox?limit=200', gm);
      const n = box.notices.find((x) => x.id === id);
      if (n && n.status !== 'dead') break;
      if (Date.now() > deadline) throw new Error(`notice ${id} was not revived`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.getByRole('button', { name: /全部/ }).click();
    await page.locator('.notice-row.status-sent').first().waitFor();
  });

  it('fits every size without scrolling the page, and takes the screenshots', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      const fits = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth <= innerWidth,
        height: document.documentElement.scrollHeight <= innerHeight,
      }));
      expect(fits, `${size.width}x${size.height}`).toEqual({ width: true, height: true });
      const name = `${size.width}x${size.height}`;
      await page.screenshot({
        path: KEPT.has(name)
          ? path.join(SHOTS, `dashboard-notices-${name}.png`)
          : path.join(os.tmpdir(), `dashboard-notices-${name}.png`),
      });
    }
  });

  it('is read-only for a supervisor', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码').fill('dangan-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.notice-row').first().waitFor();
    await page.getByText(/只读：重新发送需要/).waitFor();
    expect(await page.getByRole('button', { name: '重新发送' }).count()).toBe(0);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-notices-supervisor-1920x1080.png') });
  });
});
