// @vitest-environment happy-dom
// 档案轨迹 against the fake server: a room finds its dossier's volumes, choosing one writes it to the address
// and shows the folder's header, its rows oldest first and the chain's verdict; an address with `item`
// (a reload, a link from the board's events) opens the folder at once; a failed verification names the
// row and marks it and every row after it; a single match opens by itself; 打印 prints.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { memoryAddress } from '../../kiosk/src/dashboard/navigation';
import { custody, person, roomSearch, setup, timelineOf } from './fakes';
import { submitSignIn } from './sign-in';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
  vi.restoreAllMocks();
});

async function signedIn(hash: string, answers?: (h: ReturnType<typeof setup>) => void) {
  const address = memoryAddress(hash);
  const h = setup(person('supervisor', '李主管'), address);
  stop = h.stop;
  h.server.on('GET', '/search', { body: roomSearch() });
  h.server.on('GET', '/items/61/timeline', { body: timelineOf(61) });
  h.server.on('GET', '/items/62/timeline', {
    body: timelineOf(62, { verified: false, firstBadSeq: 340, problem: 'hash', throughSeq: 339 }),
  });
  answers?.(h);
  render(<DashboardApp c={h.c} />);
  submitSignIn('supervisor');
  return h;
}

const rowsOf = (table: HTMLElement) => [...table.querySelectorAll('tbody tr')] as HTMLElement[];

describe('档案轨迹', () => {
  it('finds a room’s volumes, opens the one chosen, and shows its rows oldest first, verified', async () => {
    const h = await signedIn('#/timeline');
    fireEvent.input(await screen.findByLabelText('档号、条码或房号'), { target: { value: ' 3-2-1502 ' } });
    fireEvent.submit(screen.getByRole('search'));
    const list = await screen.findByRole('navigation', { name: '找到的卷' });
    expect(h.address.hash).toBe('#/timeline?q=3-2-1502');
    expect(h.server.calls.some((c) => c.path === '/search')).toBe(true);
    const links = within(list).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      expect.stringContaining('HY-3-2-1502 · 第1卷'),
      expect.stringContaining('HY-3-2-1502 · 第2卷'),
    ]);
    // Two volumes: nothing opens until one is chosen.
    expect(h.server.callsTo('GET', '/items/61/timeline')).toHaveLength(0);
    fireEvent.click(links[0]!);
    expect(h.address.hash).toBe('#/timeline?q=3-2-1502&item=61');
    const verdict = await screen.findByRole('status');
    expect(verdict.textContent).toContain('已验证至第512条');
    expect(links[0]!.getAttribute('aria-current')).toBe('true');
    const folder = screen.getByRole('article');
    expect(folder.querySelector('.tl-archive-no')?.textContent).toBe('HY-3-2-1502');
    expect(folder.textContent).toContain('华苑 3栋2单元1502');
    // The colon after a label is the style's (dt::after), not the text's.
    expect(folder.textContent).toContain('所在位置4号档案柜 第1层');
    const rows = rowsOf(screen.getByRole('table'));
    expect(rows.map((r) => r.dataset.seq)).toEqual(['12', '340', '512']);
    const [registered, out, back] = rows.map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(registered).toEqual([
      '12',
      expect.stringMatching(/^2026-11-20 \d\d:00:00$/),
      '登记入库',
      '李档案',
      '— → 4号档案柜 第1层',
      '—',
      '档案室门口',
      '0012bbbbbbbb',
    ]);
    expect(out!.slice(2, 7)).toEqual([
      '借出',
      '张伟',
      '4号档案柜 第1层 → 借阅人张伟',
      '业主查阅',
      '档案室门口',
    ]);
    // A cabinet's return: no clerk, the device by its id.
    expect(back!.slice(2, 7)).toEqual(['归还', '—', '借阅人张伟 → 4号档案柜 第1层', '—', 'cabinet-4']);
    expect(screen.queryByText('未通过校验')).toBeNull();
  });

  it('opens the folder an address names, and names and marks the first row that fails', async () => {
    const h = await signedIn('#/timeline?q=3-2-1502&item=62');
    const alert = await screen.findByText(/校验失败：第340条/);
    expect(alert.closest('[role="alert"]')?.textContent).toContain('第339条及以前的记录校验通过');
    expect(h.server.callsTo('GET', '/items/62/timeline')).toHaveLength(1);
    const rows = rowsOf(screen.getByRole('table'));
    expect(rows.map((r) => r.classList.contains('bad'))).toEqual([false, true, true]);
    expect(rows.filter((r) => r.textContent!.includes('未通过校验'))).toHaveLength(2);
    // The matches are there too, the open one marked.
    const list = await screen.findByRole('navigation', { name: '找到的卷' });
    expect(within(list).getAllByRole('link')[1]!.getAttribute('aria-current')).toBe('true');
  });

  it('opens a single match by itself, and prints the folder', async () => {
    const one = roomSearch();
    const hit = one.hits[0]!;
    if (hit.type === 'property') hit.dossiers[0]!.items.splice(1);
    const h = await signedIn('#/timeline', (h) => h.server.on('GET', '/search', { body: one }));
    fireEvent.input(await screen.findByLabelText('档号、条码或房号'), { target: { value: 'F000000061' } });
    fireEvent.submit(screen.getByRole('search'));
    await screen.findByRole('status');
    expect(h.address.hash).toBe('#/timeline?q=F000000061&item=61');
    // happy-dom prints nothing: the browser's print dialog is the one part that cannot run here.
    const print = vi.fn();
    window.print = print;
    fireEvent.click(screen.getByRole('button', { name: '打印' }));
    expect(print).toHaveBeenCalledOnce();
    // What the printed page carries on top of every page: the folder, who printed it.
    expect(screen.getByRole('table').querySelector('.print-only-row')?.textContent).toMatch(
      /^档案保管轨迹：HY-3-2-1502 第1卷 {2}打印人：李主管（主管） {2}打印时间：2026-11-25 \d\d:00:00$/,
    );
  });

  it('says so when nothing is found', async () => {
    await signedIn('#/timeline?q=9-9-9999', (h) =>
      h.server.on('GET', '/search', { body: { ...roomSearch(), hits: [] } }),
    );
    expect(await screen.findByText('没有找到「9-9-9999」对应的档案，请核对档号、条码或房号')).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('links a board event to its folder’s timeline', async () => {
    const h = await signedIn('#/');
    await screen.findByRole('region', { name: '档案概况' });
    h.c.events.add(custody(900, 'F000000061'));
    const link = await screen.findByRole('link', { name: 'HY-0061' });
    expect(link.getAttribute('href')).toBe('#/timeline?q=F000000061&item=900');
  });
});
