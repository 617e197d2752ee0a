// A new alarm, big across whatever screen is shown, until closed or resolved.
import { formatTime, pick } from '../../shared/i18n';
import type { KioskController } from '../controller';
import { t } from '../words';

export function AlarmFlash({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const alarm = c.feed.alarmFlash.value;
  if (!alarm) return null;
  return (
    <div class="alarm-flash" role="alert">
      <span class="alarm-flash-icon" aria-hidden="true">
        !
      </span>
      <div class="alarm-flash-text">
        <div class="alarm-flash-title">
          {t(lang, 'alarm')} · {pick(lang, alarm.label)}
        </div>
        <div>
          {[alarm.archiveNo, alarm.barcode, alarm.place, formatTime(alarm.at)].filter(Boolean).join(' · ')}
        </div>
      </div>
      <button class="btn" onClick={() => c.feed.dismissAlarm()}>
        {t(lang, 'close')}
      </button>
    </div>
  );
}
