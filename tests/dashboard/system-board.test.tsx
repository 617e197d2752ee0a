// @vitest-environment happy-dom
// The system administrator's board (access 'system') against a fake fetch and a fake socket: device health
// and the notifications page, never a record: no counts, overdue list, alarms, events, holders, cabinet map
// or stations, no timeline or reports tab, and none of the records' routes called.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { memoryAddress } from '../../kiosk/src/dashboard/navigation';
import { device, person, setup } from './fakes';
import { submitSignIn } from './sign-in';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

const RECORD_ROUTES = [
  '/dashboard/summary',
  '/dashboard/loans',
  '/dashboard/holders',
  '/dashboard/stations',
  '/dashboard/recent',
  '/dashboard/cabinets',
  '/alarms',
];

async function adminSignedIn(hash = '') {
  const h = setup(person('admin', '王管理'), memoryAddress(hash));
  stop = h.stop;
  render(<DashboardApp c={h.c} />);
  submitSignIn('admin');
  await screen.findByText('系统视图');
  return h;
}

describe('the system administrator’s board', () => {
  it('shows the devices’ health and no records panels, and calls no records route', async () => {
    const h = await adminSignedIn();
    const devices = screen.getByRole('region', { name: '设备状态' });
    await within(devices).findByText('gate-1');
    expect(devices.textContent).toContain('door-scanner');
    expect(devices.textContent).toContain('no verified frame for 5000 ms');
    // The panel's badge: one device needs a look.
    expect(within(devices).getByText('1').className).toContain('hot');
    for (const name of ['档案概况', '逾期未还', '未处理报警', '最近动态', '档案柜'])
      expect(screen.queryByRole('region', { name }), name).toBeNull();
    expect(screen.queryByRole('tab', { name: /档案柜/ })).toBeNull();
    expect(document.querySelector('.stations-panel, .holders-panel, .counts')).toBeNull();
    expect(screen.getByText(/系统管理员不查看档案记录/)).toBeTruthy();
    expect(h.sockets[0]!.subscriptions).toEqual([{ audience: 'dashboard' }]);
    await waitFor(() => expect(h.server.callsTo('GET', '/dashboard/devices').length).toBeGreaterThan(0));
    for (const path of RECORD_ROUTES) expect(h.server.callsTo('GET', path), path).toHaveLength(0);
  });

  it('has the board and notifications tabs only, and opens the notifications page', async () => {
    const h = await adminSignedIn();
    const nav = screen.getByRole('navigation', { name: '页面' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['实时看板', '通知']);
    fireEvent.click(within(nav).getByRole('link', { name: '通知' }));
    await waitFor(() => expect(h.server.callsTo('GET', '/notifications/outbox').length).toBeGreaterThan(0));
    expect(h.c.nav.place.value.page).toBe('notices');
  });

  it('shows the system board for an address naming a page it may not open', async () => {
    const h = await adminSignedIn('#/timeline?q=3-2-1502');
    await screen.findByRole('region', { name: '设备状态' });
    expect(h.server.callsTo('GET', '/search')).toHaveLength(0);
    expect(h.server.callsTo('GET', '/reports/overdue')).toHaveLength(0);
  });

  it('updates a device’s health live from the socket', async () => {
    const h = await adminSignedIn();
    const devices = screen.getByRole('region', { name: '设备状态' });
    await within(devices).findByText('cab-R1-C01');
    h.sockets[0]!.emit(
      'device',
      device('cab-R1-C01', { condition: 'down', connected: false, reason: 'port closed' }),
    );
    await within(devices).findByText(/port closed/);
    const row = devices.querySelector('[data-device="cab-R1-C01"]')!;
    expect(row.className).toContain('device-down');
    // Down comes first, and the badge counts two devices needing a look.
    expect(devices.querySelector('.device-row')!.getAttribute('data-device')).toBe('cab-R1-C01');
    expect(within(devices).getByText('2').className).toContain('hot');
  });
});
