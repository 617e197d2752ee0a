// The supervisors' live board end to end: build, start the server as `npm start` does (demo archive,
// simulated devices), and drive Debian's Chromium with playwright-core. Sign in as the supervisor, see the
// counts the server gives, see a check-out made through the API appear within a second, and take the
// screenshots at the sizes the board is made for (docs: UI.md) into docs/screenshots/dashboard-*.png.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import {
  DASHBOARD_SIZES as SIZES,
  launchChromium,
  serveDemo,
  type ServedDemo,
} from '../helpers/served-demo.js';

// page.evaluate bodies run in the browser; the test program is compiled without DOM types.
declare const document: { documentElement: { scrollWidth: number; scrollHeight: number } };
declare const innerHeight: number;
declare const innerWidth: number;

const SHOTS = path.resolve('docs/screenshots');
/** Shelves the demo's simulated cabinets watch: folders there come and go by themselves. */
const SIMULATED_SHELVES = /^R1-C0[1-3]-/;

interface Item {
  barcode: string;
  state: string;
  dossier: { archiveNo: string | null; confidentiality: string } | null;
  location: { code: string | null } | null;
}
interface Counts {
  inPlace: number;
  out: number;
  overdue: number;
  removed: number;
  missing: number;
}

describe('live board end to end (Chromium, real server)', () => {
  let demo: ServedDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let supervisor = '';
  const api = <T>(method: string, url: string, token: string | null, body?: unknown) =>
    demo!.api<T>(method, url, token, body);

  /** A level-C folder in place, off the simulated shelves, that the supervisor may take out. */
  async function folderInPlace(): Promise<Item> {
    for (let start = 1; start < 1600; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api<Item>('GET', `/items/F${String(start + i).padStart(9, '0')}`, supervisor).catch(() => null),
        ),
      );
      const found = batch.find(
        (i) =>
          i?.state === 'in_place' &&
          i.dossier?.confidentiality === 'C' &&
          i.dossier.archiveNo &&
          !SIMULATED_SHELVES.test(i.location?.code ?? ''),
      );
      if (found) return found;
    }
    throw new Error('the demo archive has no suitable folder');
  }

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    expect(existsSync('kiosk/dist/dashboard/index.html')).toBe(true);
    demo = await serveDemo('dangan-dashboard-e2e-');
    supervisor = await demo.login('supervisor');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('is linked from the start page', async () => {
    await page.goto(`${demo!.base}/`);
    await page.getByRole('link', { name: /实时看板/ }).click();
    await page.getByRole('heading', { name: '登录看板' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
  });

  it('signs the supervisor in and shows the counts the server gives', async () => {
    await shot('dashboard-sign-in');
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码').fill('dangan-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.live.on').waitFor();
    const { counts } = await api<{ counts: Counts }>('GET', '/dashboard/summary', supervisor);
    const shown = page.locator('[data-count="inPlace"]');
    await shown.filter({ hasText: /\d/ }).waitFor();
    expect(Number((await shown.textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(Math.abs(Number((await shown.textContent())!.replace(/,/g, '')) - counts.inPlace)).toBeLessThan(
      20,
    );
    expect(await page.locator('[data-count="missing"]').textContent()).toMatch(/^\d[\d,]*$/);
    // The session is in memory: no cookie is kept by the page (the shared client sends and keeps none).
    expect(await page.context().cookies()).toEqual([]);
  });

  it('shows a check-out made through the API within a second', async () => {
    const folder = await folderInPlace();
    await api('POST', '/circulation/check-out', supervisor, { items: [folder.barcode], purpose: '业主查阅' });
    const done = Date.now();
    const row = page.locator('.event-row', { hasText: folder.dossier!.archiveNo! });
    await row.first().waitFor({ timeout: 1000 });
    expect(Date.now() - done).toBeLessThan(1000);
    expect(await row.first().textContent()).toContain('借出');
    expect(await row.count()).toBe(1);
    // The counts follow the event: the board reloads them, so they agree with the server's again.
    const deadline = Date.now() + 5000;
    for (;;) {
      const { counts } = await api<{ counts: Counts }>('GET', '/dashboard/summary', supervisor);
      const out = Number((await page.locator('[data-count="out"]').textContent())!.replace(/,/g, ''));
      if (out === counts.out) break;
      if (Date.now() > deadline) throw new Error(`the board shows ${out} out, the server ${counts.out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('fits every size without scrolling the page, and takes the screenshots', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(200);
      const fits = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth <= innerWidth,
        height: document.documentElement.scrollHeight <= innerHeight,
      }));
      expect(fits, `${size.width}x${size.height}`).toEqual({ width: true, height: true });
      await shot(`dashboard-${size.width}x${size.height}`);
    }
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByText('Removed, not checked out').waitFor();
    await shot('dashboard-en-1920x1080');
  });

  it('signs out back to the sign-in screen', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the board' }).waitFor();
  });
});
