// @vitest-environment happy-dom
// The 通知 page: counts per status and channel, the recent notices coloured by status, a filter by status
// (the server is asked for that status), 重新发送 for a dead notice for the roles that may (and its
// reload), none for a supervisor (read-only), the refusal for a role the server refuses, and the polling.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardApi } from '../../kiosk/src/dashboard/api';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { memoryAddress } from '../../kiosk/src/dashboard/navigation';
import { NoticesState } from '../../kiosk/src/dashboard/notices/state';
import { OUTBOX, person, refusal, setup } from './fakes';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

/** The page open for `role`; the fake server's URLs (with their queries) recorded. */
async function open(role: string, name: string) {
  const h = setup(person(role, name), memoryAddress('#/notices'));
  stop = h.stop;
  const urls: string[] = [];
  const inner = h.server.fetch;
  // The fake server records paths only; the filter is in the query, so record the whole URL too.
  (h.c as unknown as { deps: { api: unknown } }).deps.api = createDashboardApi(((input, init) => {
    urls.push(String(input));
    return inner(input, init);
  }) as typeof fetch);
  render(<DashboardApp c={h.c} />);
  await h.c.session.signIn(role, 'dangan-demo');
  return { ...h, urls };
}

describe('the notifications page', () => {
  it('shows counts per status and channel and the recent notices with their status', async () => {
    await open('gm', '陈总');
    const counts = await screen.findByRole('group', { name: '按状态筛选' });
    const count = (label: string) =>
      within(counts)
        .getByRole('button', { name: new RegExp(label) })
        .querySelector('.count-value')!.textContent;
    await waitFor(() => expect(count('全部')).toBe('44'));
    expect(count('已发送')).toBe('42');
    expect(count('重试中')).toBe('1');
    expect(count('已放弃')).toBe('1');
    const channels = screen.getByRole('region', { name: '各渠道' });
    const row = within(channels).getByText('hy-room').closest('tr')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'hy-room企业微信',
      '0',
      '30',
      '0',
      '1',
    ]);
    const list = screen.getByRole('region', { name: '最近的通知' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]!.className).toContain('status-dead');
    expect(items[0]!.textContent).toContain('报警 #17');
    expect(items[0]!.textContent).toContain('invalid webhook url');
    expect(items[1]!.textContent).toContain('重试中');
    expect(items[1]!.textContent).toContain('z***@example.org');
    expect(items[2]!.textContent).toContain('逾期日报 2026-11-25');
    // 重新发送 only on the dead one.
    expect(within(list).getAllByRole('button', { name: '重新发送' })).toHaveLength(1);
    expect(within(items[0]!).getByRole('button', { name: '重新发送' })).toBeTruthy();
  });

  it('filters by status, asking the server for it', async () => {
    const h = await open('gm', '陈总');
    const counts = await screen.findByRole('group', { name: '按状态筛选' });
    fireEvent.click(within(counts).getByRole('button', { name: /已放弃/ }));
    await waitFor(() =>
      expect(h.urls.some((u) => u.includes('/notifications/outbox?status=dead&'))).toBe(true),
    );
    expect(
      within(counts)
        .getByRole('button', { name: /已放弃/ })
        .getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('sends a dead notice again and reloads the list', async () => {
    const h = await open('site_manager', '周经理');
    let dead = true;
    h.server.on('POST', '/notifications/outbox/44/retry', () => {
      dead = false;
      return { body: { ...OUTBOX.notices[0]!, status: 'pending', attempts: 0 } };
    });
    h.server.on('GET', '/notifications/outbox', () => ({
      body: dead
        ? OUTBOX
        : { ...OUTBOX, notices: [{ ...OUTBOX.notices[0]!, status: 'pending', attempts: 0 }] },
    }));
    fireEvent.click(await screen.findByRole('button', { name: '重新发送' }));
    await waitFor(() => expect(h.server.callsTo('POST', '/notifications/outbox/44/retry')).toHaveLength(1));
    await waitFor(() =>
      expect(screen.getByRole('region', { name: '最近的通知' }).textContent).toContain('待发送'),
    );
    expect(screen.queryByRole('button', { name: /重新发送|正在提交/ })).toBeNull();
  });

  it('is read-only for a supervisor: no retry button, and says so', async () => {
    await open('supervisor', '王主管');
    await screen.findByRole('region', { name: '最近的通知' });
    await waitFor(() => expect(screen.getAllByRole('listitem').length).toBeGreaterThan(0));
    expect(screen.queryByRole('button', { name: '重新发送' })).toBeNull();
    expect(screen.getByText(/只读：重新发送需要/)).toBeTruthy();
  });

  it('says so when the server refuses the role', async () => {
    const h = setup(person('legal', '刘法务'), memoryAddress('#/notices'));
    stop = h.stop;
    h.server.on('GET', '/notifications/outbox', {
      status: 403,
      body: refusal('FORBIDDEN', '没有权限', 'Forbidden'),
    });
    render(<DashboardApp c={h.c} />);
    await h.c.session.signIn('legal', 'dangan-demo');
    expect(await screen.findByText('您的角色不能查看通知发送情况。')).toBeTruthy();
  });

  it('polls the outbox while open and stops when closed', async () => {
    const h = setup();
    stop = h.stop;
    await h.c.session.signIn('supervisor', 'dangan-demo');
    const s = new NoticesState(h.c.api, () => h.c.token);
    const end = s.poll(20);
    await waitFor(() =>
      expect(h.server.callsTo('GET', '/notifications/outbox').length).toBeGreaterThanOrEqual(3),
    );
    end();
    const n = h.server.callsTo('GET', '/notifications/outbox').length;
    await new Promise((r) => setTimeout(r, 80));
    expect(h.server.callsTo('GET', '/notifications/outbox').length).toBe(n);
    expect(s.status.value?.total).toBe(3);
  });
});
