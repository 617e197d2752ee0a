// Open alarms, the one waiting longest on top, each with how long it has been open, who acknowledged it
// and when, and how far it has escalated. Those who may act (supervisors, site managers, gm, legal) get
// 确认 (acknowledge) and 处理 (resolve); the archivist's board is read-only and shows neither. Everyone who
// sees the list may open an alarm's record (记录), and follow its folder to the folder's timeline page.
import { useRef, useState } from 'preact/hooks';
import { formatTime, pick } from '../../shared/i18n';
import { boardAccess } from '../access';
import { AlarmDialog } from '../alarms/dialog';
import { AlarmLogDialog } from '../alarms/log';
import { t as ta } from '../alarms/words';
import type { DashboardController } from '../controller';
import type { AlarmRow } from '../state/alarms';
import { t } from '../words';
import { ago } from './age';

export function AlarmList({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const open = c.alarms.open.value;
  const now = c.now.value;
  const role = c.session.current.value?.me.role;
  const mayAct = role !== undefined && boardAccess(role) === 'full';
  const [logOf, setLogOf] = useState<AlarmRow | null>(null);
  // The 记录 button that opened the record gets the focus back when it closes (if its alarm is still listed).
  const opener = useRef<HTMLButtonElement | null>(null);
  const closeLog = () => {
    setLogOf(null);
    if (opener.current?.isConnected) opener.current.focus();
  };
  return (
    <section class="panel alarm-panel" aria-label={t(lang, 'alarms')}>
      <h2>
        {t(lang, 'alarms')}
        <span class={`panel-count${open.length > 0 ? ' hot' : ''}`}>{open.length}</span>
      </h2>
      <ol class="rows" aria-live="polite">
        {open.length === 0 && <li class="empty">{t(lang, 'noAlarms')}</li>}
        {open.map((a) => {
          const what = [a.what, a.place].filter(Boolean).join(' · ');
          const acked = a.acknowledgedAt
            ? a.acknowledgedByName
              ? ta(lang, 'acknowledgedBy', { name: a.acknowledgedByName, time: formatTime(a.acknowledgedAt) })
              : ta(lang, 'acknowledgedBySomeone', { time: formatTime(a.acknowledgedAt) })
            : null;
          return (
            <li
              class={`row alarm-row${a.acknowledgedAt ? ' acknowledged' : ''}`}
              key={a.id}
              data-alarm={a.id}
            >
              <span class="age">{ago(lang, a.raisedAt, now)}</span>
              <span class="row-main">
                <span class="row-title">
                  {pick(lang, a.label)}
                  {a.escalationLevel > 0 && (
                    <span class="tag escalated">
                      {ta(lang, 'escalated', { level: pick(lang, a.escalationLabel) })}
                    </span>
                  )}
                </span>
                <span class="row-sub">
                  {a.barcode ? (
                    <a
                      class="alarm-folder"
                      href={`#/timeline?q=${encodeURIComponent(a.barcode)}`}
                      aria-label={ta(lang, 'timelineOf', { what: a.what ?? a.barcode })}
                      title={ta(lang, 'timeline')}
                      onClick={(e) => {
                        e.preventDefault();
                        c.nav.go('timeline', { q: a.barcode! });
                      }}
                    >
                      {a.what ?? a.barcode}
                    </a>
                  ) : (
                    a.what
                  )}
                  {a.place && (a.what || a.barcode) ? ' · ' : ''}
                  {a.place}
                </span>
                {acked && <span class="row-sub acked">{acked}</span>}
              </span>
              <span
                class="alarm-actions"
                role="group"
                aria-label={ta(lang, 'actionsFor', { what: what || pick(lang, a.label) })}
              >
                <button
                  type="button"
                  class="btn quiet"
                  aria-label={ta(lang, 'historyOf', { what: what || pick(lang, a.label) })}
                  onClick={(e) => {
                    opener.current = e.currentTarget;
                    setLogOf(a);
                  }}
                >
                  {ta(lang, 'history')}
                </button>
                {mayAct && !a.acknowledgedAt && (
                  <button type="button" class="btn" onClick={() => c.alarms.show('acknowledge', a)}>
                    {ta(lang, 'acknowledge')}
                  </button>
                )}
                {mayAct && (
                  <button type="button" class="btn primary" onClick={() => c.alarms.show('resolve', a)}>
                    {ta(lang, 'resolve')}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ol>
      {mayAct && <AlarmDialog c={c} />}
      {logOf && <AlarmLogDialog c={c} alarm={logOf} onClose={closeLog} />}
    </section>
  );
}
