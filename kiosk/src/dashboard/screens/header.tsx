// The board's top bar: its name, who is signed in (read-only for an archivist, the system view for an
// admin), the live state, the clock, the language switch and sign-out.
import { Clock } from '../../shared/components/clock';
import { LangSwitch } from '../../shared/components/lang-switch';
import { pick } from '../../shared/i18n';
import { boardAccess } from '../access';
import type { DashboardController } from '../controller';
import { ROLE_NAMES, t } from '../words';
import { Nav } from './nav';

export function Header({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const me = c.session.current.value?.me;
  const online = c.connection.value === 'online';
  return (
    <header class="board-header">
      <h1>{t(lang, 'appName')}</h1>
      {/* The live state only for a board being watched (not on the sign-in or refusal screen). */}
      {me && boardAccess(me.role) !== 'refused' && (
        <span class={`live ${online ? 'on' : 'off'}`}>
          {online ? t(lang, 'live') : t(lang, 'connecting')}
        </span>
      )}
      {me && boardAccess(me.role) !== 'refused' && !c.wall && <Nav c={c} />}
      <span class="spacer" />
      {me && (
        <span class="who">
          {me.displayName}
          <span class="role">{pick(lang, ROLE_NAMES[me.role] ?? { zh: me.role, en: me.role })}</span>
          {boardAccess(me.role) === 'read-only' && <span class="read-only">{t(lang, 'readOnly')}</span>}
          {boardAccess(me.role) === 'system' && <span class="read-only">{t(lang, 'systemView')}</span>}
        </span>
      )}
      <Clock at={c.now.value} class="clock" />
      <LangSwitch lang={lang} onToggle={c.lang.toggle} />
      {me && (
        <button class="btn" onClick={() => void c.session.signOut()}>
          {t(lang, 'signOut')}
        </button>
      )}
    </header>
  );
}
