// @vitest-environment happy-dom
// The dashboard's pages live in the address's hash: a tab opens its page and writes the hash, a hash
// typed or restored on reload opens its page, and anything unknown is the board.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../kiosk/src/dashboard/app';
import { formatHash, memoryAddress, parseHash } from '../../kiosk/src/dashboard/navigation';
import { person, setup } from './fakes';
import { submitSignIn } from './sign-in';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

describe('dashboard navigation', () => {
  it('reads and writes the hash, and falls back to the board', () => {
    expect(parseHash('#/timeline?q=3-2-1502')).toEqual({ page: 'timeline', params: { q: '3-2-1502' } });
    expect(parseHash('#/nothing-here')).toEqual({ page: 'board', params: {} });
    expect(parseHash('')).toEqual({ page: 'board', params: {} });
    expect(formatHash({ page: 'reports', params: {} })).toBe('#/reports');
    expect(formatHash({ page: 'board', params: {} })).toBe('#/');
    expect(parseHash(formatHash({ page: 'timeline', params: { q: '张 伟&1' } })).params.q).toBe('张 伟&1');
  });

  it('opens the page a tab names, writes it to the address, and follows the address back', async () => {
    const address = memoryAddress('#/reports');
    const h = setup(person('supervisor', '李主管'), address);
    stop = h.stop;
    render(<DashboardApp c={h.c} />);
    submitSignIn('supervisor');
    // The page restored from the address (as after a reload), not the board.
    const tabs = await screen.findByRole('navigation', { name: '页面' });
    expect(tabs.querySelector('[aria-current="page"]')?.textContent).toBe('统计报表');
    fireEvent.click(screen.getByRole('link', { name: '档案轨迹' }));
    expect(address.hash).toBe('#/timeline');
    expect(tabs.querySelector('[aria-current="page"]')?.textContent).toBe('档案轨迹');
    address.hash = '#/';
    await screen.findByRole('region', { name: '档案概况' });
    expect(tabs.querySelector('[aria-current="page"]')?.textContent).toBe('实时看板');
  });
});
