// The door kiosk end to end: build, start the server as `npm start` does (demo archive, simulated devices),
// and drive Debian's Chromium with playwright-core. Pair the screen, sign in with a badge typed by a
// "keyboard-wedge reader", scan a folder by wedge, check it out and see a dashboard socket receive it; a
// refusal; a scan on the simulated serial door scanner shows on the screen; sockets without a session or
// from a foreign origin are refused; an alarm reaches the screen. Screenshots go to docs/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import { itemBatches, launchChromium, serveDemo, signIn, type ServedDemo } from '../helpers/served-demo.js';

// The bodies given to page.evaluate run in the browser. The test program is compiled without DOM types, so the
// little of the DOM they use is declared here.
interface BrowserRect {
  top: number;
  left: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface BrowserElement {
  textContent: string | null;
  className: string;
  getBoundingClientRect(): BrowserRect;
  contains(other: BrowserElement): boolean;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  querySelector(selector: string): BrowserElement | null;
  elementFromPoint(x: number, y: number): BrowserElement | null;
};
declare const innerHeight: number;
declare const innerWidth: number;
declare function getComputedStyle(element: BrowserElement): { lineHeight: string };

const SHOTS = path.resolve('docs/screenshots');
/** The screens the kiosk is made for (docs: UI.md); the last is a 10-inch tablet held upright. */
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
  { width: 800, height: 1280 },
];
const sizeName = (s: { width: number; height: number }) => `${s.width}x${s.height}`;
/** Shelves the demo's simulated cabinets watch: folders there come and go by themselves. */
const SIMULATED_SHELVES = /^R1-C0[1-3]-/;

interface Item {
  barcode: string;
  state: string;
  dossier: { archiveNo: string | null; confidentiality: string } | null;
  location: { code: string | null } | null;
}
interface CustodyEvent {
  seq: number;
  action: string;
  station: string | null;
  item: { barcode: string };
}

