// The 通知 page end to end: the server started as `npm start` does (demo archive) with notifications
// configured to local stand-ins (a robot server answering WeCom's "ok" and DingTalk's refusal, a plain
// webhook, an SMTP port nobody listens on) and the overdue digest due at once. In
// Debian's Chromium with playwright-core: the general manager sees the counts and notices, sends a dead
// one again, a supervisor sees the page read-only; screenshots docs/screenshots/dashboard-notices-*.png.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import {
  DASHBOARD_SIZES as SIZES,
  fitsViewport,
  launchChromium,
  serveDemo,
  signIn,
  type ServedDemo,
} from '../helpers/served-demo.js';

const SHOTS = path.resolve('docs/screenshots');
const KEPT = new Set(['1366x768', '1920x1080']);

interface Outbox {
  counts: Array<{ channel: string; status: string; count: number }>;
  notices: Array<{ id: number; status: string; channel: string }>;
  total: number;
}

describe('the notifications page end to end (Chromium, real server)', () => {
  let demo: ServedDemo | undefined;
  let robots: http.Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let gm = '';
  const api = <T>(method: string, url: string, token: string | null, body?: unknown) =>
    demo!.api<T>(method, url, token, body);

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
    demo = await serveDemo('dangan-notices-e2e-', {
      config: {
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
      },
      logLevel: 'error',
      startTimeoutMs: 90_000,
    });
    gm = await demo.login('gm');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await new Promise<void>((resolve) => (robots ? robots.close(() => resolve()) : resolve()));
  });

  it('the digest reaches the outbox and the dispatcher sends, retries and gives up', async () => {
    const deadline = Date.now() + 30_000;
    let box: Outbox;
    for (;;) {
      box = await api<Outbox>('GET', '/notifications/outbox?limit=100', gm);
      // The WeCom robot answers, the DingTalk one refuses (given up after two attempts); the mail channel
      // (nothing listens) gives up too, sooner, now that the demo's people have work addresses.
      const has = (channel: string, status: string) =>
        box.counts.some((c) => c.channel === channel && c.status === status && c.count > 0);
      if (has('hq-room', 'sent') && has('ding-room', 'dead')) break;
      if (Date.now() > deadline) throw new Error(`outbox: ${JSON.stringify(box.counts)}\n${demo!.output()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(box.counts.find((c) => c.channel === 'hq-room' && c.status === 'sent')?.count).toBeGreaterThan(0);
    expect(box.counts.find((c) => c.channel === 'ding-room' && c.status === 'dead')?.count).toBeGreaterThan(
      0,
    );
    expect(JSON.stringify(box)).not.toContain('E2EKEY0001');
  }, 60_000);

  it('shows the general manager the counts and the notices, and sends a dead one again', async () => {
    await page.goto(`${demo!.base}/dashboard/#/notices`);
    await signIn(page, 'gm');
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
      expect(await fitsViewport(page), `${size.width}x${size.height}`).toEqual({ width: true, height: true });
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
    await signIn(page, 'supervisor');
    await page.locator('.notice-row').first().waitFor();
    await page.getByText(/只读：重新发送需要/).waitFor();
    expect(await page.getByRole('button', { name: '重新发送' }).count()).toBe(0);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-notices-supervisor-1920x1080.png') });
  });
});
