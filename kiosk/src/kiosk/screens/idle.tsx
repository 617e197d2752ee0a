// The idle screen: clock, date, the badge prompt in both languages, the room's counts and live events.
import { BothLanguages } from '../../shared/components/both-languages';
import type { Summary } from '../../shared/api/types';
import { formatLongDate, formatTime } from '../../shared/i18n';
import type { KioskController } from '../controller';
import { t, type Key } from '../words';
import { BadgeEntry } from './badge';
import { Feed } from './feed-list';

type P = { c: KioskController };

export function Idle({ c }: P) {
  const lang = c.lang.value;
  const now = c.ctx.now.value;
  const notice = c.ctx.notice.value;
  return (
    <main class="layout idle">
      <section class="main-panel idle-main">
        <div class="clock" aria-label={formatTime(now)}>
          {formatTime(now)}
        </div>
        <div class="date">{formatLongDate(lang, now)}</div>
        <div class="prompt">
          <BadgeIcon />
          <BothLanguages lang={lang} text={(l) => t(l, 'scanBadge')} />
        </div>
        <p class="muted">{t(lang, 'scanBadgeHint')}</p>
        <BadgeEntry c={c} />
        <p class="notice" role="status">
          {notice ? notice(lang) : ''}
        </p>
      </section>
      <aside class="side">
        <Counts c={c} />
        <Feed c={c} />
      </aside>
    </main>
  );
}

/** The room's counts: a folder taken from its cabinet without check-out is 未登记取出 until it escalates to 遗失. */
const COUNT_CELLS: ReadonlyArray<{ field: keyof Summary['counts']; word: Key; tone: string }> = [
  { field: 'inPlace', word: 'inPlace', tone: 'in' },
  { field: 'out', word: 'out', tone: 'out' },
  { field: 'overdue', word: 'overdue', tone: 'overdue' },
  { field: 'removed', word: 'removed', tone: 'removed' },
  { field: 'missing', word: 'missing', tone: 'missing' },
];

function Counts({ c }: P) {
  const lang = c.lang.value;
  const s = c.station.summary.value;
  const counts = s?.counts;
  return (
    <section class="counts" aria-label={t(lang, 'state')}>
      {COUNT_CELLS.map((cell) => (
        <div key={cell.field} class={`count count-${cell.tone}`}>
          <span class="count-value">{counts?.[cell.field] ?? '–'}</span>
          <span class="count-label">{t(lang, cell.word)}</span>
        </div>
      ))}
      <div class={`alarms-line${(s?.openAlarms ?? 0) > 0 ? ' has-alarms' : ''}`}>
        {t(lang, 'openAlarms')}
        <strong>{s?.openAlarms ?? '–'}</strong>
      </div>
    </section>
  );
}

function BadgeIcon() {
  return (
    <svg class="badge-icon" viewBox="0 0 64 64" aria-hidden="true">
      <rect x="10" y="6" width="44" height="52" rx="6" fill="none" stroke="currentColor" stroke-width="4" />
      <circle cx="32" cy="26" r="8" fill="currentColor" />
      <path d="M18 48c2-8 8-11 14-11s12 3 14 11" fill="none" stroke="currentColor" stroke-width="4" />
    </svg>
  );
}
