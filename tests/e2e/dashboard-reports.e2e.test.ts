// The reports page (统计报表) end to end: build, start the server as `npm start` does (demo archive), and
// drive Debian's Chromium with playwright-core as the live board's test does (same launch, same sign-in).
// Sign in as the supervisor, open #/reports, see the chart drawn on a canvas and the table the server
// gives, download the XLSX through the page's button (fetched with the bearer token) and read it back with
// exceljs, and take the screenshots at the sizes the dashboard is made for into docs/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import {
  launchChromium,
  screenshotAtSizes,
  serveDemo,
  signIn,
  type ServedDemo,
} from '../helpers/served-demo.js';

const SHOTS = path.resolve('docs/screenshots');

interface Table {
  columns: Array<{ zh: string }>;
  rows: Array<Array<string | number | null>>;
}

describe('reports page end to end (Chromium, real server)', () => {
  let demo: ServedDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let token = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    demo = await serveDemo('dangan-reports-e2e-');
    token = await demo.login('supervisor');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('opens the reports page and draws the loans chart on a canvas', async () => {
    await page.goto(`${demo!.base}/dashboard/#/reports`);
    await signIn(page, 'supervisor');
    await page.getByRole('heading', { name: '统计报表' }).waitFor();
    await page.locator('.report-chart canvas').waitFor({ timeout: 10_000 });
    const canvas = await page.locator('.report-chart canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(300);
    // The table shows what the server answers for the same report.
    const api = await demo!.api<Table>('GET', '/reports/loans_by_department', token);
    expect(api.rows.length).toBeGreaterThan(0);
    expect(await page.locator('.reports-table tbody tr').count()).toBe(api.rows.length);
    expect(await page.locator('.reports-table thead th').first().textContent()).toBe('部门');
  });

  it('downloads the XLSX with the bearer token, and it reads back', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-format="xlsx"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^各部门每月借阅_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const file = path.join(demo!.dataDir, 'loans.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows = Array.from({ length: ws.rowCount }, (_, i) =>
      (ws.getRow(i + 1).values as unknown[]).slice(1),
    );
    expect(String(rows.find((r) => r[0] === '导出人')?.[1])).toMatch(/（supervisor）$/);
    expect(rows.find((r) => r[0] === '部门')).toEqual(['部门', '月份', '借阅次数']);
    expect(String(rows.find((r) => r[0] === '保管日志头')?.[1])).toMatch(/^seq \d+ · [0-9a-f]{64}$/);
    await page.getByRole('status').filter({ hasText: '已下载' }).waitFor();
  });

  it('takes the screenshots of each size, with the time-out histogram too', async () => {
    await screenshotAtSizes(page, path.join(SHOTS, 'dashboard-reports'), 300);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('tab', { name: '出库时长' }).click();
    await page.locator('.reports-summary').waitFor();
    await page.locator('.report-chart canvas').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-reports-time-out-1920x1080.png') });
  });

  it('switches to English: the words, the names in the table and the chart follow', async () => {
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.locator('.reports-table thead th', { hasText: 'Department' }).waitFor();
    await page.getByText('All', { exact: true }).waitFor(); // the total row, named by the server in English
    await page.locator('.report-chart canvas').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-reports-en-1920x1080.png') });
  });
});
