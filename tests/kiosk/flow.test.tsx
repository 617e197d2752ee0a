// @vitest-environment happy-dom
// The door kiosk screen by screen, against a fake fetch and a fake socket (no real server here; the e2e test
// has one): pairing, the idle screen, badge + PIN, a folder in place, check-out, a refusal, check-in with
// inspection, the receipt, and the language switch.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import {
  STAFF,
  STATION,
  checkedOut,
  entry,
  folder,
  personType,
  refusal,
  setup,
  wedgeType,
  type FakeServer,
} from './fakes';

// Every screen's chunk loaded up front, as the kiosk prefetches them once idle.
beforeAll(() => preloadScreens());

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

function mount(h: ReturnType<typeof setup>) {
  h.controller.start();
  stop = () => h.controller.stop();
  return render(<KioskApp c={h.controller} />);
}

const button = (name: string | RegExp) => screen.getByRole('button', { name });

async function signIn(h: ReturnType<typeof setup>) {
  wedgeType('U000000008');
  await screen.findByText('请输入密码');
  for (const d of '1234') fireEvent.click(button(d));
  fireEvent.click(button('确定'));
  await screen.findByText('张伟，您好');
  // The station is proven by the screen's station token, not named in the body.
  const badge = h.server.callsTo('POST', '/auth/badge')[0]!;
  expect(badge.body).toEqual({ badge: 'U000000008', pin: '1234' });
  expect(badge.authorization).toBe('Station station-token');
}

function serveFolder(server: FakeServer, item = folder()) {
  server.on('GET', `/items/${item.barcode}`, { body: item });
}

