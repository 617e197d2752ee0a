// The system administrator's board (access 'system'): what an administrator looks after, never a record.
// The health of every scanner, reader, gate and printer, kept current by the socket's device events; the
// notification outbox is its own page (通知). No counts, holders, overdue list, events or alarms (admin reads
// no records: DOMAIN.md's masking table), no cabinet map (its fill is counted over folders: GET
// /dashboard/cabinets refuses admin) and no stations panel (GET /dashboard/stations counts today's
// check-outs, record-derived, and refuses admin).
import { ConnectionBanner } from '../../shared/components/connection-banner';
import type { DashboardController } from '../controller';
import { DeviceList } from '../devices/panel';
import { t as td } from '../devices/words';
import { t } from '../words';

export function SystemBoard({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const s = c.devices;
  const error = s.error.value;
  const troubled = s.troubled;
  return (
    <main class={`board system-board${c.wall ? ' wall' : ''}`}>
      <p class="system-note">{t(lang, 'systemNote')}</p>
      {error && (
        <p class="error" role="alert">
          {t(lang, 'loadFailed', { message: error.text(lang) })}
        </p>
      )}
      <div class="panels system-panels">
        <section class="panel devices-panel" aria-label={td(lang, 'devices')}>
          <h2>
            {td(lang, 'devices')}
            {troubled > 0 && <span class="panel-count hot">{troubled}</span>}
          </h2>
          <div class="devices-body devices-list-body on">
            <DeviceList lang={lang} s={s} now={c.now.value} />
          </div>
        </section>
      </div>
      <ConnectionBanner lost={c.connection.value === 'lost'} text={t(lang, 'offline')} />
    </main>
  );
}
