// @vitest-environment happy-dom
// What the clerk is told in a batch and on the receipt: a batch return asks for its inspection result (none
// is assumed), the confirm button says what is missing, and the receipt names the borrower (借阅人) and the
// property without repeating the archive number.
import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { checkedOut, entry, folder } from './fakes';
import { button, useKioskHarness } from './harness';

const { scan, signedIn } = useKioskHarness();

const HELD = checkedOut(folder());

const signedInHolding = () =>
  signedIn((h) => {
    h.server.on('GET', `/items/${HELD.barcode}`, { body: HELD });
    h.server.on('POST', '/circulation/check-in', { body: { item: folder(), entry: entry(500, 'check_in') } });
  });

describe('a batch return', () => {
  it('starts with no inspection result; the confirmation waits for one, and for a note on damage', async () => {
    const h = await signedInHolding();
    fireEvent.click(button('批量'));
    scan(HELD.barcode);
    const confirm = await screen.findByRole('button', { name: '确认：借出0件，归还1件' });
    const row = document.querySelector('.batch-row')!;
    for (const name of ['完好', '破损', '缺页'])
      expect(
        within(row as HTMLElement)
          .getByRole('button', { name })
          .getAttribute('aria-pressed'),
      ).toBe('false');
    expect(confirm.hasAttribute('disabled')).toBe(true);
    const reason = screen.getByText('请为每件归还档案选择检查结果');
    expect(confirm.getAttribute('aria-describedby')).toBe(reason.id);
    fireEvent.click(button('破损'));
    expect(screen.getByText('破损或缺页的档案请填写情况说明')).toBeTruthy();
    expect(confirm.hasAttribute('disabled')).toBe(true);
    fireEvent.input(screen.getByLabelText(`情况说明 ${HELD.barcode}`), { target: { value: '封皮撕裂' } });
    expect(confirm.hasAttribute('disabled')).toBe(false);
    expect(document.querySelector('.batch-missing')).toBeNull();
    fireEvent.click(confirm);
    await screen.findByText('已借出0件，已归还1件');
    expect(h.server.callsTo('POST', '/circulation/check-in')[0]!.body).toEqual({
      item: HELD.barcode,
      inspection: 'damaged',
      note: '封皮撕裂',
    });
  });
});

describe('the receipt', () => {
  it('names the borrower, keeps the archive number out of the property, in both languages', async () => {
    await signedInHolding();
    scan(HELD.barcode);
    fireEvent.click(await screen.findByRole('button', { name: '缺页' }));
    fireEvent.input(screen.getByPlaceholderText('请说明破损或缺页情况'), { target: { value: '缺第3页' } });
    fireEvent.click(button('确认归还'));
    await screen.findByText('归还成功');
    fireEvent.click(button('完成'));
    const receipt = await screen.findByRole('article', { name: '借还凭条' });
    expect(receipt.textContent).toContain('借阅人');
    expect(receipt.textContent).not.toContain('经办人');
    const cells = [...receipt.querySelectorAll('tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['归还', 'HY-1-1-303', 'F000000050', '华苑 1栋1单元303', '缺页：缺第3页']);
    for (const i of [0, 1, 2])
      expect(receipt.querySelectorAll('tbody td')[i]!.className).toBe('receipt-code');
    fireEvent.click(button(/Switch to English/));
    expect(receipt.textContent).toContain('Borrower');
    expect(receipt.querySelectorAll('tbody td')[4]!.textContent).toBe('Pages missing: 缺第3页');
  });
});