describe('door kiosk end to end (Chromium, real server)', () => {
  let demo: ServedDemo | undefined;
  let base = '';
  let browser: Browser | undefined;
  let page: Page;
  const sockets: Socket[] = [];
  let supervisor = '';
  let folders: { checkOut: Item; restricted: Item; serial: Item };

  const api = <T>(method: string, url: string, token: string | null, body?: unknown) =>
    demo!.api<T>(method, url, token, body);
  const login = (username: string) => demo!.login(username);

  function socket(options: { token?: string; origin?: string | null }): Socket {
    const s = connect(base, {
      transports: ['websocket'],
      reconnection: false,
      auth: options.token ? { token: options.token } : {},
      extraHeaders: options.origin === null ? {} : { origin: options.origin ?? base },
    });
    sockets.push(s);
    return s;
  }
  const refusedWith = (s: Socket) =>
    new Promise<{ message: string; data?: { code?: string } }>((resolve, reject) => {
      s.once('connect', () => reject(new Error('a socket that should be refused connected')));
      s.once('connect_error', (e) => resolve(e as unknown as { message: string; data?: { code?: string } }));
    });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  /** Every button named is wholly inside the viewport and is what a finger on its centre touches. */
  async function expectOnScreen(names: string[], where: string) {
    const found = await page.evaluate((names) => {
      const buttons = [...document.querySelectorAll('button')];
      return names.map((name) => {
        const b = buttons.find((x) => x.textContent?.trim() === name);
        if (!b) return { name, problem: 'missing' };
        const r = b.getBoundingClientRect();
        const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const rect = [r.left, r.top, r.right, r.bottom].map(Math.round).join(',');
        if (!inside) return { name, problem: `outside the viewport (${rect})` };
        if (!hit || !b.contains(hit)) return { name, problem: `covered by ${hit?.className ?? 'nothing'}` };
        return { name, problem: '' };
      });
    }, names);
    expect(found.filter((f) => f.problem).map((f) => `${where} ${f.name}: ${f.problem}`)).toEqual([]);
  }
  async function resize(size: { width: number; height: number }) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
  }
  /** What a USB reader in keyboard mode does: fast keystrokes, then Enter. */
  async function wedge(code: string) {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  }

  /** Folders for the story, found as a supervisor: staff's estate (HY), in place, off the simulated shelves. */
  async function findFolders() {
    const levelC: Item[] = [];
    let restricted: Item | undefined;
    for await (const batch of itemBatches<Item>(demo!, supervisor)) {
      for (const i of batch) {
        if (!i || i.state !== 'in_place' || !i.dossier?.archiveNo?.startsWith('HY-')) continue;
        if (SIMULATED_SHELVES.test(i.location?.code ?? '')) continue;
        if (i.dossier.confidentiality === 'C') levelC.push(i);
        else restricted ??= i;
      }
      if (levelC.length >= 2 && restricted) break;
    }
    if (levelC.length < 2 || !restricted) throw new Error('the demo archive has no suitable folders');
    return { checkOut: levelC[0]!, serial: levelC[1]!, restricted };
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildOnce();
    expect(existsSync('kiosk/dist/kiosk/index.html')).toBe(true);
    demo = await serveDemo('dangan-kiosk-e2e-');
    base = demo.base;
    supervisor = await login('supervisor');
    folders = await findFolders();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await browser?.close();
    await demo?.close();
  });

  it('refuses a socket without a session and a socket from another origin', async () => {
    expect((await refusedWith(socket({}))).data?.code).toBe('UNAUTHENTICATED');
    const foreign = await refusedWith(socket({ token: supervisor, origin: 'http://evil.example' }));
    expect(foreign.data?.code).toBeUndefined(); // refused before the handshake (HTTP 400 on a websocket)
    expect(foreign.message).toMatch(/websocket error/i);
  });

  it('pairs the screen to kiosk-1 as the archivist, then shows the idle screen as the station', async () => {
    await page.goto(`${base}/kiosk/`);
    await page.getByRole('heading', { name: '绑定本终端' }).waitFor();
    await signIn(page, 'archivist');
    await page.getByRole('button', { name: /kiosk-1/ }).click();
    await page.locator('.prompt-main', { hasText: '请刷工牌' }).waitFor();
    await page.locator('.count-in .count-value', { hasText: /\d/ }).waitFor();
    expect(await page.locator('.demo-badge').textContent()).toContain('DEMO');
    // The station token is kept; no person's session is (no cookie: the kiosk sends none and keeps none).
    const stored = await page.evaluate('localStorage.getItem("dangan.kiosk.station")');
    expect(JSON.parse(String(stored))).toMatchObject({ station: { id: 'kiosk-1' } });
    expect(await page.context().cookies()).toEqual([]);
    await page.locator('.offline-banner:not(.shown)').waitFor({ state: 'attached' });
  });

  it('signs a person in with a wedge-typed badge and the PIN, scans a folder in place by wedge, checks it out; the dashboard sees it', async () => {
    const dashboard = socket({ token: supervisor });
    const seen: CustodyEvent[] = [];
    dashboard.on('custody', (e: CustodyEvent) => seen.push(e));
    await new Promise<void>((resolve, reject) => {
      dashboard.once('connect', () => resolve());
      dashboard.once('connect_error', reject);
    });
    const sub = (await dashboard.timeout(5000).emitWithAck('subscribe', { audience: 'dashboard' })) as {
      ok: boolean;
    };
    expect(sub.ok).toBe(true);

    await wedge('U000000008'); // staff 张伟's badge
    await page.getByRole('heading', { name: '请输入密码' }).waitFor();
    for (const d of '1234') await page.getByRole('button', { name: d, exact: true }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('张伟，您好').waitFor();

    const { checkOut } = folders;
    await wedge(checkOut.barcode);
    const card = page.getByRole('article', { name: checkOut.dossier!.archiveNo! });
    await card.waitFor();
    expect(await card.textContent()).toContain('在架');
    await shot('kiosk-operator');

    await page.getByRole('button', { name: '业主查阅' }).click();
    await page.getByRole('button', { name: '确认借出' }).click();
    await page.locator('.outcome-success', { hasText: '借出成功' }).waitFor();
    expect(await page.locator('.outcome-detail').textContent()).toMatch(
      /请于\d{4}年\d{1,2}月\d{1,2}日前归还/,
    );
    await shot('kiosk-success');

    const deadline = Date.now() + 5000;
    while (!seen.some((e) => e.item.barcode === checkOut.barcode)) {
      if (Date.now() > deadline) throw new Error('the dashboard did not receive the check-out');
      await new Promise((r) => setTimeout(r, 50));
    }
    const event = seen.find((e) => e.item.barcode === checkOut.barcode)!;
    expect(event).toMatchObject({ action: 'check_out', station: 'kiosk-1' });
  });

  it('shows a refusal in the operator’s language: a folder above the operator’s clearance', async () => {
    await wedge(folders.restricted.barcode);
    // Looking a folder up above one's clearance is CLEARANCE_TOO_LOW (CLEARANCE_REQUIRED is for taking it out).
    await page.locator('.outcome-refusal', { hasText: '您的密级权限不足，不能查阅该档案' }).waitFor();
    await shot('kiosk-error');
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.locator('.outcome-refusal', { hasText: 'Your clearance does not cover this file' }).waitFor();
    await page.getByRole('button', { name: /Switch to Chinese/ }).click();
  });

  it('shows a code scanned on the simulated serial door scanner bound to kiosk-1', async () => {
    const archivist = await login('archivist');
    await api('POST', '/demo/scan', archivist, { code: folders.serial.barcode });
    await page.getByRole('article', { name: folders.serial.dossier!.archiveNo! }).waitFor();
  });

  it('keeps every primary action on screen at every size: a folder to check out, a return with 破损', async () => {
    const blur = () => page.evaluate('document.activeElement?.blur()');
    for (const size of SIZES) {
      await resize(size);
      const name = sizeName(size);
      await blur();
      await wedge(folders.serial.barcode); // in place: the check-out block
      await page.getByRole('button', { name: '确认借出' }).waitFor();
      await expectOnScreen(['完成', '退出', '单件', '批量', '确认借出'], `operator ${name}`);
      if (name !== '1920x1080') await shot(`kiosk-operator-${name}`); // 1920×1080 is kiosk-operator.png
      await wedge(folders.checkOut.barcode); // checked out above: the return block
      await page.getByRole('button', { name: '破损' }).click();
      await page.getByRole('button', { name: '确认归还' }).waitFor();
      await page.waitForTimeout(100);
      await expectOnScreen(['完成', '退出', '单件', '批量', '确认归还'], `check-in ${name}`);
      expect(await page.evaluate('document.activeElement?.tagName')).toBe('TEXTAREA');
      await shot(`kiosk-checkin-${name}`);
      // 完好 is held for an undo: 撤销 is on screen too; undone, the folder stays out for the tests below.
      await blur();
      await page.getByRole('button', { name: '完好' }).click();
      await page.getByRole('button', { name: '撤销' }).waitFor();
      await expectOnScreen(['完成', '退出', '单件', '批量', '撤销'], `undo ${name}`);
      await page.getByRole('button', { name: '撤销' }).click();
      await page.getByRole('button', { name: '破损' }).waitFor();
    }
    await blur();
    await resize({ width: 1920, height: 1080 });
  }, 120_000);

  it('keeps the batch list and its confirmation on screen at every size', async () => {
    const blur = () => page.evaluate('document.activeElement?.blur()');
    await page.getByRole('button', { name: '批量' }).click();
    await blur();
    await wedge(folders.serial.barcode); // in place: to check out
    await wedge(folders.checkOut.barcode); // out: to return
    await page.locator('.batch-row.batch-status-ready').nth(1).waitFor();
    for (const size of SIZES) {
      await resize(size);
      await blur();
      await expectOnScreen(
        ['完成', '退出', '单件', '批量', '完好', '破损', '缺页'],
        `batch ${sizeName(size)}`,
      );
      const confirm = page.locator('.batch-footer .btn-go');
      expect(await confirm.isVisible()).toBe(true);
      const box = await confirm.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= size.height).toBe(true);
      await shot(`kiosk-batch-${sizeName(size)}`);
    }
    // Leave the batch unconfirmed: the folders keep their states for the tests below.
    for (const code of [folders.serial.barcode, folders.checkOut.barcode]) {
      await page.getByRole('button', { name: `移除 ${code}` }).click();
    }
    await page.getByRole('button', { name: '单件' }).click();
    await resize({ width: 1920, height: 1080 });
  }, 120_000);

  it('ends with a receipt and returns to the idle screen, which shows the check-out as it happened', async () => {
    await page.getByRole('button', { name: '完成' }).click();
    const receipt = page.getByRole('article', { name: '借还凭条' });
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain(folders.checkOut.barcode);
    await shot('kiosk-receipt');
    for (const size of SIZES) {
      await resize(size);
      await expectOnScreen(['打印凭条', '关闭'], `receipt ${sizeName(size)}`);
      if (sizeName(size) !== '1920x1080') await shot(`kiosk-receipt-${sizeName(size)}`);
    }
    await resize({ width: 1920, height: 1080 });
    await page.getByRole('button', { name: '关闭' }).click();
    await page.locator('.prompt-main', { hasText: '请刷工牌' }).waitFor();
    await page.locator('.feed-check_out', { hasText: folders.checkOut.dossier!.archiveNo! }).waitFor();
    await shot('kiosk-idle');
  });

  it('keeps 请刷工牌 and the counts on one line and 输入工牌号 on screen at every size', async () => {
    for (const size of SIZES) {
      await resize(size);
      await expectOnScreen(['输入工牌号'], `idle ${sizeName(size)}`);
      const lines = await page.evaluate(() => {
        const p = document.querySelector('.prompt-main')!;
        return p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
      });
      expect(lines).toBeLessThan(1.5);
      const wrapped = await page.evaluate(() =>
        [...document.querySelectorAll('.count-label')]
          .filter((l) => l.getBoundingClientRect().height / parseFloat(getComputedStyle(l).lineHeight) >= 1.5)
          .map((l) => l.textContent),
      );
      expect(wrapped, `counts on one line at ${sizeName(size)}`).toEqual([]);
      if (sizeName(size) !== '1920x1080') await shot(`kiosk-idle-${sizeName(size)}`); // 1920×1080: kiosk-idle.png
    }
    await resize({ width: 1920, height: 1080 });
  });

  it('keeps every key of the PIN pad on screen at every size', async () => {
    await wedge('U000000008');
    await page.getByRole('heading', { name: '请输入密码' }).waitFor();
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '清空', '⌫', '取消', '确定'];
    for (const size of SIZES) {
      await resize(size);
      await expectOnScreen(keys, `PIN ${sizeName(size)}`);
      await shot(`kiosk-pin-${sizeName(size)}`);
    }
    await page.getByRole('button', { name: '取消' }).click();
    await page.locator('.prompt-main', { hasText: '请刷工牌' }).waitFor();
    await resize({ width: 1920, height: 1080 });
  });

  it('fits a portrait screen (1080×1920)', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.waitForTimeout(300);
    const box = await page.locator('.feed').boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(1920);
    await shot('kiosk-portrait');
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('opens everyone’s loans for the archivist, paged, with its buttons on screen at every size', async () => {
    await wedge('U000000002'); // archivist 林晓燕's badge
    await page.getByRole('heading', { name: '请输入密码' }).waitFor();
    for (const d of '1234') await page.getByRole('button', { name: d, exact: true }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('林晓燕，您好').waitFor();
    await page.getByRole('button', { name: '全部借出' }).click();
    const dialog = page.getByRole('dialog', { name: /全部借出的档案/ });
    await dialog.locator('tbody tr').first().waitFor();
    expect(await dialog.locator('tbody tr').count()).toBeLessThanOrEqual(8);
    expect(await dialog.locator('.page-of').textContent()).toMatch(/^第1\/\d+页$/);
    for (const size of SIZES) {
      await resize(size);
      await expectOnScreen(['返回', '上一页', '下一页'], `all loans ${sizeName(size)}`);
    }
    await resize({ width: 1920, height: 1080 });
    await shot('kiosk-all-loans');
    await page.getByRole('button', { name: '下一页' }).click();
    await dialog.locator('.page-of', { hasText: /^第2\// }).waitFor();
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('button', { name: '退出' }).click();
    await page.locator('.prompt-main', { hasText: '请刷工牌' }).waitFor();
  }, 120_000);

  it('shows an alarm from the archive room as it arrives', async () => {
    // A folder that is not checked out passes the simulated door gate: the gate raises an alarm for this station.
    const archivist = await login('archivist');
    const gate = await fetch(`${base}/api/v1/demo/gate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${archivist}` },
      body: JSON.stringify({ code: folders.serial.barcode }),
    });
    expect(gate.status).toBe(200);
    await page.locator('.alarm-flash', { hasText: '门禁报警' }).waitFor({ timeout: 15_000 });
    await page.locator('.feed-alarm').first().waitFor();
    await page.waitForTimeout(300);
    await shot('kiosk-alarm');
  }, 120_000);
});
