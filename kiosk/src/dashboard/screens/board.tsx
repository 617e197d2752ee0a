// The board itself: counts on top; the overdue list, open alarms and the live events below.
import { ConnectionBanner } from '../../shared/components/connection-banner';
import type { DashboardController } from '../controller';
import { DevicesPanel } from '../devices/panel';
import { t } from '../words';
import { AlarmList } from './alarm-list';
import { Counts } from './counts';
import { EventList } from './event-list';
import { OverdueList } from './overdue-list';

export function Board({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const error = c.loadError.value;
  return (
    <main class="board">
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
      <ConnectionBanner lost={c.connection.value === 'lost'} text={t(lang, 'offline')} />
    </main>
  );
}