describe('setup: pairing the screen to a station', () => {
  it('signs an archivist in, lists the stations, pairs, keeps the station token and signs the person out', async () => {
    const h = setup({ paired: false });
    h.server.on('POST', '/auth/login', {
      body: { token: 'archivist-token', me: { ...STAFF, role: 'archivist' } },
    });
    h.server.on('GET', '/stations', {
      body: { stations: [STATION, { id: 'kiosk-2', name: '二楼', room: 'R2' }] },
    });
    h.server.on('POST', '/stations/kiosk-1/pair', {
      status: 201,
      body: { token: 'new-station-token', station: STATION },
    });
    mount(h);
    expect(screen.getByRole('heading', { name: '绑定本终端' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('用户名'), { target: { value: 'archivist' } });
    fireEvent.input(screen.getByLabelText('密码'), { target: { value: 'dangan-demo' } });
    fireEvent.click(button('登录'));
    fireEvent.click(await screen.findByRole('button', { name: /kiosk-1/ }));
    await screen.findByText('请刷工牌');
    expect(h.server.callsTo('POST', '/auth/login')[0]!.body).toEqual({
      username: 'archivist',
      password: 'dangan-demo',
    });
    expect(h.server.callsTo('GET', '/stations')[0]!.authorization).toBe('Bearer archivist-token');
    expect(h.server.callsTo('POST', '/stations/kiosk-1/pair')[0]!.authorization).toBe(
      'Bearer archivist-token',
    );
    expect(h.server.callsTo('POST', '/auth/logout')[0]!.authorization).toBe('Bearer archivist-token');
    expect(JSON.parse(h.storage.map.get('dangan.kiosk.station')!)).toEqual({
      token: 'new-station-token',
      station: STATION,
    });
    // The screen now connects as the station, with the token in the handshake (see main.tsx).
    expect(h.tokens).toEqual(['new-station-token']);
  });

  it('shows a refused sign-in in the language of the screen', async () => {
    const h = setup({ paired: false });
    h.server.on('POST', '/auth/login', {
      status: 401,
      body: refusal('LOGIN_FAILED', '用户名或密码错误', 'Wrong username or password'),
    });
    mount(h);
    fireEvent.input(screen.getByLabelText('用户名'), { target: { value: 'archivist' } });
    fireEvent.input(screen.getByLabelText('密码'), { target: { value: 'nope' } });
    fireEvent.click(button('登录'));
    expect((await screen.findByRole('alert')).textContent).toBe('用户名或密码错误');
  });

  it('goes back to pairing when the server no longer knows the station token', async () => {
    const h = setup();
    h.server.on('GET', '/stations/kiosk-1/summary', {
      status: 401,
      body: refusal('STATION_UNPAIRED', '此屏幕尚未绑定工作站或绑定已失效', 'This screen is not paired'),
    });
    mount(h);
    await screen.findByRole('heading', { name: '绑定本终端' });
    expect(h.storage.map.has('dangan.kiosk.station')).toBe(false);
  });
});

describe('idle screen', () => {
  it('shows the clock, station, counts, the badge prompt and the DEMO banner', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    expect(screen.getByText('请刷工牌')).toBeTruthy();
    expect(screen.getByText('Scan your badge')).toBeTruthy();
    expect(screen.getByText(STATION.name)).toBeTruthy();
    expect(screen.getByText('演示数据 DEMO')).toBeTruthy();
    for (const [n, label] of [
      ['63', '借出'],
      ['20', '逾期'],
      ['3', '未登记取出'],
      ['2', '遗失'],
    ])
      expect(screen.getByText(n!).nextElementSibling?.textContent).toBe(label);
    expect(document.querySelector('.clock')?.textContent).toMatch(/^\d\d:\d\d$/);
    expect(h.server.callsTo('GET', '/stations/kiosk-1/summary')[0]!.authorization).toBe(
      'Station station-token',
    );
    // Subscribed as the station once connected.
    expect(h.socket.subscriptions[0]).toEqual({ audience: 'station', station: 'kiosk-1' });
  });

  it('adds cabinet and gate events and alarms to a fixed-height list as they arrive', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('暂无动态');
    const list = document.querySelector('.feed ol')!;
    h.socket.emit('custody', {
      seq: 101,
      at: '2026-11-25T03:10:00.000Z',
      action: 'check_in',
      station: 'kiosk-1',
      toState: 'in_place',
      toStateLabel: { zh: '在架', en: 'In place' },
      holder: null,
      item: {
        barcode: 'F000000400',
        title: '',
        folderGroup: 'a',
        archiveNo: 'HY-1-2-1501',
        propertyName: '华苑 1栋2单元1501',
      },
    });
    h.socket.emit('alarm', {
      id: 7,
      raisedAt: '2026-11-25T03:11:00.000Z',
      kind: 'gate',
      label: { zh: '门禁报警：未借出档案经过门口', en: 'Gate: a folder not checked out is leaving' },
      barcode: 'F000000900',
      archiveNo: 'HY-2-2-1403',
      place: 'kiosk-1',
      resolvedAt: null,
    });
    await screen.findByText('门禁报警：未借出档案经过门口');
    const rows = within(list as HTMLElement).getAllByRole('listitem');
    expect(rows.map((r) => r.className)).toEqual(['feed-row feed-alarm', 'feed-row feed-check_in']);
    expect(rows[1]!.textContent).toContain('HY-1-2-1501');
    expect(h.sound.refusal).toHaveBeenCalledTimes(1); // an alarm is audible
    // …and shown big over the screen until closed (an overlay: nothing under it moves).
    const flash = document.querySelector('.alarm-flash')!;
    expect(flash.textContent).toContain('HY-2-2-1403');
    fireEvent.click(within(flash as HTMLElement).getByRole('button', { name: '关闭' }));
    expect(document.querySelector('.alarm-flash')).toBeNull();
    // Duplicates and stale events (seq at or below the last one seen) are ignored.
    h.socket.emit('custody', {
      seq: 101,
      at: '',
      action: 'check_out',
      toStateLabel: { zh: '', en: '' },
      item: {},
    });
    h.socket.emit('custody', {
      seq: 50,
      at: '',
      action: 'check_out',
      toStateLabel: { zh: '', en: '' },
      item: {},
    });
    expect(within(list as HTMLElement).getAllByRole('listitem')).toHaveLength(2);
    // The door gate seeing a folder is a sighting, not an audit's confirmation.
    h.socket.emit('custody', {
      seq: 102,
      at: '2026-11-25T03:12:00.000Z',
      action: 'seen',
      station: 'gate-1',
      toState: 'in_place',
      toStateLabel: { zh: '在架', en: 'In place' },
      holder: null,
      item: {
        barcode: 'F000000901',
        title: '',
        folderGroup: 'a',
        archiveNo: 'HY-2-2-1404',
        propertyName: '',
      },
    });
    const seen = await within(list as HTMLElement).findByText('设备识读');
    expect(seen.closest('li')!.textContent).toContain('HY-2-2-1404');
    expect(list.textContent).not.toContain('盘点确认');
  });
});

