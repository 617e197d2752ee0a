// Open alarms, the one waiting longest on top, each with how long it has been open.
import { pick } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { t } from '../words';
import { ago } from './age';

export function AlarmList({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const open = c.alarms.open.value;
  const now = c.now.value;
  return (
    <section class="panel alarm-panel" aria-label={t(lang, 'alarms')}>
      <h2>
        {t(lang, 'alarms')}
        <span class={`panel-count${open.length > 0 ? ' hot' : ''}`}>{open.length}</span>
      </h2>
      <ol class="rows" aria-live="polite">
        {open.length === 0 && <li class="empty">{t(lang, 'noAlarms')}</li>}
        {open.map((a) => (
          <li class="row alarm-row" key={a.id}>
            <span class="age">{ago(lang, a.raisedAt, now)}</span>
            <span class="row-main">
              <span class="row-title">{pick(lang, a.label)}</span>
              <span class="row-sub">{[a.what, a.place].filter(Boolean).join(' · ')}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
