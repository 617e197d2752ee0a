// The bar across the top: the station and its room by name, DEMO, the operator with the sign-out countdown
// (and the warning before it ends), the clock and the language switch.
import { Clock } from '../../shared/components/clock';
import { LangSwitch } from '../../shared/components/lang-switch';
import type { KioskController } from '../controller';
import { t } from '../words';
import { SessionWarning } from './session-warning';

export function Header({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const station = c.station.info.value;
  const me = c.session.me.value;
  const screen = c.screen.value;
  const room = c.station.summary.value?.roomName;
  return (
    <>
      <header class="bar">
        <div class="bar-title">
          <span class="brand">档案</span>
          <span class="station-name">
            {station?.name ?? t(lang, 'appName')}
            {room && <span class="room-name">{room}</span>}
          </span>
          {c.station.summary.value?.demo && (
            <span class="demo-badge" role="status">
              {t(lang, 'demo')}
            </span>
          )}
        </div>
        {screen === 'operator' && me && (
          <div class="bar-operator">
            <span class="operator-name">{t(lang, 'hello', { name: me.displayName })}</span>
            <span class="countdown" aria-live="off">
              {t(lang, 'autoSignOut', { s: c.ctx.secondsLeft.value })}
            </span>
            <button class="btn btn-primary" onClick={() => void c.signOut('done')}>
              {t(lang, 'done')}
            </button>
            <button class="btn" onClick={() => void c.signOut('signout')}>
              {t(lang, 'signOut')}
            </button>
          </div>
        )}
        {screen !== 'idle' && <Clock class="bar-clock" at={c.ctx.now.value} />}
        <LangSwitch lang={lang} onToggle={() => c.toggleLang()} />
      </header>
      <SessionWarning c={c} />
    </>
  );
}
