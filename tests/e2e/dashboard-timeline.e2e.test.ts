// 档案轨迹 end to end: the server as `npm start` runs it (demo archive), Debian's Chromium. The supervisor
// finds a folder by its room (3-2-1502 form), opens its timeline, sees the chain verified to the folder's last
// seq as the server says, reloads onto the same folder from the address, and prints it to PDF: the PDF read
// back through pdftotext (poppler-utils) carries the archive number, the verdict and who printed it, and no
// page tabs. A row then changed in the database file turns the verdict into 校验失败 at that row. Screenshots
// at the dashboard's sizes (in English, and with the failed verdict) go to docs/screenshots/dashboard-timeline-*.png.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import {
  itemBatches,
  launchChromium,
  screenshotAtSizes,
  serveDemo,
  signIn as signInAs,
  type ServedDemo,
} from '../helpers/served-demo.js';

const run = promisify(execFile);
const SHOTS = path.resolve('docs/screenshots');
/** Shelves the demo's simulated cabinets watch: folders there gain rows by themselves. */
const SIMULATED_SHELVES = /^R1-C0[1-3]-/;

interface Item {
  id: number;
  barcode: string;
  state: string;
  dossier: { archiveNo: string | null; confidentiality: string } | null;
  property: { ref: string; name: string | null } | null;
  location: { code: string | null } | null;
}
interface Timeline {
  entries: Array<{ seq: number }>;
  lastSeq: number;
  verification: { verified: boolean; throughSeq: number };
}

describe('folder timeline end to end (Chromium, real server)', () => {
  let demo: ServedDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let supervisor = '';
  let folder: Item;
  let room = '';
  let tmp = '';

  const signIn = () => signInAs(page, 'supervisor');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dangan-timeline-e2e-'));
    await buildOnce();
    demo = await serveDemo('dangan-timeline-e2e-');
    supervisor = await demo.login('supervisor');
    // A level-C folder of a property, in place off the simulated shelves.
    search: for await (const batch of itemBatches<Item>(demo, supervisor)) {
      for (const i of batch) {
        if (
          i?.state === 'in_place' &&
          i.dossier?.confidentiality === 'C' &&
          i.dossier.archiveNo &&
          i.property &&
          !SIMULATED_SHELVES.test(i.location?.code ?? '')
        ) {
          folder = i;
          break search;
        }
      }
    }
    expect(folder, 'the demo archive has a folder of a property in place').toBeDefined();
    // Out and back once, so its timeline tells more than its registration.
    await demo.api('POST', '/circulation/check-out', supervisor, {
      items: [folder.barcode],
      purpose: '业主查阅',
    });
    await demo.api('POST', '/circulation/check-in', supervisor, {
      item: folder.barcode,
      inspection: 'intact',
    });
    // HY-3-2-1502 → 3-2-1502, as staff type a room.
    room = folder.property!.ref.split('-').slice(1).join('-');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the folder by its room and shows its timeline verified to its last seq', async () => {
    await page.goto(`${demo!.base}/dashboard/`);
    await signIn();
    await page.getByRole('link', { name: '档案轨迹' }).click();
    await page.getByLabel('档号、条码或房号').fill(room);
    await page.getByLabel('档号、条码或房号').press('Enter');
    const list = page.getByRole('navigation', { name: '找到的卷' });
    await list.waitFor();
    const pick = list.locator(`a[href*="item=${folder.id}"]`);
    expect(await pick.textContent()).toContain(folder.dossier!.archiveNo!);
    await pick.click();
    const server = await demo!.api<Timeline>('GET', `/items/${folder.id}/timeline`, supervisor);
    expect(server.verification).toMatchObject({ verified: true, throughSeq: server.lastSeq });
    await page.getByText(`已验证至第${server.lastSeq}条`).waitFor();
    expect(await page.locator('.tl-archive-no').textContent()).toBe(folder.dossier!.archiveNo);
    const rows = page.locator('.tl-table tbody tr');
    expect(await rows.count()).toBe(server.entries.length);
    expect(await rows.last().getAttribute('data-seq')).toBe(String(server.lastSeq));
    expect(await rows.nth(1).textContent()).toContain('借出');
    const url = new URL(page.url());
    expect(url.hash).toBe(`#/timeline?${new URLSearchParams({ q: room, item: String(folder.id) })}`);
  });

  it('opens the same folder again after a reload (the address keeps it)', async () => {
    await page.reload();
    // The session lives in memory: a reload signs in again and lands where the address says.
    await signIn();
    await page.locator(`.tl-folder[data-item="${folder.id}"]`).waitFor();
    await page.getByText(/已验证至第\d+条/).waitFor();
  });

  it('prints the folder to PDF: archive number, verdict, who printed it, and no page tabs', async () => {
    const file = path.join(tmp, 'timeline.pdf');
    await page.pdf({ path: file, printBackground: true });
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    expect(stdout).toContain(folder.dossier!.archiveNo!);
    expect(stdout).toMatch(/已验证至第\d+条/);
    expect(stdout).toMatch(/打印人：\S+（主管）/);
    expect(stdout).not.toContain('实时看板');
    expect(stdout).not.toContain('查找');
  });

  it('takes the screenshots at every size', async () => {
    await screenshotAtSizes(page, path.join(SHOTS, 'dashboard-timeline'), 200);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.getByText(/^✔ Verified to seq \d+$/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-timeline-en-1920x1080.png') });
    await page.getByRole('button', { name: /Switch to Chinese/ }).click();
    await page.getByText(/已验证至第\d+条/).waitFor();
  });

  it('says which row fails once one is changed behind the log’s back, and marks it and those after', async () => {
    const out = Number(await page.locator('.tl-table tbody tr').nth(1).getAttribute('data-seq'));
    // As someone with the database file could: the guard trigger dropped, the check-out's reason changed.
    const db = new Sqlite(path.join(demo!.dataDir, 'dangan.sqlite'), { timeout: 10_000 });
    try {
      db.exec('DROP TRIGGER IF EXISTS custody_log_no_update');
      db.prepare('UPDATE custody_log SET reason = ? WHERE seq = ?').run('改过的原因', out);
    } finally {
      db.close();
    }
    await page.reload();
    await signIn();
    await page.getByText(`校验失败：第${out}条`).waitFor();
    const rows = page.locator('.tl-table tbody tr');
    expect(await rows.nth(0).getAttribute('class')).not.toContain('bad');
    expect(await rows.nth(1).getAttribute('class')).toContain('bad');
    expect(await rows.last().getAttribute('class')).toContain('bad');
    expect(await rows.nth(1).textContent()).toContain('改过的原因');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-timeline-failed-1366x768.png') });
  });
});
