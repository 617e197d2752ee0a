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
  fitsViewport,
  itemBatches,
  launchChromium,
  serveDemo,
  signIn,
  type ServedDemo,
} from '../helpers/served-demo.js';

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
    for await (const batch of itemBatches<Item>(demo!, supervisor)) {
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
    // A context of its own, so that a test can open a second tab in the same browser profile.
    page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
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
    await signIn(page, 'supervisor');
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

  it('says so when the connection is lost, and catches up by seq after it: nothing missed, nothing twice', async () => {
    await page.locator('.live.on').waitFor();
    const folder = await folderInPlace();
    // Rows of the folder's dossier (another volume of it may have moved before).
    const rows = page.locator('.event-row', { hasText: folder.dossier!.archiveNo! });
    // The browser goes offline (Chromium's network emulation closes the board's WebSocket too).
    await page.context().setOffline(true);
    try {
      await page.locator('.offline-banner.shown').waitFor({ timeout: 30_000 });
      const before = await rows.count();
      // Meanwhile the folder goes out, through the API (this test's connection is not the browser's).
      await api('POST', '/circulation/check-out', supervisor, {
        items: [folder.barcode],
        purpose: '业主查阅',
      });
      await page.waitForTimeout(300);
      expect(await rows.count()).toBe(before);
      await page.context().setOffline(false);
      // Reconnected: the banner goes, and the missed event is replayed by seq, once.
      await page.locator('.offline-banner:not(.shown)').waitFor({ state: 'attached', timeout: 30_000 });
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 1);
      await page.waitForTimeout(500);
      expect(await rows.count()).toBe(before + 1);
    } finally {
      await page.context().setOffline(false);
    }
  });

  it('shows who holds what, opens a holder’s folders, and masks the overdue holder’s phone', async () => {
    const panel = page.getByRole('region', { name: '谁借着什么' });
    await panel.locator('.holder-row').first().waitFor();
    const holders = await api<{
      total: number;
      people: Array<{ userId: number; name: string; count: number }>;
    }>('GET', '/dashboard/holders?by=person&limit=1', supervisor);
    const first = holders.people[0]!;
    const row = panel.locator(`[data-user="${first.userId}"]`);
    expect(await row.textContent()).toContain(`${first.count}件`);
    await row.getByRole('button', { name: first.name }).click();
    const folders = row.getByRole('list', { name: `${first.name}借着的档案` });
    await folders.locator('li').first().waitFor();
    await expect.poll(() => folders.locator('li').count()).toBe(Math.min(first.count, 50));
    await row.getByRole('button', { name: first.name }).click();
    await panel.getByRole('button', { name: '按部门' }).click();
    await panel.locator('.department-row').first().waitFor();
    await panel.getByRole('button', { name: '按借阅人' }).click();
    await panel.locator('.holder-row').first().waitFor();
    // The overdue list names the holder's extension and a masked phone (the supervisor's role).
    const contact = page.getByRole('region', { name: '逾期未还' }).locator('[data-contact]').first();
    await contact.waitFor();
    expect(await contact.textContent()).toMatch(/^分机\d+ · \d{3}\*{4}\d{4}$/);
  });

  it('fits every size without scrolling the page, with more rows on a larger screen, and takes the screenshots', async () => {
    const rowsShown: number[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(400);
      // A page of the overdue list is as many rows as the panel has room for, all of them in view.
      const overdue = page.locator('.overdue-panel');
      await overdue.locator('.row').first().waitFor();
      await page.waitForTimeout(600); // the page measured, the next page loaded
      const list = (await overdue.locator('.rows').boundingBox())!;
      const last = (await overdue.locator('.row').last().boundingBox())!;
      expect(last.y + last.height, `${size.width}x${size.height}: the last row in view`).toBeLessThanOrEqual(
        list.y + list.height + 1,
      );
      rowsShown.push(await overdue.locator('.row').count());
      expect(await fitsViewport(page), `${size.width}x${size.height}`).toEqual({ width: true, height: true });
      await shot(`dashboard-${size.width}x${size.height}`);
    }
    // The demo has more overdue loans than fit at any size: the big screen shows more of them at once.
    expect(rowsShown[2]!, rowsShown.join(',')).toBeGreaterThan(rowsShown[0]!);
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByText('Removed, not checked out').waitFor();
    await shot('dashboard-en-1920x1080');
  });

  it('signs out back to the sign-in screen', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the board' }).waitFor();
    await page.getByRole('button', { name: /切换到中文|中文/ }).click();
  });

  it('wall mode: pages itself with no buttons, and stays signed in across a reload', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${demo!.base}/dashboard/#/?wall=1`);
    await signIn(page, 'supervisor');
    await page.locator('.board.wall .holder-row').first().waitFor();
    await page.locator('.overdue-panel .row').first().waitFor();
    expect(await page.locator('.overdue-panel .pager button').count()).toBe(0);
    expect(await page.locator('.overdue-panel .pager').textContent()).toMatch(/^第1\/\d+页，每15秒翻页$/);
    // Still no cookie: the token is in this tab's sessionStorage, for wall mode only.
    expect(await page.context().cookies()).toEqual([]);
    await page.reload();
    await page.locator('.board.wall .holder-row').first().waitFor({ timeout: 10_000 });
    expect(await page.getByRole('heading', { name: '登录看板' }).count()).toBe(0);
    await page.locator('.live.on').waitFor();
    await page.waitForTimeout(300);
    await shot('dashboard-wall-1920x1080');
    // The overdue list turns to its second page by itself.
    await page.locator('.overdue-panel .pager', { hasText: /^第2\// }).waitFor({ timeout: 20_000 });
    // Another tab of the same browser is not signed in: the token belongs to the tab that chose the wall.
    const other = await page.context().newPage();
    await other.goto(`${demo!.base}/dashboard/#/?wall=1`);
    await other.getByRole('heading', { name: '登录看板' }).waitFor();
    await other.close();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录看板' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '登录看板' }).waitFor();
  }, 60_000);
});
