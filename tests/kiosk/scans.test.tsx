// @vitest-environment happy-dom
// Scans read in context (scan-kind.ts + the controller): at the idle screen only a badge opens the PIN pad;
// mid-session another person's badge offers to switch operator, the same badge changes nothing, an EPC is
// looked up like its barcode, and shelf labels and unknown codes say what they are.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import { folder, setup } from './fakes';

// Every screen's chunk loaded up front, as the kiosk prefetches them once idle.
beforeAll(() => preloadScreens());

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  cleanup();
});

let clockAt = 10_000;
/** A wedge scan, each one well after the last so the detector never joins two. */
const scan = (code: string) => {
  const at = (clockAt += 10_000);
  let t = at;
  const key = (k: string) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
    Object.defineProperty(e, 'timeStamp', { value: t });
    document.body.dispatchEvent(e);
    t += 5;
  };
  for (const ch of code) key(ch);
  key('Enter');
};

function mount(h: ReturnType<typeof setup>) {
  h.controller.start();
  stop = () => h.controller.stop();
  return render(<KioskApp c={h.controller} />);
}

const button = (name: string | RegExp) => screen.getByRole('button', { name });

async function signIn() {
  scan('U000000008');
  await screen.findByText('请输入密码');
  for (const d of '1234') fireEvent.click(button(d));
  fireEvent.click(button('确定'));
  await screen.findByText('张伟，您好');
}

describe('at the idle screen', () => {
  it('asks for the badge first when a folder, box, key or EPC is scanned, without opening the PIN pad', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    for (const code of ['F000000050', 'B000000012', 'K000000003', '34164521480000003B9ACED2']) {
      scan(code);
      await screen.findByText('请先刷工牌');
      expect(screen.queryByText('请输入密码')).toBeNull();
      expect(h.controller.screen.value).toBe('idle');
    }
    expect(h.sound.refusal).toHaveBeenCalledTimes(4);
    // Nothing was asked of the server for these.
    expect(h.server.calls.filter((c) => c.path.startsWith('/items/'))).toEqual([]);
    fireEvent.click(button(/English/));
    await screen.findByText('Please scan your badge first');
  });

  it('says a code it does not know is unknown', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    scan('HELLO-WORLD');
    await screen.findByText('无法识别的条码：HELLO-WORLD');
    expect(h.controller.screen.value).toBe('idle');
  });

  it('opens the PIN pad for a badge, named by its number', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    scan('u000000008');
    await screen.findByText('请输入密码');
    expect(screen.getByText('工牌U000000008').textContent).toBe('工牌U000000008');
  });

  it('opens the PIN pad for the EPC of a badge', async () => {
    const h = setup();
    mount(h);
    await screen.findByText('1498');
    scan('341645214800000165A0BC08'); // GIAI-96 of U000000008 with the demo prefix
    await screen.findByText('工牌U000000008');
  });
});

describe('mid-session', () => {
  it('offers to switch operator on another badge; yes signs the first out and asks the new badge PIN', async () => {
    const h = setup();
    mount(h);
    await signIn();
    scan('U000000009');
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('切换操作人？');
    expect(dialog.textContent).toContain('U000000009');
    expect(dialog.textContent).toContain('张伟');
    fireEvent.click(button('切换'));
    await screen.findByText('请输入密码');
    expect(screen.getByText('工牌U000000009').textContent).toBe('工牌U000000009');
    expect(h.server.callsTo('POST', '/auth/logout')[0]!.authorization).toBe('Bearer operator-token');
    expect(h.controller.session.me.value).toBeNull();
  });

  it('stays signed in when the switch is declined', async () => {
    const h = setup();
    mount(h);
    await signIn();
    scan('U000000009');
    await screen.findByRole('alertdialog');
    fireEvent.click(button('继续当前操作'));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(screen.getByText('张伟，您好').textContent).toBe('张伟，您好');
    expect(h.server.callsTo('POST', '/auth/logout')).toEqual([]);
  });

  it('ignores the same badge again (the session is kept alive)', async () => {
    const h = setup();
    mount(h);
    await signIn();
    scan('U000000008');
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByText('张伟，您好').textContent).toBe('张伟，您好');
    expect(h.server.callsTo('POST', '/auth/logout')).toEqual([]);
  });

  it('looks up a folder by its EPC', async () => {
    const h = setup();
    const item = folder({ barcode: 'F000001234' });
    h.server.on('GET', '/items/34164521480000003B9ACED2', { body: item });
    mount(h);
    await signIn();
    scan('34164521480000003B9ACED2');
    await screen.findByText('HY-1-1-303', { selector: '.archive-no' });
    expect(h.server.callsTo('GET', '/items/34164521480000003B9ACED2')[0]!.authorization).toBe(
      'Bearer operator-token',
    );
    expect(h.controller.folder.current.value?.barcode).toBe('F000001234');
  });

  it('lists a folder scanned by EPC and by barcode once in a batch', async () => {
    const h = setup();
    const item = folder({ barcode: 'F000001234' });
    h.server.on('GET', '/items/34164521480000003B9ACED2', { body: item });
    h.server.on('GET', '/items/F000001234', { body: item });
    mount(h);
    await signIn();
    fireEvent.click(button('批量'));
    scan('34164521480000003B9ACED2');
    await waitFor(() => expect(h.controller.batch.rows.value[0]?.status).toBe('ready'));
    expect(h.controller.batch.rows.value[0]!.code).toBe('F000001234');
    scan('F000001234');
    await screen.findByText('已在列表中：F000001234');
    expect(h.controller.batch.rows.value).toHaveLength(1);
  });

  it('says a shelf label is a shelf label, not a folder error', async () => {
    const h = setup();
    mount(h);
    await signIn();
    scan('R1-C01-S2');
    await screen.findByText('这是架位标签，不是档案条码');
    scan('R1-C01');
    await screen.findByText('这是档案柜标签，不是档案条码');
    expect(h.server.calls.filter((c) => c.path.startsWith('/items/'))).toEqual([]);
  });

  it('refuses an unknown code without asking the server', async () => {
    const h = setup();
    mount(h);
    await signIn();
    scan('HELLO-WORLD');
    await screen.findByText('无法识别的条码：HELLO-WORLD');
    expect(h.server.calls.filter((c) => c.path.startsWith('/items/'))).toEqual([]);
  });
});
