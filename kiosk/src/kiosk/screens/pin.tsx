// The PIN pad after a badge: digits by touch or keyboard (state/keyboard.ts), dots for what is typed.
import { useEffect, useRef } from 'preact/hooks';
import type { KioskController } from '../controller';
import { t } from '../words';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function PinPad({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const { signIn } = c;
  const pin = signIn.pin.value;
  const error = signIn.error.value;
  const busy = c.ctx.busy.value;
  const pad = useRef<HTMLDivElement>(null);
  useEffect(() => pad.current?.focus(), []);
  const slots = Math.max(4, pin.length);
  const digit = (d: string) => (
    <button key={d} class="btn key" onClick={() => signIn.digit(d)} disabled={busy}>
      {d}
    </button>
  );
  return (
    <main class="pin-screen">
      <div class="pin-panel" ref={pad} tabIndex={-1} aria-labelledby="pin-title">
        <h1 id="pin-title">{t(lang, 'enterPin')}</h1>
        <p class="muted">{t(lang, 'pinFor', { badge: signIn.badge.value ?? '' })}</p>
        <div class="pin-dots" aria-label={t(lang, 'pinDigits', { n: pin.length })} role="img">
          {Array.from({ length: slots }, (_, i) => (
            <span class={i < pin.length ? 'dot filled' : 'dot'} key={i} />
          ))}
        </div>
        <p class="form-error" role="alert">
          {error ? error(lang) : busy ? t(lang, 'signingIn') : ''}
        </p>
        <div class="keys" role="group" aria-label={t(lang, 'enterPin')}>
          {DIGITS.map(digit)}
          <button class="btn key key-fn" onClick={() => signIn.clear()}>
            {t(lang, 'clear')}
          </button>
          {digit('0')}
          <button class="btn key key-fn" onClick={() => signIn.delete()} aria-label={t(lang, 'del')}>
            ⌫
          </button>
        </div>
        <div class="pin-actions">
          <button class="btn btn-big" onClick={() => c.toIdle()}>
            {t(lang, 'cancel')}
          </button>
          <button
            class="btn btn-big btn-primary"
            onClick={() => void signIn.submit()}
            disabled={busy || pin.length < 4}
          >
            {t(lang, 'ok')}
          </button>
        </div>
      </div>
    </main>
  );
}
