// @vitest-environment happy-dom
// A one-touch 完好 return is held for 5 s with 撤销 before it is sent (kiosk/src/kiosk/state/undo-window.ts),
// and sent at once on every way out: the next scan, a mode switch, 完成, the idle timeout, the page leaving.
// Fake timers (advancing with real time too, so testing-library's waits still run).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import { createApi } from '../../kiosk/src/kiosk/api';
import type { KioskDeps } from '../../kiosk/src/kiosk/controller';
import { flushWhenLeaving, leavingAwareFetch } from '../../kiosk/src/kiosk/leaving';
import { checkedOut, entry, folder, setup, wedgeType } from './fakes';

beforeAll(() => preloadScreens());

let stop: (() => void) | null = null;
beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
  vi.useRealTimers();
});

const button = (name: string | RegExp) => screen.getByRole('button', { name });
let clockAt = 10_000;
const scan = (code: string) => wedgeType(code, 5, document.body, (clockAt += 10_000));

const HELD = checkedOut(folder());
const NEXT = folder({
  id: 52,
  barcode: 'F000000052',
  dossier: { id: 12, archiveNo: 'HY-1-1-304', kind: 'individual_buyer', confidentiality: 'C' },
});

async function mountHolding(
  deps: Partial<KioskDeps> = {},
  beforeStart: (h: ReturnType<typeof setup>) => void = () => undefined,
) {
  const h = setup({ deps });
  beforeStart(h);
  h.server.on('GET', `/items/${HELD.barcode}`, { body: HELD });
  h.server.on('GET', `/items/${NEXT.barcode}`, { body: NEXT });
  h.server.on('POST', '/circulation/check-in', { body: { item: folder(), entry: entry(400, 'check_in') } });
  h.controller.start();
  stop = () => h.controller.stop();
  render(<KioskApp c={h.controller} />);
  scan('U000000008');
  await screen.findByText('请输入密码');
  for (const d of '1234') fireEvent.click(button(d));
  fireEvent.click(button('确定'));
  await screen.findByText('张伟，您好');
  scan(HELD.barcode);
  await screen.findByText('归还检查');
  return h;
}

/** Lets `ms` pass on the fake clock, rendering what the timers changed. */
const pass = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
const checkIns = (h: ReturnType<typeof setup>) => h.server.callsTo('POST', '/circulation/check-in');
/** Each call's method and path, in order. */
const order = (h: ReturnType<typeof setup>) => h.server.calls.map((c) => `${c.method} ${c.path}`);

describe('a 完好 return held for an undo', () => {
  it('shows 撤销 and a countdown, sends nothing for 5 s, then checks the folder in', async () => {
    const h = await mountHolding();
    fireEvent.click(button('完好'));
    expect(button('撤销')).toBeTruthy();
    expect(screen.getByText('5秒后提交归还，可撤销')).toBeTruthy();
    expect(screen.getByText('即将归还（完好）', { selector: '.outcome-title' })).toBeTruthy();
    await pass(4000);
    expect(checkIns(h)).toHaveLength(0);
    expect(screen.getByText(/^[12]秒后提交归还，可撤销$/)).toBeTruthy();
    await pass(1100);
    await screen.findByText('归还成功');
    expect(checkIns(h)).toHaveLength(1);
    expect(checkIns(h)[0]!.body).toEqual({ item: HELD.barcode, inspection: 'intact' });
    expect(screen.queryByRole('button', { name: '撤销' })).toBeNull();
  });

  it('撤销 sends nothing and shows the folder card as before the touch', async () => {
    const h = await mountHolding();
    fireEvent.click(button('完好'));
    await pass(2000);
    fireEvent.click(button('撤销'));
    await pass(10_000);
    expect(checkIns(h)).toHaveLength(0);
    expect(screen.getByText('已撤销，档案未归还')).toBeTruthy();
    expect(button('完好').getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText('借出', { selector: '.state' })).toBeTruthy();
    // The card works as before: 完好 again is held again.
    fireEvent.click(button('完好'));
    expect(button('撤销')).toBeTruthy();
  });

  it('is sent at once when the next folder is scanned, before that folder is looked up', async () => {
    const h = await mountHolding();
    fireEvent.click(button('完好'));
    scan(NEXT.barcode);
    await screen.findByRole('article', { name: NEXT.dossier!.archiveNo! });
    await waitFor(() => expect(checkIns(h)).toHaveLength(1));
    const calls = order(h);
    expect(calls.indexOf('POST /circulation/check-in')).toBeLessThan(
      calls.lastIndexOf(`GET /items/${NEXT.barcode}`),
    );
  });

  it('is sent at once on a switch to batch mode', async () => {
    const h = await mountHolding();
    fireEvent.click(button('完好'));
    fireEvent.click(button('批量'));
    await waitFor(() => expect(checkIns(h)).toHaveLength(1));
  });

  it('is sent before 完成 ends the session, and is on the receipt', async () => {
    const h = await mountHolding();
    fireEvent.click(button('完好'));
    fireEvent.click(button('完成'));
    const receipt = await screen.findByRole('article', { name: '借还凭条' });
    expect(receipt.textContent).toContain('归还');
    expect(receipt.textContent).toContain('完好');
    const calls = order(h);
    expect(calls.indexOf('POST /circulation/check-in')).toBeLessThan(calls.indexOf('POST /auth/logout'));
  });

  it('is sent before the idle timeout signs the operator out', async () => {
    const h = await mountHolding({ idleSeconds: 3 });
    fireEvent.click(button('完好'));
    await pass(3500); // the timeout comes before the 5 s are up
    await screen.findByText('已因长时间无操作自动退出');
    expect(checkIns(h)).toHaveLength(1);
    const calls = order(h);
    expect(calls.indexOf('POST /circulation/check-in')).toBeLessThan(calls.indexOf('POST /auth/logout'));
    expect(h.server.callsTo('POST', '/auth/logout')).toHaveLength(1);
  });

  it('is sent with keepalive when the page is hidden', async () => {
    const keepalive: boolean[] = [];
    let serverFetch: typeof fetch = () => Promise.reject(new Error('not started'));
    const network = leavingAwareFetch((input, init) => {
      if (String(input).endsWith('/circulation/check-in')) keepalive.push(init?.keepalive === true);
      return serverFetch(input, init);
    });
    const h = await mountHolding({ api: createApi(network.fetch) }, (h) => (serverFetch = h.server.fetch));
    const page = new EventTarget() as Window;
    flushWhenLeaving(page, h.controller, network.markLeaving);
    page.dispatchEvent(new Event('pagehide')); // nothing held: nothing sent
    fireEvent.click(button('完好'));
    page.dispatchEvent(new Event('pagehide'));
    await waitFor(() => expect(keepalive).toEqual([true]));
  });
});