describe('badge and PIN', () => {
  it('takes a wedge-scanned badge, then the PIN from the pad, and starts the operator session', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    await signIn(h);
    expect(screen.getByText(/90秒后自动退出/)).toBeTruthy();
    expect(h.sound.success).toHaveBeenCalled();
    expect(h.server.callsTo('GET', '/holdings')[0]!.authorization).toBe('Bearer operator-token');
  });

  it('accepts a typed badge number and a PIN typed on the keyboard, and refuses a wrong PIN', async () => {
    const h = setup();
    mount(h);
    fireEvent.click(button('输入工牌号'));
    fireEvent.input(screen.getByPlaceholderText('工牌号'), { target: { value: 'U000000008' } });
    fireEvent.click(button('下一步'));
    await screen.findByText('工牌U000000008');
    personType([...'9999', 'Enter']);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('工牌或密码错误'));
    expect(h.sound.refusal).toHaveBeenCalled();
    personType([...'12345', 'Backspace', 'Enter'], 200_000);
    await screen.findByText('张伟，您好');
  });

  it('goes back to pairing when a badge sign-in says the station token is no longer valid', async () => {
    const h = setup();
    h.server.on('POST', '/auth/badge', {
      status: 401,
      body: refusal('STATION_UNPAIRED', '此屏幕尚未绑定工作站或绑定已失效', 'This screen is not paired'),
    });
    mount(h);
    await screen.findByText('1498');
    wedgeType('U000000008');
    await screen.findByText('请输入密码');
    for (const d of '1234') fireEvent.click(button(d));
    fireEvent.click(button('确定'));
    await screen.findByRole('heading', { name: '绑定本终端' });
    expect(h.storage.map.has('dangan.kiosk.station')).toBe(false);
  });

  it('takes a badge from the station’s serial scanner (a socket `scan` event) like a wedge scan', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    h.socket.emit('scan', { deviceId: 'door-scanner', code: 'U000000008', symbology: null, at: '' });
    await screen.findByText('工牌U000000008');
  });
});

