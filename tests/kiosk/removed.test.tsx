// @vitest-environment happy-dom
// A folder taken from its cabinet without check-out (state `removed`, 未登记取出) is offered for check-out at
// the door: that is how whoever took it puts the record right. The server decides again (services/circulation).
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { checkedOut, entry, folder } from './fakes';
import { button, useKioskHarness } from './harness';

const { scan, signedIn } = useKioskHarness();

describe('a folder removed without check-out', () => {
  it('shows 未登记取出 and checks it out to the operator who scans it', async () => {
    const h = await signedIn();

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
