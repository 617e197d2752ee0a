// Each kiosk station: its name, paired or not, online (a paired screen connected now), today's check-outs
// and check-ins and its last event. Reloaded as custody events arrive.
import { formatTime } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { tp } from '../holders/words';

export function StationsPanel({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const rows = c.stations.rows.value;
  return (
    <section class="panel stations-panel" aria-label={tp(lang, 'stations')}>
      <h2>{tp(lang, 'stations')}</h2>
      <ol class="rows">
        {rows?.length === 0 && <li class="empty">{tp(lang, 'noStations')}</li>}
        {rows?.map((s) => (
          <li class="row station-row" key={s.station.id} data-station={s.station.id}>
            <span class={`state-dot ${s.online ? 'on' : 'off'}`} aria-hidden="true" />
            <span class="row-main">
              <span class="row-title">{s.station.name}</span>
              <span class="row-sub">
                {[
                  s.online ? tp(lang, 'online') : tp(lang, 'offlineStation'),
                  s.paired ? tp(lang, 'paired') : tp(lang, 'unpaired'),
                ].join(' · ')}
              </span>
            </span>
            <span class="row-side">
              <span class="station-today">
                {tp(lang, 'todayOut', { n: s.checkOuts })} · {tp(lang, 'todayIn', { n: s.checkIns })}
              </span>
              <span class="row-sub">
                {s.lastEventAt
                  ? tp(lang, 'lastEvent', { time: formatTime(s.lastEventAt) })
                  : tp(lang, 'noEventYet')}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
