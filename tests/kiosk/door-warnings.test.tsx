// @vitest-environment happy-dom
// What a clerk is told at the door: the session's last seconds (with a button to keep working), overdue
// folders at sign-in, "my loans" with their total, everyone's loans paged for an archivist, and places,
// stations and the room by name.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import type { KioskDeps } from '../../kiosk/src/kiosk/controller';
import { AllLoans } from '../../kiosk/src/kiosk/screens/operator';
import type { Me } from '../../kiosk/src/shared/api/types';
import { STAFF, checkedOut, folder, setup, wedgeType } from './fakes';

beforeAll(() => Promise.all([preloadScreens(), AllLoans.preload()]));

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
  vi.useRealTimers();
});

function mount(deps: Partial<KioskDeps> = {}, me: Me = STAFF) {
  const h = setup({ deps });
  h.server.on('POST', '/auth/badge', { body: { token: 'operator-token', me } });
  h.controller.start();
  stop = () => h.controller.stop();
  render(<KioskApp c={h.controller} />);
  return h;
}

const button = (name: string | RegExp) => screen.getByRole('button', { name });
let clockAt = 10_000;

async function signIn(name = STAFF.displayName) {
  wedgeType('U000000008', 5, document.body, (clockAt += 10_000));
  await screen.findByText('请输入密码');
  for (const d of '1234') fireEvent.click(button(d));
  fireEvent.click(button('确定'));
  await screen.findByText(`${name}，您好`);
}

const warning = () => document.querySelector('.session-warning');

describe('the session’s last seconds', () => {
  it('warns 15 s before the sign-out; 继续使用, a touch or a scan keeps the session', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const h = mount();
    h.server.on('GET', '/items/F000000050', { body: folder() });
    await signIn();
    const refusals = h.sound.refusal.mock.calls.length;

    await vi.advanceTimersByTimeAsync(74_000);
    expect(screen.getByText('16秒后自动退出')).toBeTruthy();
    expect(warning()).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warning()?.textContent).toContain('即将自动退出');
    expect(warning()?.textContent).toContain('15秒后将退出登录');
    expect(h.sound.refusal).toHaveBeenCalledTimes(refusals + 1); // heard, not only seen
    await vi.advanceTimersByTimeAsync(5_000);
    expect(warning()?.textContent).toContain('10秒后将退出登录');
    expect(h.sound.refusal).toHaveBeenCalledTimes(refusals + 1); // once per warning

    fireEvent.click(button('继续使用'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warning()).toBeNull();
    expect(screen.getByText('90秒后自动退出')).toBeTruthy();

    // Any touch keeps it too…
    await vi.advanceTimersByTimeAsync(80_000);
    expect(warning()).not.toBeNull();
    fireEvent.pointerDown(document.body);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warning()).toBeNull();

    // …and so does a scan.
    await vi.advanceTimersByTimeAsync(80_000);
    expect(warning()).not.toBeNull();
    h.controller.scan('F000000050', 'serial');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warning()).toBeNull();
    expect(h.controller.session.me.value).not.toBeNull();

    // Left alone, the warning counts down to the sign-out.
    await vi.advanceTimersByTimeAsync(91_000);
    expect(warning()).toBeNull();
    expect(h.controller.session.me.value).toBeNull();
    expect(screen.getByText('已因长时间无操作自动退出')).toBeTruthy();
  });
});

describe('overdue at sign-in', () => {
  const overdue = (blocksNewLoans: boolean): Me => ({
    ...STAFF,
    overdue: {
      count: 4,
      blocksNewLoans,
      items: ['303', '304', '305', '306'].map((room, i) => ({
        itemId: 50 + i,
        barcode: `F00000005${i}`,
        title: `HY-1-1-${room} 卷`,
        dueAt: '2026-12-02T15:59:59.999Z',
      })),
    },
  });

  it('warns at once, naming the first three with their due dates', async () => {
    mount({}, overdue(false));
    await signIn();
    const box = screen.getByRole('alert');
    expect(box.textContent).toContain('您有4件档案已逾期未还，请尽快归还');
    expect(box.textContent).toContain(
      'HY-1-1-303 卷（应还2026-12-02）、HY-1-1-304 卷（应还2026-12-02）、HY-1-1-305 卷（应还2026-12-02）等4件',
    );
    expect(box.textContent).not.toContain('HY-1-1-306');
    expect(box.textContent).not.toContain('不能借出');
  });

  it('says so when the policy blocks new loans', async () => {
    mount({}, overdue(true));
    await signIn();
    expect(screen.getByRole('alert').textContent).toContain('逾期档案归还前，不能借出新的档案');
  });

  it('says nothing to a borrower with nothing overdue', async () => {
    mount();
    await signIn();
    expect(document.querySelector('.overdue-warning')).toBeNull();
  });
});

