// A signed-in person whose role may not watch the board: said plainly, with a way out.
import { pick } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { ROLE_NAMES, t } from '../words';

export function Refused({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const me = c.session.current.value!.me;
  const role = pick(lang, ROLE_NAMES[me.role] ?? { zh: me.role, en: me.role });
  return (
    <main class="refused">
      <h2>{t(lang, 'refusedTitle')}</h2>
      <p role="alert">{t(lang, 'refusedDetail', { name: me.displayName, role })}</p>
      <button class="btn primary" onClick={() => void c.session.signOut()}>
        {t(lang, 'signOut')}
      </button>
    </main>
  );
}
