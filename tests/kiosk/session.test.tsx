// @vitest-environment happy-dom
// The kiosk over time, against a fake fetch and a fake socket (no real server here): batches, the camera
// button, signing out after inactivity, and losing and regaining the server connection.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import type { KioskDeps } from '../../kiosk/src/kiosk/controller';
import { STAFF, SUMMARY, checkedOut, entry, folder, refusal, setup, wedgeType } from './fakes';

// Every screen's chunk loaded up front, as the kiosk prefetches them once idle.
beforeAll(() => preloadScreens());

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

function mount(deps: Partial<KioskDeps> = {}) {
  const h = setup({ deps });
  h.controller.start();
  stop = () => h.controller.stop();
  render(<KioskApp c={h.controller} />);
  return h;
}

const button = (name: string | RegExp) => screen.getByRole('button', { name });
let clockAt = 10_000;

async function signIn() {
  wedgeType('U000000008', 5, document.body, (clockAt += 10_000));
  await screen.findByText('请输入密码');
  for (const d of '1234') fireEvent.click(button(d));
  fireEvent.click(button('确定'));
  await screen.findByText('张伟，您好');
}
const scan = (code: string) => wedgeType(code, 5, document.body, (clockAt += 10_000));

describe('batch mode', () => {
  it('collects many folders, then checks out and in with one confirmation', async () => {
    const h = mount();
    const inPlace = folder();
    const mine = checkedOut(
      folder({
        id: 61,
        barcode: 'F000000060',
        dossier: { id: 12, archiveNo: 'HY-1-1-304', kind: null, confidentiality: 'C' },
      }),
    );
    const others = {
      ...checkedOut(folder({ id: 71, barcode: 'F000000070' })),
      holder: { userId: 9, name: '李娜' },
    };
    for (const item of [inPlace, mine, others]) h.server.on('GET', `/items/${item.barcode}`, { body: item });
    h.server.on('POST', '/circulation/check-out', {
      body: { results: [{ item: checkedOut(inPlace), entry: entry(300, 'check_out') }] },
    });
    h.server.on('POST', '/circulation/check-in', {
      body: { item: folder({ barcode: 'F000000060' }), entry: entry(301, 'check_in') },
    });
    await signIn();
    fireEvent.click(button('批量'));
    await screen.findByText('逐件扫描档案，扫完后统一确认', { selector: '.batch-empty' });
    scan('F000000050');
    scan('F000000060');
    scan('F000000070');
    scan('F000000050'); // the same folder twice is listed once
    await screen.findByText('该档案由李娜借出，不能在此归还');
    await screen.findByText('已在列表中：F000000050');
    expect(document.querySelectorAll('.batch-row')).toHaveLength(3);
    const confirm = button('确认：借出1件，归还1件');
    expect(confirm.hasAttribute('disabled')).toBe(true); // no inspection result yet, nor a purpose
    expect(screen.getByText('请为每件归还档案选择检查结果')).toBeTruthy();
    fireEvent.click(button('完好'));
    expect(screen.getByText('请选择借阅用途', { selector: '.batch-missing' })).toBeTruthy();
    expect(confirm.hasAttribute('disabled')).toBe(true);
    fireEvent.click(button('入伙资料核对'));
    fireEvent.click(button('确认：借出1件，归还1件'));
    await screen.findByText('已借出1件，已归还1件');
    expect(h.server.callsTo('POST', '/circulation/check-out')).toHaveLength(1);
    expect(h.server.callsTo('POST', '/circulation/check-out')[0]!.body).toEqual({
      items: ['F000000050'],
      purpose: '入伙资料核对',
    });
    expect(h.server.callsTo('POST', '/circulation/check-in')[0]!.body).toMatchObject({
      item: 'F000000060',
      inspection: 'intact',
    });
    // What could not be done stays listed with its reason.
    expect(document.querySelectorAll('.batch-row')).toHaveLength(1);
  });

  it('keeps the whole list when the server refuses the batch (all or nothing)', async () => {
    const h = mount();
    for (const n of ['F000000050', 'F000000051'])
      h.server.on('GET', `/items/${n}`, { body: folder({ barcode: n }) });
    h.server.on('POST', '/circulation/check-out', {
      status: 403,
      body: refusal('CLEARANCE_REQUIRED', '该档案密级较高，需经审批后方可借出', 'Needs an approved request'),
    });
    await signIn();
    fireEvent.click(button('批量'));
    scan('F000000050');
    scan('F000000051');
    fireEvent.click(await screen.findByRole('button', { name: '业主查阅' }));
    await waitFor(() => expect(button('确认：借出2件，归还0件').hasAttribute('disabled')).toBe(false));
    fireEvent.click(button('确认：借出2件，归还0件'));
    await screen.findByText('该档案密级较高，需经审批后方可借出');
    expect(document.querySelectorAll('.batch-row')).toHaveLength(2);
    expect(h.sound.refusal).toHaveBeenCalled();
  });
});

