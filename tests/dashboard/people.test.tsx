// @vitest-environment happy-dom
// The board's people side against a fake fetch and a fake socket: who holds what (by person, by
// department, one person's folders), the overdue list with the contact as the server masked it, the
// stations' activity, the events panel filled before sign-in and joined by live events once each, paging by
// the rows that fit, and wall-screen mode (pages turn by themselves; the sign-in survives a reload).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { memoryAddress } from '../../kiosk/src/dashboard/navigation';
import { WALL_TOKEN_KEY, memoryStore } from '../../kiosk/src/dashboard/state/wall';
import { createDashboardApi } from '../../kiosk/src/dashboard/api';
import { DashboardController } from '../../kiosk/src/dashboard/controller';
import { fakeServer } from '../kiosk/fakes';
import { DEPARTMENTS, FakeSocket, LATE_LOANS, custody, person, refusal, setup } from './fakes';
import { submitSignIn } from './sign-in';

const stops: Array<() => void> = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
  cleanup();
});

function signIn() {
  submitSignIn('supervisor');
}

function board(...args: Parameters<typeof setup>) {
  const h = setup(...args);
  stops.push(h.stop);
  render(<DashboardApp c={h.c} />);
  return h;
}

describe('the board’s people side', () => {
  it('shows who holds what by person, opens a person’s folders, and sums by department', async () => {
    const h = board();
    signIn();
    const panel = await screen.findByRole('region', { name: '谁借着什么' });
    await within(panel).findByText('张伟');
    expect(panel.textContent).toContain('2人');
    const row = panel.querySelector('[data-user="8"]')!;
    expect(row.textContent).toContain('3件');
    expect(row.textContent).toContain('逾期1件');
    expect(row.textContent).toContain('客服部');
    expect(row.textContent).toContain('自2026-11-02');
    expect(row.textContent).toContain('最早应还：2026-11-2'); // local date of 15:59 UTC
    expect(panel.querySelector('[data-user="9"]')!.textContent).not.toContain('逾期');
    expect(h.server.callsTo('GET', '/dashboard/holders')[0]!.query).toMatchObject({
      by: 'person',
      offset: '0',
    });

    h.server.on('GET', '/dashboard/loans', (call) =>
      call.query.userId === '8' ? { body: LATE_LOANS } : { body: { total: 0, items: [] } },
    );
    fireEvent.click(within(panel).getByRole('button', { name: '张伟' }));
    const folders = await within(panel).findByRole('list', { name: '张伟借着的档案' });
    await within(folders).findByText(LATE_LOANS.items[0]!.item.dossier?.archiveNo ?? 'F000000041');
    expect(h.server.callsTo('GET', '/dashboard/loans').some((c) => c.query.userId === '8')).toBe(true);

    h.server.on('GET', '/dashboard/holders', { body: DEPARTMENTS });
    fireEvent.click(within(panel).getByRole('button', { name: '按部门' }));
    await within(panel).findByText('未分部门');
    expect(panel.textContent).toContain('4人借阅');
    expect(panel.textContent).toContain('9件');
    expect(h.server.callsTo('GET', '/dashboard/holders').at(-1)!.query.by).toBe('department');
  });

  it('shows the overdue holder’s contact as the server masked it, and pages by the rows that fit', async () => {
    const h = board();
    signIn();
    const overdue = await screen.findByRole('region', { name: '逾期未还' });
    await within(overdue).findByText('分机8008 · 139****1008');
    expect(h.server.callsTo('GET', '/dashboard/loans')[0]!.query).toMatchObject({
      overdue: 'true',
      limit: '8',
    });
    // The panel measured room for 13 rows: the next page asked for is 13 long.
    await h.c.fitOverdue(13);
    expect(h.server.callsTo('GET', '/dashboard/loans').at(-1)!.query).toMatchObject({
      limit: '13',
      offset: '0',
    });
    expect(h.c.overdue.size.value).toBe(13);
  });

  it('shows each station’s activity and reloads it when a custody event arrives', async () => {
    const h = board();
    signIn();
    const stations = await screen.findByRole('region', { name: '借还工作站' });
    await within(stations).findByText('档案室门口');
    const door = stations.querySelector('[data-station="kiosk-1"]')!;
    expect(door.textContent).toContain('在线 · 已配对');
    expect(door.textContent).toContain('今日借出12 · 归还7');
    expect(stations.querySelector('[data-station="kiosk-2"]')!.textContent).toContain('离线 · 未配对');
    expect(stations.querySelector('[data-station="kiosk-2"]')!.textContent).toContain('今日暂无动态');
    // "Today" is since this screen's local midnight.
    const since = h.server.callsTo('GET', '/dashboard/stations')[0]!.query.since!;
    expect(new Date(since).getHours()).toBe(0);
    const before = h.server.callsTo('GET', '/dashboard/stations').length;
    await waitFor(() => expect(h.sockets[0]!.subscriptions).toHaveLength(1));
    h.sockets[0]!.emit('custody', custody(200, 'F000000200'));
    await waitFor(() =>
      expect(h.server.callsTo('GET', '/dashboard/stations').length).toBeGreaterThan(before),
    );
  });

  it('fills the events panel with what happened before sign-in, then adds live events once each', async () => {
    const h = setup();
    stops.push(h.stop);
    h.server.on('GET', '/dashboard/recent', {
      body: { events: [custody(101, 'F000000101'), custody(100, 'F000000100'), custody(99, 'F000000099')] },
    });
    render(<DashboardApp c={h.c} />);
    signIn();
    const events = await screen.findByRole('region', { name: '最近动态' });
    await within(events).findByText('HY-0099');
    expect(h.server.callsTo('GET', '/dashboard/recent')[0]!.query.limit).toBe('50');
    await waitFor(() => expect(h.sockets[0]!.subscriptions).toHaveLength(1));
    // The socket's head is 100: 101 came after it, and is also in the first load: shown once.
    h.sockets[0]!.emit('custody', custody(101, 'F000000101'));
    h.sockets[0]!.emit('custody', custody(102, 'F000000102'));
    await within(events).findByText('HY-0102');
    const rows = [...events.querySelectorAll('.event-row')].map((r) => r.getAttribute('data-seq'));
    expect(rows).toEqual(['102', '101', '100', '99']);
  });

  it('on the wall: no buttons to press, pages turn by themselves, and a reload stays signed in', async () => {
    const store = memoryStore();
    const address = memoryAddress('#/?wall=1');
    const h = board(person('supervisor', '李主管'), address, store, 40);
    h.server.on('GET', '/dashboard/loans', (call) => ({
      body: {
        ...LATE_LOANS,
        total: 20,
        items: LATE_LOANS.items.map((l) => ({
          ...l,
          item: { ...l.item, id: Number(call.query.offset) + 1 },
        })),
      },
    }));
    signIn();
    const overdue = await screen.findByRole('region', { name: '逾期未还' });
    await within(overdue).findByText('第1/3页，每15秒翻页');
    expect(within(overdue).queryAllByRole('button')).toHaveLength(0);
    expect(document.querySelector('.board.wall')).not.toBeNull();
    expect(screen.queryByRole('navigation', { name: '页面' })).toBeNull();
    expect(store.getItem(WALL_TOKEN_KEY)).toBe('tok-1');
    // The pages turn by themselves: 8 a page, then 16, then back to the first.
    await waitFor(() =>
      expect(h.server.callsTo('GET', '/dashboard/loans').some((c) => c.query.offset === '8')).toBe(true),
    );
    await waitFor(() =>
      expect(h.server.callsTo('GET', '/dashboard/loans').some((c) => c.query.offset === '16')).toBe(true),
    );
    // The device list and the cabinet map take turns in their panel.
    const tabs = () => h.c.devices.tab.value;
    const seen = new Set([tabs()]);
    await waitFor(() => {
      seen.add(tabs());
      expect(seen).toEqual(new Set(['devices', 'cabinets']));
    });

    // A reload: a new board on the same tab's storage signs in with the kept token, no password asked.
    h.stop();
    cleanup();
    const again = board(person('supervisor', '李主管'), memoryAddress('#/?wall=1'), store);
    await screen.findByRole('region', { name: '谁借着什么' });
    expect(again.server.callsTo('POST', '/auth/login')).toHaveLength(0);
    expect(again.server.callsTo('GET', '/auth/me')[0]!.authorization).toBe('Bearer tok-1');

    // Signing out forgets it.
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    await screen.findByRole('button', { name: '登录' });
    expect(store.getItem(WALL_TOKEN_KEY)).toBeNull();
  });

  it('keeps no token outside wall mode, and drops a kept token the server no longer accepts', async () => {
    const store = memoryStore();
    store.setItem(WALL_TOKEN_KEY, 'old');
    board(person('supervisor', '李主管'), memoryAddress('#/'), store);
    expect(store.getItem(WALL_TOKEN_KEY)).toBeNull();
    signIn();
    await screen.findByRole('region', { name: '谁借着什么' });
    expect(store.getItem(WALL_TOKEN_KEY)).toBeNull();
    cleanup();

    store.setItem(WALL_TOKEN_KEY, 'expired');
    // The server's answer must be in place before the board starts (setup starts it at once).
    const server = fakeServer();
    server.on('GET', '/auth/me', {
      status: 401,
      body: refusal('SESSION_EXPIRED', '登录已过期', 'Session expired'),
    });
    const c = new DashboardController({
      api: createDashboardApi(server.fetch),
      connect: () => new FakeSocket(),
      address: memoryAddress('#/?wall=1'),
      tokenStore: store,
    });
    stops.push(c.start());
    render(<DashboardApp c={c} />);
    await waitFor(() => expect(store.getItem(WALL_TOKEN_KEY)).toBeNull());
    expect(server.callsTo('GET', '/auth/me')[0]!.authorization).toBe('Bearer expired');
    await screen.findByText('登录已过期，请重新登录');
    screen.getByRole('button', { name: '登录' });
  });
});
