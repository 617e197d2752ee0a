// The custody events as they happen: time, what was done, which folder, where, by whom.
import type { CustodyEvent } from '../../shared/api/events';
import { formatTime, pick, type Lang } from '../../shared/i18n';
import { ACTIONS } from '../../shared/vocabulary';
import type { DashboardController } from '../controller';
import { t } from '../words';

/** Where it happened, as people say it: the shelf's or the station's name, else the code. */
const placeOf = (e: CustodyEvent): string | null =>
  e.toLocationName ?? e.fromLocationName ?? e.stationName ?? e.toLocation ?? e.fromLocation ?? null;

export function EventList({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const rows = c.events.rows.value;
  return (
    <section class="panel event-panel" aria-label={t(lang, 'events')}>
      <h2>{t(lang, 'events')}</h2>
      <ol class="rows" aria-live="polite">
        {rows.length === 0 && <li class="empty">{t(lang, 'noEvents')}</li>}
        {rows.map((e) => (
          <EventRow key={e.seq} e={e} lang={lang} />
        ))}
      </ol>
    </section>
  );
}

function EventRow({ e, lang }: { e: CustodyEvent; lang: Lang }) {
  const who = e.holder?.name ?? e.actor?.name ?? null;
  return (
    <li class={`row event-row event-${e.action}`} data-seq={e.seq}>
      <span class="time">{formatTime(e.at, true)}</span>
      <span class="tag">{pick(lang, ACTIONS[e.action] ?? e.toStateLabel)}</span>
      <span class="row-main">
        <a class="row-title" href={`#/timeline?q=${e.item.barcode}&item=${e.item.id}`}>
          {e.item.archiveNo ?? e.item.barcode}
        </a>
        <span class="row-sub">{[e.item.propertyName, placeOf(e)].filter(Boolean).join(' · ')}</span>
      </span>
      <span class="holder">{who ?? ''}</span>
    </li>
  );
}
