// @vitest-environment happy-dom
// A folder taken from its cabinet without check-out (state `removed`, 未登记取出) is offered for check-out at
// the door: that is how whoever took it puts the record right. The server decides again (services/circulation).
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import { checkedOut, entry, folder, setup, wedgeType } from './fakes';

beforeAll(() => preloadScreens());

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

const button = (name: string | RegExp) => screen.getByRole('button', { name });
let clockAt = 10_000;
const scan = (code: string) => wedgeType(code, 5, document.body, (clockAt += 10_000));

describe('a folder removed without check-out', () => {
  it('shows 未登记取出 and checks it out to the operator who scans it', async () => {
    const h = setup();
    h.controller.start();
    stop = () => h.controller.stop();
    render(<KioskApp c={h.controller} />);
    scan('U000000008');
    await screen.findByText('请输入密码');
    for (const d of '1234') fireEvent.click(button(d));
    fireEvent.click(button('确定'));
    await screen.findByText('张伟，您好');

    const removed = folder({
      state: 'removed',
      stateLabel: { zh: '未登记取出', en: 'Removed without check-out' },
      removedAt: '2026-11-25T03:00:00.000Z',
    });
    h.server.on('GET', '/items/F000000050', { body: removed });
    h.server.on('POST', '/circulation/check-out', {
      body: { results: [{ item: checkedOut(removed), entry: entry(201, 'check_out') }] },
    });
    scan('F000000050');
    const card = await screen.findByRole('article', { name: 'HY-1-1-303' });
    expect(card.textContent).toContain('未登记取出');
    expect(document.querySelector('.outcome-refusal')).toBeNull();
    fireEvent.click(button('业主查阅'));
    fireEvent.click(button('确认借出'));
    await screen.findByText('借出成功');
    expect(h.server.callsTo('POST', '/circulation/check-out')[0]!.body).toEqual({
      items: ['F000000050'],
      purpose: '业主查阅',
    });
  });
});
