// The board's device side end to end: the server as `npm start` runs it (demo archive, simulated cabinet
// readers, gate and door scanner) and Debian's Chromium. The 设备状态 panel lists the simulated devices;
// the 档案柜 map draws the watched cabinets; when a simulated cabinet changes (its reader stops seeing a
// folder, or one comes back), the `cabinet` event reaches the open board and the map shows the server's new
// figures within a second (issue 15 §9). Screenshots at the board's three sizes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
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

declare const document: {
  querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }>;
};

const SHOTS = path.resolve('docs/screenshots');

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
  let demo: ServedDemo | undefined;
  let base = '';
  let browser: Browser | undefined;
  let page: Page;
  let token = '';
  let socket: Socket | undefined;

  const api = <T>(method: string, url: string, body?: unknown) => demo!.api<T>(method, url, token, body);

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
    demo = await serveDemo('dangan-devices-e2e-');
    base = demo.base;
    token = await demo.login('supervisor');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 240_000);

  afterAll(async () => {
    socket?.close();
    await browser?.close();
    await demo?.close();
  });

  it('lists the simulated devices with their health and draws the watched cabinets', async () => {
    await openBoard(page, base, 'supervisor');
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
        expect(await fitsViewport(page), `${size.width}x${size.height}`).toEqual({
          width: true,
          height: true,
        });
        // A wall screen (1080 lines and up) shows both at once: one picture there.
        if (tab === '设备状态' || size.height < 1000)
          await shot(`dashboard-devices-${tab === '设备状态' ? 'list' : 'map'}-${size.width}x${size.height}`);
      }
    }
  });
});
