// The door kiosk rendered for a test: every screen chunk loaded up front (as the kiosk does once idle), the
// controller stopped and the DOM cleaned after each test, wedge scans a second apart, and a badge + PIN
// sign-in as 张伟. Call useKioskHarness() at a test file's top level.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll } from 'vitest';
import { KioskApp, preloadScreens } from '../../kiosk/src/kiosk/app';
import { setup, wedgeType } from './fakes';

export const button = (name: string | RegExp) => screen.getByRole('button', { name });

export function useKioskHarness() {
  let stop: (() => void) | null = null;
  let clockAt = 10_000;
  beforeAll(() => preloadScreens());
  afterEach(() => {
    stop?.();
    stop = null;
    cleanup();
  });
  const scan = (code: string) => wedgeType(code, 5, document.body, (clockAt += 10_000));

  /** Render a kiosk; `prepare` answers requests on its fake server before the controller starts. */
  async function signedIn(prepare: (h: ReturnType<typeof setup>) => void = () => {}) {
    const h = setup();
    prepare(h);
    h.controller.start();
    stop = () => h.controller.stop();
    render(<KioskApp c={h.controller} />);
    scan('U000000008');
    await screen.findByText('请输入密码');
    for (const d of '1234') fireEvent.click(button(d));
    fireEvent.click(button('确定'));
    await screen.findByText('张伟，您好');
    return h;
  }
  return { scan, signedIn };
}