describe('loans', () => {
  const ARCHIVIST: Me = { ...STAFF, userId: 3, displayName: '王芳', role: 'archivist' };
  const loan = (i: number, overdue: boolean) => ({
    ...checkedOut(
      folder({
        id: 100 + i,
        barcode: `F0000001${String(i).padStart(2, '0')}`,
        dossier: { id: 200 + i, archiveNo: `HY-3-1-${100 + i}`, kind: null, confidentiality: 'C' },
      }),
    ),
    holder: { userId: 20 + i, name: `借阅人${i}` },
    overdue,
  });

  it('shows the total of my loans, not the length of the page', async () => {
    const h = mount();
    h.server.on('GET', '/holdings', { body: { total: 19, items: [loan(1, false)] } });
    await signIn();
    await screen.findByText('（19）');
    expect(screen.queryByRole('button', { name: '全部借出' })).toBeNull(); // staff see only their own
  });

  it('opens everyone’s loans for an archivist, a page at a time, overdue marked, holders named', async () => {
    const h = mount({}, ARCHIVIST);
    const pages = [[loan(1, true), loan(2, false)], [loan(9, false)]];
    let served = 0;
    h.server.on('GET', '/holdings/all', () => ({ body: { total: 20, items: pages[served++ % 2] } }));
    const allHoldings = vi.spyOn(h.controller.ctx.deps.api, 'allHoldings');
    await signIn('王芳');
    fireEvent.click(button('全部借出'));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('HY-3-1-101');
    expect(allHoldings).toHaveBeenLastCalledWith('operator-token', { limit: 8, offset: 0 });
    expect(h.server.callsTo('GET', '/holdings/all')[0]!.authorization).toBe('Bearer operator-token');
    expect(dialog.textContent).toContain('共20件');
    expect(dialog.textContent).toContain('第1/3页');
    const first = within(dialog).getByText('HY-3-1-101').closest('tr')!;
    expect(first.className).toBe('overdue-text');
    expect(first.textContent).toContain('借阅人1');
    expect(first.textContent).toContain('已逾期');
    expect(within(dialog).getByText('HY-3-1-102').closest('tr')!.textContent).not.toContain('已逾期');
    expect((within(dialog).getByRole('button', { name: '上一页' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(dialog).getByRole('button', { name: '下一页' }));
    await within(dialog).findByText('HY-3-1-109');
    expect(allHoldings).toHaveBeenLastCalledWith('operator-token', { limit: 8, offset: 8 });
    expect(dialog.textContent).toContain('第2/3页');

    fireEvent.click(within(dialog).getByRole('button', { name: '返回' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('王芳，您好')).toBeTruthy();
  });
});

describe('places by name', () => {
  it('names the room in the header, places and stations in the feed, 未登记取出 in the alarm', async () => {
    const h = mount();
    await screen.findByText('一号档案室');
    h.socket.emit('custody', {
      seq: 101,
      at: '2026-11-25T03:10:00.000Z',
      action: 'move',
      station: 'kiosk-1',
      stationName: '档案室门口',
      toState: 'in_place',
      toStateLabel: { zh: '在架', en: 'In place' },
      holder: null,
      actor: { userId: 3, name: '王芳' },
      toLocation: 'R1-C01-S2',
      toLocationName: '1号档案柜 第2层',
      item: { barcode: 'F000000400', title: '', archiveNo: 'HY-1-2-1501', propertyName: null },
    });
    h.socket.emit('alarm', {
      id: 8,
      raisedAt: '2026-11-25T03:11:00.000Z',
      kind: 'unauthorised_removal',
      barcode: 'F000000900',
      archiveNo: 'HY-2-2-1403',
      place: 'R1-C02-S1',
      placeName: '2号档案柜 第1层',
      resolvedAt: null,
    });
    const flash = await screen.findByRole('alert');
    expect(flash.textContent).toContain('未登记取出');
    expect(flash.textContent).toContain('2号档案柜 第1层');
    expect(flash.textContent).not.toContain('R1-C02-S1');
    const rows = document.querySelectorAll('.feed-row');
    expect(rows[0]!.textContent).toContain('未登记取出');
    expect(rows[0]!.textContent).toContain('2号档案柜 第1层');
    expect(rows[1]!.textContent).toContain('1号档案柜 第2层');
    expect(document.querySelector('.feed')!.textContent).not.toMatch(/R1-C0|遗失/);
  });
});

describe('alarms acknowledged or escalated elsewhere', () => {
  it('do not flash at the door when the screen does not list them; a new one does', async () => {
    const h = mount();
    await screen.findByText('一号档案室');
    const old = {
      raisedAt: '2026-11-25T02:11:00.000Z',
      kind: 'unauthorised_removal',
      barcode: 'F000000900',
      archiveNo: 'HY-2-2-1403',
      place: 'R1-C02-S1',
      placeName: '2号档案柜 第1层',
      resolvedAt: null,
    };
    h.socket.emit('alarm', { ...old, id: 21, acknowledgedAt: '2026-11-25T02:20:00.000Z', escalatedAt: null });
    h.socket.emit('alarm', { ...old, id: 22, acknowledgedAt: null, escalatedAt: '2026-11-25T02:41:00.000Z' });
    h.socket.emit('alarm', {
      ...old,
      id: 23,
      acknowledgedAt: null,
      escalatedAt: null,
      archiveNo: 'HY-2-2-1404',
    });
    const flash = await screen.findByRole('alert');
    expect(flash.textContent).toContain('HY-2-2-1404');
    const rows = [...document.querySelectorAll('.feed-row')].map((r) => r.textContent ?? '');
    expect(rows.filter((r) => r.includes('HY-2-2-1403'))).toEqual([]);
  });
});
