// The board itself: counts on top; the overdue list, open alarms and the live events below; who holds what
// and the kiosk stations under them. On the wall (#/?wall=1) larger, and the lists page by themselves.
import { ConnectionBanner } from '../../shared/components/connection-banner';
import type { DashboardController } from '../controller';
import { DevicesPanel } from '../devices/panel';
import { t } from '../words';
import { AlarmList } from './alarm-list';
import { Counts } from './counts';
import { EventList } from './event-list';
import { HoldersPanel } from './holders-panel';
import { OverdueList } from './overdue-list';
import { StationsPanel } from './stations-panel';

export function Board({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const error = c.loadError.value;
  return (
    <main class={`board${c.wall ? ' wall' : ''}`}>
      <Counts c={c} />
      {error && (
        <p class="error" role="alert">
          {t(lang, 'loadFailed', { message: error.text(lang) })}
        </p>
      )}
      <div class="panels">
        <OverdueList c={c} />
        <AlarmList c={c} />
        <EventList c={c} />
        <DevicesPanel c={c} />
      </div>
      <div class="panels people-panels">
        <HoldersPanel c={c} />
        <StationsPanel c={c} />
      </div>
      <ConnectionBanner lost={c.connection.value === 'lost'} text={t(lang, 'offline')} />
    </main>
  );
}
