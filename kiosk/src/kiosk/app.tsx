// The door kiosk's shell: the header, the screen the controller says, the alarm flash and the connection
// banner. The idle screen is in the first chunk; every other screen is a chunk of its own, fetched once
// the first screen is up (or at once where it is the first screen, e.g. setup).
import { useEffect } from 'preact/hooks';
import { ConnectionBanner } from '../shared/components/connection-banner';
import { lazyComponent, preloadWhenIdle } from '../shared/lazy';
import type { KioskController } from './controller';
import { AlarmFlash } from './screens/alarm';
import { Header } from './screens/header';
import { Idle } from './screens/idle';
import { t } from './words';

type P = { c: KioskController };

const Setup = lazyComponent<P>(() => import('./screens/setup').then((m) => m.Setup));
const PinPad = lazyComponent<P>(() => import('./screens/pin').then((m) => m.PinPad));
const Operator = lazyComponent<P>(() => import('./screens/operator').then((m) => m.Operator));
const SwitchPrompt = lazyComponent<P>(() => import('./screens/switch').then((m) => m.SwitchPrompt));
const CameraOverlay = lazyComponent<P>(() => import('./screens/camera').then((m) => m.CameraOverlay));
const Receipt = lazyComponent<P>(() => import('./screens/receipt').then((m) => m.ReceiptScreen));

/** The chunks a session goes through, in the order it needs them (setup only if it is shown). */
const LATER = [PinPad, Operator, SwitchPrompt, Receipt, CameraOverlay];

/** Fetches every screen's chunk now (component tests render each screen at once, as after a prefetch). */
export const preloadScreens = () => Promise.all([Setup, ...LATER].map((s) => s.preload()));

export function KioskApp({ c }: P) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => c.handleKey(e);
    const onPointer = () => c.touch();
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    preloadWhenIdle(LATER);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [c]);
  const screen = c.screen.value;
  const lost = screen !== 'setup' && (c.feed.connection.value === 'lost' || c.station.unreachable.value);
  return (
    <div class={`kiosk screen-${screen}`}>
      <Header c={c} />
      {screen === 'setup' && <Setup c={c} />}
      {screen === 'idle' && <Idle c={c} />}
      {screen === 'pin' && <PinPad c={c} />}
      {screen === 'operator' && <Operator c={c} />}
      {screen === 'receipt' && <Receipt c={c} />}
      {c.cameraOpen.value && screen === 'operator' && <CameraOverlay c={c} />}
      {screen === 'operator' && <SwitchPrompt c={c} />}
      {screen !== 'setup' && <AlarmFlash c={c} />}
      <ConnectionBanner lost={lost} text={t(c.lang.value, 'offline')} />
    </div>
  );
}
