// The system administrator's board end to end: the server as `npm start` runs it (demo archive, simulated
// cabinet readers, gate and door scanner) and Debian's Chromium. The admin signs in and sees the system
// view: 设备状态 with the demo's simulated devices, no counts or other records panels, the board and
// notifications tabs only. Screenshot for the README at 1366×768 (the other sizes are looked at, not kept).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import {
  DASHBOARD_SIZES as SIZES,
  fitsViewport,
  launchChromium,
  openBoard,
  serveDemo,
  type ServedDemo,
} from '../helpers/served-demo.js';

const SHOTS = path.resolve('docs/screenshots');

describe('the admin’s system view end to end (Chromium, real server, simulated devices)', () => {
  let demo: ServedDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    demo = await serveDemo('dangan-admin-e2e-');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('signs the admin in to 设备状态 with the simulated devices, and no counts', async () => {
    await openBoard(page, demo!.base, 'admin');
    const token = await demo!.login('admin');
    const { devices } = await demo!.api<{ devices: Array<{ id: string; kind: string }> }>(
      'GET',
      '/dashboard/devices',
      token,
    );
    expect(devices.map((d) => d.kind)).toEqual(expect.arrayContaining(['rfid_reader', 'gate', 'scanner']));
    const panel = page.getByRole('region', { name: '设备状态' });
    for (const d of devices) await panel.locator(`[data-device="${d.id}"]`).waitFor();
    expect(await page.locator('.role').textContent()).toBe('系统管理员');
    await page.getByText('系统视图', { exact: true }).waitFor();
    // No records: no counts, overdue list, alarms, events, holders, cabinet map or stations.
    for (const name of ['档案概况', '逾期未还', '未处理报警', '最近动态', '设备与档案柜'])
      expect(await page.getByRole('region', { name }).count(), name).toBe(0);
    expect(
      await page.locator('.counts, .count-value, .holders-panel, .stations-panel, .cabinet-map').count(),
    ).toBe(0);
    const tabs = await page.getByRole('navigation', { name: '页面' }).getByRole('link').allTextContents();
    expect(tabs).toEqual(['实时看板', '通知']);
    // The server agrees: the records' routes refuse the admin (and the board asks none of them).
    for (const url of [
      '/dashboard/summary',
      '/dashboard/cabinets',
      '/dashboard/stations',
      '/dashboard/recent',
    ])
      await expect(demo!.api('GET', url, token), url).rejects.toThrow(/403 FORBIDDEN/);
  });

  it('fits every size without scrolling the page, and takes the screenshot', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      expect(await fitsViewport(page), `${size.width}x${size.height}`).toEqual({ width: true, height: true });
      const name = `dashboard-admin-${size.width}x${size.height}.png`;
      // The desk size for the README; the others to look at only.
      await page.screenshot({
        path: size.width === 1366 ? path.join(SHOTS, name) : path.join(os.tmpdir(), name),
      });
    }
  });
});
