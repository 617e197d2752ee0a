// The reports page (统计报表) end to end: build, start the server as `npm start` does (demo archive), and
// drive Debian's Chromium with playwright-core as the live board's test does (same launch, same sign-in).
// Sign in as the supervisor, open #/reports, see the chart drawn on a canvas and the table the server
// gives, download the XLSX through the page's button (fetched with the bearer token) and read it back with
// exceljs, and take the screenshots at the sizes the dashboard is made for into docs/screenshots/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';

const BIN = path.resolve('bin/dangan.js');
const SHOTS = path.resolve('docs/screenshots');
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

interface Table {
  columns: Array<{ zh: string }>;
  rows: Array<Array<string | number | null>>;
}

describe('reports page end to end (Chromium, real server)', () => {
  let dataDir = '';
  let server: ChildProcess | undefined;
  let output = '';
  let base = '';
  let browser: Browser | undefined;
  let page: Page;
  let token = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-reports-e2e-'));
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
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: 'dangan-demo' }),
    });
    token = ((await res.json()) as { token: string }).token;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
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

  it('opens the reports page and draws the loans chart on a canvas', async () => {
    await page.goto(`${base}/dashboard/#/reports`);
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码').fill('dangan-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '统计报表' }).waitFor();
    await page.locator('.report-chart canvas').waitFor({ timeout: 10_000 });
    const canvas = await page.locator('.report-chart canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(300);
    // The table shows what the server answers for the same report.
    const api = (await (
      await fetch(`${base}/api/v1/reports/loans_by_department`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as Table;
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
    const file = path.join(dataDir, 'loans.xlsx');
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
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `dashboard-reports-${size.width}x${size.height}.png`) });
    }
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
