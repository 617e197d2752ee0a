// @vitest-environment happy-dom
// The supervisors' live board against a fake fetch and a fake socket: sign-in, the refusal for a role that
// may not watch, the counts, overdue and alarms, a live event appearing, and the lost-connection banner
// with the catch-up by seq after a reconnect (nothing missed, nothing twice).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { SUMMARY, custody, person, refusal, setup } from './fakes';
import { submitSignIn } from './sign-in';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

async function signedIn(role = 'supervisor', name = '李主管') {
  const h = setup(person(role, name));
  stop = h.stop;
  render(<DashboardApp c={h.c} />);
  submitSignIn(role);
  return h;
}

describe('the live board', () => {
  it('signs in with username and password and shows the counts, the overdue list and open alarms', async () => {
    const h = await signedIn();
    await screen.findByText('1,498');
    expect(h.server.callsTo('POST', '/auth/login')[0]!.body).toEqual({
      username: 'supervisor',
      password: 'dangan-demo',
    });
    expect(h.server.callsTo('GET', '/dashboard/summary')[0]!.authorization).toBe('Bearer tok-1');
    const counts = screen.getByRole('region', { name: '档案概况' });
    const figures: Array<[string, string]> = [
      ['在架', '1,498'],
      ['借出', '63'],
      ['逾期', '20'],
      ['移交中', '4'],
      ['未登记取出', '3'],
      ['遗失', '2'],
    ];
    for (const [label, value] of figures)
      expect(within(counts).getByText(label).parentElement!.textContent).toBe(`${label}${value}`);
    const overdue = screen.getByRole('region', { name: '逾期未还' });
    await within(overdue).findByText('逾期3天');
    expect(overdue.textContent).toContain('张伟');
    expect(overdue.textContent).toContain('共1件');
    const alarms = screen.getByRole('region', { name: '未处理报警' });
    await within(alarms).findByText('45分钟前');
    expect(alarms.textContent).toContain('未登记取出');
    expect(alarms.textContent).toContain('1号档案柜 第2层');
    expect(h.sockets[0]!.subscriptions).toEqual([{ audience: 'dashboard' }]);
    screen.getByText('李主管');
  });

  it('shows the server’s refusal of a wrong password', async () => {
    const h = setup();
    stop = h.stop;
    h.server.on('POST', '/auth/login', {
      status: 401,
      body: refusal('INVALID_CREDENTIALS', '用户名或密码不正确', 'Wrong username or password'),
    });
    render(<DashboardApp c={h.c} />);
    submitSignIn('supervisor', 'nope');
    expect((await screen.findByRole('alert')).textContent).toBe('用户名或密码不正确');
    expect(h.sockets).toHaveLength(0);
  });

  it('refuses a role that may not watch the board, and opens no socket', async () => {
    const h = await signedIn('staff', '张伟');
    await screen.findByText('无权查看看板');
    expect(screen.getByRole('alert').textContent).toBe(
      '张伟（员工）的角色不能查看实时看板。如需查看，请联系系统管理员。',
    );
    expect(h.sockets).toHaveLength(0);
    expect(h.server.callsTo('GET', '/dashboard/summary')).toHaveLength(0);
    fireEvent.click(screen.getAllByRole('button', { name: '退出登录' })[0]!);
    await screen.findByRole('button', { name: '登录' });
    expect(h.server.callsTo('POST', '/auth/logout')[0]!.body).toEqual({});
  });

  it('shows an archivist the board read-only', async () => {
    await signedIn('archivist', '王档案');
    await screen.findByText('1,498');
    screen.getByText('只读');
  });

  it('adds a live event at the top as it arrives, once, and reloads the counts', async () => {
    const h = await signedIn();
    await screen.findByText('1,498');
    const before = h.server.callsTo('GET', '/dashboard/summary').length;
    h.sockets[0]!.emit('custody', custody(101, 'F000000123'));
    h.sockets[0]!.emit('custody', custody(101, 'F000000123')); // the same seq again: not shown twice
    const events = screen.getByRole('region', { name: '最近动态' });
    await within(events).findByText('HY-0123');
    expect(within(events).getAllByText('HY-0123')).toHaveLength(1);
    expect(events.textContent).toContain('借出');
    expect(events.textContent).toContain('4号档案柜 第1层');
    await waitFor(() => expect(h.server.callsTo('GET', '/dashboard/summary').length).toBe(before + 1));
  });

  it('shows a banner while the socket is lost, then catches up by seq with nothing missed or twice', async () => {
    const h = await signedIn();
    await screen.findByText('1,498');
    const socket = h.sockets[0]!;
    socket.emit('custody', custody(101, 'F000000101'));
    await screen.findByText('HY-0101');
    const banner = document.querySelector('.offline-banner')!;
    expect(banner.classList.contains('shown')).toBe(false);

    socket.drop();
    await waitFor(() => expect(banner.classList.contains('shown')).toBe(true));
    expect(banner.textContent).toBe('与服务器的连接已断开，正在自动重连，恢复后补齐期间的动态…');

    socket.connect(); // socket.io reconnects by itself
    await waitFor(() => expect(banner.classList.contains('shown')).toBe(false));
    expect(socket.subscriptions.at(-1)).toEqual({ audience: 'dashboard', afterSeq: 101 });
    // The server replays what came after 101; a live copy of 101 overlapping it is dropped.
    socket.emit('custody', custody(101, 'F000000101'));
    socket.emit('custody', custody(102, 'F000000102'));
    await screen.findByText('HY-0102');
    expect(screen.getAllByText('HY-0101')).toHaveLength(1);
    const rows = [...document.querySelectorAll('.event-row')].map((r) => r.getAttribute('data-seq'));
    expect(rows).toEqual(['102', '101']);
  });

  it('reads the figures once at sign-in when the log has not moved before the socket subscribed', async () => {
    const h = await signedIn();
    await screen.findByText('1,498');
    await waitFor(() => expect(h.sockets[0]!.subscriptions).toHaveLength(1));
    await waitFor(() => expect(h.server.callsTo('GET', '/alarms').length).toBeGreaterThanOrEqual(2));
    // Alarms change without a custody row, so they are read again on subscribing; the counts are not.
    expect(h.server.callsTo('GET', '/dashboard/summary')).toHaveLength(1);
  });

  it('reads the figures again when the log moved between the first load and the subscription', async () => {
    const h = setup(person('supervisor', '李主管'));
    stop = h.stop;
    h.server.on('GET', '/dashboard/summary', { body: { ...SUMMARY, headSeq: 99 } });
    render(<DashboardApp c={h.c} />);
    submitSignIn('supervisor');
    await screen.findByText('1,498');
    await waitFor(() => expect(h.server.callsTo('GET', '/dashboard/summary')).toHaveLength(2));
  });

  it('switches to English', async () => {
    const h = await signedIn();
    await screen.findByText('1,498');
    fireEvent.click(screen.getByRole('button', { name: /Switch to English/ }));
    screen.getByText('Removed, not checked out');
    screen.getByRole('region', { name: 'Open alarms' });
    expect(h.c.lang.lang.value).toBe('en');
  });
});
