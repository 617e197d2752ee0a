// @vitest-environment happy-dom
// A refused look-up or check-out says why, in the server's own words and the operator's language: a folder
// above the operator's clearance (CLEARANCE_TOO_LOW at the look-up, CLEARANCE_REQUIRED at the check-out) and
// a borrower with overdue folders (BORROWER_OVERDUE). Messages as in server/domain/errors.ts.
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { folder, refusal } from './fakes';
import { button, useKioskHarness } from './harness';

const { scan, signedIn } = useKioskHarness();

/** The refusal box shows `zh`, then `en` after the language switch, and never a message of the kiosk's own. */
async function expectRefusal(zh: string, en: string) {
  const detail = await screen.findByText(zh, { selector: '.outcome-detail' });
  expect(detail.closest('.outcome')?.className).toContain('outcome-refusal');
  fireEvent.click(button(/Switch to English/));
  expect(screen.getByText(en, { selector: '.outcome-detail' })).toBeTruthy();
}

const CODES = {
  CLEARANCE_TOO_LOW: ['您的密级权限不足，不能查阅该档案', 'Your clearance does not cover this file'],
  CLEARANCE_REQUIRED: [
    '该档案密级较高，需经审批后方可借出',
    'This file’s confidentiality level needs an approved request before it can leave',
  ],
  BORROWER_OVERDUE: [
    '借阅人有逾期未还的档案，请先归还逾期档案再借阅',
    'The borrower has overdue folders; return them before borrowing again',
  ],
} as const;

describe('a refusal says why', () => {
  it('CLEARANCE_TOO_LOW at the look-up: the server’s message, and no folder card', async () => {
    const h = await signedIn();
    const [zh, en] = CODES.CLEARANCE_TOO_LOW;
    h.server.on('GET', '/items/F000000090', { status: 403, body: refusal('CLEARANCE_TOO_LOW', zh, en) });
    scan('F000000090');
    await expectRefusal(zh, en);
    expect(screen.queryByRole('article')).toBeNull();
  });

  for (const code of ['CLEARANCE_REQUIRED', 'BORROWER_OVERDUE'] as const) {
    it(`${code} at the check-out: the server’s message, and the folder stays to choose again`, async () => {
      const h = await signedIn();
      const [zh, en] = CODES[code];
      h.server.on('GET', '/items/F000000050', { body: folder() });
      h.server.on('POST', '/circulation/check-out', {
        status: code === 'BORROWER_OVERDUE' ? 409 : 403,
        body: refusal(code, zh, en),
      });
      scan('F000000050');
      await screen.findByRole('article');
      fireEvent.click(button('业主查阅'));
      fireEvent.click(button('确认借出'));
      await expectRefusal(zh, en);
      expect(screen.getByRole('button', { name: 'Check out' })).toBeTruthy();
    });
  }

  it('names the folder of a refused batch with a colon of the operator’s language', async () => {
    const h = await signedIn();
    const [zh, en] = CODES.CLEARANCE_REQUIRED;
    h.server.on('GET', '/items/F000000050', { body: folder() });
    h.server.on('POST', '/circulation/check-out', {
      status: 403,
      body: refusal('CLEARANCE_REQUIRED', zh, en, { item: 'F000000050' }),
    });
    fireEvent.click(button('批量'));
    scan('F000000050');
    fireEvent.click(await screen.findByRole('button', { name: '业主查阅' }));
    fireEvent.click(await screen.findByRole('button', { name: '确认：借出1件，归还0件' }));
    await expectRefusal(`F000000050：${zh}`, `F000000050: ${en}`);
  });
});
