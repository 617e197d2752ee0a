// @vitest-environment happy-dom
// The board's device panel against a fake fetch and a fake socket: 设备状态 lists every device with its
// dot, place, last seen and counters, the one needing a look first; a live `device` event changes a row
// and the order; 档案柜 draws each cabinet's shelves against capacity with a mark where the reader sees
// something wrong, and a `cabinet` event loads the map again.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { cabinetMap, device, person, setup } from './fakes';
import { submitSignIn } from './sign-in';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

async function signedIn() {
  const h = setup(person('supervisor', '李主管'));
  stop = h.stop;
  render(<DashboardApp c={h.c} />);
  submitSignIn('supervisor');
  const panel = await screen.findByRole('region', { name: '设备与档案柜' });
  return { ...h, panel };
}

const rows = (panel: HTMLElement) =>
  Array.from(panel.querySelectorAll<HTMLElement>('[data-device]')).map((r) => r.dataset.device);

describe('the board’s devices and cabinets', () => {
  it('lists every device, the unhealthy one first, with place, last seen and error counters', async () => {
    const { panel, server } = await signedIn();
    await waitFor(() => expect(rows(panel)).toEqual(['gate-1', 'cab-R1-C01', 'door-scanner']));
    expect(server.callsTo('GET', '/dashboard/devices')[0]!.authorization).toBe('Bearer tok-1');
    const gate = panel.querySelector<HTMLElement>('[data-device="gate-1"]')!;
    expect(gate.querySelector('.dot-degraded')).not.toBeNull();
    expect(gate.textContent).toContain('门禁通道');
    expect(gate.textContent).toContain('档案室门口');
    expect(gate.textContent).toContain('no verified frame for 5000 ms');
    expect(gate.textContent).toContain('异常');
    expect(gate.textContent).toContain('12分钟前');
    expect(gate.textContent).toContain('帧错误3 · 重连2 · 超时7');
    const reader = panel.querySelector<HTMLElement>('[data-device="cab-R1-C01"]')!;
    expect(reader.querySelector('.dot-ok')).not.toBeNull();
    // The reader's place is its cabinet's name from the map.
    await waitFor(() => expect(reader.textContent).toContain('1号档案柜'));
    expect(reader.textContent).toContain('刚刚');
    expect(reader.textContent).not.toContain('帧错误');
    expect(panel.querySelector('[data-device="door-scanner"]')!.textContent).toContain('从未收到数据');
    // The tab says how many need a look.
    expect(within(panel).getByRole('tab', { name: /设备状态/ }).textContent).toBe('设备状态1');
  });

  it('applies a live device event: the reader unplugged goes red and to the top', async () => {
    const { panel, sockets } = await signedIn();
    await waitFor(() => expect(rows(panel)).toHaveLength(3));
    sockets[0]!.emit(
      'device',
      device('cab-R1-C01', {
        connected: false,
        condition: 'down',
        reason: 'EIO: port gone',
        place: { type: 'cabinet', id: 'R1-C01', name: null },
      }),
    );
    await waitFor(() => expect(rows(panel)).toEqual(['cab-R1-C01', 'gate-1', 'door-scanner']));
    const reader = panel.querySelector<HTMLElement>('[data-device="cab-R1-C01"]')!;
    expect(reader.querySelector('.dot-down')).not.toBeNull();
    expect(reader.textContent).toContain('未连接');
    expect(reader.textContent).toContain('EIO: port gone');
    expect(within(panel).getByRole('tab', { name: /设备状态/ }).textContent).toBe('设备状态2');
  });

  it('draws the cabinets’ shelves against capacity, marks what the reader finds wrong, and reloads on a cabinet event', async () => {
    const { panel, sockets, server } = await signedIn();
    fireEvent.click(within(panel).getByRole('tab', { name: /档案柜/ }));
    const cab = await waitFor(() => {
      const el = panel.querySelector<HTMLElement>('[data-cabinet="R1-C01"]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(
      within(panel)
        .getByRole('tab', { name: /档案柜/ })
        .getAttribute('aria-selected'),
    ).toBe('true');
    expect(cab.textContent).toContain('1号档案柜');
    const s1 = cab.querySelector<HTMLElement>('[data-shelf="R1-C01-S1"]')!;
    const s2 = cab.querySelector<HTMLElement>('[data-shelf="R1-C01-S2"]')!;
    expect(s1.textContent).toContain('32/40');
    expect((s1.querySelector('.fill-in') as HTMLElement).style.width).toBe('80%');
    expect((s1.querySelector('.fill-out') as HTMLElement).style.width).toBe('5%');
    expect(s1.classList.contains('wrong')).toBe(false);
    expect(s2.classList.contains('wrong')).toBe(true);
    expect(s2.getAttribute('title')).toContain('1件不属于此层');
    expect(within(panel).getByRole('tab', { name: /档案柜/ }).textContent).toBe('档案柜1');
    // A cabinet without a reader is drawn with a grey dot and no marks.
    expect(panel.querySelector('[data-cabinet="R1-C02"] .dot-none')).not.toBeNull();

    const loads = server.callsTo('GET', '/dashboard/cabinets').length;
    server.on('GET', '/dashboard/cabinets', { body: cabinetMap(28) });
    sockets[0]!.emit('cabinet', { cabinetId: 'R1-C01', at: '2026-11-25T04:00:01.000Z' });
    sockets[0]!.emit('cabinet', { cabinetId: 'R1-C01', at: '2026-11-25T04:00:01.100Z' });
    await waitFor(() =>
      expect(panel.querySelector('[data-shelf="R1-C01-S1"]')!.textContent).toContain('28/40'),
    );
    // Two events in a burst: one reload.
    expect(server.callsTo('GET', '/dashboard/cabinets').length).toBe(loads + 1);
  });
});