describe('operator with folders', () => {
  it('shows a folder in place: 档号, property, masked owner, group, state and holder', async () => {
    const h = setup();
    serveFolder(h.server);
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    const card = await screen.findByRole('article', { name: 'HY-1-1-303' });
    const text = card.textContent!;
    for (const part of [
      'HY-1-1-303',
      '华苑 1栋1单元303',
      '郭*浩',
      '销售、签约、办证及入伙资料',
      '在架',
      'R1-C01-S2',
      '如借出，应还日期', // the due date is known before the operator confirms
    ])
      expect(text).toContain(part);
    expect(h.server.callsTo('GET', '/items/F000000050')[0]!.authorization).toBe('Bearer operator-token');
    expect(button('确认借出').hasAttribute('disabled')).toBe(true); // a purpose first
  });

  it('checks a folder out with a purpose and shows the due date, big and green, with a high beep', async () => {
    const h = setup();
    serveFolder(h.server);
    h.server.on('POST', '/circulation/check-out', {
      body: { results: [{ item: checkedOut(folder()), entry: entry(200, 'check_out') }] },
    });
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    await screen.findByRole('article', { name: 'HY-1-1-303' });
    h.sound.success.mockClear();
    fireEvent.click(button('办理产权证'));
    fireEvent.click(button('确认借出'));
    const status = await screen.findByText('借出成功');
    expect(status.closest('.outcome')?.className).toContain('outcome-success');
    expect(screen.getByText('请于2026年12月2日前归还')).toBeTruthy();
    expect(h.server.callsTo('POST', '/circulation/check-out')[0]!.body).toEqual({
      items: ['F000000050'],
      purpose: '办理产权证',
    });
    expect(h.sound.success).toHaveBeenCalledTimes(1);
  });

  it('takes an "other" purpose as typed text', async () => {
    const h = setup();
    serveFolder(h.server);
    h.server.on('POST', '/circulation/check-out', {
      body: { results: [{ item: checkedOut(folder()), entry: entry(201, 'check_out') }] },
    });
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    await screen.findByRole('article');
    fireEvent.click(button('其他用途'));
    fireEvent.input(screen.getByPlaceholderText('请填写用途'), { target: { value: '法院调档' } });
    fireEvent.click(button('确认借出'));
    await screen.findByText('借出成功');
    expect((h.server.callsTo('POST', '/circulation/check-out')[0]!.body as { purpose: string }).purpose).toBe(
      '法院调档',
    );
  });

  it('shows a refusal with the reason in the operator’s language, red, with a low buzz', async () => {
    const h = setup();
    serveFolder(
      h.server,
      folder({
        dossier: { id: 11, archiveNo: 'HY-1-1-303', kind: 'individual_buyer', confidentiality: 'B' },
      }),
    );
    h.server.on('POST', '/circulation/check-out', {
      status: 403,
      body: refusal(
        'CLEARANCE_REQUIRED',
        '该档案密级较高，需经审批后方可借出',
        'This file’s confidentiality level needs an approved request before it can leave',
        { level: 'B' },
      ),
    });
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    await screen.findByRole('article');
    fireEvent.click(button('业主查阅'));
    fireEvent.click(button('确认借出'));
    const alert = await screen.findByText('该档案密级较高，需经审批后方可借出');
    expect(alert.closest('.outcome')?.className).toContain('outcome-refusal');
    expect(h.sound.refusal).toHaveBeenCalledTimes(1);
    fireEvent.click(button(/Switch to English/));
    expect(
      screen.getByText('This file’s confidentiality level needs an approved request before it can leave'),
    ).toBeTruthy();
  });

  it('refuses a folder outside the operator’s area at the look-up', async () => {
    const h = setup();
    h.server.on('GET', '/items/F000000001', {
      status: 403,
      body: refusal('OUTSIDE_AREA', '该档案不在您负责的范围内', 'This record is outside the area you serve'),
    });
    mount(h);
    await signIn(h);
    wedgeType('F000000001');
    await screen.findByText('该档案不在您负责的范围内');
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('checks in a folder the operator holds: 完好 in one touch, 缺页 with a note', async () => {
    const h = setup();
    const held = checkedOut(folder());
    serveFolder(h.server, held);
    h.server.on('POST', '/circulation/check-in', { body: { item: folder(), entry: entry(202, 'check_in') } });
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    await screen.findByText('归还检查');
    expect(screen.queryByRole('button', { name: '确认借出' })).toBeNull();
    fireEvent.click(button('缺页'));
    const confirm = button('确认归还');
    expect(confirm.hasAttribute('disabled')).toBe(true); // a note is required
    fireEvent.input(screen.getByPlaceholderText('请说明破损或缺页情况'), { target: { value: '缺第3页' } });
    fireEvent.click(button('确认归还'));
    await screen.findByText('归还成功');
    expect(h.server.callsTo('POST', '/circulation/check-in')[0]!.body).toEqual({
      item: 'F000000050',
      inspection: 'pages_missing',
      note: '缺第3页',
    });
    // Next one: intact is a single touch.
    wedgeType('F000000050', 5, document.body, 50_000);
    await screen.findByText('归还检查');
    fireEvent.click(button('完好'));
    // Held for an undo (undo.test.tsx); 完成 sends it at once, before the session ends.
    expect(button('撤销')).toBeTruthy();
    expect(h.server.callsTo('POST', '/circulation/check-in')).toHaveLength(1);
    fireEvent.click(button('完成'));
    await screen.findByRole('article', { name: '借还凭条' });
    expect(h.server.callsTo('POST', '/circulation/check-in')).toHaveLength(2);
    expect(h.server.callsTo('POST', '/circulation/check-in')[1]!.body).toEqual({
      item: 'F000000050',
      inspection: 'intact',
    });
  });

  it('does not offer to check in a folder someone else holds', async () => {
    const h = setup();
    serveFolder(h.server, { ...checkedOut(folder()), holder: { userId: 99, name: '李娜' } });
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    await screen.findByText('该档案由李娜借出，不能在此归还');
    expect(screen.queryByText('归还检查')).toBeNull();
  });

  it('ends with a printable receipt of what was done, then returns to idle', async () => {
    const h = setup();
    serveFolder(h.server);
    h.server.on('POST', '/circulation/check-out', {
      body: { results: [{ item: checkedOut(folder()), entry: entry(203, 'check_out') }] },
    });
    mount(h);
    await signIn(h);
    wedgeType('F000000050');
    await screen.findByRole('article');
    fireEvent.click(button('业主查阅'));
    fireEvent.click(button('确认借出'));
    await screen.findByText('借出成功');
    fireEvent.click(button('完成'));
    const receipt = await screen.findByRole('article', { name: '借还凭条' });
    const text = receipt.textContent!;
    for (const part of ['张伟', STATION.name, 'HY-1-1-303', 'F000000050', '2026-12-02', '借出'])
      expect(text).toContain(part);
    expect(h.server.callsTo('POST', '/auth/logout')[0]!.authorization).toBe('Bearer operator-token');
    fireEvent.click(button('打印凭条'));
    expect(h.controller['deps'].print).toHaveBeenCalled();
    fireEvent.click(button('关闭'));
    await screen.findByText('请刷工牌');
  });
});

describe('language switch', () => {
  it('is always visible, switches every text to English and back, and resets for the next person', async () => {
    const h = setup();
    serveFolder(h.server);
    mount(h);
    await screen.findByText('1498');
    fireEvent.click(button(/Switch to English/));
    expect(screen.getByText('Scan your badge', { selector: '.prompt-main' })).toBeTruthy();
    expect(screen.getByText('In place')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    await signIn2(h);
    wedgeType('F000000050');
    await screen.findByText('Owner look-up');
    expect(screen.getByText('Sales, contract, title and move-in')).toBeTruthy();
    fireEvent.click(button(/Switch to Chinese/));
    expect(screen.getByText('业主查阅')).toBeTruthy();
    fireEvent.click(button(/Switch to English/));
    fireEvent.click(button('Sign out'));
    await screen.findByText('请刷工牌', { selector: '.prompt-main' });
  });
});

/** Signs in on an English screen. */
async function signIn2(h: ReturnType<typeof setup>) {
  wedgeType('U000000008', 5, document.body, 20_000);
  await screen.findByText('Enter your PIN');
  for (const d of '1234') fireEvent.click(button(d));
  fireEvent.click(button('OK'));
  await screen.findByText('Hello, 张伟');
  expect(h.controller.session.me.value?.userId).toBe(8);
}