describe('camera', () => {
  it('loads the camera scanner only when the button is pressed, and looks up what it reads', async () => {
    const loadCamera = vi.fn(async () => ({
      startCamera: async (_video: HTMLVideoElement, onCode: (code: string) => void) => {
        setTimeout(() => onCode('F000000050'), 10);
        return () => undefined;
      },
    }));
    const h = mount({ loadCamera });
    h.server.on('GET', '/items/F000000050', { body: folder() });
    await signIn();
    expect(loadCamera).not.toHaveBeenCalled();
    fireEvent.click(button('摄像头扫码'));
    expect(screen.getByRole('dialog')).toBeTruthy();
    await screen.findByRole('article', { name: 'HY-1-1-303' });
    expect(loadCamera).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when the camera cannot be opened', async () => {
    mount({ loadCamera: async () => ({ startCamera: () => Promise.reject(new Error('NotAllowedError')) }) });
    await signIn();
    fireEvent.click(button('摄像头扫码'));
    await screen.findByText('无法打开摄像头');
    fireEvent.click(button('关闭'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('inactivity', () => {
  it('counts down and signs the operator out after 90 s without a touch', async () => {
    let now = Date.now();
    const h = mount({ now: () => now });
    await signIn();
    expect(screen.getByText('90秒后自动退出')).toBeTruthy();
    now += 60_000;
    await screen.findByText('30秒后自动退出', {}, { timeout: 2500 });
    now += 31_000;
    await screen.findByText('已因长时间无操作自动退出', {}, { timeout: 2500 });
    expect(screen.getByText('请刷工牌', { selector: '.prompt-main' })).toBeTruthy();
    expect(h.server.callsTo('POST', '/auth/logout')[0]!.authorization).toBe('Bearer operator-token');
  });

  it('goes back to idle when the server has ended the session', async () => {
    const h = mount();
    h.server.on('GET', '/items/F000000050', {
      status: 401,
      body: refusal('SESSION_EXPIRED', '登录已过期，请重新登录', 'Your session has expired; sign in again'),
    });
    await signIn();
    scan('F000000050');
    await screen.findByText('已因长时间无操作自动退出');
    expect(h.controller.session.me.value).toBeNull();
  });
});

describe('connection to the server', () => {
  it('shows a banner when the connection is lost, and recovers by itself: re-subscribe after the last seq, re-fetch the summary', async () => {
    const h = mount();
    await screen.findByText('1498');
    const banner = document.querySelector('.offline-banner')!;
    expect(banner.classList.contains('shown')).toBe(false);
    h.socket.emit('custody', {
      seq: 105,
      at: '2026-11-25T03:10:00.000Z',
      action: 'check_out',
      toStateLabel: { zh: '借出', en: 'Checked out' },
      holder: { userId: 8, name: STAFF.displayName },
      item: { barcode: 'F000000050', archiveNo: 'HY-1-1-303', propertyName: '华苑 1栋1单元303' },
    });
    await screen.findByText('HY-1-1-303');
    h.socket.drop();
    await waitFor(() => expect(banner.classList.contains('shown')).toBe(true));
    expect(banner.textContent).toBe('与服务器的连接已断开，正在自动重连…');
    h.server.on('GET', '/stations/kiosk-1/summary', {
      body: { ...SUMMARY, counts: { ...SUMMARY.counts, out: 64 } },
    });
    h.socket.connect(); // socket.io's own reconnection
    await waitFor(() => expect(banner.classList.contains('shown')).toBe(false));
    expect(h.socket.subscriptions.at(-1)).toEqual({ audience: 'station', station: 'kiosk-1', afterSeq: 105 });
    await screen.findByText('64');
    // The replay after the reconnect may repeat what was already shown: it is not shown twice.
    h.socket.emit('custody', {
      seq: 105,
      at: '',
      action: 'check_out',
      toStateLabel: { zh: '', en: '' },
      item: {},
    });
    expect(document.querySelectorAll('.feed-row')).toHaveLength(1);
  });

  it('shows the banner when the server cannot be reached over HTTP either', async () => {
    const h = mount();
    await screen.findByText('1498');
    h.server.setDown(true);
    await h.controller.station.refresh();
    await waitFor(() => expect(document.querySelector('.offline-banner.shown')).toBeTruthy());
    h.server.setDown(false);
    await h.controller.station.refresh();
    await waitFor(() => expect(document.querySelector('.offline-banner.shown')).toBeNull());
  });
});
